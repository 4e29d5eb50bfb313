//! # parlab-class: the class mode server
//!
//! One binary serves the built site (with the cross-origin isolation headers,
//! so threads work) and, on the same origin, the class API under `/api/`.
//! Data lives in SQLite (a file; the default) or PostgreSQL (`DATABASE_URL`),
//! through one set of portable queries ([`store`]) and migrations ([`db`]).
//!
//! ## Running
//!
//! `parlab-class [--listen 127.0.0.1:8787] [--site dist] [--database-url sqlite://parlab-class.db]
//! [--allowed-origins https://a.example,https://b.example] [--expiry-days 7] [--trusted-proxy IP]`; each flag can
//! also be given as `PARLAB_LISTEN`, `PARLAB_SITE`, `DATABASE_URL`,
//! `PARLAB_ALLOWED_ORIGINS`, `PARLAB_EXPIRY_DAYS`, `PARLAB_TRUSTED_PROXY`. A SQLite file is created if
//! missing. Threads need a secure context: `localhost`/`127.0.0.1`, or HTTPS
//! in front of the server for a lecture hall.
//!
//! ## Flow
//!
//! The instructor opens a class and keeps the instructor key (on their machine
//! only: the server stores its SHA-256). Students open `/?class=CODE`, join with
//! a random client id the page generates (no account, no name), predict, run
//! the sweep and submit its summary. The dashboard follows the counts live over
//! SSE, reveals the results, moves the class on, exports, and deletes the class.
//!
//! ## Shapes
//!
//! - *id*: 8–64 characters of `A-Z a-z 0-9 - _` (client ids, submission ids);
//!   names in steps (lesson, experiment, parameter names and text values, choices) are 1–64 (choices 1–32) of the same.
//! - *code*: 8 letters of `ABCDEFGHJKLMNPQRSTUVWXYZ23456789` (case-insensitive).
//! - *step*: `{"kind":"lesson","lesson":name,"step":0..999}` or
//!   `{"kind":"experiment","experiment":name,"params":{name: number|boolean|name, … ≤32},"workers":1..256}`.
//! - *stepIndex*: the server's count of the class's steps, from 0; it goes up by one at each `POST …/step`.
//! - *summary*: `{"ks":[{"k":1..1024,"medianMs","minMs","maxMs":0..3600000 with min ≤ median ≤ max,"speedup":0..10000}, … 1..64 rows],
//!   "cores":1..1024,"browser":"chromium"|"firefox"|"safari"|"other","quiet":{"freeCores":0..1024 (measured, so fractional),"busy":bool}}`.
//! - *class view*: `{"code","stepIndex","step","revealed","expiresAt"(Unix s),"lastEventId","joined","predicted","submitted"}`
//!   (`predicted`, `submitted`: distinct clients in the current step).
//!
//! ## Endpoints
//!
//! Students (no key):
//! - `POST /api/classes/{code}/join` `{"clientId"}` → 200 class view. Joining again is harmless.
//! - `GET /api/classes/{code}` → 200 class view.
//! - `POST /api/classes/{code}/predictions` `{"clientId","stepIndex","number":±1e9}` or `{…,"choice":name}`
//!   → 200 `{"stored":true,"stepIndex"}`; a later one from the same client replaces it; 409 if
//!   `stepIndex` is not the current step or the results are revealed.
//! - `POST /api/classes/{code}/results` `{"clientId","submissionId","stepIndex","summary"}` →
//!   200 `{"submissionId","stepIndex","stored":true}`, committed before the answer. Posting the
//!   same `submissionId` again answers the same and stores nothing (retry freely); 409 if a new
//!   submission's `stepIndex` is not the current step.
//! - `GET /api/classes/{code}/revealed` → 200 `{"stepIndex","predictions":[…],"results":[…]}` (as in the
//!   dashboard) once revealed; 403 before.
//! - `GET /api/classes/{code}/events` → `text/event-stream`. Each event: `id:` (counts up from 1 in the
//!   class, stored, so it survives restarts), `data:` `{"kind":"joined"|"predicted"|"submitted"|"revealed"|"step",
//!   "stepIndex","revealed","joined","predicted","submitted"}` plus `"step"` for kind `step`. A reconnecting
//!   EventSource sends `Last-Event-ID` and gets every event after it first; `?lastEventId=N` does
//!   the same for a first connection. Deleting the class sends `data:{"kind":"deleted"}` (no id) and ends the stream.
//!   Listen with `onmessage` (events are unnamed).
//!
//! Instructor (`Authorization: Bearer <instructorKey>`; no key → 401, wrong key → 403):
//! - `POST /api/classes` `{"step":step}` (no key needed) → 201 `{"code","joinUrl":"/?class=CODE",
//!   "instructorKey","expiresAt","stepIndex":0,"step"}`.
//! - `GET /api/classes/{code}/dashboard` → 200 class view + `"predictions":[{"clientId","stepIndex","number","choice","predictedAt"}]`,
//!   `"results":[{"submissionId","clientId","stepIndex","summary","submittedAt"}]` of the current step.
//! - `POST /api/classes/{code}/reveal` → 200 `{"revealed":true,"stepIndex"}`.
//! - `POST /api/classes/{code}/step` `{"step":step}` → 200 `{"stepIndex","step"}`; hides the results again.
//! - `GET /api/classes/{code}/export.json` → every step, prediction and result; `GET …/export.csv` → one
//!   row per prediction and per (result, k), header [`export::CSV_HEADER`].
//! - `DELETE /api/classes/{code}` → 200 `{"deleted":true}`; everything of the class is gone at once.
//!
//! ## Errors
//!
//! Always `{"error":"<sentence>"}`: 400 bad JSON, unknown field, value out of range; 401/403 as above;
//! 404 unknown or expired class (also a code that cannot exist) or endpoint; 405 wrong method; 409 as above; 413 body over 16 KiB;
//! 415 body not `application/json`; 429 rate limited (with `Retry-After`).
//!
//! ## Security and privacy
//!
//! - Codes: 40 bits from the OS CSPRNG; keys: 256 bits, stored as SHA-256, compared in constant time.
//! - Rate limits (token buckets in memory, [`Config`]): per client IP 240 requests burst, 40/s
//!   refill (sized for a class behind one NAT address); per class 600 burst, 100/s. An SSE
//!   connection counts once. Behind a reverse proxy (HTTPS for a lecture hall), give `--trusted-proxy IP`
//!   so that its `X-Forwarded-For` keys the buckets; from any other peer that header is ignored.
//! - Nothing personal is stored: no IPs (they are only keys of the in-memory buckets), no names, no free text —
//!   only numbers, booleans, enums and checked ids, so nothing a student sends can be rendered as HTML.
//! - CORS allows only `--allowed-origins` (none by default: same origin only).
//! - Classes expire after 7 days (configurable); a background task deletes them, and an expired class answers 404 at once.
//! - SQLite runs in WAL mode with `synchronous=FULL`: an acknowledged submission survives `kill -9` and power loss.

pub mod api;
pub mod config;
pub mod db;
pub mod error;
pub mod events;
pub mod export;
pub mod json_body;
pub mod rate_limit;
pub mod schema;
pub mod secrets;
pub mod site;
pub mod store;
pub mod throttle;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::Router;
use sqlx::AnyPool;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

pub use config::Config;

use events::{EventHub, Notice};
use rate_limit::Buckets;

/// What every handler shares.
pub struct App {
    pub db: AnyPool,
    pub config: Config,
    pub hub: EventHub,
    pub per_client: Buckets,
    pub per_class: Buckets,
}

impl App {
    /// Connects to (and migrates) the database.
    pub async fn open(config: Config) -> Result<Arc<App>, sqlx::Error> {
        let db = db::connect(&config.database_url).await?;
        Ok(Arc::new(App {
            db,
            per_client: Buckets::new(config.per_client_limit),
            per_class: Buckets::new(config.per_class_limit),
            hub: EventHub::default(),
            config,
        }))
    }
}

/// The whole site: the API under `/api/`, the built site everywhere else.
pub fn router(app: Arc<App>) -> Router {
    let mut api = api::api_router()
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(app.clone(), throttle::limit_requests))
        .layer(DefaultBodyLimit::max(json_body::BODY_LIMIT_BYTES))
        // Answers are per class and change all the time; only this origin may read them as a resource.
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("same-origin"),
        ));
    if let Some(cors) = cors_layer(&app.config.allowed_origins) {
        api = api.layer(cors);
    }
    Router::new()
        .nest("/api", api.with_state(app.clone()))
        .merge(site::site_router(&app.config.site_dir))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
}

fn cors_layer(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|origin| HeaderValue::from_str(origin).ok()).collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST, Method::DELETE])
            .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION, HeaderName::from_static("last-event-id")]),
    )
}

/// Opens the database, binds `config.listen` and serves until the process ends.
pub async fn serve(config: Config) -> Result<(), Box<dyn std::error::Error>> {
    let listen = config.listen;
    let app = App::open(config).await?;
    let listener = tokio::net::TcpListener::bind(listen).await?;
    eprintln!(
        "parlab-class: serving {} and the class API on http://{}",
        app.config.site_dir.display(),
        listener.local_addr()?
    );
    serve_on(listener, app).await?;
    Ok(())
}

/// Serves `app` on a bound listener (tests and load tools bind port 0), with the expiry task.
pub async fn serve_on(listener: tokio::net::TcpListener, app: Arc<App>) -> std::io::Result<()> {
    tokio::spawn(sweep_expired(app.clone()));
    axum::serve(listener, router(app).into_make_service_with_connect_info::<SocketAddr>()).await
}

/// Deletes expired classes (and forgets idle rate-limit buckets) every sweep interval.
async fn sweep_expired(app: Arc<App>) {
    let mut ticks = tokio::time::interval(app.config.expiry_sweep_interval);
    loop {
        ticks.tick().await;
        match store::delete_expired(&app.db, unix_now()).await {
            Ok(codes) => codes.iter().for_each(|code| app.hub.publish(code, Notice::ClassDeleted)),
            Err(error) => eprintln!("parlab-class: deleting expired classes failed: {error}"),
        }
        app.per_client.forget_full(Instant::now());
        app.per_class.forget_full(Instant::now());
    }
}

pub fn unix_now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs() as i64)
}
