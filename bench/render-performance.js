// Regenerates the table section of docs/performance.md, between its two marker
// comments, from bench/results/latest.json: the report `npm run bench` printed
// for that run. `npm run bench -- --save` runs it after writing the JSON;
// `node bench/render-performance.js` runs it alone. tests/docs.test.js fails
// when the document's table differs from what the JSON renders to.
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { reportLines } from './report.js';

export const RESULTS_PATH = 'bench/results/latest.json';
export const DOC_PATH = 'docs/performance.md';
const BEGIN = '<!-- bench table: written by bench/render-performance.js from bench/results/latest.json; edit neither by hand -->';
const END = '<!-- end of bench table -->';

/** `markdown` with the text between the markers replaced by `results`' report. */
export function withBenchTable(markdown, results) {
  const begin = markdown.indexOf(BEGIN);
  const end = markdown.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${DOC_PATH} needs the marker comments ${BEGIN} and ${END}, in that order`);
  const table = ['```text', ...reportLines(results), '```'].join('\n');
  return `${markdown.slice(0, begin + BEGIN.length)}\n${table}\n${markdown.slice(end)}`;
}

export async function renderPerformanceDoc() {
  const results = JSON.parse(await readFile(RESULTS_PATH, 'utf8'));
  await writeFile(DOC_PATH, withBenchTable(await readFile(DOC_PATH, 'utf8'), results));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await renderPerformanceDoc();
