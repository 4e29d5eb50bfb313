import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mountWelcome } from './welcome.js';

/** Just enough of the DOM: elements that hold listeners and a hidden flag. */
function element() {
  const listeners = [];
  return { hidden: false, focus() {}, addEventListener: (type, fn) => listeners.push(fn), click: () => listeners.forEach((fn) => fn()) };
}

function mount(firstVisit, stored = null) {
  const elements = { welcome: element(), reopen: element(), doors: { lesson: element(), lab: element(), slides: element() } };
  const saved = new Map(stored === null ? [] : [['parlab-start', stored]]);
  const storage = { getItem: (key) => saved.get(key) ?? null, setItem: (key, value) => saved.set(key, value) };
  const opened = [];
  mountWelcome(elements, storage, { lesson: () => opened.push('lesson'), lab: () => opened.push('lab'), slides: () => opened.push('slides') }, firstVisit);
  return { elements, saved, opened };
}

test('a first visit shows the doors; a door is remembered and opens its way in', () => {
  const { elements, saved, opened } = mount(true);
  assert.equal(elements.welcome.hidden, false);
  elements.doors.slides.click();
  assert.deepEqual([elements.welcome.hidden, saved.get('parlab-start'), opened], [true, 'slides', ['slides']]);
  elements.reopen.click();
  assert.equal(elements.welcome.hidden, false, 'the header opens the doors again');
});

test('a later visit, or a page opened with a state of its own, goes straight in', () => {
  assert.equal(mount(true, 'lab').elements.welcome.hidden, true);
  assert.equal(mount(false).elements.welcome.hidden, true);
});
