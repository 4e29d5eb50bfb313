// A short soak (the same code as `npm run soak`): random sweeps on both
// engines with cancels, every result checked, and no engine holding more Web
// Workers than its coordinator and the largest k of its last sweep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSoak } from '../bench/soak.js';

test('50 random sweeps with cancels: no failure, no worker left over', { timeout: 300_000 }, async () => {
  const { failures, worstLiveWorkers, cancels } = await runSoak({ sweeps: 50, seed: 2026, log: (line) => console.log(line) });
  assert.deepEqual(failures, []);
  for (const [engine, { live, largestK }] of Object.entries(worstLiveWorkers)) {
    assert.ok(live >= 2, `${engine}: the engine's count saw its workers (${live})`);
    assert.ok(live <= largestK + 1, `${engine}: ${live} live workers, largest k ${largestK} + 1 coordinator`);
  }
  assert.ok(cancels.asked > 0);
});
