export default {
  id: 'breakfast',
  title: 'Breakfast: synchronous, asynchronous, parallel',
  kind: 'concurrency',
  explanation: `A small graph of tasks from the course: brew coffee (5 minutes, the machine runs by itself) and toast
    two slices on a one-slice toaster (2 minutes each, the second after the first). A "machine" task only makes the
    cook wait, using no CPU; a "hands" task (pouring juice) is work for the cook. Add eggs or juice, change durations
    and what comes after what in the table; one minute lasts the number of milliseconds you choose. Synchronous: one
    cook does one task after the other and stands by each machine, so the breakfast takes the sum of the tasks (9
    minutes). Asynchronous: the same single cook starts the coffee, starts the toast and, while the machines run by
    themselves, does whatever is next; a real asynchronous executor (futures, wakers and timers) sleeps only when
    nothing is left but waiting, so the breakfast takes about its longest chain of tasks (5 minutes). That is
    concurrency without parallelism: several tasks in progress, yet never two things done at the same instant, one
    worker in the timeline. Parallel: k cooks each take a task that is ready; they can do hands work at the same time,
    which is parallelism and needs as many cores as cooks, but waiting for machines gains nothing from more cooks than
    the asynchronous cook already had. Hands work cannot be overlapped by one cook: with only hands tasks,
    asynchronous takes as long as synchronous. On the processes engine every task is a message to a helper process,
    sent once the tasks it comes after are done. Synchronous sends one task at a time. A parallel cook stands by each
    machine, so a process takes its next task only when the last is done. An asynchronous process starts a machine
    and goes on with the next task it was sent while the machine runs (its bars overlap in the timeline), so one
    process runs as many machines at once as it has chunks in flight (2 by default; with 1, a single process waits like
    the synchronous cook).`,
  params: [
    {
      name: 'tasks', label: 'Tasks', type: 'tasks', maxLength: 600,
      default: 'coffee 5 machine; toast1 2 machine; toast2 2 machine after toast1',
    },
    {
      name: 'way', label: 'Way to cook', default: 'parallel', choices: [
        { value: 'synchronous', label: 'synchronous (one cook, one task at a time)' },
        { value: 'asynchronous', label: 'asynchronous (one cook, machines run meanwhile)' },
        { value: 'parallel', label: 'parallel (k cooks)' },
      ],
    },
    { name: 'minute_ms', label: 'One minute lasts', unit: 'ms', default: 10, min: 1, max: 1000 },
    { name: 'breakfasts', label: 'Breakfasts', default: 1, min: 1, max: 64 },
  ],
  /**
   * The breakfast's minutes from the run's measured timeline (its last record's
   * end ÷ the length of a minute) and, for parallel cooks, the median minutes at every k.
   */
  describeResult: (details, { k, run, record }) => {
    const who = details.way === 'parallel' ? `parallel, ${k} ${k === 1 ? 'cook' : 'cooks'}` : `${details.way}, one cook`;
    const work = run?.records.filter((r) => r.worker !== 'merge') ?? [];
    const measured = work.length ? `${(Math.max(...work.map((r) => r.end_ms)) / details.minute_ms).toFixed(1)} minutes (measured)` : 'an unmeasured time';
    const sentence = `Breakfast took ${measured} for ${details.task_minutes} minutes of tasks: ${who}.`;
    if (details.way !== 'parallel' || !record || record.mode !== 'speedup' || record.ks.length < 2) return sentence;
    const minutesAt = (kk) => {
      const times = record.runs.filter((r) => r.k === kk).map((r) => r.timeMs).sort((a, b) => a - b);
      return (times[Math.floor((times.length - 1) / 2)] + times[Math.ceil((times.length - 1) / 2)]) / 2 / details.minute_ms;
    };
    const byK = record.ks.map((kk) => `${minutesAt(kk).toFixed(1)} with ${kk} ${kk === 1 ? 'cook' : 'cooks'}`).join(', ');
    return `${sentence} Median minutes: ${byK}. One cook stands by each machine in turn; more cooks run the machines at once, and the timeline shows which ran when.`;
  },
  /**
   * The timeline by resource, in the breakfast's minutes: a lane per cook, then
   * one per machine (tasks named alike but for a trailing number, toast1 and
   * toast2, share one), so that machines running at once show side by side.
   */
  timelineView: (run, params) => {
    const machineOf = (name) => `${name.replace(/\d+$/, '') || name} machine`;
    const cooks = Array.from({ length: run.workers }, (_, w) => `cook ${w + 1}`);
    const records = run.records.filter((r) => r.worker !== 'merge').map((r) => ({
      ...r, worker: Number.isInteger(r.worker) ? cooks[r.worker] : machineOf(r.what),
      start_ms: r.start_ms / params.minute_ms, end_ms: r.end_ms / params.minute_ms,
    }));
    // Machines in the order they were first switched on (then by name).
    const firstOn = new Map();
    for (const r of records) if (!cooks.includes(r.worker)) firstOn.set(r.worker, Math.min(firstOn.get(r.worker) ?? Infinity, r.start_ms));
    const machines = [...firstOn].sort(([a, x], [b, y]) => x - y || a.localeCompare(b)).map(([lane]) => lane);
    return { run: { ...run, records }, lanes: [...cooks, ...machines], unit: 'minutes', xLabel: 'minutes since the breakfast started', yLabel: 'cook or machine' };
  },
  scaleUp: 'k breakfasts are made, each a copy of the task graph',
  scaleParam: 'breakfasts',
  defaultWorkers: () => [1, 2, 3],
  maxWorkers: (cores) => Math.max(16, 2 * cores),
  toEngine: (values, scale) => ({ ...values, breakfasts: values.breakfasts * scale }),
};
