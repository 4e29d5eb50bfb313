import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSse, percentile, seededRandom, sweepSummary } from './class-load.js';

test('SSE text splits into complete events; comments are skipped and the unfinished rest is kept', () => {
  const { events, rest } = parseSse(': keep-alive\n\nid: 7\nretry: 2000\ndata: {"kind":"joined"}\n\ndata: a\ndata: b\n\nid: 8\ndata: {"ki');
  assert.deepEqual(events, [{ id: 7, retry: 2000, data: '{"kind":"joined"}' }, { data: 'a\nb' }]);
  assert.equal(rest, 'id: 8\ndata: {"ki');
});

test('percentiles are nearest-rank', () => {
  const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(sorted, 0.5), 50);
  assert.equal(percentile(sorted, 0.99), 99);
  assert.equal(percentile([4], 0.99), 4);
});

test('summaries are in the shapes the server accepts: k = 1, 2, 4, min ≤ median ≤ max, 2–16 cores', () => {
  const random = seededRandom(3);
  for (let n = 0; n < 200; n += 1) {
    const summary = sweepSummary(random);
    assert.deepEqual(summary.ks.map((row) => row.k), [1, 2, 4]);
    for (const row of summary.ks) assert.ok(row.minMs <= row.medianMs && row.medianMs <= row.maxMs && row.speedup > 0, JSON.stringify(row));
    assert.ok(summary.cores >= 2 && summary.cores <= 16);
    assert.ok(summary.quiet.freeCores <= summary.cores);
    assert.ok(['chromium', 'firefox', 'safari', 'other'].includes(summary.browser));
  }
});
