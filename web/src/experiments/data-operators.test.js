import { test } from 'node:test';
import assert from 'node:assert/strict';
import aggregate from './aggregate.js';
import wordCount from './word-count.js';

const top = [{ group: 'customer 0', revenue_cents: 123456, orders: 40 }, { group: 'customer 3', revenue_cents: 5000, orders: 2 }];
const aggregated = { rows: 1000, groups: 7, group_by: 'customer', strategy: 'one_lock', top };

test('the aggregate names its top groups in money, and on threads the measured lock waits and merge', () => {
  // The lock-wait segments cover 3.5 ms of display; the exact totals, which the sentence quotes, are 3.2 ms.
  const run = { records: [
    { worker: 0, kind: 'lock_wait', what: 'lock wait', start_ms: 1, end_ms: 3.5 }, { worker: 1, kind: 'lock_wait', what: 'lock wait', start_ms: 2, end_ms: 3 },
    { worker: 'merge', kind: 'merge', what: 'merge', start_ms: 10, end_ms: 10.25 },
  ], totals: [{ lane: 0, kind: 'lock_wait', ms: 2.3 }, { lane: 1, kind: 'lock_wait', ms: 0.9 }, { lane: 'merge', kind: 'merge', ms: 0.25 }] };
  const text = aggregate.describeResult(aggregated, { k: 2, engine: 'threads', run });
  assert.match(text, /^1,000 orders in 7 customers; top 2 by revenue: customer 0 \$1,234.56 \(40 orders\), customer 3 \$50.00 \(2 orders\)\./);
  assert.match(text, /under the one lock and waited 3.2 ms for them in all/);
  assert.match(text, /Merging took 0.3 ms \(the merge lane\)\. A share-nothing run would take no lock/);
  assert.match(aggregate.describeResult({ ...aggregated, strategy: 'partials' }, { k: 2, engine: 'threads', run }), /a map of its own, without locks/);
  assert.match(aggregate.describeResult(aggregated, { k: 2, engine: 'processes' }), /No locks between processes/);
});

test('the data operators refuse more rows or words than the generator makes, naming what fits', () => {
  assert.equal(aggregate.sizeError({ rows: 4_000_000 }, 2), null);
  assert.match(aggregate.sizeError({ rows: 4_000_000 }, 4), /Use at most 2,097,152 orders \(the largest k multiplies them by 4\)/);
  assert.match(wordCount.sizeError({ words: 9_000_000 }, 1), /at most 8,388,608 words\.$/);
  assert.deepEqual(aggregate.toEngine({ rows: 10, customer_skew: '1.5' }, 3), { rows: 30, customer_skew: 1.5 });
  assert.deepEqual(wordCount.toEngine({ words: 10, word_skew: '2', combiner: 'on' }, 2), { words: 20, word_skew: 2, combiner: true });
});

test('the word count gives its top words and the reducer that received the most pairs', () => {
  const details = { words: 100, distinct: 3, combiner: false, top: [['ba', 60], ['be', 30], ['bi', 10]], pairs_per_reducer: [30, 70] };
  const text = wordCount.describeResult(details, { k: 2, engine: 'threads' });
  assert.match(text, /^100 words, 3 distinct\. Top 3 words: ba 60; be 30; bi 10\. Reducer 1 of 2 received 70 % of the 100 pairs shuffled \(one per word: no combiner\)\.$/);
  assert.match(wordCount.describeResult({ ...details, combiner: true }, { k: 2, engine: 'processes' }), /after the combiner/);
});
