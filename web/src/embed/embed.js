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

/** The smallest height a graph in a slide gets, in CSS pixels. */
const MIN_GRAPH_PX = 64;

/** The smallest text a chart in a slide gets. */
const MIN_SLIDE_FONT_PX = 14;

/**
 * Sizes of an embed's panels in the room left below the controls: the picture
 * (when shown) takes a square on the right, and the chart and timeline share
 * the height; text grows with the room so that a slide stays readable.
 * @param panels the shown panels (see url-state.js); @param room { width, height } in CSS pixels
 */
export function embedPanelSizes(panels, { width, height }, hasPicture) {
  const graphs = ['chart', 'stack', 'timeline'].filter((panel) => panels.includes(panel));
  const picture = hasPicture && panels.includes('picture') ? Math.max(120, Math.min(height, Math.floor(width * 0.4))) : 0;
  const graphWidth = Math.max(240, Math.floor(width - (picture ? picture + 16 : 0)));
  // Four panels on a 960×540 slide leave little room: a graph may shrink to this, so that nothing scrolls.
  const each = Math.max(MIN_GRAPH_PX, Math.floor((height - 8 * Math.max(0, graphs.length - 1)) / Math.max(1, graphs.length)));
  // At least 14 px: a slide is read from the back of a lecture hall.
  const size = { width: graphWidth, height: each, fontSize: Math.round(Math.min(18, Math.max(MIN_SLIDE_FONT_PX, each / 20))) };
  return { chart: size, stack: size, timeline: size, picture };
}

const escapeAttribute = (text) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/** The iframe for a slide: 960×540, allowed to be cross-origin isolated. */
export function embedSnippet(url, title) {
  return `<iframe src="${escapeAttribute(url)}" width="960" height="540" style="border:0" allow="cross-origin-isolated" title="${escapeAttribute(title)}"></iframe>`;
}
