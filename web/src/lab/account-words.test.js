import assert from 'node:assert/strict';
import test from 'node:test';
import { lossMeaning } from './account-words.js';

test('idle time on a busy machine names both of its causes and how the timeline tells them apart', () => {
  const busy = { busy: true, reasons: ['cores'], freeCores: 1.1, cores: 2 };
  const words = lossMeaning('idle', { k: 64, cores: 2, machine: busy });
  assert.match(words, /skew, a serial part or waiting for the slowest at the end/);
  assert.match(words, /on this busy machine, with about 1\.1 of the 2 cores free, waiting for a core/);
  assert.doesNotMatch(words, /most likely/, 'a run whose idle time is its own skew must not be blamed on the other program');
  const quiet = lossMeaning('idle', { k: 2, cores: 2, machine: { busy: false, reasons: [] } });
  assert.doesNotMatch(quiet, /busy|core/);
});

test('a sweep made busy by its spread alone, with the cores found free, does not blame another program', () => {
  const spread = { busy: true, reasons: ['spread'], freeCores: 1.9, cores: 2, oneWorkerSpread: 1.71 };
  const inflation = lossMeaning('inflation', { k: 2, cores: 2, machine: spread });
  assert.match(inflation, /because something took turns with the workers, its one-worker runs varying by 171 % though the cores were found free before the sweep \(another program or the browser's own work\)/);
  assert.doesNotMatch(inflation, /another program was using/);
  assert.match(lossMeaning('idle', { k: 2, cores: 2, machine: spread }), /varying by 171 % though the cores were found free/);
  assert.match(lossMeaning('inflation', { k: 4, cores: 2, machine: spread }), /took turns on the same cores, so each one's work took longer, and something else took turns with them too, its one-worker runs/);
  // Without a check before the sweep, the spread is all there is to quote.
  const unchecked = lossMeaning('inflation', { k: 2, cores: 2, machine: { ...spread, freeCores: null } });
  assert.match(unchecked, /because another program was using the cores, its one-worker runs varying by 171 %$/);
});

test('message time on a busy machine also names the coordinator waiting for a core', () => {
  const busy = { busy: true, reasons: ['cores'], freeCores: 1.1, cores: 2 };
  assert.match(lossMeaning('message', { k: 2, cores: 2, machine: busy }), /by message .*, and on this busy machine, with about 1\.1 of the 2 cores free, it also holds time spent waiting for a core, by the workers or by the coordinator that relays their messages$/);
  assert.doesNotMatch(lossMeaning('message', { k: 2, cores: 2, machine: { busy: false, reasons: [] } }), /busy|core/);
});

test('inflation on a quiet machine within the cores names shared caches and workers put on one core', () => {
  const words = lossMeaning('inflation', { k: 2, cores: 2, machine: { busy: false, reasons: [] } });
  assert.match(words, /although the machine was quiet and every worker had a core of its own: cores share caches, memory bandwidth and power, two of the cores the browser counts can be the two hardware threads of one physical core, and the operating system can put two workers on one core for a while/);
  assert.doesNotMatch(words, /another program/);
});
