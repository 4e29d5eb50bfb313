// Sweeps exported as JSON (one sweep's record, or the list that "Download the
// oldest" saves) read back for the history, so that a sweep from another
// machine can be overlaid on this one's. Knows nothing of the DOM.

const MODES = new Set(['speedup', 'scaleup']);
const isWorkerCount = (k) => Number.isInteger(k) && k >= 1;

/** What is wrong with `record` as a sweep the lab can chart, or null. */
function problemWith(record) {
  if (record === null || typeof record !== 'object') return 'it is not an object';
  if (record.parlab !== 1) return 'it is not a parlab sweep (no "parlab": 1)';
  if (typeof record.experiment !== 'string') return 'it names no experiment';
  if (!MODES.has(record.mode)) return `its mode "${record.mode}" is neither speedup nor scaleup`;
  if (!Array.isArray(record.ks) || record.ks.length === 0 || !record.ks.every(isWorkerCount)) return 'its worker counts (ks) are missing or not whole numbers ≥ 1';
  if (!Array.isArray(record.runs) || record.runs.length === 0) return 'it has no runs';
  const badRun = record.runs.find((run) => !record.ks.includes(run?.k) || !Number.isFinite(run?.timeMs) || run.timeMs < 0);
  if (badRun) return 'a run has no time, or a k that is not among its ks';
  return null;
}

/** The browser family and version in a user agent string, for a label. */
export function browserOf(userAgent = '') {
  for (const [name, pattern] of [['Firefox', /Firefox\/(\d+)/], ['Edge', /Edg\/(\d+)/], ['Chromium', /Chrom(?:e|ium)\/(\d+)/], ['Safari', /Version\/(\d+).*Safari/]]) {
    const match = userAgent.match(pattern);
    if (match) return `${name} ${match[1]}`;
  }
  return 'an unknown browser';
}

/** Which machine a sweep ran on, as its record says. */
export function machineOf(record) {
  const cores = Number.isInteger(record.hardwareConcurrency) ? `${record.hardwareConcurrency} cores` : 'unknown cores';
  const day = typeof record.date === 'string' ? `, ${record.date.slice(0, 10)}` : '';
  return `${cores}, ${browserOf(record.userAgent)}${day}`;
}

/**
 * Reads the text of an exported file. Resolves every sweep the lab can chart
 * as `{ label, record }` (labelled with its machine), and a sentence for each
 * one it cannot; `titleOf(experimentId)` names experiments for the labels.
 */
export function importedSweeps(text, titleOf = (id) => id) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { sweeps: [], problems: ['The file is not JSON: export a sweep with "JSON" to get one.'] };
  }
  const records = Array.isArray(parsed) ? parsed : [parsed];
  const sweeps = [];
  const problems = [];
  for (const [i, record] of records.entries()) {
    const problem = problemWith(record);
    const which = records.length > 1 ? `Sweep ${i + 1} of ${records.length}` : 'The sweep';
    if (problem) {
      problems.push(`${which} was not imported: ${problem}.`);
      continue;
    }
    const ks = record.ks.filter((k) => record.runs.some((run) => run.k === k));
    sweeps.push({
      label: `${titleOf(record.experiment) ?? record.experiment} (${record.engine ?? 'unknown'} engine) on ${machineOf(record)}, imported`,
      record: { ...record, ks, imported: true },
    });
  }
  return { sweeps, problems };
}
