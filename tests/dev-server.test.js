// Vite's dev server (`npm start`) and `vite preview` send the isolation headers
// on every answer, "304 Not Modified" included: WebKit takes a revalidated
// worker script's embedder policy from the 304, and without it refuses the
// processes engine's workers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, preview } from 'vite';
import { isolationHeaders } from './static-server.js';

async function assertIsolatedEvenWhenNotModified(baseUrl, paths) {
  for (const path of paths) {
    const url = new URL(path, baseUrl);
    const first = await fetch(url);
    assert.equal(first.status, 200, path);
    await first.arrayBuffer();
    const again = await fetch(url, { headers: { 'If-None-Match': first.headers.get('ETag') } });
    assert.equal(again.status, 304, `${path} is revalidated`);
    for (const response of [first, again]) {
      for (const [name, value] of Object.entries(isolationHeaders)) assert.equal(response.headers.get(name), value, `${path} (${response.status}): ${name}`);
    }
  }
}

test('the dev server and vite preview send the isolation headers with 304 answers too', { timeout: 60_000 }, async () => {
  // No dependency pre-bundling: only files are fetched here, and the cache stays the other tests'.
  const dev = await createServer({
    configFile: 'vite.config.js', logLevel: 'error', server: { host: '127.0.0.1', port: 0 }, optimizeDeps: { noDiscovery: true, include: [] },
  });
  try {
    await dev.listen();
    // A public worker script, its glue module, and a coordinator Vite serves as a module worker.
    await assertIsolatedEvenWhenNotModified(dev.resolvedUrls.local[0], ['process-worker.js', 'pkg-single/parlab_single.js', 'src/engine/processes-worker.js?worker_file&type=module']);
  } finally {
    await dev.close();
  }
  const built = await preview({ configFile: 'vite.config.js', logLevel: 'error', preview: { host: '127.0.0.1', port: 0 } });
  try {
    await assertIsolatedEvenWhenNotModified(built.resolvedUrls.local[0], ['process-worker.js', 'pkg-single/parlab_single.js']);
  } finally {
    await built.close();
  }
});
