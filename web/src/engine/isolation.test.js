import { test } from 'node:test';
import assert from 'node:assert/strict';
import { threadSupport } from './isolation.js';

test('threads need SharedArrayBuffer and cross-origin isolation', () => {
  assert.equal(threadSupport({ SharedArrayBuffer, crossOriginIsolated: true, isSecureContext: true }).ok, true);
  assert.match(threadSupport({ isSecureContext: false }).reason, /HTTPS/);
});

test('a page that is not isolated is told which headers to send', () => {
  for (const scope of [{ SharedArrayBuffer, crossOriginIsolated: false, isSecureContext: true }, { isSecureContext: true }, {}]) {
    const verdict = threadSupport(scope);
    assert.equal(verdict.ok, false);
    assert.equal(verdict.cause, 'not-isolated');
    assert.match(verdict.reason, /not cross-origin isolated/);
    assert.match(verdict.fix, /Cross-Origin-Embedder-Policy: require-corp/);
  }
});

test('what helps a page that is not isolated depends on where it is', () => {
  const scope = { isSecureContext: true, crossOriginIsolated: false };
  assert.match(threadSupport(scope, { framed: true, controlled: false }).fix, /^Open parlab in a tab of its own/);
  const reload = threadSupport(scope, { framed: false, controlled: true }).fix;
  assert.match(reload, /^Reload the page/);
  assert.doesNotMatch(reload, /tab of its own/);
  assert.doesNotMatch(threadSupport(scope, { framed: false, controlled: false }).fix, /tab of its own/);
});

test('an isolated page in a browser without shared memory (WebKitGTK) is not told it lacks isolation', () => {
  const verdict = threadSupport({ crossOriginIsolated: true, isSecureContext: true });
  assert.equal(verdict.ok, false);
  assert.equal(verdict.cause, 'no-shared-memory');
  assert.match(verdict.reason, /is cross-origin isolated, but this browser gives it no shared memory/);
  assert.doesNotMatch(verdict.reason, /not cross-origin isolated/);
  assert.doesNotMatch(verdict.fix, /Cross-Origin-Embedder-Policy/);
  assert.match(verdict.fix, /another browser|a browser that gives isolated pages shared memory/);
});

import { headersFile, isolationHeaders } from '../../isolation-headers.js';

test('every server sends isolation for top-level pages and for iframes, and allows framing', () => {
  assert.equal(isolationHeaders['Cross-Origin-Opener-Policy'], 'same-origin');
  assert.equal(isolationHeaders['Cross-Origin-Embedder-Policy'], 'require-corp');
  assert.equal(isolationHeaders['Document-Isolation-Policy'], 'isolate-and-require-corp');
  assert.equal(isolationHeaders['Cross-Origin-Resource-Policy'], 'cross-origin');
  assert.equal(headersFile(), '/*\n  Cross-Origin-Opener-Policy: same-origin\n  Cross-Origin-Embedder-Policy: require-corp\n  Document-Isolation-Policy: isolate-and-require-corp\n  Cross-Origin-Resource-Policy: cross-origin\n');
});

test('the service worker adds exactly the headers that servers send', async () => {
  const { readFile } = await import('node:fs/promises');
  const worker = await readFile(new URL('../../public/isolation-sw.js', import.meta.url), 'utf8');
  for (const [name, value] of Object.entries(isolationHeaders)) assert.ok(worker.includes(`'${name}': '${value}'`), name);
});
