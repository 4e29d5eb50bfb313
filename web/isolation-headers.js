// The response headers every server of parlab sends (dev, preview, tests, and
// the _headers file for static hosts):
// - COOP + COEP make a top-level page cross-origin isolated (threads allowed).
// - Document-Isolation-Policy isolates the document by itself, so that in
//   Chromium the page keeps its threads even inside an iframe of a page that
//   is not isolated (a slide deck).
// - CORP cross-origin lets pages of other origins, which require CORP, load and frame it.
export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Document-Isolation-Policy': 'isolate-and-require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

/** The same headers in the `_headers` format that Netlify, Cloudflare Pages and others read. */
export function headersFile() {
  return `/*\n${Object.entries(isolationHeaders).map(([name, value]) => `  ${name}: ${value}`).join('\n')}\n`;
}
