// parlab's one service worker, registered by every production build
// (web/src/engine/isolation-sw-client.js). Two jobs:
// - Offline after the first visit: it keeps every file of the site in a cache
//   named after the build's version and answers from it, so that the page, both
//   wasm builds and the lessons work with the network off (lecture halls). A
//   first visit stays light: installing fetches only the shell (what the page
//   loads before its first Run); what a run then uses (one engine, the charts)
//   is kept as it passes, and the page asks for the rest once its first sweep
//   has run, in idle time. VERSION, PRECACHE and SHELL are stamped into dist/
//   by the build (web/offline-manifest.js); this source, served by the dev
//   server, keeps nothing.
// - Isolation on hosts that cannot send response headers (GitHub Pages, plain
//   file hosting): it adds parlab's isolation headers to every same-origin
//   response it passes on, the cached ones too, so the page is cross-origin
//   isolated whether its files come from the server or from the cache. Builds
//   made with PARLAB_SERVICE_WORKER=1 reload once so that the first visit is isolated too.
const VERSION = 'development';
const PRECACHE = [];
const SHELL = [];
const CACHE = `parlab-${VERSION}`;
const KEPT = new Set(PRECACHE.map((path) => new URL(path, self.location).href));

const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Document-Isolation-Policy': 'isolate-and-require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

self.addEventListener('install', (event) => event.waitUntil((async () => {
  if (SHELL.length) await keep(SHELL);
  // The first worker takes over at once. A new version waits until no page
  // uses the old one, so that no page mixes files of two deployments.
  if (!self.registration.active) await self.skipWaiting();
})()));

self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) if (name.startsWith('parlab-') && name !== CACHE) await caches.delete(name);
  await self.clients.claim();
})()));

/** Caches `paths` of the site that the cache lacks, from the server (not from the browser's HTTP cache, which may hold an older deployment). */
async function keep(paths) {
  const cache = await caches.open(CACHE);
  const held = new Set((await cache.keys()).map((request) => request.url));
  const missing = paths.map((path) => new URL(path, self.location).href).filter((url) => !held.has(url));
  await cache.addAll(missing.map((url) => new Request(url, { cache: 'reload' })));
}

/**
 * The cached file, else the server's answer, kept when it is one of the
 * site's files. What asks for no cache (the server round trip of "your
 * machine") and HEAD requests go to the server.
 */
async function answer(request) {
  if (request.method !== 'GET' || request.cache === 'no-store') return fetch(request);
  // The page's own URL carries its settings (?experiment=…): the cached page serves them all.
  const cached = await caches.match(request, { cacheName: CACHE, ignoreSearch: request.mode === 'navigate' });
  if (cached) return cached;
  const response = await fetch(request);
  const url = new URL(request.url);
  if (response.ok && KEPT.has(url.origin + url.pathname) && !url.search) {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy)).catch(() => {});
  }
  return response;
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

// The page, once its first sweep has run, in idle time: keep the rest of the site for offline use.
self.addEventListener('message', (event) => {
  if (event.data?.type === 'keep-everything' && PRECACHE.length) event.waitUntil(keep(PRECACHE).catch(() => {}));
});
