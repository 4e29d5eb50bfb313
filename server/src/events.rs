//! Live updates: an in-memory fan-out of each class's new events, and the SSE
//! stream that first replays stored events the client missed (`Last-Event-ID`)
//! and then forwards live ones.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::sync::Mutex;
use std::time::Duration;

use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use sqlx::AnyPool;
use tokio::sync::broadcast;

use crate::store::{self, StoredEvent};

/// Events a slow stream may fall behind by before it re-reads from the database.
const CHANNEL_CAPACITY: usize = 256;
/// How long a browser waits before reconnecting a dropped stream.
const RECONNECT_AFTER: Duration = Duration::from_secs(2);
/// A comment line this often keeps proxies from closing an idle stream.
const KEEP_ALIVE_EVERY: Duration = Duration::from_secs(15);

/// What the hub carries: a stored event, or word that the class is gone.
#[derive(Clone, Debug)]
pub enum Notice {
    Event(StoredEvent),
    ClassDeleted,
}

/// One broadcast channel per class that has listeners.
#[derive(Default)]
pub struct EventHub {
    channels: Mutex<HashMap<String, broadcast::Sender<Notice>>>,
}

impl EventHub {
    pub fn subscribe(&self, code: &str) -> broadcast::Receiver<Notice> {
        let mut channels = self.channels.lock().unwrap();
        channels.entry(code.to_string()).or_insert_with(|| broadcast::channel(CHANNEL_CAPACITY).0).subscribe()
    }

    /// Sends to the class's listeners, if any. The channel is dropped when nobody
    /// listens any more, and after the class's last word (its deletion).
    pub fn publish(&self, code: &str, notice: Notice) {
        let mut channels = self.channels.lock().unwrap();
        let Some(sender) = channels.get(code) else { return };
        let is_last = matches!(notice, Notice::ClassDeleted);
        if sender.send(notice).is_err() || is_last {
            channels.remove(code);
        }
    }
}

/// The SSE response for a class whose listeners get `receiver`, replaying stored events after `after_id`.
pub fn event_stream(
    db: AnyPool,
    code: String,
    after_id: i64,
    missed: Vec<StoredEvent>,
    receiver: broadcast::Receiver<Notice>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let state = StreamState { db, code, last_sent: after_id, pending: missed.into(), receiver, finished: false };
    let events = stream::unfold(state, |mut state| async move {
        let next = state.next_event().await?;
        Some((Ok(next), state))
    });
    Sse::new(events).keep_alive(KeepAlive::new().interval(KEEP_ALIVE_EVERY))
}

struct StreamState {
    db: AnyPool,
    code: String,
    last_sent: i64,
    pending: VecDeque<StoredEvent>,
    receiver: broadcast::Receiver<Notice>,
    finished: bool,
}

impl StreamState {
    /// The next SSE event, or `None` to end the stream.
    async fn next_event(&mut self) -> Option<Event> {
        if self.finished {
            return None;
        }
        loop {
            if let Some(stored) = self.pending.pop_front() {
                // Events can arrive both from the replay and live; each is sent once, in order.
                if stored.id > self.last_sent {
                    self.last_sent = stored.id;
                    return Some(Self::sse_event(&stored));
                }
                continue;
            }
            match self.receiver.recv().await {
                Ok(Notice::Event(stored)) => {
                    // Ids are committed without gaps and in order (each change locks the class row
                    // to take its id), but handlers announce after committing, so event n+1 can be
                    // announced before n. A gap means n is already in the database: read it first.
                    if stored.id > self.last_sent + 1 {
                        match store::events_after(&self.db, &self.code, self.last_sent).await {
                            Ok(missed) => self.pending.extend(missed),
                            Err(_) => return None,
                        }
                    }
                    self.pending.push_back(stored);
                }
                Ok(Notice::ClassDeleted) => {
                    self.finished = true;
                    return Some(Event::default().data(r#"{"kind":"deleted"}"#));
                }
                // Fell behind the channel: what was skipped is in the database.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    match store::events_after(&self.db, &self.code, self.last_sent).await {
                        Ok(missed) => self.pending.extend(missed),
                        Err(_) => return None,
                    }
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }

    fn sse_event(stored: &StoredEvent) -> Event {
        Event::default().id(stored.id.to_string()).retry(RECONNECT_AFTER).data(&stored.data_json)
    }
}
