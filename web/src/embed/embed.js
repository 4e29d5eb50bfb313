// Embed mode: parlab as an iframe in a slide (?embed), locked controls, theme,
// and the iframe snippet that the "Copy embed code" button produces.

/** Applies the view part of the URL state to the document. */
export function applyView(document, { embed, theme }) {
  document.body.classList.toggle('embed', embed);
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

/** In a slide the chart takes the room left below the controls, with text large enough to read. */
export function embedChartSize(chartContainer, viewportHeight) {
  const box = chartContainer.getBoundingClientRect();
  const height = Math.max(160, Math.floor(viewportHeight - box.top - 70));
  return { width: Math.max(320, Math.floor(box.width)), height, fontSize: Math.round(Math.min(18, Math.max(12, height / 22))) };
}

const escapeAttribute = (text) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/** The iframe for a slide: 960×540, allowed to be cross-origin isolated. */
export function embedSnippet(url, title) {
  return `<iframe src="${escapeAttribute(url)}" width="960" height="540" style="border:0" allow="cross-origin-isolated" title="${escapeAttribute(title)}"></iframe>`;
}
