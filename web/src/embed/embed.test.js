import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embedSnippet } from './embed.js';

test('the embed snippet is a 960×540 iframe allowed to be isolated, with its URL escaped', () => {
  const snippet = embedSnippet('https://example.org/parlab/?experiment=toasts&workers=1,2&embed', 'parlab: "Toasts"');
  assert.equal(snippet, '<iframe src="https://example.org/parlab/?experiment=toasts&amp;workers=1,2&amp;embed" width="960" height="540" '
    + 'style="border:0" allow="cross-origin-isolated" title="parlab: &quot;Toasts&quot;"></iframe>');
});
