// parlab's one service worker, registered by every production build
// (web/src/engine/isolation-sw-client.js). Two jobs:
// - Offline after the first visit: it keeps every file of the site in a cache
//   named after the build's version and answers from it, so that the page, both
//   wasm builds and the lessons work with the network off (lecture halls).
//   VERSION and PRECACHE are stamped into dist/ by the build
//   (web/offline-manifest.js); this source, served by the dev server, keeps nothing.
// - Isolation on hosts that cannot send response headers (GitHub Pages, plain
//   file hosting): it adds parlab's isolation headers to every same-origin
//   response it passes on, the cached ones too, so the page is cross-origin
//   isolated whether its files come from the server or from the cache. Builds
//   made with PARLAB_SERVICE_WORKER=1 reload once so that the first visit is isolated too.
const VERSION = 'development';
const PRECACHE = [];
const CACHE = `parlab-${VERSION}`;

const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Document-Isolation-Policy': 'isolate-and-require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

self.addEventListener('install', (event) => event.waitUntil((async () => {
  if (PRECACHE.length) {
    const cache = await caches.open(CACHE);
    // From the server, not from the browser's HTTP cache, which may hold an older deployment.
    await cache.addAll(PRECACHE.map((path) => new Request(new URL(path, self.location), { cache: 'reload' })));
  }
  // The first worker takes over at once. A new version waits until no page
  // uses the old one, so that no page mixes files of two deployments.
  if (!self.registration.active) await self.skipWaiting();
})()));

self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) if (name.startsWith('parlab-') && name !== CACHE) await caches.delete(name);
  await self.clients.claim();
})()));

/** The cached file, else the server's answer. What asks for no cache (the server round trip of "your machine") and HEAD requests go to the server. */
async function answer(request) {
  if (request.method === 'GET' && request.cache !== 'no-store') {
    // The page's own URL carries its settings (?experiment=…): the cached page serves them all.
    const cached = await caches.match(request, { cacheName: CACHE, ignoreSearch: request.mode === 'navigate' });
    if (cached) return cached;
  }
  return fetch(request);
}

function withIsolationHeaders(response) {
  if (response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (new URL(request.url).origin !== self.location.origin) return;
  // A request the browser may only answer from cache must not be re-fetched.
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(answer(request).then(withIsolationHeaders));
});
