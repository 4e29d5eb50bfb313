// Registers public/isolation-sw.js, parlab's service worker: it keeps the site
// for offline use and adds the isolation headers on hosts that send none.
// `isolate` (builds for such hosts): on a page that is not isolated, wait for
// the worker and reload once, so that the page comes back through it with the
// isolation headers; resolves true when a reload is under way. Otherwise the
// worker is registered once the page has loaded, out of its way.
const RELOADED = 'parlab-isolation-sw-reloaded';

function register() {
  return navigator.serviceWorker.register(new URL('isolation-sw.js', document.baseURI), { scope: './' });
}

export async function startServiceWorker({ isolate }) {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return false;
  if (!isolate || globalThis.crossOriginIsolated) {
    // A page without the worker works as before, only not offline: a failed registration (a sandboxed frame) changes nothing.
    const quietly = () => register().catch(() => {});
    if (document.readyState === 'complete') quietly();
    else window.addEventListener('load', quietly, { once: true });
    return false;
  }
  try {
    await register();
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

/**
 * Once a first sweep has run, asks the service worker, in idle time, to keep
 * the rest of the site (the other engine, the twins) for offline use; a page
 * without a worker asks nothing. At most once a page.
 */
let asked = false;
export function keepSiteWhenIdle() {
  const controller = navigator.serviceWorker?.controller;
  if (asked || !controller) return;
  asked = true;
  const ask = () => controller.postMessage({ type: 'keep-everything' });
  if ('requestIdleCallback' in window) requestIdleCallback(ask, { timeout: 5_000 });
  else setTimeout(ask, 1_000);
}
