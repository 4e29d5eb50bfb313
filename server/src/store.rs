//! Every query of the server, in SQL that runs unchanged on SQLite and PostgreSQL.
//!
//! Each change to a class is one transaction that also appends the class's next
//! event, so the event log and the data never disagree, and an acknowledged
//! change is committed before the answer. Every such transaction starts by
//! bumping `classes.last_event_id`: a write first takes SQLite's write lock at
//! once (a read first could deadlock on upgrade) and in PostgreSQL locks the
//! class row, which serialises the changes of one class.

use serde_json::{json, Value};
use sqlx::{Any, AnyPool, Transaction};

use crate::schema::{PredictionRequest, ResultRequest};

/// An event as stored and as sent over SSE: its id counts up within the class.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredEvent {
    pub id: i64,
    pub data_json: String,
}

/// The public state of a class.
#[derive(Clone, Debug)]
pub struct ClassState {
    pub code: String,
    pub instructor_key_sha256: String,
    pub step_index: i64,
    pub step: Value,
    pub revealed: bool,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_event_id: i64,
}

#[derive(Clone, Copy, Debug)]
pub struct Counts {
    pub joined: i64,
    pub predicted: i64,
    pub submitted: i64,
}

#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PredictionRow {
    pub client_id: String,
    pub step_index: i64,
    pub number: Option<f64>,
    pub choice: Option<String>,
    pub predicted_at: i64,
}

#[derive(Clone, Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultRow {
    pub submission_id: String,
    pub client_id: String,
    pub step_index: i64,
    pub summary: Value,
    pub submitted_at: i64,
}

/// Why a student's write was not made.
#[derive(Debug)]
pub enum Refusal {
    NoSuchClass,
    /// The page sent something for another step than the class's current one.
    WrongStep {
        current: i64,
    },
    /// Predictions close when the instructor reveals the results.
    AlreadyRevealed,
}

/// Inserts a class unless its code is taken (then `false`; the caller draws another code).
pub async fn create_class(
    pool: &AnyPool,
    code: &str,
    key_sha256: &str,
    step: &Value,
    now: i64,
    expires_at: i64,
) -> Result<bool, sqlx::Error> {
    let mut transaction = pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO classes (code, instructor_key_sha256, step_index, revealed, created_at, expires_at, last_event_id) \
         VALUES ($1, $2, 0, 0, $3, $4, 0) ON CONFLICT (code) DO NOTHING",
    )
    .bind(code)
    .bind(key_sha256)
    .bind(now)
    .bind(expires_at)
    .execute(&mut *transaction)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO steps (class_code, step_index, step_json) VALUES ($1, 0, $2)")
        .bind(code)
        .bind(step.to_string())
        .execute(&mut *transaction)
        .await?;
    transaction.commit().await?;
    Ok(true)
}

/// The class, unless it does not exist or has expired.
pub async fn find_class(pool: &AnyPool, code: &str, now: i64) -> Result<Option<ClassState>, sqlx::Error> {
    let row: Option<(String, i64, String, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT c.instructor_key_sha256, c.step_index, s.step_json, c.revealed, c.created_at, c.expires_at, c.last_event_id \
         FROM classes c JOIN steps s ON s.class_code = c.code AND s.step_index = c.step_index \
         WHERE c.code = $1 AND c.expires_at > $2",
    )
    .bind(code)
    .bind(now)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(key, step_index, step_json, revealed, created_at, expires_at, last_event_id)| ClassState {
        code: code.to_string(),
        instructor_key_sha256: key,
        step_index,
        step: parse_stored_json(&step_json),
        revealed: revealed != 0,
        created_at,
        expires_at,
        last_event_id,
    }))
}

pub async fn counts(pool: &AnyPool, code: &str, step_index: i64) -> Result<Counts, sqlx::Error> {
    let mut connection = pool.acquire().await?;
    counts_in(&mut connection, code, step_index).await
}

/// A student joins (again after a reload: no new event).
pub async fn join(
    pool: &AnyPool,
    code: &str,
    client_id: &str,
    now: i64,
) -> Result<Result<Option<StoredEvent>, Refusal>, sqlx::Error> {
    let mut transaction = pool.begin().await?;
    let Some(class) = claim_next_event(&mut transaction, code, now).await? else {
        return Ok(Err(Refusal::NoSuchClass));
    };
    if !add_participant(&mut transaction, code, client_id, now).await? {
        return Ok(Ok(None));
    }
    let event = append_event(&mut transaction, &class, "joined", None).await?;
    transaction.commit().await?;
    Ok(Ok(Some(event)))
}

/// Stores a prediction for the current step; a second one from the same client replaces the first.
pub async fn predict(
    pool: &AnyPool,
    code: &str,
    prediction: &PredictionRequest,
    now: i64,
) -> Result<Result<StoredEvent, Refusal>, sqlx::Error> {
    let mut transaction = pool.begin().await?;
    let Some(class) = claim_next_event(&mut transaction, code, now).await? else {
        return Ok(Err(Refusal::NoSuchClass));
    };
    if prediction.step_index != class.step_index {
        return Ok(Err(Refusal::WrongStep { current: class.step_index }));
    }
    if class.revealed {
        return Ok(Err(Refusal::AlreadyRevealed));
    }
    add_participant(&mut transaction, code, &prediction.client_id, now).await?;
    sqlx::query(
        "INSERT INTO predictions (class_code, step_index, client_id, number_value, choice, predicted_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (class_code, step_index, client_id) \
         DO UPDATE SET number_value = excluded.number_value, choice = excluded.choice, predicted_at = excluded.predicted_at",
    )
    .bind(code)
    .bind(class.step_index)
    .bind(&prediction.client_id)
    .bind(prediction.number)
    .bind(prediction.choice.as_deref())
    .bind(now)
    .execute(&mut *transaction)
    .await?;
    let event = append_event(&mut transaction, &class, "predicted", None).await?;
    transaction.commit().await?;
    Ok(Ok(event))
}

/// Stores a result once per submission id. Returns the step the submission
/// belongs to (also for a repeat, which is acknowledged again but not stored
/// again) and the new event, if it was new.
pub async fn submit(
    pool: &AnyPool,
    code: &str,
    result: &ResultRequest,
    now: i64,
) -> Result<Result<(i64, Option<StoredEvent>), Refusal>, sqlx::Error> {
    let mut transaction = pool.begin().await?;
    let Some(class) = claim_next_event(&mut transaction, code, now).await? else {
        return Ok(Err(Refusal::NoSuchClass));
    };
    let earlier: Option<(i64,)> =
        sqlx::query_as("SELECT step_index FROM results WHERE class_code = $1 AND submission_id = $2")
            .bind(code)
            .bind(&result.submission_id)
            .fetch_optional(&mut *transaction)
            .await?;
    if let Some((step_index,)) = earlier {
        return Ok(Ok((step_index, None)));
    }
    if result.step_index != class.step_index {
        return Ok(Err(Refusal::WrongStep { current: class.step_index }));
    }
    add_participant(&mut transaction, code, &result.client_id, now).await?;
    let summary_json = serde_json::to_string(&result.summary).expect("a summary serialises");
    sqlx::query(
        "INSERT INTO results (class_code, submission_id, step_index, client_id, summary_json, submitted_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(code)
    .bind(&result.submission_id)
    .bind(class.step_index)
    .bind(&result.client_id)
    .bind(summary_json)
    .bind(now)
    .execute(&mut *transaction)
    .await?;
    let event = append_event(&mut transaction, &class, "submitted", None).await?;
    transaction.commit().await?;
    Ok(Ok((class.step_index, Some(event))))
}

pub async fn reveal(pool: &AnyPool, code: &str, now: i64) -> Result<Option<StoredEvent>, sqlx::Error> {
    let mut transaction = pool.begin().await?;
    let Some(mut class) = claim_next_event(&mut transaction, code, now).await? else {
        return Ok(None);
    };
    sqlx::query("UPDATE classes SET revealed = 1 WHERE code = $1").bind(code).execute(&mut *transaction).await?;
    class.revealed = true;
    let event = append_event(&mut transaction, &class, "revealed", None).await?;
    transaction.commit().await?;
    Ok(Some(event))
}

/// Moves the class to a new step (hiding the results again); returns the step's index and the event.
pub async fn next_step(
    pool: &AnyPool,
    code: &str,
    step: &Value,
    now: i64,
) -> Result<Option<(i64, StoredEvent)>, sqlx::Error> {
    let mut transaction = pool.begin().await?;
    let Some(mut class) = claim_next_event(&mut transaction, code, now).await? else {
        return Ok(None);
    };
    class.step_index += 1;
    class.revealed = false;
    sqlx::query("UPDATE classes SET step_index = $1, revealed = 0 WHERE code = $2")
        .bind(class.step_index)
        .bind(code)
        .execute(&mut *transaction)
        .await?;
    sqlx::query("INSERT INTO steps (class_code, step_index, step_json) VALUES ($1, $2, $3)")
        .bind(code)
        .bind(class.step_index)
        .bind(step.to_string())
        .execute(&mut *transaction)
        .await?;
    let event = append_event(&mut transaction, &class, "step", Some(step)).await?;
    transaction.commit().await?;
    Ok(Some((class.step_index, event)))
}

/// client_id, step_index, number_value, choice, predicted_at.
type PredictionColumns = (String, i64, Option<f64>, Option<String>, i64);

/// Predictions of one step, or of all steps when `step_index` is `None`.
pub async fn predictions(
    pool: &AnyPool,
    code: &str,
    step_index: Option<i64>,
) -> Result<Vec<PredictionRow>, sqlx::Error> {
    let rows: Vec<PredictionColumns> = sqlx::query_as(
        "SELECT client_id, step_index, number_value, choice, predicted_at FROM predictions \
         WHERE class_code = $1 AND ($2 < 0 OR step_index = $2) ORDER BY step_index, predicted_at, client_id",
    )
    .bind(code)
    .bind(step_index.unwrap_or(-1))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(client_id, step_index, number, choice, predicted_at)| PredictionRow {
            client_id,
            step_index,
            number,
            choice,
            predicted_at,
        })
        .collect())
}

/// Results of one step, or of all steps when `step_index` is `None`.
pub async fn results(pool: &AnyPool, code: &str, step_index: Option<i64>) -> Result<Vec<ResultRow>, sqlx::Error> {
    let rows: Vec<(String, String, i64, String, i64)> = sqlx::query_as(
        "SELECT submission_id, client_id, step_index, summary_json, submitted_at FROM results \
         WHERE class_code = $1 AND ($2 < 0 OR step_index = $2) ORDER BY step_index, submitted_at, submission_id",
    )
    .bind(code)
    .bind(step_index.unwrap_or(-1))
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(submission_id, client_id, step_index, summary_json, submitted_at)| ResultRow {
            submission_id,
            client_id,
            step_index,
            summary: parse_stored_json(&summary_json),
            submitted_at,
        })
        .collect())
}

/// Every step the class has run, in order.
pub async fn steps(pool: &AnyPool, code: &str) -> Result<Vec<(i64, Value)>, sqlx::Error> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT step_index, step_json FROM steps WHERE class_code = $1 ORDER BY step_index")
            .bind(code)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|(index, json)| (index, parse_stored_json(&json))).collect())
}

/// Events after `after_id`, oldest first (catch-up for a reconnecting stream).
pub async fn events_after(pool: &AnyPool, code: &str, after_id: i64) -> Result<Vec<StoredEvent>, sqlx::Error> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, data_json FROM events WHERE class_code = $1 AND id > $2 ORDER BY id")
            .bind(code)
            .bind(after_id)
            .fetch_all(pool)
            .await?;
    Ok(rows.into_iter().map(|(id, data_json)| StoredEvent { id, data_json }).collect())
}

/// Deletes a class and everything in it; `false` if there was none.
pub async fn delete_class(pool: &AnyPool, code: &str) -> Result<bool, sqlx::Error> {
    let mut transaction = pool.begin().await?;
    let deleted =
        sqlx::query("DELETE FROM classes WHERE code = $1").bind(code).execute(&mut *transaction).await?.rows_affected();
    for statement in [
        "DELETE FROM steps WHERE class_code = $1",
        "DELETE FROM participants WHERE class_code = $1",
        "DELETE FROM predictions WHERE class_code = $1",
        "DELETE FROM results WHERE class_code = $1",
        "DELETE FROM events WHERE class_code = $1",
    ] {
        sqlx::query(statement).bind(code).execute(&mut *transaction).await?;
    }
    transaction.commit().await?;
    Ok(deleted > 0)
}

/// Deletes every class that expired at or before `now`; returns their codes.
pub async fn delete_expired(pool: &AnyPool, now: i64) -> Result<Vec<String>, sqlx::Error> {
    let expired: Vec<(String,)> =
        sqlx::query_as("SELECT code FROM classes WHERE expires_at <= $1").bind(now).fetch_all(pool).await?;
    let mut deleted = Vec::new();
    for (code,) in expired {
        if delete_class(pool, &code).await? {
            deleted.push(code);
        }
    }
    Ok(deleted)
}

/// The class as seen inside a change's transaction, after taking its next event id.
struct ClaimedClass {
    code: String,
    event_id: i64,
    step_index: i64,
    revealed: bool,
}

async fn claim_next_event(
    transaction: &mut Transaction<'static, Any>,
    code: &str,
    now: i64,
) -> Result<Option<ClaimedClass>, sqlx::Error> {
    let row: Option<(i64, i64, i64)> = sqlx::query_as(
        "UPDATE classes SET last_event_id = last_event_id + 1 WHERE code = $1 AND expires_at > $2 \
         RETURNING last_event_id, step_index, revealed",
    )
    .bind(code)
    .bind(now)
    .fetch_optional(&mut **transaction)
    .await?;
    Ok(row.map(|(event_id, step_index, revealed)| ClaimedClass {
        code: code.to_string(),
        event_id,
        step_index,
        revealed: revealed != 0,
    }))
}

/// `true` if the client is new to the class.
async fn add_participant(
    transaction: &mut Transaction<'static, Any>,
    code: &str,
    client_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let inserted = sqlx::query(
        "INSERT INTO participants (class_code, client_id, joined_at) VALUES ($1, $2, $3) \
         ON CONFLICT (class_code, client_id) DO NOTHING",
    )
    .bind(code)
    .bind(client_id)
    .bind(now)
    .execute(&mut **transaction)
    .await?
    .rows_affected();
    Ok(inserted > 0)
}

/// Appends the event `kind` with the class's counts as they are after the change,
/// so that a dashboard can update its numbers without asking.
async fn append_event(
    transaction: &mut Transaction<'static, Any>,
    class: &ClaimedClass,
    kind: &str,
    step: Option<&Value>,
) -> Result<StoredEvent, sqlx::Error> {
    let counts = counts_in(transaction, &class.code, class.step_index).await?;
    let mut data = json!({
        "kind": kind,
        "stepIndex": class.step_index,
        "revealed": class.revealed,
        "joined": counts.joined,
        "predicted": counts.predicted,
        "submitted": counts.submitted,
    });
    if let Some(step) = step {
        data["step"] = step.clone();
    }
    let event = StoredEvent { id: class.event_id, data_json: data.to_string() };
    sqlx::query("INSERT INTO events (class_code, id, data_json) VALUES ($1, $2, $3)")
        .bind(&class.code)
        .bind(event.id)
        .bind(&event.data_json)
        .execute(&mut **transaction)
        .await?;
    Ok(event)
}

async fn counts_in(connection: &mut sqlx::AnyConnection, code: &str, step_index: i64) -> Result<Counts, sqlx::Error> {
    let (joined, predicted, submitted): (i64, i64, i64) = sqlx::query_as(
        "SELECT \
           (SELECT COUNT(*) FROM participants WHERE class_code = $1), \
           (SELECT COUNT(*) FROM predictions WHERE class_code = $1 AND step_index = $2), \
           (SELECT COUNT(DISTINCT client_id) FROM results WHERE class_code = $1 AND step_index = $2)",
    )
    .bind(code)
    .bind(step_index)
    .fetch_one(connection)
    .await?;
    Ok(Counts { joined, predicted, submitted })
}

/// Stored JSON was written by this server from checked values, so it parses.
fn parse_stored_json(json: &str) -> Value {
    serde_json::from_str(json).unwrap_or(Value::Null)
}
