//! `kill -9` of the real binary in the middle of a stream of submissions loses
//! none that it acknowledged: each is committed (WAL, synchronous=FULL) before its 200.

mod common;

use std::collections::BTreeSet;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{experiment_step, result_body, site_dir};
use serde_json::json;

const SUBMITTERS: usize = 4;
const SUBMISSIONS_EACH: usize = 50;
/// Acknowledgements to wait for before the kill, so that it lands mid-stream.
const KILL_AFTER: usize = 40;

fn start_server(database_url: &str, site: &std::path::Path) -> (Child, String) {
    let port = common::free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_parlab-class"))
        .args(["--listen", &format!("127.0.0.1:{port}"), "--database-url", database_url, "--site"])
        .arg(site)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    (child, format!("http://127.0.0.1:{port}"))
}

async fn wait_until_up(http: &reqwest::Client, base: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Ok(response) = http.get(format!("{base}/api/classes/ABCDEFGH")).send().await {
            assert_eq!(response.status(), 404);
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not come up within 30 s");
}

/// Kills the child when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_submissions_survive_kill_9() {
    let database = common::SqliteFile::new();
    let site = site_dir();
    let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();
    let (child, base) = start_server(&database.url, site.path());
    let mut running = Running(child);
    wait_until_up(&http, &base).await;
    let opened: serde_json::Value = http
        .post(format!("{base}/api/classes"))
        .header("content-type", "application/json")
        .body(json!({ "step": experiment_step(4) }).to_string())
        .send()
        .await
        .map(json_of)
        .unwrap()
        .await;
    let code = opened["code"].as_str().unwrap().to_string();
    let key = opened["instructorKey"].as_str().unwrap().to_string();

    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let submitters: Vec<_> = (0..SUBMITTERS)
        .map(|submitter| {
            let (http, base, code, acknowledged) = (http.clone(), base.clone(), code.clone(), acknowledged.clone());
            tokio::spawn(async move {
                for n in 0..SUBMISSIONS_EACH {
                    let id = format!("kill-{submitter}-{n:04}");
                    let sent = http
                        .post(format!("{base}/api/classes/{code}/results"))
                        .header("content-type", "application/json")
                        .body(result_body(&format!("student-{submitter:04}"), &id, 0).to_string())
                        .send()
                        .await;
                    match sent {
                        Ok(response) if response.status() == 200 => {
                            acknowledged.lock().unwrap().insert(id);
                        }
                        Ok(response) => panic!("unexpected {}", response.status()),
                        Err(_) => return, // the server is gone: this one was never acknowledged
                    }
                }
            })
        })
        .collect();

    let deadline = Instant::now() + Duration::from_secs(60);
    while acknowledged.lock().unwrap().len() < KILL_AFTER {
        assert!(Instant::now() < deadline, "too slow to reach {KILL_AFTER} acknowledgements");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    running.0.kill().expect("SIGKILL"); // Child::kill sends SIGKILL on Unix
    running.0.wait().unwrap();
    for submitter in submitters {
        submitter.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() < SUBMITTERS * SUBMISSIONS_EACH,
        "the kill came after every submission: nothing was tested"
    );

    let (child, base) = start_server(&database.url, site.path());
    let _restarted = Running(child);
    wait_until_up(&http, &base).await;
    let exported: serde_json::Value = http
        .get(format!("{base}/api/classes/{code}/export.json"))
        .bearer_auth(&key)
        .send()
        .await
        .map(json_of)
        .unwrap()
        .await;
    let stored: BTreeSet<String> = exported["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|result| result["submissionId"].as_str().unwrap().to_string())
        .collect();
    let lost: Vec<_> = acknowledged.difference(&stored).collect();
    assert!(lost.is_empty(), "acknowledged but lost after kill -9: {lost:?}");
    eprintln!("kill -9 after {} acknowledged submissions; {} stored, none lost", acknowledged.len(), stored.len());
}

/// The JSON body of an answer.
async fn json_of(response: reqwest::Response) -> serde_json::Value {
    serde_json::from_str(&response.text().await.unwrap()).unwrap()
}
