//! What the integration tests share: a server on a free loopback port over a
//! real database, a throwaway PostgreSQL cluster, an HTTP client, an SSE reader.
#![allow(dead_code)] // Each test binary uses a different part of this module.

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use parlab_class::{App, Config};
use serde_json::{json, Value};
use tempfile::TempDir;

/// A SQLite database file in a directory of its own.
pub struct SqliteFile {
    _dir: TempDir,
    pub url: String,
}

impl SqliteFile {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("class.db").display());
        SqliteFile { _dir: dir, url }
    }
}

/// A PostgreSQL cluster of its own, stopped and removed when dropped (also when a test panics).
pub struct Postgres {
    dir: TempDir,
    bin: PathBuf,
    pub url: String,
}

impl Postgres {
    /// `None` (after saying so) when PostgreSQL is not installed.
    pub fn start() -> Option<Postgres> {
        let Some(bin) = installed_postgres_bin() else {
            eprintln!("note: no /usr/lib/postgresql/*/bin/initdb: the PostgreSQL half of the suite is skipped");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let as_root = running_as_root();
        if as_root {
            run(Command::new("chown").arg("postgres").arg(dir.path()));
        }
        let data = dir.path().join("data");
        let socket_dir = dir.path().display().to_string();
        run(postgres_command(as_root, &bin.join("initdb")).arg("-D").arg(&data).args(["-A", "trust", "-U", "parlab"]));
        let cluster = Postgres { url: format!("postgresql://parlab@127.0.0.1:{port}/postgres"), dir, bin };
        run(postgres_command(as_root, &cluster.bin.join("pg_ctl"))
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(cluster.dir.path().join("log"))
            .arg("-o")
            .arg(format!("-p {port} -k {socket_dir} -c listen_addresses=127.0.0.1 -c fsync=on"))
            .args(["-w", "start"]));
        Some(cluster)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = postgres_command(running_as_root(), &self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .status();
    }
}

fn installed_postgres_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| entry.ok().map(|entry| entry.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort();
    versions.pop()
}

/// initdb refuses to run as root, so as root the tools run as the `postgres` user.
fn postgres_command(as_root: bool, tool: &Path) -> Command {
    if as_root {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(tool);
        command
    } else {
        Command::new(tool)
    }
}

fn running_as_root() -> bool {
    Command::new("id").arg("-u").output().map(|output| output.stdout.starts_with(b"0\n")).unwrap_or(false)
}

fn run(command: &mut Command) {
    let output = command.output().expect("runs");
    assert!(output.status.success(), "{command:?} failed: {}", String::from_utf8_lossy(&output.stderr));
}

pub fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A site directory like `dist/`: an index page and a wasm file.
pub fn site_dir() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>parlab</title>").unwrap();
    std::fs::write(dir.path().join("kernels.wasm"), b"\0asm\x01\0\0\0").unwrap();
    dir
}

/// A server of the library on a free port, stopped when dropped.
pub struct TestServer {
    pub base: String,
    pub app: Arc<App>,
    pub http: reqwest::Client,
    task: tokio::task::JoinHandle<()>,
    _site: TempDir,
}

impl TestServer {
    pub async fn start(database_url: &str) -> TestServer {
        Self::start_with(database_url, |_| {}).await
    }

    pub async fn start_with(database_url: &str, adjust: impl FnOnce(&mut Config)) -> TestServer {
        let site = site_dir();
        let mut config =
            Config { database_url: database_url.to_string(), site_dir: site.path().to_path_buf(), ..Config::default() };
        adjust(&mut config);
        let app = App::open(config).await.expect("database opens");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn({
            let app = app.clone();
            async move { parlab_class::serve_on(listener, app).await.unwrap() }
        });
        TestServer { base, app, http: reqwest::Client::new(), task, _site: site }
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, key: Option<&str>, body: Option<Value>) -> Reply {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(key) = key {
            request = request.bearer_auth(key);
        }
        if let Some(body) = body {
            request = request.header("content-type", "application/json").body(body.to_string());
        }
        Reply::from_response(request.send().await.unwrap()).await
    }

    pub async fn get(&self, path: &str, key: Option<&str>) -> Reply {
        self.send(reqwest::Method::GET, path, key, None).await
    }

    pub async fn post(&self, path: &str, key: Option<&str>, body: Value) -> Reply {
        self.send(reqwest::Method::POST, path, key, Some(body)).await
    }

    /// Opens a class running a lab experiment; returns (code, instructor key).
    pub async fn open_class(&self) -> (String, String) {
        let reply = self.post("/api/classes", None, json!({ "step": experiment_step(4) })).await;
        assert_eq!(reply.status, 201, "{}", reply.text);
        (reply.json["code"].as_str().unwrap().to_string(), reply.json["instructorKey"].as_str().unwrap().to_string())
    }

    pub async fn events(&self, code: &str, last_event_id: Option<i64>) -> SseReader {
        let mut request = self.http.get(format!("{}/api/classes/{code}/events", self.base));
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id.to_string());
        }
        SseReader::from_response(request.send().await.unwrap())
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Reply {
    pub async fn from_response(response: reqwest::Response) -> Reply {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply { status, headers, text, json }
    }

    /// Asserts an error reply: this status and a JSON `{ "error": sentence }`.
    pub fn assert_error(&self, status: u16) {
        assert_eq!(self.status, status, "{}", self.text);
        assert_eq!(self.headers["content-type"], "application/json", "{}", self.text);
        let message = self.json["error"].as_str().unwrap_or_else(|| panic!("no error field in {}", self.text));
        assert!(!message.is_empty());
        assert_eq!(self.json.as_object().unwrap().len(), 1, "{}", self.text);
    }
}

/// One SSE event as received.
#[derive(Debug)]
pub struct ReceivedEvent {
    pub id: Option<i64>,
    pub data: Value,
}

pub struct SseReader {
    body: std::pin::Pin<Box<dyn futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    buffer: String,
}

impl SseReader {
    pub fn from_response(response: reqwest::Response) -> SseReader {
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        SseReader { body: Box::pin(response.bytes_stream()), buffer: String::new() }
    }

    /// The next event (comments skipped); panics after 10 s without one.
    pub async fn next(&mut self) -> ReceivedEvent {
        tokio::time::timeout(Duration::from_secs(10), self.read_event()).await.expect("an event within 10 s")
    }

    /// `true` if no event arrives within `wait`.
    pub async fn is_quiet_for(&mut self, wait: Duration) -> bool {
        tokio::time::timeout(wait, self.read_event()).await.is_err()
    }

    async fn read_event(&mut self) -> ReceivedEvent {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut id = None;
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("id:") {
                        id = Some(value.trim().parse().unwrap());
                    } else if let Some(value) = line.strip_prefix("data:") {
                        data.push_str(value.trim_start());
                    }
                }
                if data.is_empty() {
                    continue; // a keep-alive comment or a bare retry
                }
                return ReceivedEvent { id, data: serde_json::from_str(&data).unwrap() };
            }
            let chunk = self.body.next().await.expect("the stream stays open").unwrap();
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}

pub fn experiment_step(workers: u32) -> Value {
    json!({ "kind": "experiment", "experiment": "breakfast", "params": { "n": 200, "mode": "threads", "gil": false }, "workers": workers })
}

pub fn summary(cores: u32) -> Value {
    json!({
        "ks": [
            { "k": 1, "medianMs": 100.0, "minMs": 95.0, "maxMs": 110.0, "speedup": 1.0 },
            { "k": 2, "medianMs": 52.5, "minMs": 50.0, "maxMs": 60.0, "speedup": 1.9 },
            { "k": 4, "medianMs": 30.0, "minMs": 28.0, "maxMs": 35.0, "speedup": 3.33 },
        ],
        "cores": cores,
        "browser": "firefox",
        // Free cores are measured, so fractional (a whole number would read back as 7.0 for 7).
        "quiet": { "freeCores": f64::from(cores) - 0.8, "busy": false },
    })
}

pub fn result_body(client: &str, submission: &str, step_index: i64) -> Value {
    json!({ "clientId": client, "submissionId": submission, "stepIndex": step_index, "summary": summary(8) })
}
