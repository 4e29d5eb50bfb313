import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowsOfText, textOfRows } from './task-list.js';

const course = 'coffee 5 machine; toast1 2 machine; toast2 2 machine after toast1; juice 1 hands';

test('the text form becomes table rows and the rows give the same text back', () => {
  const rows = rowsOfText(course);
  assert.deepEqual(rows[2], { name: 'toast2', minutes: '2', kind: 'machine', after: 'toast1' });
  assert.equal(rows.length, 4);
  assert.equal(textOfRows(rows), course);
});

test('several dependencies, new lines and stray spaces read the same way', () => {
  const rows = rowsOfText('  egg 3 hands\n\njuice 0.5 hands after egg,toast ;');
  assert.deepEqual(rows, [
    { name: 'egg', minutes: '3', kind: 'hands', after: '' },
    { name: 'juice', minutes: '0.5', kind: 'hands', after: 'egg, toast' },
  ]);
  assert.equal(textOfRows(rows), 'egg 3 hands; juice 0.5 hands after egg, toast');
});

test('a row without a name is dropped; a half-filled row keeps what it has for the kernel to judge', () => {
  assert.equal(textOfRows([{ name: ' ', minutes: '1', kind: 'hands', after: '' }, { name: 'tea', minutes: '', kind: 'machine', after: '' }]), 'tea  machine');
});
