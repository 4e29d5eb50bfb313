// "Your machine" on the built page: the panel measures and shows every figure
// with its spread; on a page without threads it says which figures need them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtSite } from './built-site.js';
import { bandwidthWorkerCounts } from '../web/src/lab/machine.js';
import { seriousViolations } from './axe.js';

// One site as a host with parlab's headers serves it, one as a host that sends none.
const isolated = builtSite();
const plain = builtSite({ headers: {} });

const valueOf = (page, id) => page.textContent(`#machine-panel .finding-${id} td:nth-of-type(1)`);

test('the panel measures every figure of an isolated page, with its spread, and charts the bandwidth of 1..k workers', { timeout: 120_000 }, async () => {
  const { page, problems } = await isolated.openPage();
  await page.click('#machine-section > summary');
  await page.click('#machine-panel button.measure-machine');
  await page.waitForFunction(() => document.querySelector('#machine-panel .machine-status').textContent.startsWith('Measured at'), null, { timeout: 100_000 });
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.match(await valueOf(page, 'cores'), new RegExp(`^${cores} `));
  for (const id of ['compute', 'dispatch', 'message', 'wake-up', 'worker-start', 'server']) {
    assert.match(await valueOf(page, id), /^median \d+(\.\d+)? (µs|ms|M rounds\/s) \((min–max|p10–p90) \d/, id);
  }
  assert.match(await valueOf(page, 'bandwidth'), /^1 worker: median \d+\.\d GB\/s \(.*\); best \d+\.\d GB\/s with \d+$/);
  // One point per worker count measured, from 1 to the cores, and a text alternative.
  assert.equal(await page.locator('#machine-panel .machine-bandwidth svg g[aria-label="dot"] circle').count(), bandwidthWorkerCounts(cores).length);
  assert.match(await page.getAttribute('#machine-panel .machine-bandwidth svg', 'aria-label'), /memory bandwidth of 1 to \d+ workers/);
  assert.deepEqual(await seriousViolations(page), []);
  // Regions after an idle gap, as a run meets them (npm run bench prints both kinds).
  const afterIdle = await page.evaluate(() => window.parlab.measureDispatch(2, 20, 2, { idleUs: 500 }));
  assert.equal(afterIdle.length, 20);
  assert.ok(afterIdle.every((us) => us >= 0 && Number.isFinite(us)), String(afterIdle));
  const refused = await page.evaluate(() => window.parlab.measureDispatch(2, 20, 2, { idleUs: -1 }).then(() => 'accepted', (e) => e.message));
  assert.match(refused, /idleUs must be a whole number/);
  assert.deepEqual(problems, []);
  // The probes ended their workers: only the engines' own remain.
  const { total } = await page.evaluate(() => window.parlab.liveWorkers());
  assert.ok(total <= 2 + 2 * cores, `live workers: ${total}`);
});

test('window.parlab.measureMachine on a page without isolation measures what it can and says what needs threads', { timeout: 120_000 }, async () => {
  const { page, problems } = await plain.openPage();
  const machine = await page.evaluate(() => window.parlab.measureMachine());
  assert.equal(machine.compute.engine, 'processes');
  assert.equal(machine.compute.roundsPerS.length, 7);
  assert.ok(machine.compute.roundsPerS.every((r) => r > 1e6), machine.compute.roundsPerS.join(', '));
  assert.match(machine.bandwidth.error, /needs the threads engine/);
  assert.match(machine.wakeUp.error, /Atomics\.wait needs memory shared/);
  assert.equal(machine.message.timesUs.length, 100);
  assert.equal(machine.workerStart.timesMs.length, 10);
  assert.equal(machine.server.timesMs.length, 10);
  // The panel shows the measurement the API made.
  assert.equal(await valueOf(page, 'bandwidth'), 'not measured');
  assert.match(await valueOf(page, 'message'), /^median \d/);
  assert.deepEqual(problems, []);
});
