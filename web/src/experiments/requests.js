export default {
  id: 'requests',
  title: 'Waiting requests: I/O-bound work',
  kind: 'task parallel',
  explanation: `M independent requests, each a little computation and then a wait for the answer, like calling a web
    API. A waiting worker is blocked for real but uses no CPU, so workers far beyond the number of cores still pay
    off: 100 requests of 50 ms take 5 s on one worker and three waves of 50 ms on 40 workers. This is why Python
    threads, held back by the GIL on CPU-bound work, still speed up I/O-bound work such as calling an API a hundred
    times. Try k = 1, 8, 40, 64 and watch the timeline: the lanes are mostly waiting. Tick the GIL: the waits still
    overlap, because a waiting thread lets go of the lock, which is why 40 Python threads cut 100 API calls from
    977.88 s to 46.83 s in the course.`,
  params: [
    { name: 'requests', label: 'Requests', default: 100, min: 1, max: 10000 },
    { name: 'wait_ms', label: 'Wait per request', unit: 'ms', default: 50, min: 0, max: 2000 },
    { name: 'request_work', label: 'Work per request', unit: 'k rounds', default: 20, min: 0, max: 10000 },
    { name: 'seed', label: 'Seed', default: 1, min: 0, max: 4294967295 },
  ],
  scaleUp: 'the number of requests grows k times',
  scaleParam: 'requests',
  defaultWorkers: (cores) => [...new Set([1, 2, 4, 8, 16, 32, 40, 64].filter((k) => k <= Math.max(64, cores)))],
  twins: { python: 'requests.py' },
  maxWorkers: (cores) => Math.max(64, 4 * cores),
  toEngine: (values, scale) => ({ ...values, requests: values.requests * scale }),
};
