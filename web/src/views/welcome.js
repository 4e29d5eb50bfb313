// The first visit: two sentences on what parlab is and three doors (lesson 1,
// the lab, the slides). The choice is remembered in the browser, so later
// visits go straight in; the header's "Start here" opens the doors again.
// Pages opened with a URL state (a shared link, an embed, a lesson) skip it.

const CHOICE = 'parlab-start';

/**
 * @param elements { welcome, reopen, doors: { lesson, lab, slides } }
 * @param storage localStorage, or anything with getItem and setItem
 * @param open { lesson(), lab(), slides() }: what each door does
 * @param firstVisit whether the page came without a state of its own to show
 */
export function mountWelcome({ welcome, reopen, doors }, storage, open, firstVisit) {
  const choose = (door) => {
    try {
      storage.setItem(CHOICE, door);
    } catch {
      // A browser that keeps nothing shows the doors on every visit: nothing else is lost.
    }
    welcome.hidden = true;
    open[door]();
  };
  for (const [door, button] of Object.entries(doors)) button.addEventListener('click', () => choose(door));
  reopen.addEventListener('click', () => {
    welcome.hidden = false;
    doors.lesson.focus();
  });
  let chosen = null;
  try {
    chosen = storage.getItem(CHOICE);
  } catch {
    chosen = null;
  }
  welcome.hidden = !(firstVisit && chosen === null);
}
