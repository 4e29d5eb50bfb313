//! The class API's handlers: each checks who may call it, calls the store,
//! tells live listeners, and answers JSON.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::events::{event_stream, Notice};
use crate::json_body::ValidJson;
use crate::schema::{JoinRequest, PredictionRequest, ResultRequest, StepRequest};
use crate::store::{self, ClassState, Refusal, StoredEvent};
use crate::{export, secrets, unix_now, App};

pub fn api_router() -> Router<Arc<App>> {
    Router::new()
        .route("/classes", post(open_class))
        .route("/classes/{code}", get(class_info).delete(delete_class))
        .route("/classes/{code}/join", post(join))
        .route("/classes/{code}/predictions", post(predict))
        .route("/classes/{code}/results", post(submit))
        .route("/classes/{code}/revealed", get(revealed_results))
        .route("/classes/{code}/events", get(events))
        .route("/classes/{code}/dashboard", get(dashboard))
        .route("/classes/{code}/reveal", post(reveal))
        .route("/classes/{code}/step", post(next_step))
        .route("/classes/{code}/export.json", get(export_json))
        .route("/classes/{code}/export.csv", get(export_csv))
}

pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such endpoint")
}

pub async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "this endpoint does not take that method")
}

async fn open_class(State(app): State<Arc<App>>, ValidJson(request): ValidJson<StepRequest>) -> ApiResult<Response> {
    let step = serde_json::to_value(&request.step).expect("a step serialises");
    let key = secrets::new_instructor_key();
    let now = unix_now();
    let expires_at = now + app.config.class_lifetime.as_secs() as i64;
    // 2^40 codes make a collision rare; drawing again makes it harmless.
    for _ in 0..8 {
        let code = secrets::new_join_code();
        if store::create_class(&app.db, &code, &secrets::hash_key(&key), &step, now, expires_at).await? {
            let body = json!({
                "code": code,
                "joinUrl": format!("/?class={code}"),
                "instructorKey": key,
                "expiresAt": expires_at,
                "stepIndex": 0,
                "step": step,
            });
            return Ok((StatusCode::CREATED, Json(body)).into_response());
        }
    }
    Err(ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "could not draw a free join code"))
}

async fn class_info(State(app): State<Arc<App>>, Path(code): Path<String>) -> ApiResult<Json<Value>> {
    let class = public_class(&app, &code).await?;
    Ok(Json(class_view(&app, &class).await?))
}

async fn join(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    ValidJson(request): ValidJson<JoinRequest>,
) -> ApiResult<Json<Value>> {
    let code = parse_code(&code)?;
    let event = store::join(&app.db, &code, &request.client_id, unix_now()).await??;
    announce(&app, &code, event);
    let class = public_class(&app, &code).await?;
    Ok(Json(class_view(&app, &class).await?))
}

async fn predict(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    ValidJson(request): ValidJson<PredictionRequest>,
) -> ApiResult<Json<Value>> {
    let code = parse_code(&code)?;
    let event = store::predict(&app.db, &code, &request, unix_now()).await??;
    announce(&app, &code, Some(event));
    Ok(Json(json!({ "stored": true, "stepIndex": request.step_index })))
}

async fn submit(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    ValidJson(request): ValidJson<ResultRequest>,
) -> ApiResult<Json<Value>> {
    let code = parse_code(&code)?;
    let (step_index, event) = store::submit(&app.db, &code, &request, unix_now()).await??;
    announce(&app, &code, event);
    // The same answer for a repeat, so a page that retries cannot tell it apart.
    Ok(Json(json!({ "submissionId": request.submission_id, "stepIndex": step_index, "stored": true })))
}

async fn revealed_results(State(app): State<Arc<App>>, Path(code): Path<String>) -> ApiResult<Json<Value>> {
    let class = public_class(&app, &code).await?;
    if !class.revealed {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "the results are not revealed yet"));
    }
    Ok(Json(step_data(&app, &class).await?))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EventsQuery {
    /// For a first connection that already knows where it was; a reconnecting
    /// EventSource sends the `Last-Event-ID` header instead, which wins.
    last_event_id: Option<String>,
}

async fn events(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    Query(query): Query<EventsQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let class = public_class(&app, &code).await?;
    let last_seen =
        headers.get("last-event-id").and_then(|value| value.to_str().ok().map(str::to_string)).or(query.last_event_id);
    let after_id = match last_seen {
        None => 0,
        Some(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| *id >= 0)
            .ok_or_else(|| ApiError::bad_request("Last-Event-ID: a whole number"))?,
    };
    // Listen first, then read what was missed: an event committed in between arrives twice, never not at all.
    let receiver = app.hub.subscribe(&class.code);
    let missed = store::events_after(&app.db, &class.code, after_id).await?;
    Ok(event_stream(app.db.clone(), class.code, after_id, missed, receiver).into_response())
}

async fn dashboard(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let class = instructor_class(&app, &code, &headers).await?;
    let mut view = class_view(&app, &class).await?;
    let data = step_data(&app, &class).await?;
    view["predictions"] = data["predictions"].clone();
    view["results"] = data["results"].clone();
    Ok(Json(view))
}

async fn reveal(State(app): State<Arc<App>>, Path(code): Path<String>, headers: HeaderMap) -> ApiResult<Json<Value>> {
    let class = instructor_class(&app, &code, &headers).await?;
    let event = store::reveal(&app.db, &class.code, unix_now()).await?.ok_or_else(ApiError::class_not_found)?;
    announce(&app, &class.code, Some(event));
    Ok(Json(json!({ "revealed": true, "stepIndex": class.step_index })))
}

async fn next_step(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    headers: HeaderMap,
    ValidJson(request): ValidJson<StepRequest>,
) -> ApiResult<Json<Value>> {
    let class = instructor_class(&app, &code, &headers).await?;
    let step = serde_json::to_value(&request.step).expect("a step serialises");
    let (step_index, event) =
        store::next_step(&app.db, &class.code, &step, unix_now()).await?.ok_or_else(ApiError::class_not_found)?;
    announce(&app, &class.code, Some(event));
    Ok(Json(json!({ "stepIndex": step_index, "step": step })))
}

async fn export_json(State(app): State<Arc<App>>, Path(code): Path<String>, headers: HeaderMap) -> ApiResult<Response> {
    let class = instructor_class(&app, &code, &headers).await?;
    let steps = store::steps(&app.db, &class.code).await?;
    let predictions = store::predictions(&app.db, &class.code, None).await?;
    let results = store::results(&app.db, &class.code, None).await?;
    let document = export::as_json(&class, &steps, &predictions, &results);
    Ok(download(&class.code, "json", "application/json", document.to_string()))
}

async fn export_csv(State(app): State<Arc<App>>, Path(code): Path<String>, headers: HeaderMap) -> ApiResult<Response> {
    let class = instructor_class(&app, &code, &headers).await?;
    let predictions = store::predictions(&app.db, &class.code, None).await?;
    let results = store::results(&app.db, &class.code, None).await?;
    Ok(download(&class.code, "csv", "text/csv; charset=utf-8", export::as_csv(&predictions, &results)))
}

async fn delete_class(
    State(app): State<Arc<App>>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let class = instructor_class(&app, &code, &headers).await?;
    store::delete_class(&app.db, &class.code).await?;
    app.hub.publish(&class.code, Notice::ClassDeleted);
    Ok(Json(json!({ "deleted": true })))
}

/// A code that cannot be one of ours is answered like an unknown one.
fn parse_code(code: &str) -> ApiResult<String> {
    secrets::normalize_join_code(code).ok_or_else(ApiError::class_not_found)
}

async fn public_class(app: &App, code: &str) -> ApiResult<ClassState> {
    let code = parse_code(code)?;
    store::find_class(&app.db, &code, unix_now()).await?.ok_or_else(ApiError::class_not_found)
}

/// The class, if the request carries its instructor key: no key 401, a wrong one 403.
async fn instructor_class(app: &App, code: &str, headers: &HeaderMap) -> ApiResult<ClassState> {
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|key| !key.is_empty())
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "send Authorization: Bearer <instructor key>"))?;
    let class = public_class(app, code).await?;
    if !secrets::key_matches(key, &class.instructor_key_sha256) {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "this key does not open this class"));
    }
    Ok(class)
}

async fn class_view(app: &App, class: &ClassState) -> ApiResult<Value> {
    let counts = store::counts(&app.db, &class.code, class.step_index).await?;
    Ok(json!({
        "code": class.code,
        "stepIndex": class.step_index,
        "step": class.step,
        "revealed": class.revealed,
        "expiresAt": class.expires_at,
        "lastEventId": class.last_event_id,
        "joined": counts.joined,
        "predicted": counts.predicted,
        "submitted": counts.submitted,
    }))
}

/// The current step's predictions and results.
async fn step_data(app: &App, class: &ClassState) -> ApiResult<Value> {
    let predictions = store::predictions(&app.db, &class.code, Some(class.step_index)).await?;
    let results = store::results(&app.db, &class.code, Some(class.step_index)).await?;
    Ok(json!({ "stepIndex": class.step_index, "predictions": predictions, "results": results }))
}

fn announce(app: &App, code: &str, event: Option<StoredEvent>) {
    if let Some(event) = event {
        app.hub.publish(code, Notice::Event(event));
    }
}

impl From<Refusal> for ApiError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::NoSuchClass => ApiError::class_not_found(),
            Refusal::WrongStep { current } => {
                ApiError::new(StatusCode::CONFLICT, format!("the class is at step {current} now"))
            }
            Refusal::AlreadyRevealed => {
                ApiError::new(StatusCode::CONFLICT, "predictions are closed: the results are revealed")
            }
        }
    }
}

fn download(code: &str, extension: &str, content_type: &'static str, body: String) -> Response {
    let disposition = format!("attachment; filename=\"parlab-class-{code}.{extension}\"");
    ([(header::CONTENT_TYPE, content_type.to_string()), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response()
}
