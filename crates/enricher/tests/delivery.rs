//! Delivery guarantees of `enricher run` against a real, private RabbitMQ broker.

use std::collections::BTreeSet;
use std::time::Duration;

use enricher_tests::{
    assert_complete, assert_progress, collect, collect_records, news_article, publish_raw,
    publish_sample, queue_articles, ready_count, runtime, schema_validator, wait_for_ready,
    wait_until, Broker, Received, Worker,
};

const INPUT: &str = "articles.new";
const DLQ: &str = "articles.new.dlq";

/// Waits until the worker consumes from the input queue (it has declared the topology).
fn wait_consuming(broker: &Broker, worker: &mut Worker) {
    let ok = wait_until(Duration::from_secs(30), || {
        broker
            .ctl(&[
                "list_queues",
                "--quiet",
                "--no-table-headers",
                "name",
                "consumers",
            ])
            .lines()
            .any(|l| l.starts_with("articles.new\t") && !l.ends_with("\t0"))
    });
    assert!(
        ok && worker.is_running(),
        "worker never started consuming:\n{}",
        worker.log()
    );
}

#[test]
fn the_sample_article_published_by_the_cli_comes_out_enriched() {
    let broker = Broker::start();
    let mut worker = Worker::start(&broker, &[]);
    wait_consuming(&broker, &mut worker);
    publish_sample(&broker);

    let rt = runtime();
    let received = rt.block_on(collect(
        &broker,
        "articles.enriched",
        Duration::from_secs(30),
        |m| !m.is_empty(),
    ));
    assert_eq!(received.len(), 1, "worker log:\n{}", worker.log());
    let record = received[0].json();
    let errors: Vec<String> = schema_validator("enriched-record.v1.schema.json")
        .iter_errors(&record)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(record["article"]["id"], "summit-report");
    assert_eq!(record["language"]["code"], "en");
    assert_eq!(
        received[0].message_id.as_deref(),
        record["id"].as_str(),
        "message_id is the record id"
    );
    assert_eq!(
        received[0]
            .headers
            .get("x-schema-version")
            .map(String::as_str),
        Some("1.2")
    );
    assert_eq!(
        received[0].headers.get("x-article-id").map(String::as_str),
        Some("summit-report")
    );
    let rt2 = runtime();
    assert_eq!(
        rt2.block_on(ready_count(&broker, INPUT)),
        0,
        "input consumed"
    );
}

#[test]
fn each_kind_of_bad_message_lands_in_the_dead_letter_queue_with_its_reason() {
    let broker = Broker::start();
    let mut worker = Worker::start(&broker, &[("ENRICHER__LIMITS__MAX_ARTICLE_BYTES", "4096")]);
    wait_consuming(&broker, &mut worker);
    let oversized = format!(r#"{{"id":"big","body":"{}"}}"#, "x".repeat(5000)).into_bytes();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("malformed_json", b"{\"id\": \"a\", \"body\": ".to_vec()),
        (
            "invalid_utf8",
            b"{\"id\":\"u\",\"body\":\"\xff\xfe\"}".to_vec(),
        ),
        ("missing_field", br#"{"body":"no id"}"#.to_vec()),
        ("missing_field", br#"{"id":"no-body"}"#.to_vec()),
        ("not_an_object", br#"["id","body"]"#.to_vec()),
        (
            "invalid_field",
            br#"{"id":"f","body":"b","format":"pdf"}"#.to_vec(),
        ),
        ("too_large", oversized),
        ("malformed_json", Vec::new()),
    ];
    let good =
        br#"{"id":"good","body":"A perfectly ordinary article about the summit in Kazakhstan."}"#
            .to_vec();
    let mut bodies: Vec<Vec<u8>> = cases.iter().map(|(_, b)| b.clone()).collect();
    bodies.push(good);

    let rt = runtime();
    rt.block_on(publish_raw(&broker, INPUT, &bodies));
    let dead = rt.block_on(collect(&broker, DLQ, Duration::from_secs(30), |m| {
        m.len() >= cases.len()
    }));
    let records = rt.block_on(collect(
        &broker,
        "articles.enriched",
        Duration::from_secs(30),
        |m| !m.is_empty(),
    ));

    assert_eq!(dead.len(), cases.len(), "worker log:\n{}", worker.log());
    for (expected_reason, body) in &cases {
        let message = dead
            .iter()
            .find(|m| &m.body == body)
            .unwrap_or_else(|| panic!("no dead letter for the {expected_reason} case"));
        assert_eq!(
            message.headers.get("x-enricher-reason").map(String::as_str),
            Some(*expected_reason)
        );
        assert!(!message.headers["x-enricher-error"].is_empty());
    }
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].json()["article"]["id"], "good");
    assert!(worker.is_running(), "bad input must never crash the worker");
    assert_eq!(rt.block_on(ready_count(&broker, INPUT)), 0);
}

#[test]
fn a_worker_killed_mid_stream_and_restarted_loses_nothing() {
    let broker = Broker::start();
    let rt = runtime();
    let expected = queue_articles(&broker, &rt, "kill", 3000);

    let mut worker = Worker::start(&broker, &[]);
    assert_progress(&rt, &broker, &worker, 100);
    worker.kill();
    let left = rt.block_on(ready_count(&broker, INPUT));
    assert!(left > 0, "the kill must happen mid-stream");

    let restarted = Worker::start(&broker, &[]);
    let records = rt.block_on(collect_records(
        &broker,
        &expected,
        Duration::from_secs(300),
    ));
    let duplicates = assert_complete(&records, &expected, &restarted.log());
    assert!(
        duplicates <= 100,
        "at most one prefetch window is redelivered, got {duplicates}"
    );
    assert_eq!(
        rt.block_on(ready_count(&broker, DLQ)),
        0,
        "nothing good was dead-lettered"
    );
}

#[test]
fn a_broker_restart_mid_stream_loses_nothing() {
    let broker = Broker::start();
    let rt = runtime();
    let expected = queue_articles(&broker, &rt, "restart", 4000);

    let mut worker = Worker::start(&broker, &[]);
    assert_progress(&rt, &broker, &worker, 100);
    assert!(
        rt.block_on(ready_count(&broker, INPUT)) > 0,
        "the restart must happen mid-stream"
    );
    broker.restart();

    let records = rt.block_on(collect_records(
        &broker,
        &expected,
        Duration::from_secs(300),
    ));
    assert_complete(&records, &expected, &worker.log());
    assert!(
        worker.is_running(),
        "the worker rides through a broker restart:\n{}",
        worker.log()
    );
    assert!(
        worker.log().contains("reconnecting"),
        "the worker noticed the restart"
    );
}

#[test]
fn sigterm_finishes_in_flight_work_and_leaves_nothing_unacked() {
    let broker = Broker::start();
    let rt = runtime();
    let expected = queue_articles(&broker, &rt, "term", 3000);

    let mut worker = Worker::start(&broker, &[("ENRICHER__AMQP__PREFETCH", "200")]);
    assert_progress(&rt, &broker, &worker, 100);
    let status = worker.terminate(Duration::from_secs(30));
    assert!(
        status.is_some_and(|s| s.success()),
        "clean exit after SIGTERM:\n{}",
        worker.log()
    );
    // Once the worker is gone, every article is either enriched or back in the input queue.
    let ready_in = rt.block_on(ready_count(&broker, INPUT));
    let ready_out = rt.block_on(ready_count(&broker, "articles.enriched"));
    assert!(ready_in > 0, "SIGTERM came mid-stream ({ready_out} done)");
    assert_eq!(
        ready_in + ready_out,
        3000,
        "every article is either done or still queued"
    );
    assert!(
        worker.log().contains("drained=true"),
        "in-flight work finished:\n{}",
        worker.log()
    );

    let _next = Worker::start(&broker, &[]);
    let records = rt.block_on(collect_records(
        &broker,
        &expected,
        Duration::from_secs(300),
    ));
    let duplicates = assert_complete(&records, &expected, "");
    // A record published but not acked would be redelivered and published twice.
    assert_eq!(
        duplicates, 0,
        "a graceful stop acks exactly what it published"
    );
}

/// A stage with the faults a worker must survive: it panics in `process` itself (before any
/// future, as CPU stages work) on `panic-now-*` articles, panics inside its future on
/// `panic-later-*`, and takes seconds on `slow-*`.
struct Faulty;

impl enricher_pipeline::Stage for Faulty {
    fn name(&self) -> &'static str {
        "faulty"
    }

    fn process<'a>(
        &'a self,
        record: &'a mut enricher_contracts::EnrichedRecord,
    ) -> enricher_pipeline::StageFuture<'a> {
        let id = record.article.id.clone();
        assert!(!id.starts_with("panic-now"), "injected fault in process");
        Box::pin(async move {
            assert!(
                !id.starts_with("panic-later"),
                "injected fault in the future"
            );
            if id.starts_with("slow") {
                tokio::time::sleep(Duration::from_secs(4)).await;
            }
            Ok(enricher_pipeline::StageDone::default())
        })
    }
}

#[test]
fn a_panicking_or_slow_stage_in_the_worker_fails_or_delays_its_article_only() {
    use std::sync::Arc;

    let broker = Broker::start();
    let rt = runtime();
    let mut settings = enricher::config::Settings::default();
    settings.amqp.url = broker.url();
    let language = enricher_language::LanguageStage::new(settings.language.clone()).unwrap();
    let pipeline = enricher_pipeline::Pipeline::new(vec![Arc::new(Faulty), Arc::new(language)]);
    let (trigger, shutdown) = enricher::shutdown::channel();
    let readiness = Arc::new(enricher::health::Readiness::default());
    let worker = rt.spawn(enricher::amqp::run_worker(
        settings,
        pipeline,
        readiness.clone(),
        shutdown,
    ));
    assert!(wait_until(Duration::from_secs(30), || readiness.is_ready()));

    // The slow article first, the faulty ones among ordinary ones.
    let mut ids = vec!["slow-1".to_owned()];
    for i in 0..30 {
        ids.push(format!("ok-{i:02}"));
        if i % 10 == 5 {
            ids.push(format!("panic-now-{i}"));
            ids.push(format!("panic-later-{i}"));
        }
    }
    let bodies: Vec<Vec<u8>> = ids
        .iter()
        .map(|id| {
            serde_json::to_vec(&serde_json::json!({
                "id": id,
                "body": "The council met in Lisbon on Tuesday to discuss the harbour.",
            }))
            .unwrap()
        })
        .collect();
    rt.block_on(publish_raw(&broker, INPUT, &bodies));

    let received = rt.block_on(collect(
        &broker,
        "articles.enriched",
        Duration::from_secs(60),
        |messages| messages.len() >= ids.len(),
    ));
    let order: Vec<String> = received
        .iter()
        .map(|m| m.json()["article"]["id"].as_str().unwrap().to_owned())
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(sorted, expected, "one record per article, none lost");
    // The slow article did not hold the others up.
    assert_eq!(
        order.last().map(String::as_str),
        Some("slow-1"),
        "{order:?}"
    );
    for message in &received {
        let record = message.json();
        let id = record["article"]["id"].as_str().unwrap();
        let faulty = &record["processing"]["stages"][0];
        let language = &record["processing"]["stages"][1];
        assert_eq!(
            language["outcome"], "ok",
            "later stages still run: {record}"
        );
        if id.starts_with("panic") {
            assert_eq!(faulty["outcome"], "failed", "{record}");
            let error = faulty["error"].as_str().unwrap();
            assert!(
                error.starts_with("stage panicked: injected fault"),
                "{error}"
            );
            assert_eq!(record["warnings"][0]["code"], "stage_failed");
        } else {
            assert_eq!(faulty["outcome"], "ok", "{record}");
        }
    }
    // Every delivery was acknowledged: nothing waits, nothing is held, nothing dead-lettered.
    assert!(wait_until(Duration::from_secs(10), || {
        broker
            .ctl(&["list_queues", "--silent", "name", "messages"])
            .lines()
            .filter(|l| l.starts_with(INPUT))
            .all(|l| l.split_whitespace().nth(1) == Some("0"))
    }));
    assert_eq!(rt.block_on(ready_count(&broker, DLQ)), 0);

    trigger.trigger();
    rt.block_on(async {
        tokio::time::timeout(Duration::from_secs(30), worker)
            .await
            .expect("the worker stops on shutdown")
            .expect("the worker task did not panic");
    });
}

/// Records refused by a full output queue while dead letters are confirmed at the same time:
/// every confirm must reach the publish it belongs to. (lapin numbers a publish for its
/// confirm before it queues the frames, so publishes racing on one channel were paired with
/// each other's confirms: a refused record was taken for published and its article acked,
/// lost, while a confirmed dead letter was sent again. This failed 5 runs in 5 before.)
#[test]
fn a_refused_record_is_never_taken_for_a_confirmed_dead_letter() {
    let broker = Broker::start();
    let rt = runtime();
    let mut worker = Worker::start(&broker, &[("ENRICHER__AMQP__PREFETCH", "1000")]);
    wait_consuming(&broker, &mut worker);
    // The output refuses every record; the dead-letter queue takes everything.
    broker.ctl(&[
        "set_policy",
        "refuse",
        "^articles\\.enriched$",
        r#"{"max-length":0,"overflow":"reject-publish"}"#,
        "--apply-to",
        "queues",
    ]);
    let good: BTreeSet<String> = (0..500).map(|i| format!("held-{i:04}")).collect();
    let mut bodies = Vec::new();
    for id in &good {
        bodies.push(news_article(id));
        bodies.push(format!("{{\"id\": \"{id}-broken\", \"body\": ").into_bytes());
    }
    rt.block_on(publish_raw(&broker, INPUT, &bodies));
    let bad = good.len() as u32;
    assert!(
        rt.block_on(wait_for_ready(&broker, DLQ, bad, Duration::from_secs(60))),
        "the bad messages must be dead-lettered:\n{}",
        worker.log()
    );
    // Refused records are retried with backoff meanwhile; give mixed-up confirms time to show.
    std::thread::sleep(Duration::from_secs(3));
    worker.kill();
    // Records the quorum queue let through before its limit applied are published, not lost.
    let published = article_ids(
        &rt.block_on(collect(
            &broker,
            "articles.enriched",
            Duration::from_secs(5),
            |_| false,
        )),
        &["article", "id"],
    );
    let mut accounted = published.clone();
    rt.block_on(collect(&broker, INPUT, Duration::from_secs(30), |held| {
        accounted = published
            .union(&article_ids(held, &["id"]))
            .cloned()
            .collect();
        good.is_subset(&accounted)
    }));
    let lost: Vec<&String> = good.difference(&accounted).collect();
    assert!(
        lost.is_empty(),
        "{} article(s) acked although their record was refused, e.g. {:?}\n{}",
        lost.len(),
        &lost[..lost.len().min(5)],
        worker.log()
    );
    assert_eq!(
        rt.block_on(ready_count(&broker, DLQ)),
        bad,
        "each bad message is dead-lettered once\n{}",
        worker.log()
    );
}

/// The string at `path` in each JSON message (an article's or a record's article id).
fn article_ids(messages: &[Received], path: &[&str]) -> BTreeSet<String> {
    messages
        .iter()
        .filter_map(|m| {
            let json: serde_json::Value = serde_json::from_slice(&m.body).ok()?;
            let value = path.iter().fold(&json, |v, key| &v[*key]);
            value.as_str().map(str::to_owned)
        })
        .collect()
}
