// Twins: an experiment as a standalone program for a real engine (plain
// Python's concurrent.futures, Dask or PySpark), made from a template, a real
// .py file in web/public/twins/ that runs as it is: the sweep's settings
// replace the template's parameter block, and the helper modules it imports
// (parlab_core.py, parlab_data.py, parlab_twin.py) are pasted in place of
// their imports, so that the program needs nothing but the engine. No DOM: the caller passes a
// reader of that folder (twinFileReader fetches it from the site).

/** The engines a twin can be written for; an experiment names its templates in `twins: { python: 'toasts.py' }`. */
export const TWIN_ENGINES = {
  python: 'Python',
  dask: 'Dask',
  pyspark: 'PySpark',
};

/** What a student does with the program `file` of `engine` once it is saved. */
export function howToRun(engine, file) {
  return {
    python: `run python3 ${file}`,
    dask: `pip install "dask[dataframe]", then run python ${file}`,
    pyspark: `pip install pyspark (it needs Java 17), then run python ${file}`,
  }[engine];
}

/** The helper modules a template may import (in its helpers block); parlab_data.py imports parlab_core.py. */
export const HELPER_MODULES = ['parlab_core.py', 'parlab_data.py', 'parlab_twin.py'];

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

// A line that imports names from one of parlab's helper modules.
const HELPER_IMPORT = /^from (parlab_\w+) import .*\n?/gm;

/** The helper modules that a helper module's `text` imports, in its order. */
const importsOf = (text) => [...text.matchAll(HELPER_IMPORT)].map((m) => `${m[1]}.py`);

/** The helper modules that the helpers block of `template` imports (`from parlab_data import …`), in its order; it may import nothing else. */
export function helpersOf(name, template) {
  const [from, to] = block(template, HELPERS, name);
  const imported = [...template.slice(from, to).matchAll(/^(?:from|import) (\w+)/gm)].map((m) => `${m[1]}.py`);
  const unknown = imported.find((module) => !HELPER_MODULES.includes(module));
  if (unknown) throw new Error(`The twin template ${name} imports ${unknown}, which is not one of parlab's helper modules (${HELPER_MODULES.join(', ')}).`);
  return imported;
}

/**
 * The program: `template` (named `name`, for messages) with its parameter
 * block holding `settings` ({ values, ks, repetitions, mode }) and, in place
 * of its imports, `helpers`: { module name: its text }, pasted in that order
 * without their own imports of each other. They must include every module
 * that the helpers block imports, and each one's imports before it.
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
  // Both blocks are cut from the template as it is, so the parameters must come first.
  const [paramsFrom, paramsTo] = block(template, PARAMETERS, name);
  const [helpersFrom, helpersTo] = block(template, HELPERS, name);
  if (helpersFrom < paramsTo) throw new Error(`In the twin template ${name}, the helpers must come after the parameters.`);
  const modules = Object.keys(helpers);
  const texts = modules.map((module, i) => {
    for (const needed of importsOf(helpers[module])) {
      if (!modules.slice(0, i).includes(needed)) throw new Error(`The twin template ${name} needs ${needed} before ${module}, and it was not given.`);
    }
    return `${helpers[module].replace(HELPER_IMPORT, '').trimEnd()}\n`;
  });
  const missing = helpersOf(name, template).find((module) => !modules.includes(module));
  if (missing) throw new Error(`The twin template ${name} needs ${missing}, which was not given.`);
  const pasted = `${HELPERS.begin} (${modules.join(', ')}, pasted by the page)\n${texts.join('\n\n')}${HELPERS.end}\n`;
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
  const text = await readFile(template);
  // The modules it imports, each after those that it imports itself.
  const helpers = {};
  const add = async (module) => {
    if (module in helpers) return;
    const moduleText = await readFile(module);
    for (const needed of importsOf(moduleText)) await add(needed);
    helpers[module] = moduleText;
  };
  for (const module of helpersOf(template, text)) await add(module);
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
