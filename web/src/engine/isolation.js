// Whether this page may use threads, and if not, why, in words for a student.

const headerFix = 'Serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp, plus Document-Isolation-Policy: isolate-and-require-corp for use inside other pages (npm start and npm run preview send all three), or open it in its own tab.';

export function threadSupport(scope = globalThis) {
  if (scope.isSecureContext === false) {
    return {
      ok: false,
      reason: 'This page was not opened over HTTPS or from localhost, so the browser gives it no shared memory (SharedArrayBuffer), which threads need.',
      fix: 'Open it over HTTPS or from localhost.',
    };
  }
  // Browsers hide SharedArrayBuffer altogether from pages that are not isolated.
  if (!scope.crossOriginIsolated || typeof scope.SharedArrayBuffer !== 'function') {
    return {
      ok: false,
      reason: 'This page is not cross-origin isolated, so the browser gives it no shared memory (SharedArrayBuffer), which threads need.',
      fix: headerFix,
    };
  }
  return { ok: true };
}
