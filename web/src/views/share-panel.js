// "Share / embed in slides": the iframe code of this page with the controls'
// settings, locked and showing the panels chosen, for a slide.
import { embedSnippet } from '../embed/embed.js';
import { readPanels } from '../embed/url-state.js';
import { showNotice } from './notice.js';

const $ = (id) => document.getElementById(id);

/** @param controls the lab's controls (lab-controls.js) */
export function mountSharePanel(controls) {
  function embedCode() {
    const url = controls.urlWith({ embed: true, autorun: false, locked: true, panels: readPanels($('embed-view').value, []) });
    if (!url) throw new Error('Fix the highlighted settings first: the embed code would carry them.');
    return embedSnippet(url, `parlab: ${controls.experiment.title}`);
  }

  $('copy-embed').addEventListener('click', async () => {
    try {
      const code = embedCode();
      $('embed-code').value = code;
      $('embed-code').hidden = false;
      $('embed-code').select();
      await navigator.clipboard?.writeText(code).then(() => { $('status').textContent = 'Embed code copied.'; }, () => {});
    } catch (error) {
      showNotice($('error'), error.message);
    }
  });
}
