import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readClassState, readLessonState, readUrlState, searchAfterSet, writeClassState, writeLessonState, writeUrlState } from './url-state.js';
import { defaultWorkers, defaults, experimentById, experiments } from '../experiments/index.js';

const context = (engines = ['threads', 'processes']) => ({
  experiments, engines, defaultsOf: defaults, defaultWorkersOf: (e) => defaultWorkers(e, 2), maxWorkersOf: (e) => e.maxWorkers(2),
});

test('a written state reads back exactly', () => {
  const state = {
    experiment: 'mandelbrot', values: { ...defaults(experimentById('mandelbrot')), schedule: 'static_blocks', size: 512 },
    workers: '1,2', repetitions: 5, mode: 'scaleup', engine: 'processes', inFlight: 1, includeStartup: true, fitAllK: true, gil: true, switchIntervalMs: 2.5, typedP: 0.9,
    embed: true, autorun: true, locked: false, theme: 'dark', panels: ['chart', 'timeline'], classCode: 'K7QP2MXA',
  };
  const search = writeUrlState(state, experimentById('mandelbrot'));
  assert.match(search, /^\?class=K7QP2MXA&/, "a student's page keeps its class");
  assert.match(search, /embed(&|$)/);
  assert.match(search, /workers=1,2/);
  assert.match(search, /inflight=1/);
  assert.doesNotMatch(search, /max_iter/, 'defaults stay out of the URL');
  assert.deepEqual(readUrlState(search, context()), { state, notes: [] });
});

test('an empty URL gives the first experiment with its defaults', () => {
  const { state, notes } = readUrlState('', context());
  assert.equal(state.experiment, experiments[0].id);
  assert.deepEqual(state.values, defaults(experiments[0]));
  assert.equal(state.embed, false);
  assert.equal(state.inFlight, 2);
  assert.deepEqual(notes, []);
});

test('nonsense is clamped or ignored, each time with a note', () => {
  const { state, notes } = readUrlState('?experiment=mandelbrot&size=999999&max_iter=abc&schedule=random&workers=-3&reps=0&mode=fast&p=2&theme=neon', context());
  assert.equal(state.experiment, 'mandelbrot');
  assert.equal(state.values.size, 4096);
  assert.equal(state.values.max_iter, 1000);
  assert.equal(state.values.schedule, 'dynamic');
  assert.equal(state.workers, '1,2');
  assert.equal(state.repetitions, 1);
  assert.equal(state.mode, 'speedup');
  assert.equal(state.typedP, null);
  assert.equal(state.theme, 'light');
  assert.equal(notes.length, 8);
});

test('an unknown experiment falls back to the first one, and threads are refused where they cannot run', () => {
  const { state, notes } = readUrlState('?experiment=teleport&engine=threads', context(['processes']));
  assert.equal(state.experiment, experiments[0].id);
  assert.equal(state.engine, null);
  assert.match(notes[0], /no experiment "teleport"/);
  assert.match(notes[1], /cannot run on this page/);
});

test('view= chooses the panels of an embed: aliases of the chart, combinations, and a note for unknown names', () => {
  const read = (search) => readUrlState(search, context());
  assert.deepEqual(read('?view=speedup,timeline').state.panels, ['chart', 'timeline']);
  assert.deepEqual(read('?view=scaleup+table').state.panels, ['chart', 'table']);
  assert.deepEqual(read('').state.panels, ['chart']);
  const { state, notes } = read('?view=timeline,hologram');
  assert.deepEqual(state.panels, ['timeline']);
  assert.match(notes[0], /"hologram" is not one of/);
  assert.deepEqual(read('?view=').state.panels, ['chart'], 'an empty view falls back to the chart');
  const written = writeUrlState({ ...read('?view=timeline,picture&mode=scaleup').state }, experimentById('toasts'));
  assert.match(written, /view=timeline,picture/);
  assert.match(writeUrlState({ ...read('?view=chart,timeline&mode=scaleup').state }, experimentById('toasts')), /view=scaleup,timeline/);
});

test('a task graph travels as one parameter, and a bad one is replaced by the default with a short note', () => {
  const breakfast = experimentById('breakfast');
  const tasks = 'coffee 5 machine; toast1 2 machine; toast2 2 machine after toast1; juice 1 hands';
  const { state } = readUrlState(`?experiment=breakfast&tasks=${encodeURIComponent(tasks)}&way=synchronous`, context());
  assert.equal(state.values.tasks, tasks);
  assert.equal(state.values.way, 'synchronous');
  assert.deepEqual(readUrlState(writeUrlState(state, breakfast), context()).state, state);

  const tooLong = readUrlState(`?experiment=breakfast&tasks=${'egg 1 hands; '.repeat(60)}`, context());
  assert.equal(tooLong.state.values.tasks, breakfast.params[0].default);
  assert.match(tooLong.notes[0], /at most 600 characters/);
  assert.ok(tooLong.notes[0].length < 200, 'the note does not repeat the whole list');
  assert.match(readUrlState('?experiment=breakfast&tasks=', context()).notes[0], /at least one task/);
});

test('a lesson and its step live in the URL and read back; the lab\'s URLs are not lessons', () => {
  const pages = [7, 10, 7, 9];
  assert.deepEqual(readLessonState('?experiment=toasts', pages), { view: 'lab', lesson: null, step: 1, notes: [] });
  assert.deepEqual(readLessonState('?lessons', pages), { view: 'lessons', lesson: null, step: 1, notes: [] });
  assert.deepEqual(readLessonState('?lesson=2&step=3&embed', pages), { view: 'lessons', lesson: 2, step: 3, notes: [] });
  assert.equal(writeLessonState({ lesson: 2, step: 3, embed: true }), '?lesson=2&step=3&embed');
  assert.equal(writeLessonState({ lesson: 4, step: 1, theme: 'dark' }), '?lesson=4&theme=dark');
  assert.equal(writeLessonState({ lesson: null }), '?lessons');
  for (const place of [{ lesson: 1, step: 7 }, { lesson: 3, step: 2, embed: true }, { lesson: null, step: 1 }]) {
    const read = readLessonState(writeLessonState(place), pages);
    assert.deepEqual({ lesson: read.lesson, step: read.step }, { lesson: place.lesson, step: place.step });
  }
});

test('a lesson or step that does not exist is replaced, with a note', () => {
  const pages = [7, 10];
  const far = readLessonState('?lesson=2&step=40', pages);
  assert.equal(far.step, 10);
  assert.match(far.notes[0], /steps 1 to 10; showing step 10/);
  const none = readLessonState('?lesson=9', pages);
  assert.equal(none.lesson, null);
  assert.match(none.notes[0], /no lesson 9/);
  assert.match(readLessonState('?lesson=two', pages).notes[0], /"two" is not a whole number/);
});

test('a set message changes what it names and keeps the rest of the page\'s state', () => {
  const mandelbrot = experimentById('mandelbrot');
  const { state: current } = readUrlState('?experiment=mandelbrot&size=512&workers=1,2&reps=5&mode=scaleup&theme=dark&embed', context());
  const search = searchAfterSet({ workers: [1, 2, 4], gil: false, switchIntervalMs: 2.5, inFlight: 1, params: { schedule: 'static_blocks' } }, current, mandelbrot);
  const { state, notes } = readUrlState(search, context());
  assert.deepEqual(notes, []);
  assert.deepEqual(state, {
    ...current, workers: '1,2,4', gil: false, switchIntervalMs: 2.5, inFlight: 1, values: { ...current.values, schedule: 'static_blocks' },
  });
});

test('a set message that switches experiment starts from its defaults, and its names reach the URL\'s', () => {
  const { state: current } = readUrlState('?experiment=mandelbrot&size=512&reps=5', context());
  const search = searchAfterSet({ experiment: 'toasts', repetitions: 7, gil: true, mode: 'scaleup', engine: 'threads' }, current, experimentById('mandelbrot'));
  assert.deepEqual(Object.fromEntries(new URLSearchParams(search)), { experiment: 'toasts', reps: '7', gil: '1', mode: 'scaleup', engine: 'threads' });
  const { state } = readUrlState(search, context());
  assert.deepEqual(state.values, defaults(experimentById('toasts')));
  assert.equal(state.repetitions, 7);
});

test('a set message while a control holds a bad value starts from the shown experiment\'s defaults', () => {
  const search = searchAfterSet({ params: { size: 256 } }, null, experimentById('mandelbrot'));
  assert.deepEqual(Object.fromEntries(new URLSearchParams(search)), { experiment: 'mandelbrot', size: '256' });
});

test("a page's part in a class: student, dashboard, opening one, or none with a note", () => {
  assert.deepEqual(readClassState('?class=k7qp2mxa'), { code: 'K7QP2MXA', role: 'student', embed: false, notes: [] }, 'codes are read in any case');
  assert.deepEqual(readClassState(writeClassState('K7QP2MXA', { dashboard: true, embed: true })), { code: 'K7QP2MXA', role: 'dashboard', embed: true, notes: [] });
  assert.equal(writeClassState('K7QP2MXA', { dashboard: true, embed: true }), '?class=K7QP2MXA&view=class&embed');
  assert.deepEqual(readClassState('?class=new'), { code: null, role: 'open', embed: false, notes: [] });
  assert.deepEqual(readClassState('?experiment=toasts'), { code: null, role: null, embed: false, notes: [] });
  const bad = readClassState('?class=<b>hi</b>');
  assert.equal(bad.role, null);
  assert.match(bad.notes[0], /not a class code/);
  assert.equal(readClassState('?class=ABCDEFG1').role, null, '1 is not in the alphabet');
  // view=class is the dashboard, not a panel the lab would complain about.
  const { state, notes } = readUrlState('?class=K7QP2MXA&view=class', context());
  assert.deepEqual(notes, []);
  assert.equal(state.classCode, 'K7QP2MXA');
  assert.equal(writeLessonState({ lesson: 2, step: 3, classCode: 'K7QP2MXA' }), '?class=K7QP2MXA&lesson=2&step=3');
});
