// The manual as a reader meets it: every relative link in the README and in
// docs/ leads to a file that exists, and every URL parameter the page reads
// (web/src/embed/url-state.js) is documented for instructors, and the bench
// table in docs/performance.md is what bench/results/latest.json renders to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DOC_PATH, RESULTS_PATH, withBenchTable } from '../bench/render-performance.js';

const pages = ['README.md', ...readdirSync('docs').filter((name) => name.endsWith('.md')).map((name) => join('docs', name))];

test('every relative link in the README and docs/ resolves to a file', () => {
  const broken = [];
  for (const page of pages) {
    for (const [, target] of readFileSync(page, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target) || target.startsWith('#')) continue;
      const path = join(dirname(page), target.split('#')[0]);
      if (!existsSync(path)) broken.push(`${page} → ${target}`);
    }
  }
  assert.deepEqual(broken, []);
});

test('every URL parameter the page reads is documented in docs/instructors.md', () => {
  const source = readFileSync('web/src/embed/url-state.js', 'utf8');
  const named = new Set([...source.matchAll(/(?:query\.(?:has|get|set)|pick|whole|flag)\('([a-z]+)'/g)].map((m) => m[1]));
  for (const flag of source.match(/const FLAGS = \[([^\]]*)\]/)[1].matchAll(/'([a-z]+)'/g)) named.add(flag[1]);
  assert.ok(named.size >= 15, `found only ${[...named].join(', ')}`);
  const manual = readFileSync('docs/instructors.md', 'utf8');
  const missing = [...named].filter((name) => !new RegExp(`\`${name}\\b|\\b${name}=`).test(manual));
  assert.deepEqual(missing, []);
});

test('the README is a front door: at most 200 lines, with the two commands and links to the manual', () => {
  const readme = readFileSync('README.md', 'utf8');
  assert.ok(readme.split('\n').length <= 200, `${readme.split('\n').length} lines`);
  assert.match(readme, /npm start/);
  assert.match(readme, /npm test/);
  for (const doc of ['students', 'instructors', 'experiments', 'architecture', 'performance', 'contributing']) assert.match(readme, new RegExp(`docs/${doc}\\.md`));
});

test('the bench table in docs/performance.md is what bench/results/latest.json renders to', () => {
  const doc = readFileSync(DOC_PATH, 'utf8');
  const results = JSON.parse(readFileSync(RESULTS_PATH, 'utf8'));
  assert.equal(doc, withBenchTable(doc, results), 'run node bench/render-performance.js (npm run bench -- --save runs it)');
});
