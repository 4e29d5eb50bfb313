// What a visit fetched from the server, and what that weighs once gzipped, as
// a server that compresses would send it. Shared by tests/offline.test.js (a
// first visit's 150 kB limit) and the bench's first-visit rows.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Starts recording the site paths that the server answered with a file for
 * `context` (the page, its workers and its service worker alike; './' for the
 * page itself). Returns the live list, in order of answer, repeats included.
 */
export function recordFetchedPaths(context) {
  const fetched = [];
  context.on('response', (response) => {
    // Blob and data URLs are the page's own copies, not fetched.
    const url = URL.canParse(response.url()) && new URL(response.url());
    if (response.ok() && /^https?:$/.test(url?.protocol)) fetched.push(url.pathname.slice(1) || './');
  });
  return fetched;
}

/** Bytes of the site's files at `paths` (each counted once) in `root`, once gzipped. */
export async function gzippedBytes(root, paths) {
  const sizes = await Promise.all([...new Set(paths)].map(async (path) => (
    gzipSync(await readFile(join(root, path === './' ? 'index.html' : path))).length)));
  return sizes.reduce((sum, n) => sum + n, 0);
}

/** Resolves once `fetched` has not grown for `quietMs` (or after `limitMs`). */
export async function untilNoFetchFor(fetched, quietMs, limitMs = 30_000) {
  const start = Date.now();
  let count = -1;
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() - start < limitMs) {
    if (fetched.length !== count) [count, since] = [fetched.length, Date.now()];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
