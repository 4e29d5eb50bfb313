// The experiments to choose from, by topic: a list in the side column and, on
// a phone, the same choice in one compact control (style.css shows it there).
import { experimentById, TOPICS } from '../experiments/index.js';

/**
 * Fills `list` and `chooser` (a select); `onChoose(experiment)` follows a
 * choice in either. Returns `{ mark(id) }`, which shows both which one is chosen.
 */
export function mountExperimentMenu(list, chooser, onChoose) {
  const experimentButton = (experiment) => {
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'experiment', textContent: experiment.title });
    button.dataset.id = experiment.id;
    button.addEventListener('click', () => onChoose(experimentById(experiment.id)));
    const item = document.createElement('li');
    item.append(button);
    return item;
  };
  chooser.replaceChildren(...TOPICS.map(({ title, ids }) => {
    const group = Object.assign(document.createElement('optgroup'), { label: title });
    group.append(...ids.map((id) => new Option(experimentById(id).title, id)));
    return group;
  }));
  chooser.addEventListener('change', () => onChoose(experimentById(chooser.value)));
  list.replaceChildren(...TOPICS.map(({ title, ids }) => {
    const group = document.createElement('li');
    const topic = document.createElement('ul');
    topic.append(...ids.map((id) => experimentButton(experimentById(id))));
    group.append(Object.assign(document.createElement('h3'), { className: 'topic', textContent: title }), topic);
    return group;
  }));
  return {
    mark(id) {
      for (const button of list.querySelectorAll('button')) button.setAttribute('aria-current', String(button.dataset.id === id));
      chooser.value = id;
    },
  };
}
