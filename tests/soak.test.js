// A short soak (the same code as `npm run soak`): random sweeps on both
// engines with cancels, every result checked, and no engine holding more Web
// Workers than its coordinator and the largest k asked of it since it was last
// idle (or its warm helpers, one per core, if more); once idle, each engine
// is renewed with only its warm helpers (runSoak fails otherwise), and the
// browser gives the old engine's memory back: after the last probe sweep it holds no more
// than 10 % above what it held after the first (issue 10's target).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSoak } from '../bench/soak.js';

test('50 random sweeps with cancels: no failure, no worker left over, memory given back', { timeout: 360_000 }, async () => {
  const { failures, worstLiveWorkers, cancels, memoryTarget } = await runSoak({ sweeps: 50, seed: 2026, log: (line) => console.log(line) });
  assert.deepEqual(failures, []);
  for (const [engine, { live, largestK, allowed }] of Object.entries(worstLiveWorkers)) {
    assert.ok(live >= 2, `${engine}: the engine's count saw its workers (${live})`);
    // The coordinator and the larger of the sweep's largest k and the warm helpers (one per core).
    assert.ok(live <= allowed, `${engine}: ${live} live workers, largest k ${largestK}, at most ${allowed} allowed`);
  }
  assert.ok(cancels.asked > 0);
  assert.ok(memoryTarget.pass, `browser memory ${memoryTarget.first.toFixed(0)} MB after the first probe, ${memoryTarget.last.toFixed(0)} MB after the last`);
});
