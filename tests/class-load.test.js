// The class server's fault drill, short enough for every `npm test`: a hall of
// 60 students (bench/class-load.js, which `npm run class:load` runs with 300)
// against the debug parlab-class, killed with kill -9 once half of the
// submissions are acknowledged and started again on the same database. No
// acknowledged submission may be lost, every student's retries must end
// acknowledged, and both dashboards must reconnect (Last-Event-ID) and see
// every event once, in order, up to the final counts. Timing is printed by the
// load tool, not asserted here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dashboardComplete, runHall } from '../bench/class-load.js';

// `cargo test --workspace` (npm run test:native) builds it for the server's own integration tests.
const BINARY = 'target/debug/parlab-class';

test('kill -9 in the middle of a hall of 60 loses no acknowledged submission, and the dashboards catch up', { timeout: 300_000 }, async () => {
  if (!existsSync(BINARY)) execFileSync('cargo', ['build', '-p', 'parlab-class'], { stdio: 'inherit' });
  const figures = await runHall({ binary: BINARY, students: 60, sweeps: 3, seconds: 6, dashboards: 2, kills: 1 });

  assert.deepEqual(figures.failures, []);
  const [kill] = figures.kills;
  assert.ok(kill, 'the load ended before the kill: nothing was tested');
  assert.ok(kill.acknowledgedBefore < figures.planned, 'every submission came before the kill: nothing was tested');
  assert.equal(figures.acknowledged, figures.planned, 'every submission ends acknowledged, after retries');
  assert.deepEqual(figures.lost, []);
  assert.equal(figures.storedResults, figures.planned);
  for (const dashboard of figures.dashboards) {
    assert.ok(dashboard.reconnects >= 1, 'the dashboard never lost its stream: the kill did not reach it');
    const firstOutOfOrder = dashboard.outOfOrder.slice(0, 5);
    assert.ok(dashboardComplete(dashboard, figures), JSON.stringify({ ...dashboard, outOfOrder: firstOutOfOrder, finalEventId: figures.finalEventId }));
  }
});
