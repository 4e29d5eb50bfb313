import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { headersFile, isolationHeaders } from './web/isolation-headers.js';
import { stampBuiltSite } from './web/offline-manifest.js';

// PARLAB_BASE: the path the site is served under, e.g. /parlab/ on GitHub Pages.
// The default, './', works under any path.
// PARLAB_SERVICE_WORKER=1: for hosts that cannot send the isolation headers,
// the first visit reloads once through web/public/isolation-sw.js, which adds
// them (every build registers it, for offline use).
function sendIsolationHeaders(request, response, next) {
  for (const [name, value] of Object.entries(isolationHeaders)) response.setHeader(name, value);
  next();
}

export default defineConfig({
  root: 'web',
  base: process.env.PARLAB_BASE ?? './',
  define: { __PARLAB_SERVICE_WORKER__: JSON.stringify(process.env.PARLAB_SERVICE_WORKER === '1') },
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022' },
  worker: { format: 'es' },
  plugins: [{
    // Vite's own `server.headers` / `preview.headers` are left out of its
    // "304 Not Modified" answers, and WebKit then refuses a revalidated worker
    // script or module under COEP ("its script failed to load"). Set before any
    // of Vite's middlewares, the headers are on every answer.
    name: 'parlab-isolation-headers',
    configureServer: (server) => { server.middlewares.use(sendIsolationHeaders); },
    configurePreviewServer: (server) => { server.middlewares.use(sendIsolationHeaders); },
  }, {
    name: 'parlab-headers-file',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile() });
    },
  }, (() => {
    // Once every file of the build is written (public/ copied too), the service
    // worker learns what to keep offline and under which version.
    let outDir;
    return {
      name: 'parlab-offline-manifest',
      apply: 'build',
      configResolved: (config) => { outDir = resolve(config.root, config.build.outDir); },
      closeBundle: () => stampBuiltSite(outDir),
    };
  })()],
});
