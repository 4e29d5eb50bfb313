// How the page speaks of the core count. navigator.hardwareConcurrency is the
// browser's figure, not a measurement: some browsers round it or cap it
// (WebKitGTK reported 4 on a 2-core machine), so the page says whose figure it is.

/** The hint beside the worker counts: the allowed range and the browser's core count. */
export function workersHint(maxWorkers, reportedCores) {
  const cores = Number.isInteger(reportedCores) && reportedCores > 0
    ? `the browser reports ${reportedCores} logical ${reportedCores === 1 ? 'core' : 'cores'} (its figure; some browsers round or cap it)`
    : 'the browser does not report its core count, so 1 is assumed';
  return `1 to ${maxWorkers}; ${cores}`;
}
