import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embedPanelSizes, embedSnippet } from './embed.js';

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
