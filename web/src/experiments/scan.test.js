import { test } from 'node:test';
import assert from 'node:assert/strict';
import scan from './scan.js';

const details = {
  rows_in: 2000, rows_out: 500, product_below: 250, kept_bytes: 500 * 20, gather: 'rows',
  first_rows: [{ order_id: 3, customer_id: 17, amount_cents: 1234 }, { order_id: 9, customer_id: 2, amount_cents: 500 }],
};

test('the summary gives rows in and out, the share kept and the bytes of the kept columns', () => {
  const text = scan.describeResult(details);
  assert.match(text, /^2,000 orders in, 500 out \(25\.0 %\): product id below 250; /);
  assert.match(text, /9\.8 KiB of kept columns\./);
  assert.match(text, /All of them came back to the coordinator; the first: #3 \(customer 17, 12\.34\), #9 \(customer 2, 5\.00\)\./);
});

test('with an aggregate only a summary per worker comes back, and nothing kept is fine', () => {
  assert.match(scan.describeResult({ ...details, gather: 'sum', first_rows: [] }), /Only a count and a checksum per worker came back\./);
  assert.match(scan.describeResult({ ...details, rows_out: 0, kept_bytes: 0, first_rows: [] }), /0 out \(0\.0 %\).*came back to the coordinator\.$/);
});
