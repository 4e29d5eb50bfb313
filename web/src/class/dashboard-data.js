// What the class dashboard draws, from the predictions and results of the
// current step (as the server's dashboard answer holds them): the histogram of
// the predictions, every result as a curve of speedup against k, and the
// median curve of the class.

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  return (sorted[Math.floor(middle)] + sorted[Math.ceil(middle)]) / 2;
};

/**
 * The predictions as bars: for a choice, one per option (in the options'
 * order, empty ones too); for a number, bins of equal width over the range
 * predicted (about one per two predictions, at most 12).
 * @returns [{ label, index? (a choice's), from?, to? (a number bin's), count }]
 */
export function predictionBars(predictions, options = null) {
  if (options) {
    return options.map((label, i) => ({ label, index: i, count: predictions.filter((p) => p.choice === `option-${i}`).length }));
  }
  const numbers = predictions.map((p) => p.number).filter(Number.isFinite);
  if (numbers.length === 0) return [];
  const [low, high] = [Math.min(...numbers), Math.max(...numbers)];
  if (low === high) return [{ label: String(low), from: low, to: high, count: numbers.length }];
  const bins = Math.min(12, Math.max(2, Math.ceil(numbers.length / 2)));
  const width = (high - low) / bins;
  return Array.from({ length: bins }, (_, i) => {
    const from = low + i * width;
    const to = i === bins - 1 ? high : from + width;
    const count = numbers.filter((n) => n >= from && (i === bins - 1 ? n <= to : n < to)).length;
    return { label: `${round(from)}–${round(to)}`, from, to, count };
  });
}

const round = (n) => String(Math.round(n * 100) / 100);

/** Each result as a curve: its points (k, speedup), the cores its machine reported, and whether it was busy. */
export function resultCurves(results) {
  return results.map(({ submissionId, summary }) => ({
    id: submissionId, cores: summary.cores, busy: summary.quiet.busy, browser: summary.browser,
    points: summary.ks.map(({ k, speedup }) => ({ k, speedup })),
  }));
}

/** The class's median speedup at each k that some result measured, from the quiet machines only when there are any. */
export function medianCurve(curves) {
  const quiet = curves.filter((c) => !c.busy);
  const counted = quiet.length > 0 ? quiet : curves;
  const ks = [...new Set(counted.flatMap((c) => c.points.map((p) => p.k)))].sort((a, b) => a - b);
  return ks.map((k) => {
    const speedups = counted.flatMap((c) => c.points.filter((p) => p.k === k).map((p) => p.speedup));
    return { k, speedup: median(speedups), count: speedups.length };
  });
}

/** Counts for the dashboard's headline: results, busy ones, and the core counts in the room (ascending). */
export function roomOf(curves) {
  return { results: curves.length, busy: curves.filter((c) => c.busy).length, cores: [...new Set(curves.map((c) => c.cores))].sort((a, b) => a - b) };
}

/**
 * What the room measured, in one sentence from its figures: how many machines
 * and cores, the busy ones, and the median at the largest k (of the quiet
 * machines only, unless every one was busy, which the sentence then says).
 */
export function roomSentence(room, top) {
  const machines = `${room.results} machine${room.results === 1 ? '' : 's'} with ${room.cores.join(', ')} cores measured.`;
  const median = `The class median at k = ${top.k} is ${top.speedup.toFixed(2)}× from ${top.count} machine${top.count === 1 ? '' : 's'}`;
  if (room.busy === 0) return `${machines} None was busy. ${median}.`;
  if (room.busy === room.results) {
    return `${machines} Every one was busy (dashed lines: another program took cores during its sweep). ${median}, all busy: it shows what their other programs left over, not what the cores can do.`;
  }
  return `${machines} ${room.busy} of them ${room.busy === 1 ? 'was' : 'were'} busy (dashed) and left out of the median. ${median}.`;
}
