import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embedPanelSizes, embedSnippet, panelsFor } from './embed.js';

test('the embed snippet is a 960×540 iframe allowed to be isolated, with its URL escaped', () => {
  const snippet = embedSnippet('https://example.org/parlab/?experiment=toasts&workers=1,2&embed', 'parlab: "Toasts"');
  assert.equal(snippet, '<iframe src="https://example.org/parlab/?experiment=toasts&amp;workers=1,2&amp;embed" width="960" height="540" '
    + 'style="border:0" allow="cross-origin-isolated" title="parlab: &quot;Toasts&quot;"></iframe>');
});

test('embed panels share the room: the picture takes a square on the right, the graphs split the height', () => {
  const room = { width: 900, height: 400 };
  const one = embedPanelSizes(['chart'], room, true);
  assert.deepEqual(one.chart, { width: 900, height: 400, fontSize: 18 });
  assert.equal(one.picture, 0, 'the picture is shown only when asked for');
  const two = embedPanelSizes(['chart', 'timeline', 'picture'], room, true);
  assert.equal(two.picture, 360);
  assert.equal(two.chart.width, 900 - 360 - 16);
  assert.equal(two.chart.height + two.timeline.height + 8, 400);
  assert.equal(embedPanelSizes(['picture'], room, false).picture, 0, 'no picture for experiments that draw none');
});

test('with three graphs, the speedup chart and the stack share a row where each gets enough width', () => {
  const three = embedPanelSizes(['chart', 'stack', 'timeline'], { width: 930, height: 300 }, false);
  assert.equal(three.paired, true);
  assert.equal(three.chart.width, (930 - 16) / 2);
  assert.deepEqual(three.stack, three.chart);
  assert.equal(three.timeline.width, 930);
  assert.equal(three.chart.height + three.timeline.height + 8, 300, 'two rows share the height');
  const narrow = embedPanelSizes(['chart', 'stack', 'timeline', 'picture'], { width: 930, height: 400 }, true);
  assert.equal(narrow.paired, false, 'beside a picture there is no room for two graphs in a row');
  assert.equal(embedPanelSizes(['chart', 'stack'], { width: 930, height: 300 }, false).paired, false);
});

test('an embed never goes blank: a picture is shown only where the experiment draws one', () => {
  assert.deepEqual(panelsFor(['picture'], true), { panels: ['picture'], note: null });
  assert.deepEqual(panelsFor(['chart', 'table'], false), { panels: ['chart', 'table'], note: null });
  const fallback = panelsFor(['picture'], false);
  assert.deepEqual(fallback.panels, ['chart']);
  assert.match(fallback.note, /no picture/);
  assert.deepEqual(panelsFor(['timeline', 'picture'], false), { panels: ['timeline'], note: null });
});
