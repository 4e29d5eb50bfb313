// Checks that a lesson (data, see index.js) can be run and judged: every preset
// is a sweep the lab accepts (the experiments registry and the lab's own
// checks), every answer key is consistent, every explanation covers whatever
// the machine measures, and every question has one correct answer, feedback for
// each option and a step that shows it. Pure: returns the problems found.
import { experimentById } from '../experiments/index.js';
import { checkSweepOptions } from '../lab/lab.js';
import { CONCEPTS } from './index.js';
import { MEASURES, PLACEHOLDERS } from './judge.js';

const ENGINES = ['threads', 'processes'];
// The smallest machine a lesson must run on: worker counts are checked against its limits.
const CORES = 1;

/** @returns string[]: what is wrong with `lesson`, each naming where */
export function lessonProblems(lesson) {
  const problems = [];
  const say = (where, message) => problems.push(`${lesson.title ?? 'a lesson'}, ${where}: ${message}`);
  if (!lesson.title) say('title', 'missing');
  if (!(Number.isInteger(lesson.minutes) && lesson.minutes > 0)) say('minutes', 'a lesson says about how many minutes it takes');
  if (!(lesson.steps?.length >= 5 && lesson.steps.length <= 10)) say('steps', `a lesson has 5 to 10 steps, this one ${lesson.steps?.length ?? 0}`);
  if (!(lesson.questions?.length >= 3 && lesson.questions.length <= 5)) say('questions', `a lesson ends with 3 to 5 questions, this one ${lesson.questions?.length ?? 0}`);
  (lesson.steps ?? []).forEach((step, i) => stepProblems(step).forEach((p) => say(`step ${i + 1} (${step.title})`, p)));
  (lesson.questions ?? []).forEach((question, i) => questionProblems(question, lesson.steps?.length ?? 0).forEach((p) => say(`question ${i + 1}`, p)));
  return problems;
}

export function stepProblems(step) {
  const problems = [];
  if (!step.title) problems.push('no title');
  if (!Array.isArray(step.text) || step.text.length === 0) problems.push('no text');
  for (const concept of step.teaches ?? []) if (!(concept in CONCEPTS)) problems.push(`teaches "${concept}", which is not a concept in lessons/index.js`);
  if (step.kind === 'machine') return problems;
  if (step.kind !== undefined) return [...problems, `kind "${step.kind}" is neither a run step nor 'machine'`];
  const experiment = experimentById(step.run?.experiment);
  if (!experiment) return [...problems, `no experiment "${step.run?.experiment}"`];
  const preset = presetProblems(step.run, experiment);
  problems.push(...preset);
  if (preset.length === 0) problems.push(...measureProblems(step, experiment));
  problems.push(...predictionProblems(step));
  problems.push(...outcomeProblems(step));
  return problems;
}

function presetProblems(run, experiment) {
  const problems = [];
  const variants = run.variants ?? [{ label: 'the preset', params: {} }];
  if (run.variants && run.variants.length < 2) problems.push('variants: give at least two, or none');
  for (const variant of variants) {
    if (!variant.label) problems.push('a variant has no label');
    try {
      checkSweepOptions(experiment, { ...run, params: { ...run.params, ...variant.params } }, CORES, ENGINES);
    } catch (error) {
      problems.push(`${variant.label}: ${error.message}`);
    }
  }
  for (const control of run.controls ?? []) {
    if (control !== 'workers' && !experiment.params.some((p) => p.name === control)) problems.push(`control "${control}" is not a parameter of ${experiment.id}`);
  }
  return problems;
}

function measureProblems({ measure, run }, experiment) {
  const kind = MEASURES[measure?.what];
  if (!kind) return [`measure "${measure?.what}" is not one of ${Object.keys(MEASURES).join(', ')}`];
  const problems = [];
  const ks = checkSweepOptions(experiment, run, CORES, ENGINES).ks;
  if (!ks.includes(measure.k)) problems.push(`measures at k = ${measure.k}, which the workers ${ks.join(',')} do not include`);
  if (kind.mode && (run.mode ?? 'speedup') !== kind.mode) problems.push(`${measure.what} needs mode ${kind.mode}`);
  if (kind.param && !experiment.params.some((p) => p.name === kind.param)) problems.push(`${measure.what} needs an experiment with ${kind.param}`);
  if (measure.what === 'detail' && !measure.name) problems.push('a detail measure names the detail');
  return problems;
}

function predictionProblems({ prediction, run }) {
  if (!prediction?.question) return ['the prediction asks no question'];
  if (prediction.kind === 'number') {
    const problems = Number.isFinite(prediction.tolerance) && prediction.tolerance > 0 ? [] : ['a number prediction needs a tolerance above 0'];
    // What the course teaches to expect: a number, or 'ideal' (min(k, cores) on the machine that runs it).
    if (!(Number.isFinite(prediction.expected) || prediction.expected === 'ideal')) problems.push('a number prediction names the answer the course teaches (expected: a number or \'ideal\')');
    return problems;
  }
  if (prediction.kind !== 'choice') return [`prediction kind "${prediction.kind}" is neither number nor choice`];
  const problems = [];
  const options = prediction.options ?? [];
  if (options.length < 2) problems.push('a choice needs at least two options');
  if (!Number.isInteger(prediction.expected) || !options[prediction.expected]) problems.push('the expected option is not among the options');
  if (prediction.from === 'variants') {
    if (options.length !== (run.variants?.length ?? 0)) problems.push('a choice between variants has one option per variant');
    if (!['lowest', 'highest'].includes(prediction.best)) problems.push('a choice between variants says which is best: lowest or highest');
  } else {
    const bounds = options.slice(0, -1).map((o) => o.upTo);
    if (bounds.some((b) => !Number.isFinite(b)) || options.at(-1)?.upTo !== undefined) problems.push('ranges: every option but the last has an upper bound (upTo), the last none');
    if (bounds.some((b, i) => i > 0 && b <= bounds[i - 1])) problems.push('ranges: the upper bounds must increase');
  }
  return problems;
}

function outcomeProblems({ outcomes, prediction, run }) {
  const problems = [];
  if (!Array.isArray(outcomes) || outcomes.length < 2) return ['give at least two outcomes, so that the explanation covers both what the course expects and what it does not'];
  const conditioned = (o) => o.below !== undefined || o.above !== undefined || o.is !== undefined;
  if (conditioned(outcomes.at(-1))) problems.push('the last outcome must have no condition, so that every measurement is explained');
  for (const outcome of outcomes.slice(0, -1)) {
    if (!conditioned(outcome)) problems.push('only the last outcome may have no condition');
    for (const side of ['below', 'above']) {
      const bound = outcome[side];
      if (bound !== undefined && !(Number.isFinite(bound) || bound === 'ideal' || bound === 'cores')) problems.push(`${side} "${bound}" is not a number, 'ideal' or 'cores'`);
      if (bound !== undefined && prediction?.from === 'variants') problems.push('a choice between variants is explained by which one won (is), not by a bound');
    }
    if (outcome.is !== undefined && !(prediction?.kind === 'choice' && prediction.options?.[outcome.is])) problems.push(`is ${outcome.is} names no option`);
  }
  for (const outcome of outcomes) {
    if (!outcome.text) problems.push('an outcome has no text');
    for (const [, name] of (outcome.text ?? '').matchAll(/\{(\w+)\}/g)) {
      if (!PLACEHOLDERS.includes(name)) problems.push(`{${name}} is not a placeholder (${PLACEHOLDERS.join(', ')})`);
      if (name === 'values' && !run?.variants) problems.push('{values} needs variants');
    }
  }
  return problems;
}

export function questionProblems(question, stepCount) {
  const problems = [];
  if (!question.question) problems.push('no question');
  const options = question.options ?? [];
  if (options.length < 2) problems.push('fewer than two options');
  const correct = options.filter((o) => o.correct === true).length;
  if (correct !== 1) problems.push(`${correct} correct options; exactly one must be correct`);
  options.forEach((option, i) => {
    if (!option.label) problems.push(`option ${i + 1} has no label`);
    if (!option.feedback) problems.push(`option ${i + 1} (${option.label}) has no feedback`);
  });
  if (!(Number.isInteger(question.step) && question.step >= 1 && question.step <= stepCount)) problems.push(`links to step ${question.step}, which the lesson does not have`);
  return problems;
}

/** The concepts of CONCEPTS that no step of `lessons` teaches. */
export function untaughtConcepts(lessons) {
  const taught = new Set(lessons.flatMap((lesson) => lesson.steps.flatMap((step) => step.teaches ?? [])));
  return Object.keys(CONCEPTS).filter((concept) => !taught.has(concept));
}
