// Says why a coordinator could not load a file it needs, so that the reader
// can fix it. A file missing from the server (a checkout whose wasm was never
// built, an incomplete copy of dist/) is the usual cause, and a failed import
// or worker start does not say so: only asking the server again tells.

const FIX = 'If you run parlab from a checkout, `npm run build:wasm` (or `npm start`) builds it; '
  + 'if it is hosted, the copy of dist/ is incomplete.';

// Dev servers answer unknown paths with the page itself; asking for a script or
// wasm (not HTML) keeps that fallback out of the answer.
async function isMissing(url) {
  try {
    const response = await fetch(url, { method: 'HEAD', cache: 'no-store', headers: { Accept: 'text/javascript, application/wasm' } });
    return response.status === 404 || (response.headers.get('Content-Type') ?? '').startsWith('text/html');
  } catch {
    return false;
  }
}

/**
 * An Error about `what` (e.g. "parlab's compute module"), naming the first of
 * `urls` that the server does not have; otherwise one that passes on `error`.
 */
export async function loadFailure(what, urls, error) {
  for (const url of urls) {
    if (await isMissing(url)) return new Error(`${what} was not found at ${url}. ${FIX}`);
  }
  return new Error(`Could not load ${what} from ${urls[0]} (${error?.message ?? error}).`);
}

/** The wasm file that wasm-bindgen's `--target web` glue at `glueUrl` loads by default. */
export const wasmUrlOf = (glueUrl) => glueUrl.replace(/\.js$/, '_bg.wasm');
