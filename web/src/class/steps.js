// What a class runs, one step at a time: a lesson's run step, or an experiment
// of the lab with its settings locked. Each has a place the student's page
// opens (a URL of the page, as a link would) and the course's figure that the
// dashboard draws beside the class's measurements.
import { experimentById } from '../experiments/index.js';
import { lessons } from '../lessons/index.js';

const lessonName = (number) => `lesson-${number}`;
const lessonNumber = (name) => Number(/^lesson-(\d+)$/.exec(name)?.[1] ?? NaN);

/** Every run step of every lesson, in course order, as a class step with a label to choose it by. */
export function lessonSteps() {
  return lessons.flatMap((lesson, i) => lesson.steps.flatMap((step, j) => (step.run
    ? [{ label: `Lesson ${i + 1}, step ${j + 1}: ${step.title}`, step: { kind: 'lesson', lesson: lessonName(i + 1), step: j + 1 } }]
    : [])));
}

/** The lesson's step that a class step names, or null if there is none (a class made by another version of parlab). */
export function lessonStepOf(step) {
  if (step?.kind !== 'lesson') return null;
  const number = lessonNumber(step.lesson);
  const data = lessons[number - 1]?.steps[step.step - 1];
  return data?.run ? { lesson: number, step: step.step, data } : null;
}

/** The run step after `step` in the course, or null after the last. */
export function nextLessonStep(step) {
  const all = lessonSteps();
  const at = all.findIndex((s) => s.step.lesson === step.lesson && s.step.step === step.step);
  return at >= 0 && at + 1 < all.length ? all[at + 1].step : null;
}

/** The worker counts an experiment step sweeps: 1, the powers of 2 below its largest k, and that k. */
export function workersUpTo(largest) {
  const ks = [];
  for (let k = 1; k < largest; k *= 2) ks.push(k);
  return [...ks, largest];
}

/** The query of the page a student opens for `step` in class `code` (the page reloads at each step). */
export function studentSearch(code, step) {
  const query = new URLSearchParams({ class: code });
  const lesson = lessonStepOf(step);
  if (lesson) {
    query.set('lesson', String(lesson.lesson));
    query.set('step', String(lesson.step));
  } else if (step?.kind === 'experiment') {
    query.set('experiment', step.experiment);
    for (const [name, value] of Object.entries(step.params)) query.set(name, String(value));
    query.set('workers', workersUpTo(step.workers).join(','));
    query.set('locked', '');
  }
  return `?${query}`.replace(/=(&|$)/g, '$1');
}

/**
 * What the step asks and the course's figure for it: { title, question, kind, unit, k, what, expected, course, options, expectedOption }.
 * `expected` is the course's number (for 'ideal', the k itself: what k workers would give with a core each);
 * `expectedOption` the position of the course's option in a choice.
 */
export function stepQuestion(step) {
  const lesson = lessonStepOf(step);
  if (lesson) {
    const { title, prediction, measure, course = null } = lesson.data;
    const expected = prediction.kind === 'number' ? (prediction.expected === 'ideal' ? measure.k : prediction.expected) : null;
    const choice = prediction.kind === 'choice';
    return {
      title, question: prediction.question, kind: prediction.kind, unit: prediction.unit ?? '', k: measure.k, what: measure.what, expected, course,
      options: choice ? prediction.options.map((o) => o.label) : null, expectedOption: choice ? prediction.expected : null,
    };
  }
  const k = step.workers;
  return {
    title: experimentById(step.experiment)?.title ?? step.experiment, question: `What speedup will ${k} workers reach on your machine?`, kind: 'number', unit: '×', k, what: 'speedup',
    expected: k, course: `The ideal: ${k} workers, ${k}× as fast.`, options: null, expectedOption: null,
  };
}
