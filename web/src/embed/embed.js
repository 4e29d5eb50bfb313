// Embed mode: parlab as an iframe in a slide (?embed), locked controls, theme,
// and the iframe snippet that the "Copy embed code" button produces.

/** Applies the view part of the URL state to the document: embed layout, locked controls, theme, and the panels an embed shows. */
export function applyView(document, { embed, locked = false, theme, panels }) {
  document.body.classList.toggle('embed', embed);
  document.body.classList.toggle('locked', locked);
  document.body.dataset.panels = panels.join(' ');
  document.documentElement.dataset.theme = theme;
}

/**
 * When locked, disables every control of `form` but the `editable` ones; in a
 * slide the locked ones are hidden too, so the audience sees only what it may
 * change. (Unlocked, controls keep whatever state the form gave them.)
 */
export function lockControls(form, { locked, embed }, editable) {
  if (!locked) return;
  for (const control of form.querySelectorAll('input, select, button')) {
    if (editable.includes(control.id)) continue;
    control.disabled = true;
    const label = control.closest('label');
    if (label) label.hidden = embed;
  }
}

/**
 * In a slide the run's summary shows its first lines; `button` unfolds the
 * whole of it (and folds it again). The button hides when nothing is cut off.
 */
export function foldSummary(summary, button) {
  button.addEventListener('click', () => {
    const unfolded = summary.classList.toggle('unfolded');
    button.setAttribute('aria-expanded', String(unfolded));
    button.textContent = unfolded ? 'Less' : 'Whole summary';
  });
  const showButtonIfCut = () => {
    button.hidden = !summary.classList.contains('unfolded') && summary.scrollHeight <= summary.clientHeight;
  };
  new ResizeObserver(showButtonIfCut).observe(summary);
  new MutationObserver(showButtonIfCut).observe(summary, { childList: true, subtree: true, characterData: true });
}

/**
 * The panels an embed shows of a result: the picture only for an experiment
 * that draws one (a deck may use one view for every experiment); if that
 * leaves nothing, the chart, with a note, so that a slide is never blank.
 * @returns {{ panels: string[], note: string | null }}
 */
export function panelsFor(panels, hasPicture) {
  const shown = hasPicture ? panels : panels.filter((panel) => panel !== 'picture');
  return shown.length > 0 ? { panels: shown, note: null } : { panels: ['chart'], note: 'This experiment draws no picture; the slide shows its chart instead.' };
}

/** The smallest height a graph in a slide gets, in CSS pixels. */
const MIN_GRAPH_PX = 64;

/** The smallest text a chart in a slide gets. */
const MIN_SLIDE_FONT_PX = 14;

/** Below this width for each, the speedup chart and the stack are stacked rather than put side by side. */
const MIN_PAIRED_GRAPH_PX = 280;

/**
 * Sizes of an embed's panels in the room left below the controls: the picture
 * (when shown) takes a square on the right, and the graphs share the height.
 * With a third graph, the speedup chart and the stack (which share the k
 * axis) sit side by side (`paired`) where the width allows, so that no graph
 * is squashed to a line. Text grows with the room so that a slide stays readable.
 * @param panels the shown panels (see url-state.js); @param room { width, height } in CSS pixels
 */
export function embedPanelSizes(panels, { width, height }, hasPicture) {
  const graphs = ['chart', 'stack', 'timeline'].filter((panel) => panels.includes(panel));
  const picture = hasPicture && panels.includes('picture') ? Math.max(120, Math.min(height, Math.floor(width * 0.4))) : 0;
  const graphWidth = Math.max(240, Math.floor(width - (picture ? picture + 16 : 0)));
  const paired = graphs.length === 3 && (graphWidth - 16) / 2 >= MIN_PAIRED_GRAPH_PX;
  const rows = graphs.length - (paired ? 1 : 0);
  // Four panels on a 960×540 slide leave little room: a graph may shrink to this, so that nothing scrolls.
  const each = Math.max(MIN_GRAPH_PX, Math.floor((height - 8 * Math.max(0, rows - 1)) / Math.max(1, rows)));
  // At least 14 px: a slide is read from the back of a lecture hall.
  const fontSize = Math.round(Math.min(18, Math.max(MIN_SLIDE_FONT_PX, each / 20)));
  const full = { width: graphWidth, height: each, fontSize };
  const half = paired ? { ...full, width: Math.floor((graphWidth - 16) / 2) } : full;
  return { chart: half, stack: half, timeline: full, picture, paired };
}

const escapeAttribute = (text) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/** The iframe for a slide: 960×540, allowed to be cross-origin isolated. */
export function embedSnippet(url, title) {
  return `<iframe src="${escapeAttribute(url)}" width="960" height="540" style="border:0" allow="cross-origin-isolated" title="${escapeAttribute(title)}"></iframe>`;
}
