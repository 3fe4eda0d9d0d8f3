//! What operators rely on: health, readiness and metrics endpoints of a running worker, the
//! broker definitions file agreeing with the worker, replaying the dead-letter queue, and the
//! broker password from a secret file with several broker nodes, and TLS to the broker.

use std::time::Duration;

use enricher_tests::{
    collect, free_port, http_get, metric, publish_raw, publish_sample, ready_count, run_enricher,
    runtime, tls::TestPki, wait_for_ready, wait_until, workspace_root, Broker, Worker,
};

fn status(worker: &Worker, path: &str) -> Option<u16> {
    http_get(worker.http_port, path).map(|(status, _)| status)
}

/// Publishes one article with `enricher publish` and waits for its record in the output queue.
fn publish_and_see_one_record(broker: &Broker, article: &[u8], env: &[(&str, &str)]) {
    let output = run_enricher(&["publish", "-"], article, env);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(runtime().block_on(wait_for_ready(
        broker,
        "articles.enriched",
        1,
        Duration::from_secs(30)
    )));
}

fn metrics(worker: &Worker) -> String {
    let (status, body) = http_get(worker.http_port, "/metrics").expect("/metrics answers");
    assert_eq!(status, 200);
    body
}

#[test]
fn health_readiness_and_metrics_follow_the_articles_and_the_broker() {
    let broker = Broker::start();
    let worker = Worker::start(&broker, &[]);
    worker.wait_ready(Duration::from_secs(30));
    assert_eq!(status(&worker, "/healthz"), Some(200));
    assert_eq!(status(&worker, "/nope"), Some(404));
    let before = metrics(&worker);
    assert_eq!(metric(&before, "enricher_broker_connected"), 1.0);
    assert_eq!(metric(&before, "enricher_articles_enriched_total"), 0.0);

    let rt = runtime();
    let mut bodies: Vec<Vec<u8>> = (0..5)
        .map(|i| format!(r#"{{"id":"m{i}","body":"The summit in Kazakhstan brought together leaders from Central Asia."}}"#).into_bytes())
        .collect();
    bodies.push(b"not json".to_vec());
    bodies.push(br#"{"id":"x"}"#.to_vec());
    rt.block_on(publish_raw(&broker, "articles.new", &bodies));
    assert!(rt.block_on(wait_for_ready(
        &broker,
        "articles.enriched",
        5,
        Duration::from_secs(30)
    )));
    assert!(rt.block_on(wait_for_ready(
        &broker,
        "articles.new.dlq",
        2,
        Duration::from_secs(30)
    )));

    let moved = wait_until(Duration::from_secs(10), || {
        metric(&metrics(&worker), "enricher_articles_consumed_total") >= 7.0
    });
    assert!(moved);
    let after = metrics(&worker);
    assert_eq!(metric(&after, "enricher_articles_consumed_total"), 7.0);
    assert_eq!(metric(&after, "enricher_articles_enriched_total"), 5.0);
    assert_eq!(
        metric(
            &after,
            r#"enricher_articles_dead_lettered_total{reason="malformed_json"}"#
        ),
        1.0
    );
    assert_eq!(
        metric(
            &after,
            r#"enricher_articles_dead_lettered_total{reason="missing_field"}"#
        ),
        1.0
    );
    assert_eq!(
        metric(
            &after,
            r#"enricher_stage_duration_seconds_count{stage="language"}"#
        ),
        5.0
    );
    assert_eq!(metric(&after, "enricher_in_flight"), 0.0);
    assert!(after.contains("# TYPE enricher_article_duration_seconds histogram"));

    broker.stop_app();
    assert!(
        wait_until(Duration::from_secs(30), || status(&worker, "/readyz")
            == Some(503)),
        "readiness must drop when the broker goes away"
    );
    assert_eq!(
        status(&worker, "/healthz"),
        Some(200),
        "the process is still alive"
    );
    assert_eq!(metric(&metrics(&worker), "enricher_broker_connected"), 0.0);
    broker.start_app();
    worker.wait_ready(Duration::from_secs(60));
    assert!(metric(&metrics(&worker), "enricher_broker_connections_total") >= 2.0);

    let probe = run_enricher(
        &["healthcheck", "--ready"],
        b"",
        &[(
            "ENRICHER__HTTP__LISTEN",
            &format!("127.0.0.1:{}", worker.http_port),
        )],
    );
    assert!(probe.status.success(), "enricher healthcheck --ready");
}

#[test]
fn the_worker_runs_against_a_broker_loaded_from_the_definitions_file() {
    let definitions = workspace_root().join("deploy/rabbitmq/definitions.json");
    let broker = Broker::start_with_definitions(&definitions, "enricher", "enricher");
    let url = broker.url();
    let mut worker = Worker::start(&broker, &[("ENRICHER__AMQP__URL", &url)]);
    worker.wait_ready(Duration::from_secs(30));
    assert!(
        !worker.log().contains("PRECONDITION_FAILED"),
        "{}",
        worker.log()
    );
    publish_and_see_one_record(
        &broker,
        br#"{"id":"def-1","body":"An article about the summit of the Shanghai Cooperation Organization."}"#,
        &[("ENRICHER__AMQP__URL", &url)],
    );
    assert!(worker.is_running());
    let queues = broker.ctl(&[
        "list_queues",
        "--quiet",
        "--no-table-headers",
        "name",
        "type",
    ]);
    for queue in ["articles.new", "articles.enriched", "articles.new.dlq"] {
        assert!(
            queues
                .lines()
                .any(|l| l.split_whitespace().collect::<Vec<_>>() == [queue, "quorum"]),
            "{queue} is a quorum queue: {queues}"
        );
    }
}

#[test]
fn replay_dlq_moves_dead_letters_back_without_their_failure_headers() {
    let broker = Broker::start();
    let mut worker = Worker::start(&broker, &[]);
    let rt = runtime();
    assert!(wait_until(Duration::from_secs(30), || status(
        &worker, "/readyz"
    ) == Some(200)));
    let bodies = vec![
        br#"{"id":"r1"}"#.to_vec(),
        br#"{"id":"r2"}"#.to_vec(),
        br#"{"id":"r3"}"#.to_vec(),
    ];
    rt.block_on(publish_raw(&broker, "articles.new", &bodies));
    assert!(rt.block_on(wait_for_ready(
        &broker,
        "articles.new.dlq",
        3,
        Duration::from_secs(30)
    )));
    // A graceful stop: the worker acks what it dead-lettered (a SIGKILL right after the DLQ
    // count reached 3 could beat the acks, and the originals would come back to the input).
    assert!(
        worker.terminate(Duration::from_secs(30)).is_some(),
        "the worker stops on SIGTERM"
    );

    let output = run_enricher(
        &["replay-dlq", "--limit", "2"],
        b"",
        &[("ENRICHER__AMQP__URL", &broker.url())],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("replayed 2 message(s)"));
    assert_eq!(rt.block_on(ready_count(&broker, "articles.new.dlq")), 1);
    assert_eq!(rt.block_on(ready_count(&broker, "articles.new")), 2);
    let replayed = rt.block_on(collect(
        &broker,
        "articles.new",
        Duration::from_secs(10),
        |m| m.len() >= 2,
    ));
    assert_eq!(replayed.len(), 2);
    for message in &replayed {
        assert!(
            bodies.contains(&message.body),
            "the body is replayed unchanged"
        );
        assert!(
            !message.headers.contains_key("x-enricher-reason"),
            "{:?}",
            message.headers
        );
        assert!(
            !message.headers.contains_key("x-death"),
            "{:?}",
            message.headers
        );
        assert_eq!(
            message
                .headers
                .get("x-enricher-replayed")
                .map(String::as_str),
            Some("LongLongInt(1)")
        );
    }

    // Without --limit, everything present is replayed, and nothing more.
    let output = run_enricher(
        &["replay-dlq"],
        b"",
        &[("ENRICHER__AMQP__URL", &broker.url())],
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("replayed 1 message(s)"));
    assert_eq!(rt.block_on(ready_count(&broker, "articles.new.dlq")), 0);
}

#[test]
fn a_pipeline_split_across_two_workers_produces_the_same_record() {
    let broker = Broker::start();
    // Upstream: language only, publishing partial records to `articles.partial`.
    let mut upstream = Worker::start(
        &broker,
        &[
            ("ENRICHER__PIPELINE__STAGES", "language"),
            ("ENRICHER__AMQP__OUTPUT_EXCHANGE", "articles.partial"),
            ("ENRICHER__AMQP__DECLARE_OUTPUT_QUEUE", "false"),
        ],
    );
    // Downstream: links only, consuming `articles.partial`, publishing final records.
    let mut downstream = Worker::start(
        &broker,
        &[
            ("ENRICHER__PIPELINE__STAGES", "links"),
            ("ENRICHER__AMQP__INPUT_QUEUE", "articles.partial"),
            ("ENRICHER__AMQP__INPUT_EXCHANGE", "articles.partial"),
        ],
    );
    for worker in [&mut upstream, &mut downstream] {
        worker.wait_ready(Duration::from_secs(30));
    }
    publish_sample(&broker);

    let rt = runtime();
    let records = rt.block_on(collect(
        &broker,
        "articles.enriched",
        Duration::from_secs(30),
        |m| !m.is_empty(),
    ));
    assert_eq!(
        records.len(),
        1,
        "upstream:\n{}\ndownstream:\n{}",
        upstream.log(),
        downstream.log()
    );
    let record = records[0].json();
    let stages: Vec<(&str, &str)> = record["processing"]["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(stages, [("language", "ok"), ("links", "ok")]);
    assert_eq!(record["language"]["code"], "en");
    assert_eq!(record["links"].as_array().unwrap().len(), 2);
    assert_eq!(records[0].message_id.as_deref(), record["id"].as_str());
    assert_eq!(rt.block_on(ready_count(&broker, "articles.partial")), 0);
}

#[test]
fn the_password_comes_from_a_secret_file_and_the_nodes_are_tried_in_turn() {
    let broker = Broker::start();
    let secrets = tempfile::tempdir().unwrap();
    let right = secrets.path().join("amqp-password");
    std::fs::write(&right, "guest\n").unwrap();
    // The first node does not answer (nothing listens there); the second is the broker. No
    // password in either URL: it comes from the file.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead_port = dead.local_addr().unwrap().port();
    drop(dead);
    let url = format!(
        "amqp://guest@127.0.0.1:{dead_port}/%2f,amqp://guest@127.0.0.1:{}/%2f",
        broker.port
    );
    let env = [
        ("ENRICHER__AMQP__URL", url.as_str()),
        ("ENRICHER__AMQP__PASSWORD_FILE", right.to_str().unwrap()),
    ];
    let worker = Worker::start(&broker, &env);
    worker.wait_ready(Duration::from_secs(30));
    publish_and_see_one_record(
        &broker,
        br#"{"id":"secret-1","body":"An article about the summit in Brussels."}"#,
        &env,
    );

    // A wrong password: the worker says it cannot talk to the broker and keeps trying; the
    // password appears in no log line, error message or metric.
    let wrong = secrets.path().join("wrong-password");
    std::fs::write(&wrong, "Wr0ng-s3cret-pw\n").unwrap();
    let env = [
        ("ENRICHER__AMQP__URL", url.as_str()),
        ("ENRICHER__AMQP__PASSWORD_FILE", wrong.to_str().unwrap()),
        ("RUST_LOG", "debug"),
    ];
    let mut refused = Worker::start(&broker, &env);
    assert!(
        wait_until(Duration::from_secs(30), || refused
            .log()
            .matches("cannot talk to the broker")
            .count()
            >= 2),
        "{}",
        refused.log()
    );
    assert_ne!(status(&refused, "/readyz"), Some(200));
    let shown = format!("{}{}", refused.log(), metrics(&refused));
    assert!(!shown.contains("Wr0ng-s3cret-pw"), "{shown}");
    assert!(
        refused.is_running(),
        "a refused login is retried, not fatal"
    );
    let publish = run_enricher(&["publish", "-"], br#"{"id":"x","body":"y"}"#, &env);
    assert!(!publish.status.success());
    let stderr = String::from_utf8_lossy(&publish.stderr);
    assert!(!stderr.contains("Wr0ng-s3cret-pw"), "{stderr}");

    // A secret file that cannot be read is a configuration error at start-up, naming the file.
    let missing = secrets.path().join("missing");
    let output = run_enricher(
        &["publish", "-"],
        br#"{"id":"x","body":"y"}"#,
        &[
            ("ENRICHER__AMQP__URL", url.as_str()),
            ("ENRICHER__AMQP__PASSWORD_FILE", missing.to_str().unwrap()),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("amqp.password_file: cannot read"),
        "{stderr}"
    );
}

#[test]
fn tls_to_the_broker_verifies_the_server_and_presents_a_client_certificate() {
    let pki = TestPki::generate();
    let tls_port = free_port();
    let broker = Broker::start_with_config(&pki.rabbitmq_listener(tls_port));
    let url = format!("amqps://guest:guest@127.0.0.1:{tls_port}/%2f");
    let path = |p: &std::path::Path| p.to_str().unwrap().to_owned();
    let (ca, client_cert, client_key) =
        (path(&pki.ca), path(&pki.client_cert), path(&pki.client_key));
    let env = [
        ("ENRICHER__AMQP__URL", url.as_str()),
        ("ENRICHER__AMQP__TLS__CA_FILE", ca.as_str()),
        ("ENRICHER__AMQP__TLS__CERT_FILE", client_cert.as_str()),
        ("ENRICHER__AMQP__TLS__KEY_FILE", client_key.as_str()),
    ];
    let worker = Worker::start(&broker, &env);
    worker.wait_ready(Duration::from_secs(30));
    assert!(worker.log().contains("amqps://"), "{}", worker.log());
    publish_and_see_one_record(
        &broker,
        br#"{"id":"tls-1","body":"An article sent over TLS to the summit in Brussels."}"#,
        &env,
    );
    // The broker sees the worker's connection on its TLS listener, as a TLS connection.
    let connections = broker.ctl(&["list_connections", "name", "ssl", "--silent"]);
    let on_tls_port = format!("-> 127.0.0.1:{tls_port}\ttrue");
    assert!(connections.contains(&on_tls_port), "{connections}");

    // A server certificate from a CA the worker does not trust is refused, saying why.
    let stranger = path(&pki.stranger_ca);
    let untrusted = run_enricher(
        &["publish", "-"],
        br#"{"id":"x","body":"y"}"#,
        &[
            ("ENRICHER__AMQP__URL", url.as_str()),
            ("ENRICHER__AMQP__TLS__CA_FILE", stranger.as_str()),
            ("ENRICHER__AMQP__TLS__CERT_FILE", client_cert.as_str()),
            ("ENRICHER__AMQP__TLS__KEY_FILE", client_key.as_str()),
        ],
    );
    assert!(!untrusted.status.success());
    let stderr = String::from_utf8_lossy(&untrusted.stderr);
    assert!(
        stderr.contains("the broker's certificate does not verify")
            && stderr.contains("UnknownIssuer"),
        "{stderr}"
    );
    assert!(!stderr.contains("guest:guest"), "{stderr}");

    // Without a client certificate the broker (which requires one) refuses the handshake: its
    // alert, or (TLS 1.3: the client's handshake is done before the broker checks) a reset
    // that can overtake the alert; either way the message names the setting.
    let anonymous = run_enricher(
        &["publish", "-"],
        br#"{"id":"x","body":"y"}"#,
        &[
            ("ENRICHER__AMQP__URL", url.as_str()),
            ("ENRICHER__AMQP__TLS__CA_FILE", ca.as_str()),
        ],
    );
    assert!(!anonymous.status.success());
    let stderr = String::from_utf8_lossy(&anonymous.stderr);
    assert!(
        stderr.contains("amqp.tls.cert_file")
            && (stderr.contains("CertificateRequired")
                || stderr.contains("closed the connection during or right after the handshake")),
        "{stderr}"
    );

    // Half an identity, or a key where the CA belongs, is a configuration error at start-up.
    for (env, expected) in [
        (
            vec![("ENRICHER__AMQP__TLS__CERT_FILE", client_cert.as_str())],
            "set both or neither",
        ),
        (
            vec![("ENRICHER__AMQP__TLS__CA_FILE", client_key.as_str())],
            "amqp.tls.ca_file",
        ),
    ] {
        let mut env = env;
        env.push(("ENRICHER__AMQP__URL", url.as_str()));
        let output = run_enricher(&["publish", "-"], br#"{"id":"x","body":"y"}"#, &env);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{stderr}");
    }
    assert_eq!(
        runtime().block_on(ready_count(&broker, "articles.new")),
        0,
        "a refused publish left nothing behind"
    );
}
