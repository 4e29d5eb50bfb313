// The page's whole state as URL parameters, so that a reload or a shared link
// (or an embed in a slide) restores it exactly. Reading never throws: bad
// values are clamped or ignored, and every such decision comes back as a note.
import { DEFAULT_IN_FLIGHT, DEFAULT_SWITCH_INTERVAL_MS, IN_FLIGHT_CHOICES } from '../lab/lab.js';
import { checkParam } from '../experiments/params.js';
import { parseWorkerList } from '../lab/worker-list.js';

const MODES = ['speedup', 'scaleup'];
const THEMES = ['light', 'dark'];
const FLAGS = ['embed', 'autorun', 'locked'];

// What an embedded page shows of a result (`view=`): the main chart (speedup
// or scale-up, whichever the mode is), the speedup stack, the timeline, the table, the picture.
const PANEL_NAMES = { speedup: 'chart', scaleup: 'chart', chart: 'chart', stack: 'stack', timeline: 'timeline', table: 'table', picture: 'picture' };
export const DEFAULT_PANELS = ['chart'];

/** Reads `view=speedup,timeline`; unknown names are left out with a note. */
export function readPanels(text, notes) {
  const panels = [];
  for (const name of String(text).split(/[\s,;+]+/).filter(Boolean)) {
    const panel = PANEL_NAMES[name.toLowerCase()];
    if (panel && !panels.includes(panel)) panels.push(panel);
    else if (!panel) notes.push(`view "${name}" is not one of ${Object.keys(PANEL_NAMES).join(', ')}; left out.`);
  }
  if (panels.length > 0) return panels;
  notes.push('view named nothing to show; showing the chart.');
  return [...DEFAULT_PANELS];
}

function writePanels(panels, mode) {
  return panels.map((panel) => (panel === 'chart' ? mode : panel)).join(',');
}

/**
 * @returns {{ state, notes: string[] }} where state = { experiment, values, workers, repetitions, mode,
 *   engine, inFlight, includeStartup, fitAllK, gil, switchIntervalMs, typedP, embed, autorun, locked, theme, panels };
 *   `engine` is null unless given.
 */
export function readUrlState(search, { experiments, defaultsOf, defaultWorkersOf, maxWorkersOf, engines }) {
  const query = new URLSearchParams(search);
  const notes = [];
  let experiment = experiments[0];
  if (query.has('experiment')) {
    const wanted = experiments.find((e) => e.id === query.get('experiment'));
    if (wanted) experiment = wanted;
    else notes.push(`There is no experiment "${query.get('experiment')}"; showing ${experiment.title.split(':')[0]}.`);
  }

  const values = defaultsOf(experiment);
  for (const param of experiment.params) {
    if (!query.has(param.name)) continue;
    const raw = query.get(param.name);
    values[param.name] = readParam(param, raw, notes);
  }

  let workers = defaultWorkersOf(experiment).join(',');
  if (query.has('workers')) {
    try {
      workers = parseWorkerList(query.get('workers'), maxWorkersOf(experiment)).ks.join(',');
    } catch (error) {
      notes.push(`${error.message} Using ${workers}.`);
    }
  }

  let repetitions = 3;
  if (query.has('reps')) {
    const reps = Number(query.get('reps'));
    if (Number.isInteger(reps)) {
      repetitions = Math.min(20, Math.max(1, reps));
      if (repetitions !== reps) notes.push(`Repetitions must be from 1 to 20; using ${repetitions}.`);
    } else notes.push(`Repetitions "${query.get('reps')}" is not a whole number; using 3.`);
  }

  const pick = (name, allowed, fallback) => {
    if (!query.has(name)) return fallback;
    const value = query.get(name);
    if (allowed.includes(value)) return value;
    notes.push(`${name} must be one of ${allowed.join(', ')}; ignored "${value}".`);
    return fallback;
  };
  const mode = pick('mode', MODES, 'speedup');
  const theme = pick('theme', THEMES, 'light');
  let engine = pick('engine', ['threads', 'processes'], null);
  if (engine && !engines.includes(engine)) {
    notes.push(`The ${engine} engine cannot run on this page (it is not cross-origin isolated); using ${engines[0]}.`);
    engine = null;
  }

  let switchIntervalMs = DEFAULT_SWITCH_INTERVAL_MS;
  if (query.has('switch')) {
    const ms = Number(query.get('switch'));
    if (query.get('switch') !== '' && ms >= 0.1 && ms <= 100) switchIntervalMs = ms;
    else notes.push(`The GIL's switch interval must be from 0.1 to 100 ms; ignored "${query.get('switch')}".`);
  }
  const inFlight = Number(pick('inflight', IN_FLIGHT_CHOICES.map(String), String(DEFAULT_IN_FLIGHT)));

  let typedP = null;
  if (query.has('p')) {
    const p = Number(query.get('p'));
    if (query.get('p') !== '' && p >= 0 && p <= 1) typedP = p;
    else notes.push(`The parallel fraction p must be between 0 and 1; ignored "${query.get('p')}".`);
  }

  const flag = (name) => query.has(name) && query.get(name) !== '0' && query.get(name) !== 'false';
  const [embed, autorun, locked] = FLAGS.map(flag);
  return {
    state: {
      experiment: experiment.id, values, workers, repetitions, mode, engine, inFlight, includeStartup: flag('startup'), fitAllK: flag('fitall'),
      gil: flag('gil') && experiment.gil !== false, switchIntervalMs, typedP,
      embed, autorun, locked, theme, classCode: readClassState(search).code,
      // view=class is the class dashboard (readClassState), not a panel of the lab.
      panels: query.has('view') && query.get('view') !== CLASS_VIEW ? readPanels(query.get('view'), notes) : [...DEFAULT_PANELS],
    },
    notes,
  };
}

// Class mode (class/): `class=CODE` is a student's page in that class, with
// `view=class` the class's dashboard; `class=new` opens a class.
const CLASS_VIEW = 'class';
const OPEN_CLASS = 'new';
// A join code: 8 letters of the server's alphabet (server/src/lib.rs, "Shapes"), in any case.
const JOIN_CODE = /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}$/;

/**
 * Reads the page's part in a class: { code, role: 'student' | 'dashboard' | 'open' | null, embed, notes }.
 * A code that cannot be one is left out with a note (the page is then the plain lab).
 */
export function readClassState(search) {
  const query = new URLSearchParams(search);
  const embed = query.has('embed');
  if (!query.has('class')) return { code: null, role: null, embed, notes: [] };
  const raw = query.get('class').trim();
  if (raw.toLowerCase() === OPEN_CLASS) return { code: null, role: 'open', embed, notes: [] };
  const code = raw.toUpperCase();
  if (!JOIN_CODE.test(code)) return { code: null, role: null, embed, notes: [`"${raw.slice(0, 20)}" is not a class code: a code is 8 letters and digits, such as K7QP2MXA.`] };
  return { code, role: query.get('view') === CLASS_VIEW ? 'dashboard' : 'student', embed, notes: [] };
}

/** The query of a class's page: a student's (joining it) or, with `dashboard`, the instructor's dashboard. */
export function writeClassState(code, { dashboard = false, embed = false } = {}) {
  const query = new URLSearchParams({ class: code });
  if (dashboard) query.set('view', CLASS_VIEW);
  if (embed) query.set('embed', '');
  return `?${query.toString().replace(/=(&|$)/g, '$1')}`;
}

function readParam(param, raw, notes) {
  try {
    return checkParam(param, raw);
  } catch (error) {
    if (param.type || param.choices || raw.trim() === '' || !Number.isFinite(Number(raw))) {
      // A long text is not repeated whole in the note.
      notes.push(`${error.message} Ignored "${raw.length > 60 ? `${raw.slice(0, 60)}…` : raw}".`);
      return param.default;
    }
    const clamped = Math.min(param.max, Math.max(param.min, Math.round(Number(raw))));
    notes.push(`${error.message} Using ${clamped}.`);
    return clamped;
  }
}

/** The query string for `state`; parameters at their defaults are left out. */
export function writeUrlState(state, experiment) {
  const query = new URLSearchParams();
  // A student's page keeps its class whatever the lab's controls write.
  if (state.classCode) query.set('class', state.classCode);
  query.set('experiment', state.experiment);
  for (const param of experiment.params) {
    if (state.values[param.name] !== param.default) query.set(param.name, String(state.values[param.name]));
  }
  query.set('workers', state.workers);
  if (state.repetitions !== 3) query.set('reps', String(state.repetitions));
  if (state.mode !== 'speedup') query.set('mode', state.mode);
  if (state.engine) query.set('engine', state.engine);
  if (state.inFlight !== undefined && state.inFlight !== DEFAULT_IN_FLIGHT) query.set('inflight', String(state.inFlight));
  if (state.includeStartup) query.set('startup', '1');
  if (state.fitAllK) query.set('fitall', '1');
  if (state.gil) query.set('gil', '1');
  if (state.switchIntervalMs !== DEFAULT_SWITCH_INTERVAL_MS) query.set('switch', String(state.switchIntervalMs));
  if (state.typedP !== null) query.set('p', String(state.typedP));
  for (const name of FLAGS) if (state[name]) query.set(name, '');
  if (state.theme !== 'light') query.set('theme', state.theme);
  if (state.panels.join() !== DEFAULT_PANELS.join()) query.set('view', writePanels(state.panels, state.mode));
  // Bare flags (`embed`, not `embed=`) and plain commas keep shared links readable.
  return `?${query.toString().replace(/=(&|$)/g, '$1').replaceAll('%2C', ',')}`;
}

/**
 * The query string a 'set' message (embed/message-api.js) leads to: the
 * page's state `current` with what the message names changed, so that what
 * it leaves out stays as it was. A message that switches experiment, or comes
 * while a control holds a bad value (`current` null), starts from the
 * defaults. Read it back with readUrlState, which checks every value.
 * @param experiment the shown experiment's descriptor
 */
export function searchAfterSet(request, current, experiment) {
  const switching = request.experiment !== undefined && request.experiment !== current?.experiment;
  const query = new URLSearchParams(current && !switching ? writeUrlState(current, experiment) : '');
  query.set('experiment', request.experiment ?? experiment.id);
  for (const [name, value] of Object.entries(request.params ?? {})) query.set(name, String(value));
  for (const name of ['workers', 'mode', 'engine']) if (request[name] !== undefined) query.set(name, String(request[name]));
  if (request.gil !== undefined) query.set('gil', request.gil ? '1' : '0');
  if (request.switchIntervalMs !== undefined) query.set('switch', String(request.switchIntervalMs));
  if (request.inFlight !== undefined) query.set('inflight', String(request.inFlight));
  if (request.repetitions !== undefined) query.set('reps', String(request.repetitions));
  return query.toString();
}

/**
 * Where the Lessons view is: `?lessons` (the list of lessons), `?lesson=2`
 * (its first step), `?lesson=2&step=3`; the step after a lesson's last is its
 * questions. Any other URL is the lab's: { view: 'lab' }.
 * @param pageCounts the number of pages (steps and the questions) of each lesson
 * @returns {{ view: 'lab' | 'lessons', lesson: number | null, step: number, notes: string[] }} (numbers from 1)
 */
export function readLessonState(search, pageCounts) {
  const query = new URLSearchParams(search);
  const notes = [];
  if (!query.has('lesson') && !query.has('lessons')) return { view: 'lab', lesson: null, step: 1, notes };
  const whole = (name) => {
    const raw = query.get(name);
    const value = Number(raw);
    if (raw !== null && raw !== '' && Number.isInteger(value)) return value;
    if (raw !== null && raw !== '') notes.push(`${name} "${raw}" is not a whole number; ignored.`);
    return null;
  };
  let lesson = whole('lesson');
  if (lesson !== null && (lesson < 1 || lesson > pageCounts.length)) {
    notes.push(`There is no lesson ${lesson}: lessons go from 1 to ${pageCounts.length}.`);
    lesson = null;
  }
  let step = whole('step') ?? 1;
  if (lesson !== null && (step < 1 || step > pageCounts[lesson - 1])) {
    const clamped = Math.min(pageCounts[lesson - 1], Math.max(1, step));
    notes.push(`Lesson ${lesson} has steps 1 to ${pageCounts[lesson - 1]}; showing step ${clamped}.`);
    step = clamped;
  }
  return { view: 'lessons', lesson, step: lesson === null ? 1 : step, notes };
}

/** The query string of a place in the Lessons view (`lesson` null: the list), keeping `embed` and the theme. */
export function writeLessonState({ lesson, step = 1, embed = false, theme = 'light', classCode = null }) {
  const query = new URLSearchParams();
  if (classCode) query.set('class', classCode);
  if (lesson === null) query.set('lessons', '');
  else {
    query.set('lesson', String(lesson));
    if (step !== 1) query.set('step', String(step));
  }
  if (embed) query.set('embed', '');
  if (theme !== 'light') query.set('theme', theme);
  return `?${query.toString().replace(/=(&|$)/g, '$1')}`;
}
