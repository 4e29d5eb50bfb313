import { test } from 'node:test';
import assert from 'node:assert/strict';
import { threadSupport } from './isolation.js';

test('threads need SharedArrayBuffer and cross-origin isolation', () => {
  assert.equal(threadSupport({ SharedArrayBuffer, crossOriginIsolated: true, isSecureContext: true }).ok, true);
  for (const scope of [{ SharedArrayBuffer, crossOriginIsolated: false }, { crossOriginIsolated: true }, {}]) {
    const verdict = threadSupport(scope);
    assert.equal(verdict.ok, false);
    assert.match(verdict.reason, /not cross-origin isolated/);
    assert.match(verdict.fix, /Cross-Origin-Embedder-Policy: require-corp/);
  }
  assert.match(threadSupport({ isSecureContext: false }).reason, /HTTPS/);
});
