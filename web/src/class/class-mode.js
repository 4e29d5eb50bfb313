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
  // The page works while it joins; what it measures before then is not the class's step anyway.
  let student = null;
  import('./student.js')
    .then(({ joinClass }) => joinClass({ code, api, bar: $('class-bar'), storage: localStorage, session: sessionStorage }))
    .then((joined) => { student = joined; });
  return {
    instructorPage: false,
    lessonHooks: {
      onPredicted: (place, value) => student?.lessonHooks.onPredicted(place, value),
      onMeasured: (place, records) => student?.lessonHooks.onMeasured(place, records),
    },
    sweepFinished: (record) => student?.sweepFinished(record),
  };
}
