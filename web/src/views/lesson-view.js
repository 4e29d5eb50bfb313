// Draws the Lessons view: the list of lessons, one step of a lesson (its text,
// a compact lab with only the controls the step needs, a prediction that must
// be made before Run, and after the run the prediction beside the measurement
// with an explanation of what was measured), and a lesson's questions.
// Everything that measures or draws the lab's panels comes in `deps` from lessons-on-lab.js.
import { judgeStep, verdictSentence } from '../lessons/judge.js';
import { pageCount } from '../lessons/index.js';
import { isCancellation } from '../engine/cancellation.js';

const element = (tag, properties = {}, ...children) => {
  const made = Object.assign(document.createElement(tag), properties);
  made.append(...children);
  return made;
};
const paragraphs = (texts) => texts.map((text) => element('p', { textContent: text }));

/**
 * @param container the view's element
 * @param deps {
 *   lessons, progress (LessonProgress), cores, engines (the lab's engines, preferred first),
 *   experimentById, renderParams, readParams (views/params-form.js),
 *   run(options, onProgress) → Promise<record>: one checked sweep on the lab (options as window.parlab.sweep's),
 *   cancel(), drawChart([{ label, record }], size, { byTime }) → Element, drawTimeline(record, run, size) → Element, mountMachine(container),
 *   navigate({ lesson, step }): the URL follows, embed: boolean,
 *   onPredicted?({ lesson, step }, prediction), onMeasured?({ lesson, step }, records): told of each prediction at Run
 *     and of each finished step's records, in order (class mode sends them to the class) }
 * @returns {{ show({ lesson, step }, { focus }) }} lesson null shows the list; numbers from 1
 */
export function mountLessons(container, deps) {
  let running = false;

  function show(place, { focus = false } = {}) {
    const { lesson, step } = place;
    if (lesson === null) container.replaceChildren(lessonList());
    else {
      const data = deps.lessons[lesson - 1];
      container.replaceChildren(step > data.steps.length ? questionsPage(lesson, data) : stepPage(lesson, data, step));
    }
    if (focus) container.querySelector('h2')?.focus();
  }

  // Moving on during a run is allowed: the sweep finishes (or is cancelled) without a step to show it.
  const go = (place) => {
    deps.navigate(place);
    show(place, { focus: true });
  };
  const button = (text, onClick, properties = {}) => {
    const made = element('button', { type: 'button', textContent: text, ...properties });
    made.addEventListener('click', onClick);
    return made;
  };

  function lessonList() {
    const items = deps.lessons.map((lesson, i) => {
      const done = deps.progress.of(i + 1).done.length;
      return element('li', { className: 'lesson-card' },
        element('h3', { textContent: `Lesson ${i + 1}: ${lesson.title}` }),
        element('p', { textContent: lesson.summary }),
        element('p', { className: 'hint', textContent: `${lesson.steps.length} steps and ${lesson.questions.length} questions; ${done} step${done === 1 ? '' : 's'} done.` }),
        button(done ? 'Continue' : 'Start', () => go({ lesson: i + 1, step: firstUndone(i + 1, lesson) })),
        ' ',
        button('Start over', () => {
          deps.progress.startOver(i + 1);
          show({ lesson: null });
        }, { disabled: done === 0 && Object.keys(deps.progress.of(i + 1).answers).length === 0 }));
    });
    return element('section', { className: 'lesson-list' },
      element('h2', { tabIndex: -1, textContent: 'Lessons' }),
      element('p', { className: 'hint', textContent: 'Guided tours on measurements of this machine: each step asks for your prediction, then measures it. Your progress stays in this browser.' }),
      element('ol', {}, ...items));
  }

  function firstUndone(number, lesson) {
    const { done } = deps.progress.of(number);
    const next = lesson.steps.findIndex((_, i) => !done.includes(i + 1));
    return next === -1 ? lesson.steps.length + 1 : next + 1;
  }

  /** Where the student is, with the ways to move: the lesson list, start over, previous and next. */
  function crumbs(number, lesson, step) {
    const pages = pageCount(lesson);
    const where = step > lesson.steps.length ? 'Questions' : `Step ${step} of ${lesson.steps.length}`;
    const top = element('p', { className: 'lesson-crumb full-only' },
      button('All lessons', () => go({ lesson: null })), ` Lesson ${number}: ${lesson.title} · ${where} `,
      button('Start over', () => {
        deps.progress.startOver(number);
        go({ lesson: number, step: 1 });
      }));
    const moves = element('nav', { className: 'step-nav full-only', ariaLabel: 'Steps' },
      button('← Previous', () => go({ lesson: number, step: step - 1 }), { disabled: step === 1 }),
      step < pages ? button(step === pages - 1 ? 'Questions →' : 'Next →', () => go({ lesson: number, step: step + 1 }))
        // After the questions: on to the next lesson, or back to the list after the last one.
        : number < deps.lessons.length ? button(`Lesson ${number + 1}: ${deps.lessons[number].title} →`, () => go({ lesson: number + 1, step: 1 }))
          : button('All lessons →', () => go({ lesson: null })));
    return { top, moves };
  }

  function stepPage(number, lesson, stepNumber) {
    const step = lesson.steps[stepNumber - 1];
    const { top, moves } = crumbs(number, lesson, stepNumber);
    const heading = element('h2', { tabIndex: -1, textContent: step.title });
    // The course's own figure waits for the run, to be read beside the measurement.
    const text = element('div', { className: 'lesson-text' }, ...paragraphs(step.text));
    const page = element('article', { className: 'lesson-step' }, top, heading);
    if (step.kind === 'machine') {
      const panel = element('div', { className: 'machine' });
      page.append(text, panel, moves);
      deps.mountMachine(panel);
      deps.progress.markDone(number, stepNumber);
      return page;
    }
    const result = element('section', { className: 'lesson-result', ariaLabel: 'Result', ariaLive: 'polite' });
    page.append(element('div', { className: 'lesson-body' }, element('div', { className: 'lesson-left' }, text, runForm(number, stepNumber, step, result)), result), moves);
    return page;
  }

  /** The compact lab: the step's controls, the prediction, Run (enabled once a prediction is made). */
  function runForm(number, stepNumber, step, result) {
    const experiment = deps.experimentById(step.run.experiment);
    const form = element('form', { className: 'lesson-lab', noValidate: true });
    const shown = { ...experiment, params: experiment.params.filter((p) => step.run.controls.includes(p.name)) };
    const controls = element('div', { className: 'row lesson-controls' });
    if (shown.params.length) {
      deps.renderParams(controls, shown, { ...Object.fromEntries(experiment.params.map((p) => [p.name, p.default])), ...step.run.params });
      // The lab's own form is on the page too: its ids stay unique.
      for (const input of controls.querySelectorAll('[id]')) input.id = `lesson-${input.id}`;
    }
    const workers = element('input', { type: 'text', value: step.run.workers, size: 10, name: 'workers' });
    if (step.run.controls.includes('workers')) controls.append(element('label', {}, 'Workers k', workers));
    if (controls.childElementCount) form.append(controls);

    const prediction = predictionField(step, deps.progress.of(number).predictions[stepNumber]);
    const run = element('button', { type: 'submit', textContent: 'Run', disabled: true });
    const cancel = button('Cancel', () => deps.cancel(), { hidden: true });
    const status = element('span', { className: 'lesson-status', ariaLive: 'polite', textContent: 'Make your prediction to enable Run.' });
    const progress = element('progress', { max: 1, value: 0, hidden: true });
    const enable = () => { run.disabled = running || prediction.value() === null; };
    prediction.element.addEventListener('input', enable);
    prediction.element.addEventListener('change', enable);
    enable();
    form.append(prediction.element, element('div', { className: 'row' }, run, cancel, progress, status));

    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const predicted = prediction.value();
      if (predicted === null || running) return;
      let values;
      try {
        values = { ...step.run.params, ...(shown.params.length ? deps.readParams(controls, shown) : {}) };
      } catch (error) {
        status.textContent = error.message;
        return;
      }
      deps.progress.recordPrediction(number, stepNumber, predicted);
      deps.onPredicted?.({ lesson: number, step: stepNumber }, predicted);
      result.replaceChildren();
      running = true;
      run.disabled = true;
      cancel.hidden = false;
      progress.hidden = false;
      try {
        const records = await measure(step, values, workers.value, (text, fraction) => {
          status.textContent = text;
          progress.value = fraction;
        });
        showJudged(result, step, records.map((r) => r.record), predicted, () => form.requestSubmit());
        showTimelineOf(result, step, records.at(-1));
        status.textContent = 'Done. Change your prediction or the settings and run again, or go on.';
        deps.progress.markDone(number, stepNumber);
        deps.onMeasured?.({ lesson: number, step: stepNumber }, records.map((r) => r.record));
      } catch (error) {
        status.textContent = '';
        const message = isCancellation(error) ? 'Cancelled: nothing was measured. Press Run to measure again.' : error.message;
        result.replaceChildren(element('p', { className: 'problem', role: 'alert', textContent: message }));
      } finally {
        running = false;
        cancel.hidden = true;
        progress.hidden = true;
        enable();
      }
    });
    return form;
  }

  /** Runs the step's sweep, once per variant; resolves with their `{ record, timelines }`. */
  async function measure(step, values, workers, report) {
    const { variants = [{ label: null, params: {} }], experiment, repetitions, mode, gil, includeStartup, inFlight } = step.run;
    // A step about threads (or the GIL, which only threads have) would explain what did not run: it is refused instead.
    const engine = step.run.engine ?? (gil ? 'threads' : undefined);
    if (engine && !deps.engines.includes(engine)) {
      throw new Error(`This step needs the ${engine} engine, which this page cannot use: it is not cross-origin isolated, so it has no shared memory. Open parlab in a tab of its own (the note at the top of the page says how), or go on to the next step.`);
    }
    const records = [];
    for (const [i, variant] of variants.entries()) {
      const which = variant.label ? `${variant.label} (${i + 1} of ${variants.length}): ` : '';
      const measured = await deps.run({ experiment, params: { ...values, ...variant.params }, workers, repetitions, mode, engine, gil, includeStartup, inFlight },
        ({ done, total, k, warmUp }) => report(`${which}k = ${k}${warmUp ? ', warm-up' : ''} (run ${done + 1} of ${total})`, (i + done / total) / variants.length));
      records.push(measured);
    }
    return records;
  }

  /**
   * For an experiment whose timeline tells the story (a breakfast's cooks and
   * machines), the timeline of the measured run at the step's k (of the last variant).
   */
  function showTimelineOf(result, step, { record, timelines }) {
    const run = timelines[step.measure.k];
    if (!run || !deps.experimentById(step.run.experiment).timelineView) return;
    // A slide has room for one graph: the chart, where the step has one.
    if (deps.embed && result.querySelector('.lesson-chart')) return;
    const timeline = element('div', { className: 'lesson-timeline' });
    result.append(timeline);
    drawFitting(timeline, (size) => deps.drawTimeline(record, run, { ...size, height: Math.min(size.height, 180) }));
  }

  /** The verdict, the explanation and the chart; after a busy run, a button to run the step again. */
  function showJudged(result, step, records, predicted, runAgain) {
    const judged = judgeStep(step, records, predicted, deps.cores);
    const verdict = element('p', { className: `verdict ${judged.verdict}`, textContent: verdictSentence(judged, step.prediction.kind) });
    verdict.dataset.measured = judged.measured;
    verdict.dataset.verdict = judged.verdict;
    result.replaceChildren(verdict, element('p', { className: 'explanation', textContent: deps.embed ? judged.short : judged.text }));
    if (judged.busy) result.append(button('Run again', runAgain, { className: 'run-again' }));
    if (step.course) result.append(element('p', { className: 'course', textContent: step.course }));
    if (records[0].ks.length > 1) {
      const chart = element('div', { className: 'lesson-chart' });
      result.append(chart);
      const labels = step.run.variants?.map((v) => v.label) ?? ['this run'];
      const byTime = ['median', 'minutes'].includes(step.measure.what);
      drawFitting(chart, (size) => deps.drawChart(records.map((record, i) => ({ label: labels[i], record })), size, { byTime }));
    }
  }

  /** Draws the chart as wide as its column and, in a slide, as high as the room left (nothing may scroll there). */
  function drawFitting(chart, draw) {
    const width = Math.max(240, Math.min(560, chart.clientWidth || 480));
    let height = deps.embed ? Math.max(120, window.innerHeight - chart.getBoundingClientRect().top - 12) : 300;
    chart.replaceChildren(draw({ width, height, fontSize: 11 }));
    const excess = document.documentElement.scrollHeight - window.innerHeight;
    if (deps.embed && excess > 0) {
      height = Math.max(72, height - excess);
      chart.replaceChildren(draw({ width, height, fontSize: 10 }));
    }
  }

  /** A number field or a group of radio buttons; value() is null until a prediction is made. */
  function predictionField(step, saved) {
    const { prediction } = step;
    const legend = element('legend', { textContent: `Your prediction: ${prediction.question}` });
    if (prediction.kind === 'number') {
      const input = element('input', { type: 'number', step: 'any', min: 0, required: true, value: saved ?? '', name: 'prediction' });
      const label = element('label', { className: 'inline' }, input, prediction.unit ?? '');
      input.ariaLabel = prediction.question;
      return {
        element: element('fieldset', { className: 'prediction' }, legend, label),
        value: () => (input.value !== '' && Number.isFinite(Number(input.value)) ? Number(input.value) : null),
      };
    }
    const radios = prediction.options.map((option, i) => {
      const radio = element('input', { type: 'radio', name: 'prediction', value: String(i), checked: saved === i });
      return { radio, label: element('label', { className: 'inline' }, radio, option.label) };
    });
    return {
      element: element('fieldset', { className: 'prediction' }, legend, ...radios.map((r) => r.label)),
      value: () => {
        const chosen = radios.findIndex((r) => r.radio.checked);
        return chosen === -1 ? null : chosen;
      },
    };
  }

  function questionsPage(number, lesson) {
    const { top, moves } = crumbs(number, lesson, lesson.steps.length + 1);
    const answers = deps.progress.of(number).answers;
    const items = lesson.questions.map((question, q) => {
      const feedback = element('div', { className: 'feedback', ariaLive: 'polite' });
      const showFeedback = (i) => {
        const option = question.options[i];
        feedback.replaceChildren(
          element('p', { className: `verdict ${option.correct ? 'right' : 'wrong'}`, textContent: `${option.correct ? 'Correct.' : 'Not quite.'} ${option.feedback}` }),
          button(`See step ${question.step}: ${lesson.steps[question.step - 1].title}`, () => go({ lesson: number, step: question.step })));
      };
      const radios = question.options.map((option, i) => {
        const radio = element('input', { type: 'radio', name: `question-${q}`, value: String(i), checked: answers[q] === i });
        radio.addEventListener('change', () => {
          deps.progress.recordAnswer(number, q, i);
          showFeedback(i);
        });
        return element('label', { className: 'inline' }, radio, option.label);
      });
      if (answers[q] !== undefined) showFeedback(answers[q]);
      return element('fieldset', { className: 'question' }, element('legend', { textContent: `${q + 1}. ${question.question}` }), ...radios, feedback);
    });
    const questions = element('div', { className: 'questions' }, ...items);
    questions.dataset.count = items.length;
    return element('article', { className: 'lesson-step' }, top, element('h2', { tabIndex: -1, textContent: `Check your understanding: lesson ${number}` }), questions, moves);
  }

  return { show };
}
