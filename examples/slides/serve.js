// Serves the example deck on http://127.0.0.1:8126/examples/slides/ (no
// isolation headers, like a slide host) and the built lab (dist/) on
// http://127.0.0.1:8127/, a different origin: with parlab's isolation headers,
// or with none at all when run with --no-isolation. Stop with Ctrl-C.
import { isolationHeaders, serveStatic } from '../../tests/static-server.js';

const isolated = !process.argv.includes('--no-isolation');
const deck = await serveStatic('.', { port: 8126 });
const lab = await serveStatic('dist', { port: 8127, headers: isolated ? isolationHeaders : {} });
console.log(`lab:  ${lab.url} (${isolated ? 'with isolation headers: threads' : 'without isolation headers: processes engine'})`);
console.log(`deck: ${deck.url}examples/slides/`);
