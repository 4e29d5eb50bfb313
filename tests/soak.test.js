// A short soak (the same code as `npm run soak`): random sweeps on both
// engines with cancels, every result checked, and no engine holding more Web
// Workers than its coordinator and the largest k asked of it since it was last
// idle (or its warm helpers, one per core, if more); once idle, each engine
// ends the helpers beyond its warm ones (runSoak fails otherwise).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSoak } from '../bench/soak.js';

test('50 random sweeps with cancels: no failure, no worker left over', { timeout: 300_000 }, async () => {
  const { failures, worstLiveWorkers, cancels } = await runSoak({ sweeps: 50, seed: 2026, log: (line) => console.log(line) });
  assert.deepEqual(failures, []);
  for (const [engine, { live, largestK, allowed }] of Object.entries(worstLiveWorkers)) {
    assert.ok(live >= 2, `${engine}: the engine's count saw its workers (${live})`);
    // The coordinator and the larger of the sweep's largest k and the warm helpers (one per core).
    assert.ok(live <= allowed, `${engine}: ${live} live workers, largest k ${largestK}, at most ${allowed} allowed`);
  }
  assert.ok(cancels.asked > 0);
});
