// What the page does with each request of the postMessage protocol
// (message-api.js): 'run' sweeps as window.parlab does, 'set' puts settings
// into the controls as a URL with them would, and both may choose the panels
// an embed shows.
import { experiments } from '../experiments/index.js';
import { applyView } from './embed.js';
import { readPanels, searchAfterSet } from './url-state.js';
import { showNotice } from '../views/notice.js';

const $ = (id) => document.getElementById(id);

/**
 * @param api the scripting API (api.js); @param controls the lab's (views/lab-controls.js)
 * @param shown the shown sweep (views/shown-sweep.js), drawn again in the panels chosen
 * @returns the handlers installMessageApi takes
 */
export function pageMessageHandlers({ api, controls, shown, lab }) {
  /** Shows the panels that `view` names ('speedup,timeline' or a list of names) in the embedded page. */
  function showPanels(view) {
    const notes = [];
    controls.view.panels = readPanels(Array.isArray(view) ? view.join(',') : view, notes);
    applyView(document, controls.view);
    if (notes.length) showNotice($('note'), notes.join(' '));
    controls.syncUrl();
    shown.redraw();
  }

  return {
    experiments,
    run: ({ parlab, type, id, view, ...options }, onProgress) => {
      if (view !== undefined) showPanels(view);
      // The message's envelope is not a sweep option: what is left is checked like a script's.
      return api.sweep(options, onProgress);
    },
    set: (request) => {
      const notes = controls.applySearch(searchAfterSet(request, controls.currentState(), controls.experiment));
      showNotice($('note'), notes.join(' '));
      controls.syncUrl();
      if (request.view !== undefined) showPanels(request.view);
    },
    cancel: () => lab.cancel(),
  };
}
