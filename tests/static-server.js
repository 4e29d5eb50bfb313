// A minimal static file server for the built page, with or without the
// cross-origin isolation headers, so tests see what a real host serves.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

export { isolationHeaders } from '../web/isolation-headers.js';

/**
 * Serves `root` on localhost (`port` 0: any free port); resolves with { url, close }.
 * `hide` lists paths (a folder ends with '/') answered 404, as by a host with an incomplete copy.
 */
export function serveStatic(root, { headers = {}, port = 0, hide = [] } = {}) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    if (hide.some((hidden) => path.slice(1).startsWith(hidden))) {
      response.writeHead(404, headers).end('not found');
      return;
    }
    const file = join(base, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(base)) {
      response.writeHead(403).end();
      return;
    }
    try {
      // As real hosts (and Vite's servers) do: a validator, and "ask again
      // before reuse", so that a browser revalidates what it has instead of
      // downloading it anew (every helper worker loads the same two scripts).
      const { size, mtimeMs } = await stat(file);
      const etag = `"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
      const cacheHeaders = { ETag: etag, 'Cache-Control': 'no-cache' };
      if (request.headers['if-none-match'] === etag) {
        response.writeHead(304, { ...cacheHeaders, ...headers }).end();
        return;
      }
      const body = await readFile(file);
      response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', ...cacheHeaders, ...headers });
      response.end(body);
    } catch {
      response.writeHead(404, headers).end('not found');
    }
  });
  return new Promise((done) => {
    server.listen(port, '127.0.0.1', () => {
      done({ url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}
