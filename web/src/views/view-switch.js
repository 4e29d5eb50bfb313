// Which of the page's two views shows: the lab, or the Lessons view at a place
// ({ lesson, step }; lesson null for the list of lessons). The header's
// buttons, the welcome's doors and Back and Forward move between them; a
// lesson's place lives in the URL (url-state.js), the lab's state too.
import { readLessonState, writeLessonState } from '../embed/url-state.js';
import { lessons, pageCount } from '../lessons/index.js';
import { mountWelcome } from './welcome.js';
import { showNotice } from './notice.js';

const $ = (id) => document.getElementById(id);

const placeInUrl = () => readLessonState(location.search, lessons.map(pageCount));

/**
 * Shows the view the URL names (with its notes), and mounts the ways between the views.
 * @param lessonsView lesson-view.js's; @param controls the lab's (lab-controls.js)
 * @returns {{ fullPageUrl() }}: the address of what is shown, as a full page (not embedded), or null
 */
export function mountViewSwitch(lessonsView, controls) {
  function show(view, place = { lesson: null, step: 1 }, { focus = false } = {}) {
    const lessonsShown = view === 'lessons';
    $('lab-view').hidden = lessonsShown;
    $('lessons-view').hidden = !lessonsShown;
    document.body.dataset.view = view;
    $('show-lab').setAttribute('aria-pressed', String(!lessonsShown));
    $('show-lessons').setAttribute('aria-pressed', String(lessonsShown));
    if (lessonsShown) lessonsView.show(place, { focus });
  }

  /** Opens the Lessons view at `place` as a new step in the browser's history. */
  function openLessons(place) {
    window.history.pushState(null, '', writeLessonState({ ...place, classCode: controls.view.classCode }));
    show('lessons', place, { focus: true });
  }

  function openLab() {
    show('lab');
    $('experiment-title').focus();
  }

  $('show-lessons').addEventListener('click', () => openLessons({ lesson: null, step: 1 }));
  $('show-lab').addEventListener('click', () => {
    controls.syncUrl();
    openLab();
  });
  // Back and forward move between the steps visited.
  window.addEventListener('popstate', () => {
    const place = placeInUrl();
    show(place.view, place);
  });
  const initial = placeInUrl();
  showNotice($('lessons-note'), initial.notes.join(' '));
  show(initial.view, initial);

  $('door-lesson').textContent = `Take lesson 1: ${lessons[0].title} (about ${lessons[0].minutes} minutes)`;
  mountWelcome({ welcome: $('welcome'), reopen: $('show-start'), doors: { lesson: $('door-lesson'), lab: $('door-lab'), slides: $('door-slides') } }, localStorage, {
    lesson: () => openLessons({ lesson: 1, step: 1 }),
    lab: openLab,
    slides: () => {
      show('lab');
      $('share-panel').open = true;
      $('share-panel').querySelector('summary').focus();
    },
  }, location.search === '' && !controls.view.embed);

  return {
    fullPageUrl() {
      if (document.body.dataset.view !== 'lessons') return controls.urlWith({ embed: false, locked: false, autorun: false });
      return `${location.origin}${location.pathname}${writeLessonState({ ...placeInUrl(), embed: false, theme: controls.view.theme })}`;
    },
  };
}
