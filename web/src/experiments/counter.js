import { number } from './params.js';

// Why no update was lost, by strategy, when none was.
const exactBecause = (strategy, k) => ({
  unsynchronized: k === 1
    ? 'with one worker there is nobody to race with'
    : 'no two workers happened to read the same value this time; nothing prevents it, so run it again or count further',
  lock: 'the lock lets one worker at a time read and write the counter',
  atomic: 'fetch_add reads and writes the counter in one indivisible step',
  partials: 'each chunk counted on a counter of its own and the counts were added at the end',
}[strategy]);

export default {
  id: 'counter',
  title: 'Shared counter: race, lock, atomic, partial counts',
  kind: 'shared memory',
  explanation: `k workers add 1 to one shared counter, N times in all (in scale-up, each worker adds N). Unsynchronized,
    a worker reads the counter and then writes back the value + 1: two workers that read the same value both write
    value + 1, and one update is lost. The page counts the lost updates of every run: expected minus what the counter
    holds, so they differ from run to run. Three fixes: one lock around the increment (correct, but workers take turns,
    and the timeline shows their waits for it), an atomic fetch_add (correct, but the cores pass the counter back and
    forth; in Chromium it also costs more than in a native program even on one worker, because V8 compiles it to a
    compare-and-swap retried until it succeeds, not one locked add), or partial counts that each chunk keeps on its own and that are added at the end (correct, and nothing is
    shared). Overlay the strategies in the history: with contention, more workers can be slower than one. Under the
    GIL a handover may fall between the read and the write, as in CPython, so the GIL does not prevent lost updates.
    Processes share no memory, so there is no counter to race on: each process counts on its own and sends its count.
    With partial counts each process sends one number; every other strategy becomes a counter owned by the
    coordinator that each chunk of increments updates by one message, and its cost is the messages.`,
  params: [
    { name: 'increments', label: 'Increments (N, in all)', default: 10000000, min: 1, max: 200000000 },
    {
      name: 'strategy', label: 'Strategy', default: 'unsynchronized', choices: [
        { value: 'unsynchronized', label: 'unsynchronized (read, then write)' },
        { value: 'lock', label: 'one lock' },
        { value: 'atomic', label: 'atomic fetch_add' },
        { value: 'partials', label: 'partial counts' },
      ],
    },
    { name: 'increments_per_chunk', label: 'Increments per chunk (per message on processes)', default: 100000, min: 1, max: 200000000 },
  ],
  /** About every timed run at k, not only the last: a race loses a different number of updates each time. */
  describeResult: ({ strategy, expected }, { k, engine, record }) => {
    if (engine === 'processes') {
      const how = strategy === 'partials'
        ? 'each process counted its share and sent one number, which the coordinator added'
        : 'each process counted the increments of every chunk it was sent in its own memory and sent back one count per chunk, which the coordinator added up';
      return `Expected ${number(expected)} in every run: no shared counter, so nothing to race on: ${how}.`;
    }
    const lost = (record?.runs ?? []).filter((run) => run.k === k && run.details).map((run) => run.details.lost).sort((a, b) => a - b);
    const losing = lost.filter((n) => n > 0).length;
    if (losing === 0) return `Expected ${number(expected)}: none of the ${lost.length} runs at k = ${k} lost an update, because ${exactBecause(strategy, k)}.`;
    const middle = lost[Math.floor((lost.length - 1) / 2)] / 2 + lost[Math.ceil((lost.length - 1) / 2)] / 2;
    return `Expected ${number(expected)}: ${losing} of the ${lost.length} runs at k = ${k} lost updates (least ${number(lost[0])}, median ${number(Math.round(middle))}, ` +
      `most ${number(lost.at(-1))}), because a worker wrote back value + 1 after others had changed the value it read.`;
  },
  resultsVary: (values) => (values.strategy === 'unsynchronized'
    ? 'unsynchronized workers lose as many updates as their reads and writes happen to overlap, which differs from run to run.'
    : null),
  /** What the workers write in common on threads: the speedup stack's inflation holds its cost first. */
  contention: ({ strategy }, engine, { v8 }) => {
    if (engine === 'processes' || strategy === 'partials') return null;
    const shared = strategy === 'lock' ? 'the one shared counter and its lock' : 'the one shared counter';
    // docs/performance.md, "Atomics and stores in wasm".
    const retries = strategy === 'atomic' && v8
      ? '; in this browser the atomic add is also a compare-and-swap, tried again whenever the other worker changed the counter first' : '';
    return `every increment writes ${shared}, so a worker must first fetch its cache line from the core that wrote it last${retries}`;
  },
  scaleUp: 'each worker adds N, so the total grows to N·k',
  scaleParam: 'increments',
  twins: { python: 'counter.py' },
  maxWorkers: (cores) => 4 * cores,
  toEngine: (values, scale) => ({ ...values, increments: values.increments * scale }),
};
