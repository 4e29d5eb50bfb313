// The note at the top of a page without shared memory: why the threads engine
// cannot run here, how to get it, and (for a page framed by another page) a
// link that opens this same page in a tab of its own.
const $ = (id) => document.getElementById(id);

/**
 * @param support engine/isolation.js's threadSupport()
 * @param fullPageUrl () → the address of what the page shows, as a full page (not embedded), or null
 */
export function mountIsolationNote(support, fullPageUrl) {
  if (!support.ok) {
    $('isolation-reason').textContent = `${support.reason} parlab runs on the processes engine: workers that share nothing and send each other messages.`;
    $('isolation-fix').textContent = support.fix;
    // A new tab helps a page framed by another page, never a browser without shared memory.
    $('open-full-lab').hidden = support.cause !== 'not-isolated' || window.top === window.self;
    $('isolation-note').hidden = false;
  }
  // The link follows the page to the moment it is clicked.
  $('open-full-lab').addEventListener('click', () => {
    const url = fullPageUrl();
    if (url) $('open-full-lab').href = url;
  });
}
