import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boardSync } from './board-sync.js';

const board = (lastEventId, submitted) => ({ lastEventId, joined: 3, predicted: 3, submitted });

/** A sync whose fetches wait until the test answers them, in the order it chooses. */
function harness() {
  const fetches = [];
  const drawn = [];
  const counted = [];
  const sync = boardSync({
    fetchBoard: () => new Promise((resolve, reject) => fetches.push({ resolve, reject })),
    draw: (b) => drawn.push(b.lastEventId),
    showCounts: (c) => counted.push(c.submitted),
    pause: () => Promise.resolve(),
    onError: () => {},
  });
  return { sync, fetches, drawn, counted };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('a burst of events is fetched one board at a time, and an answer older than the newest event is fetched again', async () => {
  const { sync, fetches, drawn, counted } = harness();
  sync.show(board(4, 0));
  sync.event(5, board(5, 1));
  await settle();
  sync.event(6, board(6, 2));
  sync.event(7, board(7, 3));
  await settle();
  assert.equal(fetches.length, 1, 'no second fetch while one is out');
  fetches[0].resolve(board(5, 1));
  await settle();
  assert.equal(fetches.length, 2, 'the board older than event 7 is fetched again');
  fetches[1].resolve(board(7, 3));
  await settle();
  assert.equal(fetches.length, 2);
  assert.deepEqual(drawn, [4, 5, 7]);
  assert.equal(counted.at(-1), 3, 'the counts are the newest event\'s, never those of the older board');
  assert.deepEqual(counted, [0, 1, 2, 3, 3]);
});

test('a failed fetch stops the loop; the next event fetches again', async () => {
  const { sync, fetches, drawn } = harness();
  sync.event(1, board(1, 1));
  await settle();
  fetches[0].reject(new Error('429'));
  await settle();
  sync.event(2, board(2, 2));
  await settle();
  fetches[1].resolve(board(2, 2));
  await settle();
  assert.deepEqual(drawn, [2]);
});
