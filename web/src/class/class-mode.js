// The page's part in a class, from its URL (url-state.js, readClassState): none
// (the plain lab), a student's page, or the instructor's pages (opening a
// class, its dashboard), which replace the lab. Their code (the dashboard's
// with its charts) loads only on a class's pages.
import { readClassState } from '../embed/url-state.js';
import { showNotice } from '../views/notice.js';
import { classApi } from './api-client.js';

const $ = (id) => document.getElementById(id);

/**
 * @returns {{ instructorPage, lessonHooks, sweepFinished(record) }}: on an instructor's page the lab is not
 *   set up; on a student's, the lessons' hooks and the lab's finished sweeps go to the class
 */
export function startClassMode(search, base) {
  const { code, role, embed, notes } = readClassState(search);
  const none = { instructorPage: false, lessonHooks: {}, sweepFinished: () => {} };
  if (notes.length) showNotice($('note'), notes.join(' '));
  if (!role) return none;
  const api = classApi(base);
  if (role !== 'student') {
    document.body.dataset.view = 'class';
    document.body.classList.toggle('embed', embed);
    $('class-view').hidden = false;
    import('./dashboard.js').then((dashboard) => (role === 'open'
      ? dashboard.mountOpenClass($('class-view'), { api, storage: localStorage })
      : dashboard.mountDashboard($('class-view'), { api, storage: localStorage, code, embed })));
    return { ...none, instructorPage: true };
  }
  // The page works while it joins, and a student can predict and run before the join is answered
  // (a hall's Wi-Fi is slow): what they do meanwhile is told to the class once it is.
  let student; // undefined while joining; null when this page is not in the class
  const early = [];
  const tell = (call) => (student === undefined ? early.push(call) : student && call(student));
  import('./student.js')
    .then(({ joinClass }) => joinClass({ code, api, bar: $('class-bar'), storage: localStorage, session: sessionStorage }))
    .catch((error) => {
      showNotice($('note'), `Class mode could not start: ${error.message}`);
      return null;
    })
    .then((joined) => {
      student = joined;
      for (const call of early.splice(0)) tell(call);
    });
  return {
    instructorPage: false,
    lessonHooks: {
      onPredicted: (place, value) => tell((joined) => joined.lessonHooks.onPredicted(place, value)),
      onMeasured: (place, records) => tell((joined) => joined.lessonHooks.onMeasured(place, records)),
    },
    sweepFinished: (record) => tell((joined) => joined.sweepFinished(record)),
  };
}
