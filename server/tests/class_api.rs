//! The class API end to end over HTTP, against a SQLite file and (when it is
//! installed) a PostgreSQL cluster started for the test: the same cases on both.

mod common;

use std::time::Duration;

use common::{experiment_step, result_body, SqliteFile, TestServer};
use reqwest::Method;
use serde_json::{json, Value};

/// Each case gets a database URL; the SQLite runs get a fresh file each, the
/// PostgreSQL run shares one cluster (every case works in classes of its own).
macro_rules! suite {
    ($($case:ident),* $(,)?) => {
        mod on_sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let database = super::SqliteFile::new();
                    super::cases::$case(&database.url).await;
                }
            )*
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn on_postgresql() {
            let Some(cluster) = common::Postgres::start() else { return };
            $(
                eprintln!("postgresql: {}", stringify!($case));
                cases::$case(&cluster.url).await;
            )*
        }
    };
}

suite!(
    a_class_runs_from_opening_to_deletion,
    a_resubmission_is_acknowledged_again_and_stored_once,
    events_arrive_live_and_are_caught_up_after_reconnecting_and_restarting,
    invalid_bodies_are_refused_with_json_errors,
    instructor_endpoints_need_the_instructor_key,
    guessed_codes_and_unknown_endpoints_are_not_found,
    too_many_requests_are_refused_per_client_and_per_class,
    expired_classes_are_deleted,
    the_site_is_served_cross_origin_isolated,
    cors_admits_only_configured_origins,
    a_whole_class_at_once_is_counted_exactly,
);

mod cases {
    use super::*;

    pub async fn a_class_runs_from_opening_to_deletion(database_url: &str) {
        let server = TestServer::start(database_url).await;
        let opened = server.post("/api/classes", None, json!({ "step": experiment_step(4) })).await;
        assert_eq!(opened.status, 201, "{}", opened.text);
        let code = opened.json["code"].as_str().unwrap().to_string();
        let key = opened.json["instructorKey"].as_str().unwrap().to_string();
        assert_eq!(code.len(), 8);
        assert!(code.bytes().all(|letter| parlab_class::secrets::CODE_ALPHABET.contains(&letter)));
        assert_eq!(opened.json["joinUrl"], format!("/?class={code}"));
        assert_eq!(key.len(), 64);
        assert_eq!(opened.json["step"], experiment_step(4));
        assert_eq!(opened.json["stepIndex"], 0);

        // The key is stored only as its hash.
        let stored: (String,) = sqlx::query_as("SELECT instructor_key_sha256 FROM classes WHERE code = $1")
            .bind(&code)
            .fetch_one(&server.app.db)
            .await
            .unwrap();
        assert_ne!(stored.0, key);
        assert_eq!(stored.0, parlab_class::secrets::hash_key(&key));

        for student in ["student-a1", "student-b2", "student-c3"] {
            let joined = server.post(&format!("/api/classes/{code}/join"), None, json!({ "clientId": student })).await;
            assert_eq!(joined.status, 200, "{}", joined.text);
            assert_eq!(joined.json["step"], experiment_step(4));
        }
        // Codes are case-insensitive, and joining twice counts once.
        let again = server
            .post(&format!("/api/classes/{}/join", code.to_lowercase()), None, json!({ "clientId": "student-a1" }))
            .await;
        assert_eq!(again.json["joined"], 3);

        let predicted = server
            .post(
                &format!("/api/classes/{code}/predictions"),
                None,
                json!({ "clientId": "student-a1", "stepIndex": 0, "number": 3.5 }),
            )
            .await;
        assert_eq!(predicted.status, 200, "{}", predicted.text);
        server
            .post(
                &format!("/api/classes/{code}/predictions"),
                None,
                json!({ "clientId": "student-b2", "stepIndex": 0, "choice": "linear" }),
            )
            .await;
        // A second prediction replaces the first.
        server
            .post(
                &format!("/api/classes/{code}/predictions"),
                None,
                json!({ "clientId": "student-a1", "stepIndex": 0, "number": 2.5 }),
            )
            .await;
        let submitted = server
            .post(&format!("/api/classes/{code}/results"), None, result_body("student-a1", "submission-1", 0))
            .await;
        assert_eq!(submitted.status, 200, "{}", submitted.text);
        assert_eq!(submitted.json, json!({ "submissionId": "submission-1", "stepIndex": 0, "stored": true }));

        let board = server.get(&format!("/api/classes/{code}/dashboard"), Some(&key)).await;
        assert_eq!(board.status, 200, "{}", board.text);
        assert_eq!(
            (board.json["joined"].clone(), board.json["predicted"].clone(), board.json["submitted"].clone()),
            (json!(3), json!(2), json!(1))
        );
        let predictions = board.json["predictions"].as_array().unwrap();
        assert_eq!(predictions.len(), 2);
        let of_a = predictions.iter().find(|p| p["clientId"] == "student-a1").unwrap();
        assert_eq!((of_a["number"].clone(), of_a["choice"].clone()), (json!(2.5), Value::Null));
        let of_b = predictions.iter().find(|p| p["clientId"] == "student-b2").unwrap();
        assert_eq!((of_b["number"].clone(), of_b["choice"].clone()), (Value::Null, json!("linear")));
        assert_eq!(board.json["results"][0]["summary"], common::summary(8));

        // Students see the results only after the reveal, and cannot vote after it.
        server.get(&format!("/api/classes/{code}/revealed"), None).await.assert_error(403);
        let revealed = server.post(&format!("/api/classes/{code}/reveal"), Some(&key), json!({})).await;
        assert_eq!(revealed.status, 200, "{}", revealed.text);
        let shown = server.get(&format!("/api/classes/{code}/revealed"), None).await;
        assert_eq!(shown.status, 200);
        assert_eq!(shown.json["results"].as_array().unwrap().len(), 1);
        assert_eq!(shown.json["predictions"].as_array().unwrap().len(), 2);
        server
            .post(
                &format!("/api/classes/{code}/predictions"),
                None,
                json!({ "clientId": "student-c3", "stepIndex": 0, "number": 1 }),
            )
            .await
            .assert_error(409);

        let lesson = json!({ "kind": "lesson", "lesson": "amdahl", "step": 3 });
        let moved = server.post(&format!("/api/classes/{code}/step"), Some(&key), json!({ "step": lesson })).await;
        assert_eq!(moved.json, json!({ "stepIndex": 1, "step": lesson }));
        let info = server.get(&format!("/api/classes/{code}"), None).await;
        assert_eq!(
            (info.json["stepIndex"].clone(), info.json["revealed"].clone(), info.json["step"].clone()),
            (json!(1), json!(false), lesson.clone())
        );
        assert_eq!((info.json["predicted"].clone(), info.json["submitted"].clone()), (json!(0), json!(0)));
        // A page still on the old step is told where the class is.
        server
            .post(&format!("/api/classes/{code}/results"), None, result_body("student-b2", "submission-2", 0))
            .await
            .assert_error(409);
        let on_new_step = server
            .post(&format!("/api/classes/{code}/results"), None, result_body("student-b2", "submission-3", 1))
            .await;
        assert_eq!(on_new_step.status, 200);

        let exported = server.get(&format!("/api/classes/{code}/export.json"), Some(&key)).await;
        assert_eq!(exported.status, 200);
        assert!(exported.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains(&format!("parlab-class-{code}.json")));
        assert_eq!(
            exported.json["steps"],
            json!([{ "stepIndex": 0, "step": experiment_step(4) }, { "stepIndex": 1, "step": lesson }])
        );
        assert_eq!(exported.json["predictions"].as_array().unwrap().len(), 2);
        let results = exported.json["results"].as_array().unwrap();
        assert_eq!(
            results.iter().map(|r| r["submissionId"].as_str().unwrap()).collect::<Vec<_>>(),
            ["submission-1", "submission-3"]
        );

        let csv = server.get(&format!("/api/classes/{code}/export.csv"), Some(&key)).await;
        assert_eq!(csv.status, 200);
        assert!(csv.headers["content-type"].to_str().unwrap().starts_with("text/csv"));
        let lines: Vec<&str> = csv.text.lines().collect();
        assert_eq!(lines[0], parlab_class::export::CSV_HEADER);
        assert_eq!(lines.iter().filter(|line| line.starts_with("prediction,")).count(), 2);
        assert_eq!(lines.iter().filter(|line| line.starts_with("result,")).count(), 6, "two results of three k each");
        assert!(
            lines.iter().any(|line| line.starts_with("result,0,student-a1,submission-1,")
                && line.ends_with(",,,2,52.5,50.0,60.0,1.9,8,firefox,7.2,false")),
            "{}",
            csv.text
        );

        let deleted = server.send(Method::DELETE, &format!("/api/classes/{code}"), Some(&key), None).await;
        assert_eq!(deleted.json, json!({ "deleted": true }));
        server.get(&format!("/api/classes/{code}"), None).await.assert_error(404);
        server.get(&format!("/api/classes/{code}/dashboard"), Some(&key)).await.assert_error(404);
        for table in ["classes", "steps", "participants", "predictions", "results", "events"] {
            let column = if table == "classes" { "code" } else { "class_code" };
            let sql = format!("SELECT COUNT(*) FROM {table} WHERE {column} = $1");
            let (left,): (i64,) =
                sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(&code).fetch_one(&server.app.db).await.unwrap();
            assert_eq!(left, 0, "{table} still holds rows of the deleted class");
        }
    }

    pub async fn a_resubmission_is_acknowledged_again_and_stored_once(database_url: &str) {
        let server = TestServer::start(database_url).await;
        let (code, key) = server.open_class().await;
        let path = format!("/api/classes/{code}/results");
        let first = server.post(&path, None, result_body("student-a1", "retry-0001", 0)).await;
        let second = server.post(&path, None, result_body("student-a1", "retry-0001", 0)).await;
        assert_eq!(first.status, 200);
        assert_eq!(second.status, 200);
        assert_eq!(first.json, second.json);
        // Retries racing each other also store one.
        let racing: Vec<_> =
            (0..6).map(|_| server.post(&path, None, result_body("student-b2", "retry-0002", 0))).collect();
        for reply in futures_util::future::join_all(racing).await {
            assert_eq!(
                reply.json,
                json!({ "submissionId": "retry-0002", "stepIndex": 0, "stored": true }),
                "{}",
                reply.text
            );
        }
        // After the class moves on, a late retry of an acknowledged submission is still acknowledged.
        server.post(&format!("/api/classes/{code}/step"), Some(&key), json!({ "step": experiment_step(8) })).await;
        let late = server.post(&path, None, result_body("student-a1", "retry-0001", 0)).await;
        assert_eq!(late.json, first.json);

        let exported = server.get(&format!("/api/classes/{code}/export.json"), Some(&key)).await;
        let ids: Vec<&str> =
            exported.json["results"].as_array().unwrap().iter().map(|r| r["submissionId"].as_str().unwrap()).collect();
        assert_eq!(ids, ["retry-0001", "retry-0002"]);
    }

    pub async fn events_arrive_live_and_are_caught_up_after_reconnecting_and_restarting(database_url: &str) {
        let server = TestServer::start(database_url).await;
        let (code, key) = server.open_class().await;
        let mut stream = server.events(&code, None).await;
        server.post(&format!("/api/classes/{code}/join"), None, json!({ "clientId": "student-a1" })).await;
        let joined = stream.next().await;
        assert_eq!(joined.id, Some(1));
        assert_eq!(
            joined.data,
            json!({ "kind": "joined", "stepIndex": 0, "revealed": false, "joined": 1, "predicted": 0, "submitted": 0 })
        );
        server
            .post(
                &format!("/api/classes/{code}/predictions"),
                None,
                json!({ "clientId": "student-a1", "stepIndex": 0, "number": 2 }),
            )
            .await;
        let predicted = stream.next().await;
        assert_eq!(
            (predicted.id, predicted.data["kind"].clone(), predicted.data["predicted"].clone()),
            (Some(2), json!("predicted"), json!(1))
        );
        // A rejoin changes nothing and says nothing.
        server.post(&format!("/api/classes/{code}/join"), None, json!({ "clientId": "student-a1" })).await;
        assert!(stream.is_quiet_for(Duration::from_millis(300)).await);
        drop(stream);

        // Missed while disconnected: a result and a new step.
        server.post(&format!("/api/classes/{code}/results"), None, result_body("student-a1", "events-0001", 0)).await;
        server.post(&format!("/api/classes/{code}/step"), Some(&key), json!({ "step": experiment_step(2) })).await;
        let mut resumed = server.events(&code, Some(1)).await;
        let caught_up: Vec<_> =
            [resumed.next().await, resumed.next().await, resumed.next().await].into_iter().collect();
        assert_eq!(caught_up.iter().map(|event| event.id.unwrap()).collect::<Vec<_>>(), [2, 3, 4]);
        assert_eq!(caught_up[1].data["kind"], "submitted");
        assert_eq!(caught_up[2].data["kind"], "step");
        assert_eq!(caught_up[2].data["step"], experiment_step(2));
        assert_eq!(caught_up[2].data["stepIndex"], 1);
        drop(resumed);

        // A new server process over the same database knows the events too,
        // and numbers new ones after them.
        let key_for_later = key.clone();
        drop(server);
        let restarted = TestServer::start(database_url).await;
        let mut after_restart = restarted.events(&code, Some(3)).await;
        assert_eq!(after_restart.next().await.id, Some(4));
        restarted.post(&format!("/api/classes/{code}/reveal"), Some(&key_for_later), json!({})).await;
        let revealed = after_restart.next().await;
        assert_eq!(
            (revealed.id, revealed.data["kind"].clone(), revealed.data["revealed"].clone()),
            (Some(5), json!("revealed"), json!(true))
        );
        // The query form for a first connection.
        let response = restarted
            .http
            .get(format!("{}/api/classes/{code}/events?lastEventId=4", restarted.base))
            .send()
            .await
            .unwrap();
        let mut by_query = common::SseReader::from_response(response);
        assert_eq!(by_query.next().await.id, Some(5));

        restarted.send(Method::DELETE, &format!("/api/classes/{code}"), Some(&key_for_later), None).await;
        let gone = after_restart.next().await;
        assert_eq!((gone.id, gone.data.clone()), (None, json!({ "kind": "deleted" })));

        let bad = restarted
            .http
            .get(format!("{}/api/classes/{code}/events", restarted.base))
            .header("last-event-id", "x")
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), 404, "the class is gone before the header is looked at");
    }

    pub async fn invalid_bodies_are_refused_with_json_errors(database_url: &str) {
        let server = TestServer::start(database_url).await;
        let (code, _) = server.open_class().await;
        let results = format!("/api/classes/{code}/results");
        let raw = |path: String, body: String, content_type: &'static str| {
            let request =
                server.http.post(format!("{}{path}", server.base)).header("content-type", content_type).body(body);
            async move { common::Reply::from_response(request.send().await.unwrap()).await }
        };
        raw(results.clone(), "{not json".into(), "application/json").await.assert_error(400);
        raw(results.clone(), result_body("student-a1", "valid-0001", 0).to_string(), "text/plain")
            .await
            .assert_error(415);
        let mut unknown = result_body("student-a1", "valid-0001", 0);
        unknown["name"] = json!("Ada");
        server.post(&results, None, unknown).await.assert_error(400);
        let mut nested_unknown = result_body("student-a1", "valid-0001", 0);
        nested_unknown["summary"]["quiet"]["load"] = json!(0.5);
        server.post(&results, None, nested_unknown).await.assert_error(400);
        let mut missing = result_body("student-a1", "valid-0001", 0);
        missing.as_object_mut().unwrap().remove("submissionId");
        server.post(&results, None, missing).await.assert_error(400);

        let out_of_range = [
            ("/summary/cores", json!(0)),
            ("/summary/ks/0/speedup", json!(-1)),
            ("/summary/ks/0/medianMs", json!(1e12)),
            ("/summary/ks/0/minMs", json!(105.0)),
            ("/summary/browser", json!("<script>")),
            ("/clientId", json!("<b>x</b>")),
            ("/stepIndex", json!(-1)),
        ];
        for (pointer, value) in out_of_range {
            let mut body = result_body("student-a1", "valid-0001", 0);
            *body.pointer_mut(pointer).unwrap() = value;
            let reply = server.post(&results, None, body).await;
            assert_eq!(reply.status, 400, "{pointer}: {}", reply.text);
            reply.assert_error(400);
        }
        server.post("/api/classes", None, json!({ "step": experiment_step(0) })).await.assert_error(400);
        server
            .post(
                "/api/classes",
                None,
                json!({ "step": { "kind": "lesson", "lesson": "amdahl", "step": 2, "title": "x" } }),
            )
            .await
            .assert_error(400);
        server
            .post(
                &format!("/api/classes/{code}/predictions"),
                None,
                json!({ "clientId": "student-a1", "stepIndex": 0, "number": 1, "choice": "a" }),
            )
            .await
            .assert_error(400);

        let oversized = json!({ "clientId": "x".repeat(17 * 1024) }).to_string();
        raw(format!("/api/classes/{code}/join"), oversized, "application/json").await.assert_error(413);

        // Nothing of that was stored.
        let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM results WHERE class_code = $1")
            .bind(&code)
            .fetch_one(&server.app.db)
            .await
            .unwrap();
        assert_eq!(stored, 0);
        let valid = server.post(&results, None, result_body("student-a1", "valid-0001", 0)).await;
        assert_eq!(valid.status, 200, "the unchanged body is valid: {}", valid.text);
    }

    pub async fn instructor_endpoints_need_the_instructor_key(database_url: &str) {
        let server = TestServer::start(database_url).await;
        let (code, key) = server.open_class().await;
        let (_, other_key) = server.open_class().await;
        server.post(&format!("/api/classes/{code}/join"), None, json!({ "clientId": "student-a1" })).await;
        let instructor_calls = [
            (Method::GET, format!("/api/classes/{code}/dashboard"), None),
            (Method::POST, format!("/api/classes/{code}/reveal"), Some(json!({}))),
            (Method::POST, format!("/api/classes/{code}/step"), Some(json!({ "step": experiment_step(2) }))),
            (Method::GET, format!("/api/classes/{code}/export.json"), None),
            (Method::GET, format!("/api/classes/{code}/export.csv"), None),
            (Method::DELETE, format!("/api/classes/{code}"), None),
        ];
        for (method, path, body) in &instructor_calls {
            server.send(method.clone(), path, None, body.clone()).await.assert_error(401);
            server.send(method.clone(), path, Some("student-a1"), body.clone()).await.assert_error(403);
            server.send(method.clone(), path, Some(&other_key), body.clone()).await.assert_error(403);
            server.send(method.clone(), path, Some(&key[..63]), body.clone()).await.assert_error(403);
            let mut basic = server
                .http
                .request(method.clone(), format!("{}{path}", server.base))
                .header("authorization", format!("Basic {key}"));
            if let Some(body) = body {
                basic = basic.header("content-type", "application/json").body(body.to_string());
            }
            common::Reply::from_response(basic.send().await.unwrap()).await.assert_error(401);
        }
        // Nothing changed.
        let info = server.get(&format!("/api/classes/{code}"), None).await;
        assert_eq!(
            (info.status, info.json["stepIndex"].clone(), info.json["revealed"].clone()),
            (200, json!(0), json!(false))
        );
        for (method, path, body) in instructor_calls {
            let reply = server.send(method, &path, Some(&key), body).await;
            assert_eq!(reply.status, 200, "{path}: {}", reply.text);
        }
    }

    pub async fn guessed_codes_and_unknown_endpoints_are_not_found(database_url: &str) {
        let server = TestServer::start(database_url).await;
        let (code, _) = server.open_class().await;
        let guess = if code == "ABCDEFGH" { "HGFEDCBA" } else { "ABCDEFGH" };
        server.get(&format!("/api/classes/{guess}"), None).await.assert_error(404);
        server
            .post(&format!("/api/classes/{guess}/join"), None, json!({ "clientId": "student-a1" }))
            .await
            .assert_error(404);
        server
            .post(&format!("/api/classes/{guess}/results"), None, result_body("student-a1", "guess-0001", 0))
            .await
            .assert_error(404);
        server.get("/api/classes/not-a-code", None).await.assert_error(404);
        server.get("/api/classes/ABCDEFG0", None).await.assert_error(404);
        server.get("/api/nothing-here", None).await.assert_error(404);
        server.get("/api/classes", None).await.assert_error(405);
        let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM participants WHERE class_code = $1")
            .bind(guess)
            .fetch_one(&server.app.db)
            .await
            .unwrap();
        assert_eq!(stored, 0, "no participant of a class that does not exist");
    }

    pub async fn too_many_requests_are_refused_per_client_and_per_class(database_url: &str) {
        use parlab_class::rate_limit::RateLimit;
        let per_client = TestServer::start_with(database_url, |config| {
            config.per_client_limit = RateLimit { burst: 5.0, per_second: 0.01 };
        })
        .await;
        let (code, _) = per_client.open_class().await;
        for _ in 0..4 {
            assert_eq!(per_client.get(&format!("/api/classes/{code}"), None).await.status, 200);
        }
        let refused = per_client.get(&format!("/api/classes/{code}"), None).await;
        refused.assert_error(429);
        assert!(refused.headers["retry-after"].to_str().unwrap().parse::<u64>().unwrap() >= 1);
        per_client.post("/api/classes", None, json!({ "step": experiment_step(2) })).await.assert_error(429);

        let per_class = TestServer::start_with(database_url, |config| {
            config.per_class_limit = RateLimit { burst: 3.0, per_second: 0.01 };
        })
        .await;
        let (busy, _) = per_class.open_class().await;
        let (calm, _) = per_class.open_class().await;
        for attempt in 0..3 {
            let reply = per_class
                .post(
                    &format!("/api/classes/{busy}/join"),
                    None,
                    json!({ "clientId": format!("student-{attempt:04}") }),
                )
                .await;
            assert_eq!(reply.status, 200);
        }
        per_class
            .post(&format!("/api/classes/{busy}/join"), None, json!({ "clientId": "student-late" }))
            .await
            .assert_error(429);
        assert_eq!(
            per_class.get(&format!("/api/classes/{calm}"), None).await.status,
            200,
            "another class has its own bucket"
        );

        // Behind a trusted proxy, each forwarded client has its own bucket; from anyone else the header changes nothing.
        let get_as = |server: &TestServer, forwarded_for: &'static str| {
            let request =
                server.http.get(format!("{}/api/classes/{calm}", server.base)).header("x-forwarded-for", forwarded_for);
            async move { request.send().await.unwrap().status().as_u16() }
        };
        let tight = parlab_class::rate_limit::RateLimit { burst: 2.0, per_second: 0.01 };
        let proxied = TestServer::start_with(database_url, |config| {
            config.per_client_limit = tight;
            config.trusted_proxy = Some("127.0.0.1".parse().unwrap());
        })
        .await;
        assert_eq!(get_as(&proxied, "203.0.113.9, 10.0.0.1").await, 200);
        assert_eq!(get_as(&proxied, "198.51.100.7, 10.0.0.1").await, 200, "the last entry is the client");
        assert_eq!(get_as(&proxied, "10.0.0.1").await, 429);
        assert_eq!(get_as(&proxied, "10.0.0.2").await, 200);
        let direct = TestServer::start_with(database_url, |config| config.per_client_limit = tight).await;
        assert_eq!(get_as(&direct, "10.0.0.1").await, 200);
        assert_eq!(get_as(&direct, "10.0.0.2").await, 200);
        assert_eq!(get_as(&direct, "10.0.0.3").await, 429, "a forged header does not make a new client");
    }

    pub async fn expired_classes_are_deleted(database_url: &str) {
        let server = TestServer::start_with(database_url, |config| {
            config.class_lifetime = Duration::from_secs(1);
            config.expiry_sweep_interval = Duration::from_millis(200);
        })
        .await;
        let (code, key) = server.open_class().await;
        server.post(&format!("/api/classes/{code}/results"), None, result_body("student-a1", "expiry-0001", 0)).await;
        let mut gone = false;
        for _ in 0..40 {
            tokio::time::sleep(Duration::from_millis(150)).await;
            let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM classes WHERE code = $1")
                .bind(&code)
                .fetch_one(&server.app.db)
                .await
                .unwrap();
            if left == 0 {
                gone = true;
                break;
            }
        }
        assert!(gone, "the background task deleted the class within 6 s");
        let (results,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM results WHERE class_code = $1")
            .bind(&code)
            .fetch_one(&server.app.db)
            .await
            .unwrap();
        assert_eq!(results, 0);
        server.get(&format!("/api/classes/{code}/dashboard"), Some(&key)).await.assert_error(404);

        // With the default lifetime, a class lives 7 days and not a second more.
        let lasting = TestServer::start(database_url).await;
        let (code, _) = lasting.open_class().await;
        let now = parlab_class::unix_now();
        let six_days = parlab_class::store::delete_expired(&lasting.app.db, now + 6 * 86_400).await.unwrap();
        assert!(!six_days.contains(&code));
        let eight_days = parlab_class::store::delete_expired(&lasting.app.db, now + 8 * 86_400).await.unwrap();
        assert!(eight_days.contains(&code));
        lasting.get(&format!("/api/classes/{code}"), None).await.assert_error(404);
    }

    pub async fn the_site_is_served_cross_origin_isolated(database_url: &str) {
        let server = TestServer::start(database_url).await;
        for (path, content_type) in
            [("/", "text/html"), ("/?class=ABCDEFGH", "text/html"), ("/kernels.wasm", "application/wasm")]
        {
            let reply = server.get(path, None).await;
            assert_eq!(reply.status, 200, "{path}");
            assert!(reply.headers["content-type"].to_str().unwrap().starts_with(content_type), "{path}");
            for (name, value) in parlab_class::site::ISOLATION_HEADERS {
                assert_eq!(reply.headers[name], value, "{path}: {name}");
            }
        }
        assert_eq!(server.get("/", None).await.headers["cache-control"], "no-cache");
        assert_eq!(server.get("/", None).await.headers["cross-origin-opener-policy"], "same-origin");
        assert_eq!(server.get("/", None).await.headers["cross-origin-embedder-policy"], "require-corp");
        let missing = server.get("/nothing.js", None).await;
        assert_eq!(missing.status, 404);
        assert_eq!(missing.headers["cross-origin-embedder-policy"], "require-corp");
        let api = server.get("/api/classes/ABCDEFGH", None).await;
        assert_eq!(api.headers["cross-origin-resource-policy"], "same-origin");
        assert_eq!(api.headers["cache-control"], "no-store");
    }

    pub async fn cors_admits_only_configured_origins(database_url: &str) {
        let preflight = |server: &TestServer, origin: &'static str| {
            let request = server
                .http
                .request(Method::OPTIONS, format!("{}/api/classes", server.base))
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header("access-control-request-headers", "content-type");
            async move { request.send().await.unwrap() }
        };
        let same_origin_only = TestServer::start(database_url).await;
        let refused = preflight(&same_origin_only, "https://slides.example").await;
        assert!(refused.headers().get("access-control-allow-origin").is_none());

        let with_slides = TestServer::start_with(database_url, |config| {
            config.allowed_origins = vec!["https://slides.example".to_string()];
        })
        .await;
        let allowed = preflight(&with_slides, "https://slides.example").await;
        assert_eq!(allowed.headers()["access-control-allow-origin"], "https://slides.example");
        let other = preflight(&with_slides, "https://evil.example").await;
        assert!(other.headers().get("access-control-allow-origin").is_none());
    }

    /// Concurrent writers of one class: every change is its own transaction
    /// on the class row, so none is lost and none fails (SQLite: busy waits, not errors).
    pub async fn a_whole_class_at_once_is_counted_exactly(database_url: &str) {
        const STUDENTS: usize = 60;
        let server = TestServer::start(database_url).await;
        let (code, key) = server.open_class().await;
        let mut stream = server.events(&code, None).await;
        let students = (0..STUDENTS).map(|n| {
            let (server, code) = (&server, &code);
            async move {
                let client = format!("student-{n:04}");
                let joined =
                    server.post(&format!("/api/classes/{code}/join"), None, json!({ "clientId": client })).await;
                let predicted = server
                    .post(
                        &format!("/api/classes/{code}/predictions"),
                        None,
                        json!({ "clientId": client, "stepIndex": 0, "number": n }),
                    )
                    .await;
                let submitted = server
                    .post(
                        &format!("/api/classes/{code}/results"),
                        None,
                        result_body(&client, &format!("crowd-{n:04}"), 0),
                    )
                    .await;
                [joined.status, predicted.status, submitted.status]
            }
        });
        for statuses in futures_util::future::join_all(students).await {
            assert_eq!(statuses, [200, 200, 200]);
        }
        let board = server.get(&format!("/api/classes/{code}/dashboard"), Some(&key)).await;
        assert_eq!(
            (board.json["joined"].clone(), board.json["predicted"].clone(), board.json["submitted"].clone()),
            (json!(STUDENTS), json!(STUDENTS), json!(STUDENTS))
        );
        // Every change made one event, numbered without gaps, and the stream delivered each in order.
        for expected_id in 1..=(3 * STUDENTS) as i64 {
            assert_eq!(stream.next().await.id, Some(expected_id));
        }
        assert_eq!(board.json["lastEventId"], json!(3 * STUDENTS));
    }
}
