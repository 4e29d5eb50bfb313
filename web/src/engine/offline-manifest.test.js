import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { PLACEHOLDERS, precacheManifest, shellOf, stampServiceWorker } from '../../offline-manifest.js';

const file = (path, text) => ({ path, bytes: Buffer.from(text) });
const site = [
  file('index.html', '<html>'), file('assets/index-1.js', 'js'), file('pkg/parlab_bg.wasm', 'wasm'), file('pkg/.gitignore', '*'),
  file('isolation-sw.js', 'worker'), file('_headers', '/*'), file('ping.txt', 'pong'), file('twins/toasts.py', 'py'),
];

test('the service worker keeps every file a page loads, and the page itself, but not itself, headers or the ping', () => {
  const { files, version } = precacheManifest(site);
  assert.deepEqual(files, ['./', 'assets/index-1.js', 'index.html', 'pkg/parlab_bg.wasm', 'twins/toasts.py']);
  assert.match(version, /^[0-9a-f]{16}$/);
});

test('the version changes with any kept file, and only with them', () => {
  const { version } = precacheManifest(site);
  assert.equal(precacheManifest([...site].reverse()).version, version);
  assert.notEqual(precacheManifest(site.map((f) => (f.path === 'pkg/parlab_bg.wasm' ? file(f.path, 'wasm2') : f))).version, version);
  assert.notEqual(precacheManifest(site.map((f) => (f.path === 'index.html' ? file('index2.html', '<html>') : f))).version, version);
  assert.equal(precacheManifest(site.map((f) => (f.path === 'ping.txt' ? file(f.path, 'pang') : f))).version, version);
});

test('the source of the service worker has the placeholders that the build stamps', async () => {
  const source = await readFile(new URL('../../public/isolation-sw.js', import.meta.url), 'utf8');
  const stamped = stampServiceWorker(source, { version: 'abc123', files: ['./', 'index.html'] });
  assert.ok(stamped.includes('const VERSION = "abc123";'));
  assert.ok(stamped.includes('const PRECACHE = ["./","index.html"];'));
  for (const placeholder of Object.values(PLACEHOLDERS)) assert.ok(!stamped.includes(placeholder));
  assert.throws(() => stampServiceWorker(stamped, { version: 'x', files: [] }), /has no "const VERSION = 'development';" to stamp/);
});

test('the shell is the page and what its HTML loads, nothing a run fetches later', () => {
  const html = '<script type="module" crossorigin src="./assets/index-1.js"></script><link rel="modulepreload" href="./assets/words-2.js"><link rel="stylesheet" href="./assets/index-3.css">';
  const files = ['./', 'assets/index-1.js', 'assets/words-2.js', 'assets/index-3.css', 'assets/chart-views-4.js', 'pkg/parlab_bg.wasm'];
  assert.deepEqual(shellOf(html, files), ['./', 'assets/index-1.js', 'assets/words-2.js', 'assets/index-3.css']);
});
