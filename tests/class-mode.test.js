// Class mode end to end, on loopback: an instructor and three students, each
// in a browser context of their own. The students join, predict, run and
// submit; the dashboard counts them, draws the histogram and, revealed, three
// curves; the instructor moves the class on and every student follows. And the
// static site alone says that there is no class server.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium } from './browser.js';
import { startClassServer } from './class-server.js';
import { serveStatic, isolationHeaders } from './static-server.js';

let browser;
let server;

before(async () => {
  browser = await launchChromium();
  server = await startClassServer();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function pageIn(context, url, problems) {
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  return page;
}

/** An instructor opens a class on "Four toasters": its dashboard page (in `instructor`) and join code. */
async function openClass(instructor, problems) {
  const dashboard = await pageIn(instructor, `${server.url}?class=new`, problems);
  await dashboard.selectOption('#class-first-step', { label: 'Lesson 1, step 2: Four toasters' });
  await dashboard.click('text=Open the class');
  await dashboard.waitForURL(/view=class/);
  return { dashboard, code: new URL(dashboard.url()).searchParams.get('class') };
}

test('an instructor and three students: join, predict, run, submit, reveal, and all follow to the next step', { timeout: 300_000 }, async () => {
  const problems = [];
  const instructor = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const { dashboard, code } = await openClass(instructor, problems);
  assert.match(code, /^[A-Z2-9]{8}$/);
  assert.equal(await dashboard.textContent('.class-code strong'), code);
  assert.equal(await dashboard.locator('.class-join svg path').count(), 1, 'the QR code is drawn');

  const predictions = [1.5, 2, 3.5];
  const students = [];
  for (const prediction of predictions) {
    // A context each: a laptop each, with its own storage and so its own client id.
    const page = await pageIn(await browser.newContext(), `${server.url}?class=${code.toLowerCase()}`, problems);
    await page.waitForURL(/lesson=1&step=2/);
    await page.fill('input[name="prediction"]', String(prediction));
    await page.click('.lesson-lab button[type="submit"]');
    students.push(page);
  }
  for (const page of students) {
    await page.waitForFunction(() => /your result is with the class/.test(document.getElementById('class-bar').textContent), null, { timeout: 150_000 });
  }
  await dashboard.waitForFunction(() => /3 joined · 3 predicted · 3 submitted/.test(document.querySelector('.class-counts').textContent), null, { timeout: 20_000 });
  await dashboard.waitForFunction(() => /Predictions \(3\)/.test(document.querySelector('.class-predictions').textContent));
  const counted = await dashboard.$$eval('.class-predictions svg g[aria-label="text"] text', (texts) => texts.reduce((sum, t) => sum + Number(t.textContent || 0), 0));
  assert.equal(counted, 3, 'the histogram holds every prediction');
  // Results wait for the reveal (the counts come with each event; the lists a moment later).
  await dashboard.waitForFunction(() => /3 measured results in/.test(document.querySelector('.class-results').textContent));

  await dashboard.click('text=Reveal the results');
  await dashboard.waitForSelector('.class-results svg');
  // The ideal, one line per student, the median.
  assert.equal(await dashboard.locator('.class-results svg g[aria-label="line"] path').count(), 3 + 2);
  assert.match(await dashboard.textContent('.class-note'), /^3 machines with \d+ cores measured\./);
  for (const page of students) await page.waitForFunction(() => /revealed/.test(document.getElementById('class-bar').textContent));

  await dashboard.click('text=Next step →');
  for (const page of students) await page.waitForURL(/lesson=1&step=3/, { timeout: 20_000 });
  await dashboard.waitForFunction(() => /^Step 2: Breakfast, one thing at a time/.test(document.querySelector('.class-step').textContent));
  await students[0].waitForFunction(() => /Breakfast, one thing at a time \(lesson 1, step 3\)/.test(document.getElementById('class-bar').textContent));

  // The slide: the same dashboard in 960×540, without scrollbars.
  const slide = await pageIn(instructor, `${server.url}?class=${code}&view=class&embed`, problems);
  await slide.setViewportSize({ width: 960, height: 540 });
  await slide.waitForSelector('.class-counts');
  assert.deepEqual(await slide.evaluate(() => [document.documentElement.scrollWidth - innerWidth, document.documentElement.scrollHeight - innerHeight]), [0, 0]);

  // A student's browser has no key: the dashboard refuses it, and the server would too.
  const intruder = await pageIn(await browser.newContext(), `${server.url}?class=${code}&view=class`, problems);
  await intruder.waitForSelector('.class-view .problem');
  assert.match(await intruder.textContent('.class-view'), /does not hold the instructor key/);
  assert.equal((await fetch(`${server.url}api/classes/${code}/dashboard`)).status, 401);
  assert.deepEqual(problems, []);
});

test('a prediction made while the page is still joining reaches the class', { timeout: 180_000 }, async () => {
  const problems = [];
  const { dashboard, code } = await openClass(await browser.newContext(), problems);
  const context = await browser.newContext();
  // A slow hall network: every join is answered 5 s late, so the student predicts and runs before it is.
  await context.route('**/api/classes/*/join', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await route.continue();
  });
  const student = await pageIn(context, `${server.url}?class=${code}`, problems);
  await student.waitForURL(/lesson=1&step=2/);
  await student.fill('input[name="prediction"]', '2');
  await student.click('.lesson-lab button[type="submit"]');
  assert.match(await student.textContent('#class-bar'), /Joining/, 'the prediction was made before the join was answered');
  await student.waitForFunction(() => /Your prediction is with the class; your result is with the class/.test(document.getElementById('class-bar').textContent), null, { timeout: 150_000 });
  await dashboard.waitForFunction(() => /1 joined · 1 predicted · 1 submitted/.test(document.querySelector('.class-counts').textContent), null, { timeout: 20_000 });
  assert.deepEqual(problems, []);
});

test('a result measured while the server is down arrives once it is back, and the dashboard catches up', { timeout: 180_000 }, async () => {
  const problems = [];
  const { dashboard, code } = await openClass(await browser.newContext(), problems);
  const student = await pageIn(await browser.newContext(), `${server.url}?class=${code}`, problems);
  await student.waitForURL(/lesson=1&step=2/);
  await student.waitForFunction(() => /Predict, then run/.test(document.getElementById('class-bar').textContent));
  await dashboard.waitForFunction(() => /^1 joined/.test(document.querySelector('.class-counts').textContent));

  // The page has run before (its engine and charts are loaded): a hall's Wi-Fi drops mid-lecture, not before the first run.
  await student.evaluate(() => window.parlab.sweep({ experiment: 'toasts', params: { toasts: 20 }, workers: '1,2', repetitions: 1 }));
  server.crash();
  await student.fill('input[name="prediction"]', '2');
  await student.click('.lesson-lab button[type="submit"]');
  await student.waitForFunction(() => /2 waiting to be sent again/.test(document.getElementById('class-bar').textContent), null, { timeout: 150_000 });
  assert.equal(await student.evaluate((key) => JSON.parse(localStorage.getItem(key)).length, `parlab-class-outbox:${code}`), 2, 'the prediction and the result wait in storage');

  await server.restart();
  await student.waitForFunction(() => /your result is with the class/.test(document.getElementById('class-bar').textContent), null, { timeout: 30_000 });
  // The dashboard's event stream reconnects and reads what it missed.
  await dashboard.waitForFunction(() => /1 joined · 1 predicted · 1 submitted/.test(document.querySelector('.class-counts').textContent), null, { timeout: 30_000 });
  // Failed fetches while the server was down are the browser's own console errors, not the page's.
  assert.deepEqual(problems, []);
});

test('the static site alone: a class page says the class server cannot be reached, and the lab works', { timeout: 120_000 }, async () => {
  const site = await serveStatic('dist', { headers: isolationHeaders });
  try {
    const page = await browser.newPage();
    await page.goto(`${site.url}?class=K7QP2MXA`);
    await page.waitForFunction(() => /cannot be reached/.test(document.getElementById('class-bar').textContent));
    await page.waitForFunction(() => window.parlab);
    const record = await page.evaluate(() => window.parlab.sweep({ experiment: 'toasts', params: { toasts: 20 }, workers: '1,2', repetitions: 1 }));
    assert.deepEqual(record.ks, [1, 2]);
  } finally {
    await site.close();
  }
});
