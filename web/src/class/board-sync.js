// Keeps the dashboard on the class's newest state, although its two sources
// arrive in any order: events (each with the counts after it) over the stream,
// and whole boards fetched after them. Fetches run one at a time, so an older
// answer can never land after a newer one; a board older than the newest
// event is fetched again; counts are shown only if no newer ones are.

/**
 * @param fetchBoard resolves to the dashboard (with lastEventId and counts)
 * @param draw draws a board's step, predictions and results
 * @param showCounts shows { joined, predicted, submitted }
 * @param pause resolves when it is time to fetch (a burst of events is fetched once)
 * @param onError a fetch failed; the next event tries again
 */
export function boardSync({ fetchBoard, draw, showCounts, pause, onError }) {
  let countsId = -Infinity;
  let newestEventId = -Infinity;
  let wanted = false;
  let fetching = null;
  const counts = (id, { joined, predicted, submitted }) => {
    if (id < countsId) return;
    countsId = id;
    showCounts({ joined, predicted, submitted });
  };
  const show = (board) => {
    draw(board);
    counts(board.lastEventId, board);
  };
  async function fetchWhileWanted() {
    while (wanted) {
      wanted = false;
      await pause();
      let board;
      try {
        board = await fetchBoard();
      } catch (error) {
        onError(error);
        break;
      }
      if (board.lastEventId < newestEventId) wanted = true;
      show(board);
    }
    fetching = null;
  }
  return {
    /** The board fetched when the dashboard opened. */
    show,
    /** An event numbered `id` from the stream, with the counts after it. */
    event(id, event) {
      newestEventId = Math.max(newestEventId, id);
      counts(id, event);
      wanted = true;
      fetching ??= fetchWhileWanted();
    },
  };
}
