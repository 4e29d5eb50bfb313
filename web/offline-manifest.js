// What the service worker keeps for offline use, stamped into the built
// dist/isolation-sw.js by vite.config.js once every file is written: the list
// of the site's files, the shell among them (what the page loads before its
// first Run, which the worker fetches when it installs; it caches the rest as
// the page uses it, and all of it once a first sweep has run), and a version,
// the hash of their contents. A new
// deployment thus has a new worker script, which the browser installs beside
// the old one; it fills a cache of its own and deletes the old caches when it
// takes over (web/public/isolation-sw.js).
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export const SERVICE_WORKER = 'isolation-sw.js';
// Not part of the site a page loads: the worker itself, the host's header file,
// wasm-pack's .gitignore, and the file of the server round trip, which must come from the server.
const LEFT_OUT = new Set([SERVICE_WORKER, '_headers', 'ping.txt']);
const leftOut = (path) => LEFT_OUT.has(path) || path.endsWith('/.gitignore');

export const PLACEHOLDERS = { version: "const VERSION = 'development';", files: 'const PRECACHE = [];', shell: 'const SHELL = [];' };

/**
 * The shell: the page and what its HTML loads (its script, its styles and the
 * chunks they preload), from the HTML's own references to the site's files.
 */
export function shellOf(html, files) {
  const referenced = new Set([...html.matchAll(/(?:src|href)="\.?\/?([^"?#]+)"/g)].map((m) => m[1]));
  return ['./', ...files.filter((path) => referenced.has(path))];
}

/**
 * The files to keep (paths relative to the site's root, sorted, plus './' for
 * the page itself) and their version, from `files` [{ path, bytes }].
 */
export function precacheManifest(files) {
  const kept = files.filter((f) => !leftOut(f.path)).sort((a, b) => (a.path < b.path ? -1 : 1));
  const hash = createHash('sha256');
  for (const { path, bytes } of kept) hash.update(`${path}\0${bytes.length}\0`).update(bytes);
  return { version: hash.digest('hex').slice(0, 16), files: ['./', ...kept.map((f) => f.path)] };
}

/** The worker's source with the manifest in place of its placeholders; refuses a source without them. */
export function stampServiceWorker(source, { version, files, shell = files }) {
  for (const placeholder of Object.values(PLACEHOLDERS)) {
    if (!source.includes(placeholder)) throw new Error(`${SERVICE_WORKER} has no "${placeholder}" to stamp: the offline cache would not be versioned.`);
  }
  return source
    .replace(PLACEHOLDERS.version, `const VERSION = ${JSON.stringify(version)};`)
    .replace(PLACEHOLDERS.files, `const PRECACHE = ${JSON.stringify(files)};`)
    .replace(PLACEHOLDERS.shell, `const SHELL = ${JSON.stringify(shell)};`);
}

async function filesUnder(root, folder = root) {
  const found = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...await filesUnder(root, path));
    else found.push({ path: relative(root, path).split(sep).join('/'), bytes: await readFile(path) });
  }
  return found;
}

/** Stamps `outDir`'s service worker with the manifest of everything else in `outDir`; resolves with the manifest. */
export async function stampBuiltSite(outDir) {
  const manifest = precacheManifest(await filesUnder(outDir));
  manifest.shell = shellOf(await readFile(join(outDir, 'index.html'), 'utf8'), manifest.files);
  const worker = join(outDir, SERVICE_WORKER);
  await writeFile(worker, stampServiceWorker(await readFile(worker, 'utf8'), manifest));
  return manifest;
}
