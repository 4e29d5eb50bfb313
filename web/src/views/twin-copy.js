// "Copy as Python" (and Dask, PySpark): the experiment's twin for that engine
// with the controls' settings, on the clipboard or, failing that, in a box
// below the controls to copy by hand. The controls show the buttons of the
// chosen experiment's twins.
import { howToRun, program, TWIN_ENGINES } from '../lab/twins.js';
import { showNotice } from './notice.js';

const $ = (id) => document.getElementById(id);

/** @param controls the lab's controls (lab-controls.js); @param readTwinFile name → a twin template's text (lab/twins.js) */
export function mountTwinCopy(controls, readTwinFile) {
  async function copyTwin(engine) {
    showNotice($('error'), '');
    let text;
    try {
      text = await program(controls.experiment, controls.readSweepSettings(), engine, readTwinFile);
    } catch (error) {
      showNotice($('error'), error.message);
      return;
    }
    const file = controls.experiment.twins[engine];
    try {
      if (!navigator.clipboard) throw new Error('this page has no access to the clipboard');
      await navigator.clipboard.writeText(text);
      $('program-text').hidden = true;
      $('status').textContent = `${TWIN_ENGINES[engine]} script copied (${file} with these settings): save it and ${howToRun(engine, file)}.`;
    } catch (error) {
      $('program-text').value = text;
      $('program-text').hidden = false;
      $('program-text').select();
      showNotice($('error'), `Could not copy to the clipboard (${error.message}). The script is in the box below the controls: select it all and copy it.`);
    }
  }

  for (const engine of Object.keys(TWIN_ENGINES)) $(`copy-${engine}`).addEventListener('click', () => copyTwin(engine));
}
