import { defineConfig } from 'vite';
import { headersFile, isolationHeaders } from './web/isolation-headers.js';

// PARLAB_BASE: the path the site is served under, e.g. /parlab/ on GitHub Pages.
// The default, './', works under any path.
// PARLAB_SERVICE_WORKER=1: register web/public/isolation-sw.js, which adds the
// isolation headers on hosts that cannot send them.
export default defineConfig({
  root: 'web',
  base: process.env.PARLAB_BASE ?? './',
  define: { __PARLAB_SERVICE_WORKER__: JSON.stringify(process.env.PARLAB_SERVICE_WORKER === '1') },
  build: { outDir: '../dist', emptyOutDir: true, target: 'es2022' },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  plugins: [{
    name: 'parlab-headers-file',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile() });
    },
  }],
});
