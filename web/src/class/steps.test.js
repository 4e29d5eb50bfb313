import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lessonStepOf, lessonSteps, nextLessonStep, stepQuestion, studentSearch, workersUpTo } from './steps.js';

test('every run step of the course can be a class step, and the next one follows it', () => {
  const steps = lessonSteps();
  assert.ok(steps.length >= 20);
  assert.deepEqual(steps[0].step, { kind: 'lesson', lesson: 'lesson-1', step: 2 }, "lesson 1's first step measures the machine: not a class step");
  assert.match(steps[0].label, /^Lesson 1, step 2: Four toasters$/);
  for (const { step } of steps) assert.ok(lessonStepOf(step), JSON.stringify(step));
  assert.deepEqual(nextLessonStep(steps[0].step), steps[1].step);
  assert.equal(nextLessonStep(steps.at(-1).step), null);
  assert.equal(lessonStepOf({ kind: 'lesson', lesson: 'lesson-9', step: 1 }), null, 'a step this version lacks');
});

test('a student opens the lesson step, or the experiment with its settings locked', () => {
  assert.equal(studentSearch('ABCDEFGH', { kind: 'lesson', lesson: 'lesson-1', step: 2 }), '?class=ABCDEFGH&lesson=1&step=2');
  assert.equal(studentSearch('ABCDEFGH', { kind: 'experiment', experiment: 'toasts', params: { toasts: 100 }, workers: 4 }),
    '?class=ABCDEFGH&experiment=toasts&toasts=100&workers=1%2C2%2C4&locked');
  assert.deepEqual(workersUpTo(1), [1]);
  assert.deepEqual(workersUpTo(6), [1, 2, 4, 6]);
});

test("a step's question and the course's figure", () => {
  const toasters = stepQuestion({ kind: 'lesson', lesson: 'lesson-1', step: 2 });
  assert.equal(toasters.kind, 'number');
  assert.equal(toasters.k, 4);
  assert.equal(toasters.expected, 4, "'ideal' is k workers with a core each");
  assert.match(toasters.course, /speedup of 4/);
  const experiment = stepQuestion({ kind: 'experiment', experiment: 'mandelbrot', params: {}, workers: 8 });
  assert.equal(experiment.expected, 8);
  assert.match(experiment.question, /8 workers/);
  assert.match(experiment.title, /^Mandelbrot/, "the experiment's title, not its id");
});
