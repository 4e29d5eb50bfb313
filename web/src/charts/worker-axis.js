// What the speedup and scale-up charts share: a worker-count axis (log once
// k goes past 16, ticks at the measured k) and smooth model curves along it.

/** Plot options for a chart whose x axis is the worker count k. */
export function workerAxisChart({ width, height, fontSize, maxK, ks, label }) {
  return {
    width,
    height,
    style: { fontSize: `${fontSize}px` },
    marginLeft: 48,
    grid: true,
    x: { label, type: maxK > 16 ? 'log' : 'linear', domain: [1, maxK], ticks: [...new Set(ks)], tickFormat: 'd' },
  };
}

/** A model (Amdahl, Gustafson) as a smooth line: 60 points from k = 1 to maxK. */
export function modelCurve(maxK, valuesAt) {
  return Array.from({ length: 60 }, (_, i) => {
    const k = 1 + (i * (maxK - 1)) / 59;
    return { k, ...valuesAt(k) };
  });
}
