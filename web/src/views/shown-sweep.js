// The sweep the lab's results show, one of the session's history: drawn once
// the charts' chunk is here, at the room the page gives it (in a slide, the
// room below the controls, since nothing may scroll there), and drawn again
// whenever something that changes how it reads changes: the window's size, the
// overlays ticked in the history list, start-up, the models' fit, p, the
// what-if prediction. The history list beside it shows which one it is.
import { embedPanelSizes, foldSummary, panelsFor } from '../embed/embed.js';
import { renderHistory } from './history-view.js';
import { loadCharts, loadedCharts } from './lazy-charts.js';
import { createPredictionInputs } from './prediction-inputs.js';
import { showNotice } from './notice.js';

const $ = (id) => document.getElementById(id);

/** On the full page the charts take the width there is, up to their natural size. */
function pageSizes() {
  const width = $('results').clientWidth;
  return { chart: { width: Math.min(620, width) }, timeline: { width } };
}

/**
 * In a slide nothing may scroll: draw the panels in the room below the
 * controls, see how far the text around them (summary, table) overflows,
 * and draw them again that much smaller.
 */
function fitEmbedded(named, draw) {
  const hasPicture = !$('image-figure').hidden;
  const { panels, note } = panelsFor(named, hasPicture);
  document.body.dataset.panels = panels.join(' ');
  if (note) showNotice($('note'), note);
  let reserved = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    const room = { width: $('results').clientWidth, height: window.innerHeight - $('results').getBoundingClientRect().top - reserved - 8 };
    const sizes = embedPanelSizes(panels, room, hasPicture);
    document.body.classList.toggle('paired-graphs', sizes.paired);
    draw(sizes);
    Object.assign($('image').style, sizes.picture ? { width: `${sizes.picture}px`, height: `${sizes.picture}px` } : { width: '', height: '' });
    const excess = document.documentElement.scrollHeight - window.innerHeight;
    if (excess <= 0) return;
    // A few pixels more than the excess: text and legends round to whole pixels, so a redraw can come back 1 px over.
    reserved += excess + 4;
  }
}

/**
 * @param lab the page's Lab (the prediction measures memory bandwidth on it)
 * @param history the session's History
 * @param view the page's view (lab-controls.js): in an embed, its panels share the room
 * @param typedParallelFraction () → the p typed for an Amdahl curve, or null
 * @returns {{ entry, show(entry), redraw(), listHistory(), prediction }} `prediction`: its inputs (prediction-inputs.js)
 */
export function createShownSweep({ lab, history, view, typedParallelFraction }) {
  let shown = null;
  // The sizes the shown sweep was last drawn at, so that the timeline's k selector redraws it alike.
  let sizes = { chart: {}, timeline: {} };
  const redraw = () => shown && show(shown);
  const prediction = createPredictionInputs(lab, redraw);
  foldSummary($('run-summary'), $('run-summary-more'));

  function show(entry) {
    shown = entry;
    const charts = loadedCharts();
    if (!charts) {
      // Drawn as soon as the charts are here; a later show draws whatever is shown by then.
      loadCharts().then(() => shown === entry && show(entry));
      return;
    }
    $('include-startup').checked = entry.record.includeStartup;
    $('fit-all').checked = Boolean(entry.record.fitAllK);
    const overlays = history.entries.filter((e) => e.overlay && e !== entry && e.record.mode === 'speedup');
    $('results').hidden = false;
    const draw = (drawnAt) => {
      sizes = drawnAt;
      charts.showResults(entry, { overlays, typedParallelFraction: typedParallelFraction(), ...prediction.options(), sizes: drawnAt });
    };
    if (view.embed) fitEmbedded(view.panels, draw);
    else draw(pageSizes());
    listHistory();
  }

  function listHistory() {
    $('history-full').hidden = !history.full;
    renderHistory($('history-list'), history, {
      shown,
      onOverlay: (entry, on) => {
        history.setOverlay(entry.id, on);
        redraw();
      },
      onShow: show,
    });
  }

  $('typed-p').addEventListener('input', redraw);
  for (const [id, event] of [['what-if-cores', 'input'], ['what-if-memory', 'change']]) {
    $(id).addEventListener(event, () => {
      redraw();
      prediction.measureBandwidthIfAsked();
    });
  }
  // The start-up toggle and the fit change how the shown sweep is read, not just the next one.
  $('include-startup').addEventListener('change', () => {
    if (!shown) return;
    history.setIncludeStartup(shown.id, $('include-startup').checked);
    show(shown);
  });
  $('fit-all').addEventListener('change', () => {
    if (!shown) return;
    history.setFitAllK(shown.id, $('fit-all').checked);
    show(shown);
  });
  $('timeline-k').addEventListener('change', () => loadedCharts().showTimeline(shown, Number($('timeline-k').value), sizes.timeline));
  // In a slide the settings beyond the workers fold away; the room they take back goes to the charts.
  $('embed-settings').addEventListener('click', () => {
    const open = document.body.classList.toggle('show-settings');
    $('embed-settings').setAttribute('aria-expanded', String(open));
    redraw();
  });
  let resizing = null;
  window.addEventListener('resize', () => {
    clearTimeout(resizing);
    resizing = setTimeout(redraw, 100);
  });

  return {
    get entry() {
      return shown;
    },
    show, redraw, listHistory, prediction,
  };
}
