// Charts as images with a text alternative: the chart's root (Plot's svg, or
// the figure that holds it and its legend) becomes one image named by a short
// label and described by the page's summary or table, which carry the numbers.
// Plot names each mark's group ("dot", "line"), which tests select by; a group
// role makes those names valid ARIA, and inside an image they stay silent.

/**
 * @param chart what Plot returned
 * @param label what the chart shows, and where its numbers are
 * @param describedBy ids of the elements that describe it (caption, summary, table)
 */
export function withTextAlternative(chart, label, describedBy = []) {
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', label);
  if (describedBy.length) chart.setAttribute('aria-describedby', describedBy.join(' '));
  for (const group of chart.querySelectorAll('g[aria-label]')) group.setAttribute('role', 'group');
  return chart;
}
