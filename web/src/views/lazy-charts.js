// The charts (Observable Plot, with everything that draws with it:
// views/chart-views.js) come in a chunk of their own, fetched at the first Run
// or the first result shown, so that a first visit stays light.
let charts = null;
let loading = null;

/** Resolves with the charts' module, fetching its chunk the first time. */
export function loadCharts() {
  loading ??= import('./chart-views.js').then((module) => {
    charts = module;
    return module;
  });
  return loading;
}

/** The charts' module once it is here; null before. */
export const loadedCharts = () => charts;
