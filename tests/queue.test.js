// The producer and its consumers on the built page: the queue drawn, the
// slower side named, both engines agreeing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtSite, sweep, timelineLanes } from './built-site.js';

const site = builtSite();

test('producer and consumers: a lane for the producer, the queue drawn, the slower side named, both engines agree', { timeout: 180_000 }, async () => {
  const { page, problems } = await site.openPage();
  // Making a job costs ten times doing one: the producer is the bottleneck.
  const slowProducer = { jobs: 60, producer_work: 300, job_work: 30 };
  await sweep(page, 'queue', '1,2', slowProducer);
  assert.match(await page.textContent('#result-summary'), /2 consumers, longest queue \d+ of 8\. The producer is the bottleneck/);
  assert.equal(await timelineLanes(page), 3, 'two consumers and the producer');
  assert.match(await page.textContent('#timeline'), /making jobs/);
  const drawn = await page.evaluate(() => {
    const canvas = document.getElementById('image');
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let blue = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 2] > 200 && pixels[i] < 80) blue++;
    return blue;
  });
  assert.ok(drawn > 100, 'the queue length is drawn');
  const options = { experiment: 'queue', params: slowProducer, workers: '1,2', repetitions: 1 };
  const threads = await page.evaluate((o) => window.parlab.sweep(o), options);
  const processes = await page.evaluate((o) => window.parlab.sweep({ ...o, engine: 'processes' }), options);
  assert.equal(new Set([...threads.runs, ...processes.runs].map((r) => r.checksum)).size, 1);
  assert.ok(threads.runs.every((r) => r.details.longestQueue <= 8), 'the run details are in the export');
  assert.deepEqual(problems, []);
});
