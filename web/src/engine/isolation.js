// Whether this page may use threads, and if not, why, in words for a student.

const headerFix = 'Serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp, plus Document-Isolation-Policy: isolate-and-require-corp for use inside other pages (npm start and npm run preview send all three), or open it in its own tab.';

/**
 * @returns {{ ok: true } | { ok: false, cause: 'insecure' | 'not-isolated' | 'no-shared-memory', reason: string, fix: string }}
 * `cause` says whether opening the page elsewhere can help: only a page that is
 * not isolated (inside another page, or served without the headers) can be.
 */
export function threadSupport(scope = globalThis) {
  if (scope.isSecureContext === false) {
    return {
      ok: false,
      cause: 'insecure',
      reason: 'This page was not opened over HTTPS or from localhost, so the browser gives it no shared memory (SharedArrayBuffer), which threads need.',
      fix: 'Open it over HTTPS or from localhost.',
    };
  }
  // Browsers hide SharedArrayBuffer altogether from pages that are not isolated.
  if (!scope.crossOriginIsolated) {
    return {
      ok: false,
      cause: 'not-isolated',
      reason: 'This page is not cross-origin isolated, so the browser gives it no shared memory (SharedArrayBuffer), which threads need.',
      fix: headerFix,
    };
  }
  // Isolated, and still none: some browsers never offer it (WebKitGTK), so no header can help.
  if (typeof scope.SharedArrayBuffer !== 'function') {
    return {
      ok: false,
      cause: 'no-shared-memory',
      reason: 'This page is cross-origin isolated, but this browser gives it no shared memory (SharedArrayBuffer), which threads need.',
      fix: 'Nothing on the server can change that. For threads, open the page in a browser that gives isolated pages shared memory, such as Chromium or Firefox.',
    };
  }
  return { ok: true };
}
