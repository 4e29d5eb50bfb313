// A student's page in a class (?class=CODE): it joins with a random id of its
// own (no account, no name), opens the class's current step (a lesson step, or
// an experiment with its settings locked), and sends the student's prediction
// and measured result to the class. Sends go through the outbox, so nothing
// acknowledged is lost and nothing unacknowledged is forgotten. When the
// instructor moves the class on, the page follows.
import { createOutbox } from './outbox.js';
import { randomId } from './api-client.js';
import { lessonStepOf, stepQuestion, studentSearch } from './steps.js';
import { predictionOf, summaryOf } from './summary.js';

const CLIENT_ID_KEY = 'parlab-class-client';
// Which step of which class this tab shows: the page reloads once per step to open it.
const SHOWN_KEY = 'parlab-class-shown';
const RETRY_MS = 4000;

const element = (tag, properties = {}, ...children) => {
  const made = Object.assign(document.createElement(tag), properties);
  made.append(...children);
  return made;
};

/**
 * @param code the class's join code; @param api class/api-client.js's; @param bar the element the class's line goes in
 * @param storage localStorage (the client id and the outbox); @param session sessionStorage
 * @returns {Promise<{ lessonHooks, sweepFinished(record) } | null>} what the lab and the lessons tell the class; null when the page is not in the class
 */
export async function joinClass({ code, api, bar, storage, session }) {
  bar.hidden = false;
  const status = element('span', { className: 'class-status', textContent: 'Joining…' });
  bar.replaceChildren(element('strong', { textContent: `Class ${code}` }), ' ', status);
  const say = (text) => { status.textContent = text; };

  let clientId = storage?.getItem(CLIENT_ID_KEY);
  if (!clientId) {
    clientId = randomId();
    storage?.setItem(CLIENT_ID_KEY, clientId);
  }
  let view;
  try {
    view = await api.join(code, clientId);
  } catch (error) {
    say(error.message);
    bar.classList.add('problem');
    return null;
  }
  const shownHere = `${code}:${view.stepIndex}`;
  if (session?.getItem(SHOWN_KEY) !== shownHere) {
    session?.setItem(SHOWN_KEY, shownHere);
    location.replace(studentSearch(code, view.step));
    return null;
  }

  const outbox = createOutbox(storage, `parlab-class-outbox:${code}`, ({ path, body }) => api.send('POST', `/${code}/${path}`, { body }));
  const question = stepQuestion(view.step);
  const lesson = lessonStepOf(view.step);
  const { stepIndex } = view;
  const sent = { prediction: false, result: false };
  const where = lesson ? `${question.title} (lesson ${lesson.lesson}, step ${lesson.step})` : question.title;
  const showSent = (note = '') => say(`${where}. `
    + `${sent.prediction ? 'Your prediction is with the class' : 'Predict, then run'}; ${sent.result ? 'your result is with the class.' : 'your result goes to the class when the run ends.'}${note}`);

  async function flush() {
    const outcomes = await outbox.flush();
    for (const { item, outcome, message } of outcomes) {
      if (outcome === 'sent') sent[item.path === 'results' ? 'result' : 'prediction'] = true;
      if (outcome === 'refused') say(`The class did not take your ${item.path === 'results' ? 'result' : 'prediction'}: ${message}`);
    }
    const waiting = outbox.pending().length;
    if (outcomes.every((o) => o.outcome !== 'refused')) showSent(waiting ? ` ${waiting} waiting to be sent again (the class server cannot be reached just now).` : '');
    return waiting;
  }
  const keepTrying = async () => {
    // Spread over 2–6 s: a hall whose sends all failed together does not come back all at once.
    if (await flush() > 0) setTimeout(keepTrying, RETRY_MS * (0.5 + Math.random()));
  };
  window.addEventListener('online', keepTrying);

  function sendPrediction(value) {
    outbox.add({ id: `prediction-${stepIndex}`, path: 'predictions', body: { clientId, stepIndex, ...predictionOf(lesson?.data, value) } });
    keepTrying();
  }
  function sendResult(record) {
    const submissionId = randomId(20);
    outbox.add({ id: submissionId, path: 'results', body: { clientId, submissionId, stepIndex, summary: summaryOf(record) } });
    keepTrying();
  }

  // An experiment's prediction is asked here; a lesson step asks its own.
  if (!lesson) {
    const input = element('input', { type: 'number', step: 'any', min: 0, required: true, id: 'class-prediction' });
    const send = element('button', { type: 'submit', textContent: 'Send prediction' });
    const form = element('form', { className: 'class-prediction' }, element('label', { className: 'inline' }, `${question.question} `, input, ` ${question.unit}`), ' ', send);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (input.value !== '' && Number.isFinite(Number(input.value))) sendPrediction(Number(input.value));
    });
    bar.append(form);
  }

  const stop = api.follow(code, view.lastEventId, (event) => {
    if (event.kind === 'step' && event.stepIndex > stepIndex) {
      stop();
      // Whatever is still waiting is for the old step, which the server would refuse: it goes first, then the page follows.
      flush().finally(() => location.replace(studentSearch(code, event.step)));
    } else if (event.kind === 'revealed' && event.revealed && event.stepIndex === stepIndex) {
      say('The instructor has revealed the class\'s results: look at the slide.');
    } else if (event.kind === 'deleted') {
      stop();
      say('This class has ended.');
    }
  }, (open) => bar.classList.toggle('offline', !open));

  await keepTrying();
  return {
    lessonHooks: {
      onPredicted: (place, value) => lesson && place.lesson === lesson.lesson && place.step === lesson.step && sendPrediction(value),
      onMeasured: (place, records) => lesson && place.lesson === lesson.lesson && place.step === lesson.step && sendResult(records[0]),
    },
    sweepFinished: (record) => {
      if (!lesson && record.experiment === view.step.experiment && record.mode === 'speedup') sendResult(record);
    },
  };
}
