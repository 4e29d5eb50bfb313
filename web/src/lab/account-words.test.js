import assert from 'node:assert/strict';
import test from 'node:test';
import { contentionOf, lossAt, lossMeaning, offsetSentence } from './account-words.js';
import { accountRun } from './speedup-stack.js';

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

test('inflation names what the workers write in common first, on a quiet or a busy machine', () => {
  const contention = 'every increment writes the one shared counter';
  const quiet = lossMeaning('inflation', { k: 2, cores: 2, machine: { busy: false, reasons: [] }, contention });
  assert.match(quiet, /although the machine was quiet: every increment writes the one shared counter$/);
  assert.doesNotMatch(quiet, /hardware threads/);
  const busy = lossMeaning('inflation', { k: 2, cores: 2, machine: { busy: true, reasons: ['cores'], freeCores: 1.1, cores: 2 }, contention });
  assert.match(busy, /took longer per worker: every increment writes the one shared counter, and another program was using the cores, with about 1\.1 of the 2 cores free$/);
});

test('the shared counter contends for its counter on threads only, and not with partial counts', () => {
  const chromium = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36';
  const of = (strategy, engine = 'threads', userAgent = chromium) => contentionOf({ experiment: 'counter', params: { strategy }, engine, userAgent });
  assert.match(of('atomic'), /one shared counter, so a worker must first fetch its cache line .*in this browser the atomic add is also a compare-and-swap, tried again/);
  const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
  assert.doesNotMatch(of('atomic', 'threads', firefox), /compare-and-swap/, 'V8\'s code is not every browser\'s');
  assert.match(of('lock'), /the one shared counter and its lock/);
  assert.doesNotMatch(of('unsynchronized'), /compare-and-swap/);
  assert.equal(of('partials'), null);
  assert.equal(of('atomic', 'processes'), null);
  assert.equal(contentionOf({ experiment: 'mandelbrot', params: {}, engine: 'threads' }), null);
});

test('a part below zero is named when it makes the losses add up to more than the missing speedup', () => {
  const bar = { k: 2, speedup: 1.86, parts: { inflation: 0.21, message: 0.05, merge: 0.01, idle: -0.13 } };
  assert.equal(offsetSentence(bar), 'The losses add up to more than the missing 0.14 because idle (skew, serial parts, the end) came out at -0.13: ' +
    'the runs with 1 worker had more time that no lane accounted for than those at k = 2.');
  assert.equal(offsetSentence({ k: 2, speedup: 1.5, parts: { inflation: 0.5, idle: -0.001 } }), '', 'a rounding error is not named');
  // One worker computing 100 ms in a run of 130; two computing 60 ms each in runs of 70, with less unaccounted for.
  const runs = [
    { k: 1, timeMs: 130, account: accountRun([{ lane: 0, kind: 'compute', ms: 100 }], 1) },
    { k: 2, timeMs: 70, account: accountRun([0, 1].map((lane) => ({ lane, kind: 'compute', ms: 60 })), 2) },
  ];
  const record = { mode: 'speedup', ks: [1, 2], runs, includeStartup: false, hardwareConcurrency: 2, machine: { busy: false, reasons: [] } };
  assert.match(lossAt(record, 2), /^inflation \(same work, more time\) took 0\.29 of the missing 0\.14, offset by idle \(skew, serial parts, the end\) -0\.14 \(the same work/);
});
