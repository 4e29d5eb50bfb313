// Breakfast on the built page: the task table edits the graph, and a cook who
// waits for the machines (synchronous) against one who does not (asynchronous).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtSite, sweep } from './built-site.js';

const site = builtSite();

test('breakfast: the table edits the graph; synchronous and asynchronous each run on one cook beside the machines, about 9 against 5 minutes', { timeout: 120_000 }, async () => {
  const { page, problems } = await site.openPage();
  await page.click('#experiment-list button[data-id="breakfast"]');
  const course = 'coffee 5 machine; toast1 2 machine; toast2 2 machine after toast1';
  assert.equal(await page.inputValue('#param-tasks'), course);
  await page.click('.task-table tfoot button');
  const added = page.locator('.task-table tbody tr').last();
  await added.locator('input[aria-label="task"]').fill('juice');
  assert.equal(await page.inputValue('#param-tasks'), `${course}; juice 1 hands`);
  await added.locator('input[aria-label="after"]').fill('toast9');
  await page.click('#run');
  await page.waitForFunction(() => /"juice" comes after "toast9"/.test(document.getElementById('error').textContent));
  await added.locator('button').click();
  assert.equal(await page.inputValue('#param-tasks'), course);

  const minutes = {};
  for (const way of ['synchronous', 'asynchronous']) {
    await page.selectOption('#param-way', way);
    await sweep(page, 'breakfast', '1');
    // By resource: the one cook, then each machine (toast1 and toast2 share the toaster).
    const lanes = await page.locator('#timeline svg g[aria-label="y-axis tick label"] text').allTextContents();
    assert.deepEqual(lanes, ['cook 1', 'coffee machine', 'toast machine'], way);
    assert.match(await page.textContent('#timeline'), /waiting for coffee/);
    const sentence = await page.textContent('#result-summary');
    assert.match(sentence, new RegExp(`for 9 minutes of tasks: ${way}, one cook`));
    minutes[way] = Number(sentence.match(/took ([\d.]+) minutes \(measured\)/)[1]);
  }
  console.log(`# breakfast at 10 ms a minute: synchronous ${minutes.synchronous} minutes, asynchronous ${minutes.asynchronous}`);
  // Waits never end early, so the synchronous cook takes at least the 9 minutes of tasks. Wake-ups on a
  // loaded machine come late by a varying amount, so the asynchronous 5 is only checked to be less
  // (the benchmark holds the 5/9 target).
  assert.ok(minutes.synchronous >= 8.9, JSON.stringify(minutes));
  assert.ok(minutes.asynchronous < minutes.synchronous, JSON.stringify(minutes));
  // On one process too: it starts the coffee and, while the machine runs, takes the toast it was sent.
  const onProcesses = {};
  for (const way of ['synchronous', 'asynchronous']) {
    const record = await page.evaluate((w) => window.parlab.sweep({ experiment: 'breakfast', params: { way: w }, workers: [1], repetitions: 1, engine: 'processes' }), way);
    onProcesses[way] = record.runs[0].timeMs;
  }
  assert.ok(onProcesses.asynchronous < onProcesses.synchronous, JSON.stringify(onProcesses));
  assert.deepEqual(problems, []);
});
