// Twins: an experiment as a standalone program for a real engine (plain
// Python's concurrent.futures now), made from a template, a real .py file in
// web/public/twins/ that runs as it is: the sweep's settings replace the
// template's parameter block, and the helper module it imports is pasted in
// place of the import, so that the program needs nothing but the engine. No
// DOM: the caller passes a reader of that folder (twinFileReader fetches it
// from the site).

/** The engines a twin can be written for; an experiment names its templates in `twins: { python: 'toasts.py' }`. */
export const TWIN_ENGINES = { python: 'Python (concurrent.futures)' };

/** What every template imports and a program carries pasted in. */
export const HELPER_MODULE = 'parlab_twin.py';

const PARAMETERS = { begin: '# parlab: parameters begin', end: '# parlab: parameters end' };
const HELPERS = { begin: '# parlab: helpers begin', end: '# parlab: helpers end' };

/** `value` (JSON: numbers, strings, booleans, null, arrays, objects) as a Python literal. */
export function pythonLiteral(value) {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`A Python twin cannot hold the number ${value}.`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value).map(([key, v]) => `${JSON.stringify(key)}: ${pythonLiteral(v)}`).join(', ')}}`;
  }
  throw new Error(`A Python twin cannot hold a value of type ${typeof value}.`);
}

/** The lines from the one line that starts with `begin` to the one that starts with `end`, as [start, end) offsets. */
function block(text, { begin, end }, name) {
  const lineAt = (marker) => {
    const starts = [...text.matchAll(new RegExp(`^${marker}`, 'gm'))].map((m) => m.index);
    if (starts.length !== 1) throw new Error(`The twin template ${name} must have exactly one line "${marker}" (found ${starts.length}).`);
    return starts[0];
  };
  const from = lineAt(begin);
  const to = lineAt(end);
  if (to < from) throw new Error(`In the twin template ${name}, "${end}" comes before "${begin}".`);
  const lineEnd = text.indexOf('\n', to);
  return [from, lineEnd === -1 ? text.length : lineEnd + 1];
}

/**
 * The program: `template` (named `name`, for messages) with its parameter
 * block holding `settings` ({ values, ks, repetitions, mode }) and `helpers`,
 * the helper module's text, in place of its import.
 */
export function fillTemplate(name, template, helpers, { values, ks, repetitions, mode }) {
  const parameters = [
    `${PARAMETERS.begin} (written by the page)`,
    `PARAMS = ${pythonLiteral(values)}`,
    `WORKERS = ${pythonLiteral(ks)}`,
    `REPETITIONS = ${pythonLiteral(repetitions)}`,
    `MODE = ${pythonLiteral(mode)}`,
    PARAMETERS.end,
  ].join('\n') + '\n';
  const pasted = `${HELPERS.begin} (${HELPER_MODULE}, pasted by the page)\n${helpers.trimEnd()}\n${HELPERS.end}\n`;
  // Both blocks are cut from the template as it is, so the parameters must come first.
  const [paramsFrom, paramsTo] = block(template, PARAMETERS, name);
  const [helpersFrom, helpersTo] = block(template, HELPERS, name);
  if (helpersFrom < paramsTo) throw new Error(`In the twin template ${name}, the helpers must come after the parameters.`);
  return template.slice(0, paramsFrom) + parameters + template.slice(paramsTo, helpersFrom) + pasted + template.slice(helpersTo);
}

/**
 * The program of `experiment` (a descriptor) for `engine` with `settings`;
 * `readFile(name)` resolves with the text of a file of web/public/twins/.
 */
export async function program(experiment, settings, engine, readFile) {
  const template = experiment.twins?.[engine];
  if (!template) {
    const offered = Object.keys(experiment.twins ?? {});
    throw new Error(offered.length
      ? `${experiment.title} has no ${TWIN_ENGINES[engine] ?? `"${engine}"`} twin; it has: ${offered.join(', ')}.`
      : `${experiment.title} has no program for a real engine yet.`);
  }
  const [text, helpers] = await Promise.all([readFile(template), readFile(HELPER_MODULE)]);
  return fillTemplate(template, text, helpers, settings);
}

/** The settings of a sweep's export record, as `program` takes them. */
export const recordSettings = ({ params, ks, repetitions, mode }) => ({ values: params, ks, repetitions, mode });

/**
 * Reads the files of web/public/twins/ from the site at `baseUrl` (the page's
 * base URI, so that it works from dist/ and under any path), with a message
 * that says which file is missing.
 */
export const twinFileReader = (baseUrl) => async (name) => {
  const url = new URL(`twins/${name}`, baseUrl).href;
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`Could not load the twin's template ${url} (${error.message}).`);
  }
  // A dev server answers a missing file with the page itself.
  if (!response.ok || (response.headers.get('Content-Type') ?? '').startsWith('text/html')) {
    throw new Error(`The twin's template ${url} is missing (HTTP ${response.status}): this copy of parlab is incomplete.`);
  }
  return response.text();
};
