// The page's one-line notices (a note, an error, an import's outcome): an
// element that holds a message is shown, one without is hidden, so that an
// empty notice takes no room and says nothing to a screen reader.

/** Shows `message` in `element`, or hides it when there is none. */
export function showNotice(element, message) {
  element.textContent = message ?? '';
  element.hidden = !message;
}
