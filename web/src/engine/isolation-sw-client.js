// Registers public/isolation-sw.js on a page that is not isolated, and reloads
// once so that the page comes back through it with the isolation headers.
// Resolves true when a reload is under way.
const RELOADED = 'parlab-isolation-sw-reloaded';

export async function isolateThroughServiceWorker() {
  if (globalThis.crossOriginIsolated || !('serviceWorker' in navigator) || !window.isSecureContext) return false;
  try {
    await navigator.serviceWorker.register(new URL('isolation-sw.js', document.baseURI), { scope: './' });
    await navigator.serviceWorker.ready;
  } catch {
    return false;
  }
  // Reload at most once a session: if the worker did not isolate the page, this
  // browser does not honour the headers it adds, and the processes engine takes over.
  if (sessionStorage.getItem(RELOADED)) return false;
  sessionStorage.setItem(RELOADED, '1');
  location.reload();
  return true;
}
