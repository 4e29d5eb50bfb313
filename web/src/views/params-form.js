// The controls of an experiment's parameters, built from its descriptor, and
// the checked values read back from them.

export function renderParams(container, experiment, values) {
  container.replaceChildren(...experiment.params.map((param) => {
    const label = document.createElement('label');
    label.textContent = param.unit ? `${param.label} (${param.unit})` : param.label;
    let input;
    if (param.choices) {
      input = document.createElement('select');
      input.append(...param.choices.map(({ value, label: text }) => new Option(text, value)));
    } else {
      input = Object.assign(document.createElement('input'), { type: 'number', min: param.min, max: param.max, step: 1 });
    }
    input.name = param.name;
    input.id = `param-${param.name}`;
    input.value = values[param.name];
    label.append(input);
    return label;
  }));
  showWhichApply(container, experiment);
  container.onchange = () => showWhichApply(container, experiment);
}

// A parameter that means nothing with the others' current values (rows per
// chunk under static blocks) is greyed out rather than silently ignored.
function showWhichApply(container, experiment) {
  const values = Object.fromEntries(experiment.params.map((p) => [p.name, container.querySelector(`[name="${p.name}"]`).value]));
  for (const param of experiment.params) {
    if (param.appliesWhen) container.querySelector(`[name="${param.name}"]`).disabled = !param.appliesWhen(values);
  }
}

/** Reads and checks every parameter; throws an Error naming the first bad one. */
export function readParams(container, experiment) {
  const values = {};
  for (const param of experiment.params) {
    const raw = container.querySelector(`[name="${param.name}"]`).value;
    values[param.name] = checkParam(param, raw);
  }
  return values;
}

export function checkParam(param, raw) {
  if (param.choices) {
    if (!param.choices.some((c) => c.value === raw)) {
      throw new Error(`${param.label} must be one of: ${param.choices.map((c) => c.label).join(', ')}.`);
    }
    return raw;
  }
  const value = Number(raw);
  if (raw === '' || !Number.isInteger(value) || value < param.min || value > param.max) {
    throw new Error(`${param.label} must be a whole number from ${param.min} to ${param.max}${param.unit ? ` ${param.unit}` : ''}.`);
  }
  return value;
}
