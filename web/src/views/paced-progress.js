// Paces a sweep's progress display so that painting it never overlaps a timed run.

/** The display changes at most this often; a sweep of runs of a few ms would otherwise repaint before each. */
export const PROGRESS_EVERY_MS = 250;

/**
 * Resolves once the page has painted what changed, or after at most 100 ms.
 * A hidden page paints nothing and resolves at once. Why a run waits for it:
 * on 2 cores, a frame painted as a run of a few ms began (the page's style and
 * paint, then the compositor's threads) took slices of a core from the run's
 * workers.
 */
export function afterPaint(doc = globalThis.document) {
  if (doc.visibilityState === 'hidden') return Promise.resolve();
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

/**
 * Wraps `show(progress)` as a sweep's `onProgress`: it shows the first step
 * and then at most one every `everyMs`, and returns a promise that the sweep
 * awaits before the run (`afterPaint`) when it showed one.
 */
export function pacedProgress(show, { everyMs = PROGRESS_EVERY_MS, now = () => performance.now(), painted = afterPaint } = {}) {
  let shownAt = -Infinity;
  return (progress) => {
    if (now() - shownAt < everyMs) return undefined;
    shownAt = now();
    show(progress);
    return painted();
  };
}
