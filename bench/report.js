// The bench's printed report, made from one run's results (the shape of
// bench/results/latest.json) alone: `npm run bench` prints it, and
// bench/render-performance.js puts the same text into docs/performance.md.

const pad = (value, width) => String(value).padStart(width);
const orDash = (value, digits) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
const percent = (spread) => `${(100 * spread).toFixed(0)} %`;
const kB = (bytes) => `${(bytes / 1024).toFixed(1)} kB`;

function table(header, widths, leftAligned, rows) {
  const line = (cells) => cells.map((cell, i) => (leftAligned.includes(i) ? String(cell).padEnd(widths[i]) : pad(cell, widths[i]))).join(' ').trimEnd();
  return [line(header), ...rows.map(line)];
}

function caseLines(cases) {
  const header = ['experiment', 'size', 'k', 'median ms', 'min ms', 'max ms', 'spread', 'speedup', 'effic.', 'start-up ms',
    'native ms', 'spread', 'native speedup', 'wasm/native', 'note'];
  const widths = [34, 35, 3, 10, 9, 9, 7, 8, 7, 12, 10, 7, 15, 12, 0];
  const rows = cases.flatMap((c) => c.rows.map((r) => {
    const notes = [c.repeated && 'repeated', r.noisy && 'noisy', c.nativeRepeated && 'native repeated', r.native?.noisy && 'native noisy'].filter(Boolean);
    return [c.name, c.size, r.k, r.medianMs.toFixed(1), r.minMs.toFixed(1), r.maxMs.toFixed(1), percent(r.spread), r.speedup.toFixed(2),
      r.efficiency.toFixed(2), r.startupMs.toFixed(0), orDash(r.native?.medianMs, 1), r.native ? percent(r.native.spread) : '–',
      orDash(r.native?.speedup, 2), orDash(r.wasmOverNative, 2), notes.join(', ')];
  }));
  const mismatches = cases.filter((c) => c.checksums.length !== 1)
    .map((c) => `  ! ${c.name}: results differ between runs or engines: ${c.checksums.join(', ')}`);
  return [...table(header, widths, [0, 1, 14], rows), ...mismatches];
}

function fixedCostLines({ dispatch = [], startups = [], emptyWorkers, processes = [] }) {
  const header = ['fixed cost of the lab', 'measured', 'detail', 'native rayon'];
  const widths = [52, 10, 44, 12];
  const rows = [
    ...dispatch.map((d) => [
      d.idleUs ? `dispatch after ${d.idleUs / 1000} ms idle, k = ${d.k}` : `dispatch: empty parallel region in a row, k = ${d.k}`,
      `${d.medianUs.toFixed(1)} µs`, `p10–p90 ${d.p10Us.toFixed(1)}–${d.p90Us.toFixed(1)} µs${d.floorMedianUs ? `; browser floor ${d.floorMedianUs.toFixed(1)} µs` : ''}`,
      `${d.nativeMedianUs.toFixed(1)} µs`]),
    ...startups.map((s) => [`pool start-up, fresh engine, k = ${s.k}`, `${s.medianMs.toFixed(0)} ms`,
      `min–max ${s.minMs.toFixed(0)}–${s.maxMs.toFixed(0)} ms (${s.times.length} engines)`, '']),
    ...(emptyWorkers ? [[`${emptyWorkers.k} empty module workers, start until answered`, `${emptyWorkers.medianMs.toFixed(0)} ms`,
      `min–max ${emptyWorkers.minMs.toFixed(0)}–${emptyWorkers.maxMs.toFixed(0)} ms (${emptyWorkers.times.length} times)`, '']] : []),
    ...processes.map((p) => [`processes ÷ threads, k = 1: ${p.title}`, `${p.ratio.toFixed(2)}×`,
      `${p.processesMs.toFixed(1)} ÷ ${p.threadsMs.toFixed(1)} ms (defaults)`, '']),
  ];
  return table(header, widths, [0, 2], rows);
}

/** How busy the machine was when the run began: the cores other programs used (runs saved before it was measured lack it) and the load average. */
function atTheStart({ busyCoresAtStart, loadAverage }) {
  const load = `load average ${loadAverage.map((l) => l.toFixed(1)).join(', ')}`;
  return busyCoresAtStart === undefined ? `${load} at the start` : `other programs busy on ${busyCoresAtStart.toFixed(2)} cores in the 3 s before the start; ${load}`;
}

/** The report's lines, in print order. */
export function reportLines(results) {
  const { measured, repetitions, shortRunRepetitions, noisySpread, cases, fixedCosts, firstVisit, targets } = results;
  const shortCases = cases.filter((c) => c.repetitions === shortRunRepetitions && shortRunRepetitions !== repetitions).map((c) => c.name);
  const lines = [
    `Measured ${measured.at} on ${measured.os}, ${measured.cores} cores (${atTheStart(measured)}), ${measured.browser}; the run took ${(measured.durationS / 60).toFixed(1)} min.`,
  ];
  if (cases.length) {
    lines.push('', ...caseLines(cases), '',
      `${repetitions} repetitions per k${shortCases.length ? ` (${shortRunRepetitions} for the cases whose runs last under 30 ms at k = 1: ${shortCases.join(', ')})` : ''} after warm-ups (in the browser, after an untimed sweep and warm-up runs of at least ${measured.warmUpMs} ms; natively, one run).`,
      'wasm/native = browser median ÷ native median at the same k. spread = (max − min) ÷ median; a row above '
        + `${percent(noisySpread)} is noisy, and its case was measured once more ("repeated": the repeat is shown; "noisy": still noisy).`,
      'Every case computed the same checksum in the browser and natively unless a "!" line says otherwise.');
  }
  if (Object.keys(fixedCosts).length) lines.push('', ...fixedCostLines(fixedCosts));
  if (fixedCosts.dispatch) {
    lines.push(`Dispatch: median of ${measured.dispatch.samples} samples, each the mean time of ${measured.dispatch.regionsPerSample} empty broadcasts in a row `
      + '(the browser\'s performance.now() moves in steps of about 5 µs), or of as many that each come after an idle millisecond, as a run does; '
      + 'native rayon runs the same loop (parlab::dispatch). The browser floor: k plain JavaScript workers parked in Atomics.wait, '
      + 'each woken by a notify of its own, the caller parked until the last has notified it back; no wasm, no rayon.');
  }
  if (fixedCosts.startups) lines.push('Start-up: from no helper workers to a pool of k, on a freshly started engine.');
  if (firstVisit) {
    lines.push('', `First visit (a fresh browser profile; gzip bytes of every file the server sent): before the first Run ${kB(firstVisit.beforeRun.bytes)} `
      + `in ${firstVisit.beforeRun.files} files; after the first sweep ${kB(firstVisit.afterSweep.bytes)} in ${firstVisit.afterSweep.files} files.`);
  }
  lines.push('', 'Targets:', ...targets.flatMap((t) => [
    `${t.target}: ${t.shown}${t.beside ? `; ${t.beside}` : ''}: ${t.met ? 'met' : 'NOT met'}`,
    ...(t.evidence ?? []).map((line) => `  - ${line}`),
  ]));
  return lines;
}
