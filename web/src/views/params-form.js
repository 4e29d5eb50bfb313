// The controls of an experiment's parameters, built from its descriptor, and
// the checked values read back from them. A parameter is a whole number
// (min, max), one of its `choices`, a short text (`type: 'text'`, which the
// kernel checks), or a task graph (`type: 'tasks'`): a small table whose rows
// are kept, as their text form, in one text field.
import { checkParam } from '../experiments/params.js';
import { KINDS, rowsOfText, textOfRows } from '../lab/task-list.js';

/** How many of an experiment's parameters show before "More settings", unless its descriptor names them (`keyParams`). */
const KEY_PARAMS = 4;

/** The names of the parameters an experiment shows at once. */
export function keyParamNames(experiment) {
  return experiment.keyParams ?? experiment.params.slice(0, KEY_PARAMS).map((p) => p.name);
}

/**
 * The controls of `experiment`'s parameters in `container`, set to `values`.
 * With `fold`, only its key parameters show; the rest sit under "More settings",
 * which opens when one of them differs from its default (a shared link set it).
 */
export function renderParams(container, experiment, values, { fold = false } = {}) {
  const controls = experiment.params.map((param) => {
    const label = document.createElement('label');
    label.textContent = param.unit ? `${param.label} (${param.unit})` : param.label;
    let input;
    if (param.choices) {
      input = document.createElement('select');
      input.append(...param.choices.map(({ value, label: text }) => new Option(text, value)));
    } else if (param.type === 'tasks' || param.type === 'text') {
      input = Object.assign(document.createElement('input'), { type: 'text', maxLength: param.maxLength, spellcheck: false });
    } else {
      input = Object.assign(document.createElement('input'), { type: 'number', min: param.min, max: param.max, step: 1 });
    }
    input.name = param.name;
    input.id = `param-${param.name}`;
    input.value = values[param.name];
    label.append(input);
    if (param.type !== 'tasks') return label;
    const box = Object.assign(document.createElement('div'), { className: 'tasks-param' });
    box.append(taskTable(input), label);
    return box;
  });
  const keys = fold ? keyParamNames(experiment) : experiment.params.map((p) => p.name);
  const isKey = (_, i) => keys.includes(experiment.params[i].name);
  const more = experiment.params.filter((p, i) => !isKey(p, i));
  container.replaceChildren(...controls.filter(isKey));
  if (more.length) {
    const details = Object.assign(document.createElement('details'), { className: 'more-settings' });
    details.open = more.some((p) => String(values[p.name]) !== String(p.default));
    const row = Object.assign(document.createElement('div'), { className: 'row' });
    row.append(...controls.filter((c, i) => !isKey(c, i)));
    details.append(Object.assign(document.createElement('summary'), { textContent: `More settings (${more.map((p) => p.label.toLowerCase()).join(', ')})` }), row);
    container.append(details);
  }
  showWhichApply(container, experiment);
  container.onchange = () => showWhichApply(container, experiment);
}

/**
 * The table that edits a task graph: one row per task (name, minutes, kind,
 * the tasks it comes after) with add and remove buttons. Every edit rewrites
 * `field` with the text form; typing into `field` rebuilds the rows.
 */
function taskTable(field) {
  const table = document.createElement('table');
  table.className = 'task-table';
  table.createTHead().append(rowOf('th', ['task', 'minutes', 'kind', 'after', '']));
  const body = table.createTBody();
  const cell = (tag, child) => {
    const element = document.createElement(tag);
    element.append(child);
    return element;
  };
  function rowOf(tag, texts) {
    const tr = document.createElement('tr');
    tr.append(...texts.map((text) => Object.assign(document.createElement(tag), { textContent: text })));
    return tr;
  }
  const writeBack = () => {
    field.value = textOfRows([...body.rows].map((tr) => {
      const [name, minutes, kind, after] = [...tr.querySelectorAll('input, select')].map((input) => input.value);
      return { name, minutes, kind, after };
    }));
    field.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const addRow = ({ name, minutes, kind, after }) => {
    const tr = document.createElement('tr');
    const text = (value, labelText, size) => Object.assign(document.createElement('input'), { type: 'text', value, size, ariaLabel: labelText });
    const kindSelect = document.createElement('select');
    kindSelect.ariaLabel = 'kind';
    kindSelect.append(...KINDS.map((k) => new Option(k, k)));
    kindSelect.value = KINDS.includes(kind) ? kind : KINDS[0];
    const remove = Object.assign(document.createElement('button'), { type: 'button', textContent: '−', title: 'Remove this task' });
    remove.onclick = () => {
      tr.remove();
      writeBack();
    };
    tr.append(...[text(name, 'task', 8), text(minutes, 'minutes', 3), kindSelect, text(after, 'after', 10), remove].map((child) => cell('td', child)));
    for (const input of tr.querySelectorAll('input, select')) input.addEventListener('input', writeBack);
    body.append(tr);
  };
  const fill = () => {
    body.replaceChildren();
    rowsOfText(field.value).forEach(addRow);
  };
  const add = Object.assign(document.createElement('button'), { type: 'button', textContent: '+ task', title: 'Add a task' });
  add.onclick = () => addRow({ name: '', minutes: '1', kind: 'hands', after: '' });
  table.createTFoot().append(cell('tr', cell('td', add)));
  // Only a person typing the text form rebuilds the rows, not the table's own write-back.
  field.addEventListener('change', (event) => {
    if (event.isTrusted) fill();
  });
  fill();
  return table;
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
