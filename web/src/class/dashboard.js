// The instructor's side of class mode: opening a class (?class=new), and the
// class's dashboard (?class=CODE&view=class, also in a slide with &embed). The
// dashboard follows the class live: how many joined, predicted and submitted,
// the histogram of the predictions, and once revealed every submitted curve
// with the class's median beside the course's figure. The instructor key that
// its buttons need stays in this browser's storage.
import { experiments } from '../experiments/index.js';
import { writeClassState } from '../embed/url-state.js';
import { classSpeedupChart, predictionChart } from '../charts/class-charts.js';
import { lessonSteps, nextLessonStep, stepQuestion } from './steps.js';
import { medianCurve, predictionBars, resultCurves, roomOf, roomSentence } from './dashboard-data.js';
import { qrCodeOf } from './qr.js';
import { boardSync } from './board-sync.js';

const keyName = (code) => `parlab-class-key:${code}`;
// Events come in bursts (a hall submitting at once): the dashboard is drawn again at most this often.
const REDRAW_MS = 300;

const element = (tag, properties = {}, ...children) => {
  const made = Object.assign(document.createElement(tag), properties);
  made.append(...children);
  return made;
};
const button = (text, onClick, properties = {}) => {
  const made = element('button', { type: 'button', textContent: text, ...properties });
  made.addEventListener('click', onClick);
  return made;
};

/** The steps an instructor can give the class: every lesson's run steps, and every experiment at its defaults. */
function stepChoices() {
  const lessons = lessonSteps().map(({ label, step }) => ({ label, step }));
  const labSteps = experiments.map((e) => ({ label: `${e.title} (its default settings, k up to 4)`, step: { kind: 'experiment', experiment: e.id, params: {}, workers: 4 } }));
  return [{ group: 'Lessons', choices: lessons }, { group: 'Lab experiments', choices: labSteps }];
}

function stepSelect(id) {
  const select = element('select', { id });
  const all = [];
  for (const { group, choices } of stepChoices()) {
    const optgroup = element('optgroup', { label: group });
    for (const choice of choices) {
      optgroup.append(new Option(choice.label, String(all.length)));
      all.push(choice.step);
    }
    select.append(optgroup);
  }
  return { select, chosen: () => all[Number(select.value)] };
}

/** ?class=new: choose what the class runs, open it, keep its key here, and go to its dashboard. */
export function mountOpenClass(container, { api, storage }) {
  const { select, chosen } = stepSelect('class-first-step');
  const status = element('p', { role: 'status' });
  const form = element('form', { className: 'open-class' },
    element('h2', { textContent: 'Open a class' }),
    element('p', { textContent: 'Students join with a code, from their own laptops, without an account or a name. Each predicts, runs the step on their machine and sends the result; the dashboard puts the whole room on one slide. You get an instructor key that stays in this browser.' }),
    element('label', {}, 'The class starts with ', select),
    element('p', {}, element('button', { type: 'submit', textContent: 'Open the class' })),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    status.textContent = 'Opening…';
    try {
      const opened = await api.open(chosen());
      storage.setItem(keyName(opened.code), opened.instructorKey);
      location.assign(writeClassState(opened.code, { dashboard: true }));
    } catch (error) {
      status.textContent = error.message;
    }
  });
  container.replaceChildren(form);
}

/** ?class=CODE&view=class: the live dashboard. */
export async function mountDashboard(container, { api, storage, code, embed }) {
  const key = storage.getItem(keyName(code));
  if (!key) {
    container.replaceChildren(element('p', { className: 'problem', role: 'alert', textContent: `This browser does not hold the instructor key of class ${code}: the dashboard opens in the browser that opened the class.` }),
      element('p', {}, element('a', { href: writeClassState(code), textContent: `Join class ${code} as a student instead` })));
    return;
  }
  const joinUrl = api.joinUrl(code);
  const counts = element('p', { className: 'class-counts', role: 'status' });
  const stepTitle = element('h2', { className: 'class-step' });
  const questionText = element('p', { className: 'class-question' });
  const predictions = element('figure', { className: 'class-predictions' });
  const results = element('figure', { className: 'class-results' });
  const note = element('p', { className: 'class-note', role: 'status' });
  const problem = element('p', { className: 'problem', role: 'alert', hidden: true });
  const { select, chosen } = stepSelect('class-step-choice');
  const reveal = button('Reveal the results', () => act(() => api.reveal(code, key)));
  const next = button('Next step →', () => act(() => api.moveTo(code, key, nextLessonStep(shown.step))));
  const controls = element('div', { className: 'row class-controls' }, reveal, next,
    element('span', { className: 'full-only class-more' },
      element('label', { className: 'inline' }, 'or move to ', select), button('Move', () => act(() => api.moveTo(code, key, chosen()))),
      button('Export CSV', () => download('csv')), button('Export JSON', () => download('json')),
      button('Delete the class', () => confirm(`Delete class ${code} and everything it collected, now?`) && act(async () => {
        await api.remove(code, key);
        storage.removeItem(keyName(code));
      }))));
  const joinPanel = element('div', { className: 'class-join' },
    element('p', { className: 'class-code' }, 'Join at ', element('a', { href: joinUrl, textContent: joinUrl.replace(/^https?:\/\//, '') }), element('br'), 'code ', element('strong', { textContent: code })),
    qrCodeOf(joinUrl, `QR code of ${joinUrl}`));
  container.replaceChildren(element('div', { className: 'class-head' }, element('div', {}, stepTitle, questionText, counts, controls, problem), joinPanel),
    element('div', { className: 'class-charts' }, predictions, results), note);

  let shown = null;
  async function act(request) {
    problem.hidden = true;
    try {
      await request();
    } catch (error) {
      problem.textContent = error.message;
      problem.hidden = false;
    }
  }
  async function download(format) {
    await act(async () => {
      const blob = await api.exported(code, key, format);
      const link = element('a', { href: URL.createObjectURL(blob), download: `parlab-class-${code}.${format}` });
      link.click();
      URL.revokeObjectURL(link.href);
    });
  }

  function sizes() {
    const width = Math.max(280, Math.floor((container.clientWidth - 24) / 2));
    const room = embed ? window.innerHeight - container.querySelector('.class-head').getBoundingClientRect().bottom - 24 : 360;
    return { width, height: Math.max(160, room), fontSize: 14 };
  }

  function draw(board) {
    shown = board;
    const question = stepQuestion(board.step);
    stepTitle.textContent = `Step ${board.stepIndex + 1}: ${question.title}`;
    questionText.textContent = `${question.question}${question.course ? ` ${question.course}` : ''}`;
    reveal.disabled = board.revealed;
    next.disabled = board.step.kind !== 'lesson' || !nextLessonStep(board.step);
    const size = sizes();
    const bars = predictionBars(board.predictions, question.options);
    predictions.replaceChildren(element('figcaption', { textContent: `Predictions (${board.predictions.length}); the course's answer in orange` }),
      bars.length ? predictionChart(bars, { course: { number: question.expected, option: question.expectedOption }, unit: question.unit }, size) : element('p', { textContent: 'No prediction yet.' }));
    const curves = resultCurves(board.results);
    const room = roomOf(curves);
    if (!board.revealed) {
      results.replaceChildren(element('figcaption', { textContent: `Results (${room.results})` }),
        element('p', { className: 'class-hidden', textContent: `${room.results} measured result${room.results === 1 ? '' : 's'} in. They show once you reveal them, after the votes.` }));
      note.textContent = '';
      return;
    }
    const median = medianCurve(curves);
    results.replaceChildren(element('figcaption', { textContent: `Results (${room.results}), by the cores of each machine` }),
      curves.length ? classSpeedupChart(curves, median, size) : element('p', { textContent: 'No result yet.' }));
    note.textContent = curves.length === 0 ? '' : roomSentence(room, median.at(-1));
  }

  const sync = boardSync({
    fetchBoard: () => api.dashboard(code, key),
    draw,
    showCounts: (board) => {
      counts.textContent = `${board.joined} joined · ${board.predicted} predicted · ${board.submitted} submitted`;
    },
    pause: () => new Promise((resolve) => setTimeout(resolve, REDRAW_MS)),
    onError: (error) => {
      problem.textContent = error.message;
      problem.hidden = false;
    },
  });
  const first = await api.dashboard(code, key).catch((error) => error);
  if (first instanceof Error) {
    problem.textContent = first.message;
    problem.hidden = false;
    return;
  }
  sync.show(first);
  api.follow(code, first.lastEventId, (event, id) => {
    if (event.kind === 'deleted') {
      container.replaceChildren(element('p', { role: 'status', textContent: `Class ${code} has been deleted: everything it collected is gone.` }));
      return;
    }
    sync.event(id, event);
  }, (open) => container.classList.toggle('offline', !open));
  window.addEventListener('resize', () => shown && draw(shown));
}
