// The image batch on the built page: the same thumbnails on both engines,
// drawn on the page, and the bytes the processes moved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtSite, sweep } from './built-site.js';

const site = builtSite();

test('image batch: the same thumbnails on both engines at every k, drawn on the page, and the bytes the processes moved', { timeout: 180_000 }, async () => {
  const { page, problems } = await site.openPage();
  const options = { experiment: 'image_batch', params: { images: 12, side: 128, thumb_side: 32, images_per_chunk: 2 }, workers: '1,2', repetitions: 1 };
  const picture = () => page.evaluate(() => {
    const canvas = document.getElementById('image');
    const data = canvas.getContext('2d').getImageData(0, 0, 32, 32).data;
    const greys = new Set();
    for (let i = 0; i < data.length; i += 4) greys.add(data[i]);
    return { size: [canvas.width, canvas.height], greys: greys.size, opaque: data[3] };
  });
  const threads = await page.evaluate((o) => window.parlab.sweep({ ...o, engine: 'threads' }), options);
  // Nine thumbnails of 32 px, three to a row with gaps of 4 px; the first one is a picture, not a blank.
  const drawn = await picture();
  assert.deepEqual(drawn.size, [104, 104]);
  assert.equal(drawn.opaque, 255);
  assert.ok(drawn.greys > 20, `the first thumbnail shows shapes and noise (${drawn.greys} grey levels)`);
  assert.match(await page.textContent('#result-summary'), /12 images of 128×128 px \(192\.0 KiB\) resized to 32×32 \(12\.0 KiB\)/);
  assert.equal(await page.textContent('#bytes-summary'), '');

  const processes = await page.evaluate((o) => window.parlab.sweep({ ...o, engine: 'processes' }), options);
  assert.equal((await picture()).opaque, 255);
  const checksums = new Set([...threads.runs, ...processes.runs].map((r) => r.checksum));
  assert.equal(checksums.size, 1, 'both engines and every k computed the same thumbnails');
  // Each process reads its own images (only their numbers go out); every thumbnail comes back
  // (12 × 32² bytes), each with the 8-byte hash its process took of it for the checksum.
  const gathered = 12 * (32 * 32 + 8);
  for (const run of processes.runs) assert.deepEqual(run.bytesMoved, { scatter: 0, shuffle: 0, gather: gathered });
  assert.equal(threads.runs[0].bytesMoved, undefined);
  // With the pixels sent, every image's pixels go out too (12 × 128² bytes), for the same thumbnails.
  const sent = await page.evaluate((o) => window.parlab.sweep({ ...o, params: { ...o.params, pixels: 'sent' }, engine: 'processes' }), options);
  assert.deepEqual(new Set(sent.runs.map((r) => r.checksum)), checksums);
  for (const run of sent.runs) assert.deepEqual(run.bytesMoved, { scatter: 12 * 128 * 128, shuffle: 0, gather: gathered });
  assert.match(await page.textContent('#bytes-summary'), /192\.0 KiB sent out with the tasks \(scatter\), 12\.1 KiB of results gathered back \(gather\)/);
  assert.deepEqual(problems, []);
});
