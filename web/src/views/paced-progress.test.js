import { test } from 'node:test';
import assert from 'node:assert/strict';
import { afterPaint, pacedProgress } from './paced-progress.js';

test('progress shows the first step, then at most one per interval, and only a shown step waits for the paint', () => {
  let clock = 0;
  const shown = [];
  const onProgress = pacedProgress((p) => shown.push(p.done), { everyMs: 250, now: () => clock, painted: () => 'painted' });
  const returned = [];
  for (const [done, at] of [[0, 0], [1, 100], [2, 249], [3, 250], [4, 400], [5, 600]]) {
    clock = at;
    returned.push(onProgress({ done }));
  }
  assert.deepEqual(shown, [0, 3, 5]);
  assert.deepEqual(returned, ['painted', undefined, undefined, 'painted', undefined, 'painted']);
});

test('a hidden page paints nothing, so a run does not wait for it', async () => {
  assert.equal(await afterPaint({ visibilityState: 'hidden' }), undefined);
});
