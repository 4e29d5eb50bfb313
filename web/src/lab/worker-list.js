// Reading the list of worker counts a user typed ("1,2,4,8" or "1-4,8").

/**
 * @returns {{ ks: number[], note: string | null }} sorted, unique counts, with
 * 1 added (and said so) because every speedup is relative to one worker.
 * @throws Error with a message for the user when the text is not a list of counts.
 */
export function parseWorkerList(text, maxWorkers) {
  const ks = new Set();
  const parts = String(text).split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0) throw new Error('Type the worker counts to compare, for example 1,2,4.');
  for (const part of parts) {
    const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(part);
    const [from, to] = range ? [Number(range[1]), Number(range[2])] : [Number(part), Number(part)];
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 1 || to < from || to > maxWorkers) {
      throw new Error(`"${part}" is not a worker count from 1 to ${maxWorkers}. Type counts like 1,2,4 or a range like 1-8.`);
    }
    for (let k = from; k <= to; k++) ks.add(k);
  }
  const note = ks.has(1) ? null : 'Added k = 1: every speedup is measured against one worker.';
  ks.add(1);
  return { ks: [...ks].sort((a, b) => a - b), note };
}
