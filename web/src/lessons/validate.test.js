import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lessons } from './index.js';
import { lessonProblems, questionProblems, stepProblems, untaughtConcepts } from './validate.js';
import lesson1 from './lesson-1.js';

for (const [i, lesson] of lessons.entries()) {
  test(`lesson ${i + 1} (${lesson.title}): every preset runs, every answer key and question holds`, () => {
    assert.deepEqual(lessonProblems(lesson), []);
  });
}

test('every concept the product teaches is taught by some step, and there are four lessons', () => {
  assert.equal(lessons.length, 4);
  assert.deepEqual(untaughtConcepts(lessons), []);
  assert.deepEqual(untaughtConcepts([lesson1]).includes('dask-spark'), true, 'the check can fail');
});

test('lesson 1 opens with the machine panel', () => {
  assert.equal(lesson1.steps[0].kind, 'machine');
});

const toastStep = lesson1.steps[1];

test('a preset the lab would refuse is found: an unknown parameter, a value out of range, a k beyond the workers', () => {
  assert.match(stepProblems({ ...toastStep, run: { ...toastStep.run, params: { toasts: 0 } } }).join(), /Toasts must be a whole number from 1/);
  assert.match(stepProblems({ ...toastStep, run: { ...toastStep.run, params: { slices: 3 } } }).join(), /no parameter "slices"/);
  assert.match(stepProblems({ ...toastStep, measure: { what: 'speedup', k: 8 } }).join(), /k = 8, which the workers 1,2,4 do not include/);
  assert.match(stepProblems({ ...toastStep, run: { ...toastStep.run, experiment: 'teleport' } }).join(), /no experiment "teleport"/);
  assert.match(stepProblems({ ...toastStep, run: { ...toastStep.run, gil: true, experiment: 'fork_join', params: {} } }).join(), /cannot run under a GIL/);
});

test('an answer key that cannot be judged is found', () => {
  const numberWithout = { ...toastStep, prediction: { kind: 'number', question: 'How fast?' } };
  assert.match(stepProblems(numberWithout).join(), /tolerance above 0/);
  const choice = (expected, options) => ({ ...toastStep, prediction: { kind: 'choice', question: 'Which?', options, expected } });
  assert.match(stepProblems(choice(3, [{ label: 'a', upTo: 1 }, { label: 'b' }])).join(), /expected option is not among/);
  assert.match(stepProblems(choice(0, [{ label: 'a' }, { label: 'b' }])).join(), /upper bound/);
  assert.match(stepProblems(choice(0, [{ label: 'a', upTo: 2 }, { label: 'b', upTo: 1 }, { label: 'c' }])).join(), /must increase/);
  assert.deepEqual(stepProblems(choice(0, [{ label: 'a', upTo: 2 }, { label: 'b' }])), []);
});

test('an explanation that leaves some measurement unexplained, or uses an unknown placeholder, is found', () => {
  assert.match(stepProblems({ ...toastStep, outcomes: [{ text: 'only one' }] }).join(), /at least two outcomes/);
  assert.match(stepProblems({ ...toastStep, outcomes: [{ below: 2, text: 'a' }, { below: 3, text: 'b' }] }).join(), /last outcome must have no condition/);
  assert.match(stepProblems({ ...toastStep, outcomes: [{ below: 2, text: '{speed}' }, { text: 'b' }] }).join(), /\{speed\} is not a placeholder/);
  assert.match(stepProblems({ ...toastStep, outcomes: [{ below: 2, text: '{values}' }, { text: 'b' }] }).join(), /needs variants/);
});

test('a question needs exactly one correct option, feedback for each, and a step that exists', () => {
  const good = lesson1.questions[0];
  assert.deepEqual(questionProblems(good, 6), []);
  const noneCorrect = { ...good, options: good.options.map((o) => ({ ...o, correct: undefined })) };
  assert.match(questionProblems(noneCorrect, 6).join(), /0 correct options/);
  const twoCorrect = { ...good, options: good.options.map((o) => ({ ...o, correct: true })) };
  assert.match(questionProblems(twoCorrect, 6).join(), /4 correct options/);
  const silent = { ...good, options: [...good.options.slice(1), { label: 'x' }] };
  assert.match(questionProblems(silent, 6).join(), /\(x\) has no feedback/);
  assert.match(questionProblems({ ...good, step: 9 }, 6).join(), /step 9, which the lesson does not have/);
});

test('the misconceptions are asked about, with the right answer correct', () => {
  const all = lessons.flatMap((lesson) => lesson.questions);
  const correct = (pattern) => all.find((q) => pattern.test(q.question)).options.find((o) => o.correct).label;
  assert.match(correct(/p = 0/), /^1: the same time/, 'Amdahl with p = 0 gives 1, not 0');
  assert.match(correct(/Two processes .* global list/), /Its own copy: sharing needs explicit shared memory or messages/);
  assert.match(correct(/CPython threads run concurrently on I\/O-bound/), /^Yes/);
});
