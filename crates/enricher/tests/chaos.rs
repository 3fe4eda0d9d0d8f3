//! Delivery under faults: a known set of articles, a fault mid-stream, and at the end every
//! article has a record (or a dead-letter entry with a reason), none is missing, and duplicates
//! are only redeliveries with the same record id. Each scenario has its own private broker and
//! a bounded run time.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use enricher_tests::{
    assert_complete, assert_progress, collect, collect_records, declare_input_queue, http_get,
    metric, news_article, publish_raw, queue_articles, ready_count, runtime, wait_until, Broker,
    Worker,
};

#[test]
fn three_workers_on_one_queue_one_killed_mid_stream() {
    let broker = Broker::start();
    let rt = runtime();
    let expected = queue_articles(&broker, &rt, "three", 4000);
    let mut workers: Vec<Worker> = (0..3).map(|_| Worker::start(&broker, &[])).collect();
    assert_progress(&rt, &broker, &workers[0], 300);
    workers[1].kill();
    assert!(
        rt.block_on(ready_count(&broker, "articles.new")) > 0,
        "the kill must happen mid-stream"
    );
    let records = rt.block_on(collect_records(
        &broker,
        &expected,
        Duration::from_secs(300),
    ));
    let logs: String = workers.iter().map(Worker::log).collect();
    assert_complete(&records, &expected, &logs);
    assert!(workers[0].is_running() && workers[2].is_running());
    assert_eq!(rt.block_on(ready_count(&broker, "articles.new.dlq")), 0);
}

#[test]
fn a_memory_alarm_blocks_publishing_for_a_while_and_nothing_is_lost() {
    let broker = Broker::start();
    let rt = runtime();
    let expected = queue_articles(&broker, &rt, "alarm", 3000);
    let mut worker = Worker::start(&broker, &[]);
    assert_progress(&rt, &broker, &worker, 200);
    // Frozen while the alarm is raised, so the alarm lands mid-stream however fast the worker
    // is (`rabbitmqctl` alone takes seconds, long enough for a fast worker to finish).
    worker.pause();
    // Any memory use is now above the watermark: the broker blocks every publisher.
    broker.ctl(&["set_vm_memory_high_watermark", "absolute", "1"]);
    worker.resume();
    assert!(
        wait_until(Duration::from_secs(60), || worker
            .log()
            .contains("broker blocked publishing")),
        "the worker must be told that publishing is blocked:\n{}",
        worker.log()
    );
    let during = rt.block_on(ready_count(&broker, "articles.enriched"));
    assert!(
        during < expected.len() as u32,
        "the alarm must land mid-stream: {during} records already out"
    );
    std::thread::sleep(Duration::from_secs(4));
    let after_wait = rt.block_on(ready_count(&broker, "articles.enriched"));
    assert_eq!(
        during, after_wait,
        "no record may be published while the broker refuses publishes"
    );
    assert!(
        worker.is_running(),
        "the worker waits, it does not crash:\n{}",
        worker.log()
    );
    broker.ctl(&["set_vm_memory_high_watermark", "0.4"]);
    let records = rt.block_on(collect_records(
        &broker,
        &expected,
        Duration::from_secs(300),
    ));
    assert_complete(&records, &expected, &worker.log());
    assert!(
        worker.log().contains("broker unblocked publishing"),
        "{}",
        worker.log()
    );
}

#[test]
fn a_full_output_queue_holds_work_until_there_is_room() {
    let broker = Broker::start();
    let rt = runtime();
    // Declared by the worker first, then capped by a policy that refuses publishes when full.
    let mut worker = Worker::start(&broker, &[("ENRICHER__AMQP__PREFETCH", "50")]);
    worker.wait_ready(Duration::from_secs(30));
    broker.ctl(&[
        "set_policy",
        "cap",
        "^articles\\.enriched$",
        r#"{"max-length":100,"overflow":"reject-publish"}"#,
        "--apply-to",
        "queues",
    ]);
    let expected = queue_articles(&broker, &rt, "full", 600);
    let retried = wait_until(Duration::from_secs(60), || {
        http_get(worker.http_port, "/metrics")
            .is_some_and(|(_, m)| metric(&m, "enricher_publish_retries_total") > 0.0)
    });
    assert!(
        retried,
        "the worker must see refused publishes:\n{}",
        worker.log()
    );
    // Quorum queues enforce length limits approximately (the check lags behind appends).
    let held = rt.block_on(ready_count(&broker, "articles.enriched"));
    assert!(
        held < 300,
        "the cap of 100 holds roughly: {held} records in the output queue"
    );
    assert!(
        rt.block_on(ready_count(&broker, "articles.new")) > 0,
        "work is held back, not dropped"
    );
    // Room again. (With RabbitMQ 3.10, `clear_policy` left the quorum queue refusing
    // publishes even once drained; replacing the policy with a larger limit lifts it.)
    broker.ctl(&[
        "set_policy",
        "cap",
        "^articles\\.enriched$",
        r#"{"max-length":1000000,"overflow":"reject-publish"}"#,
        "--apply-to",
        "queues",
    ]);
    let records = rt.block_on(collect_records(
        &broker,
        &expected,
        Duration::from_secs(300),
    ));
    let duplicates = assert_complete(&records, &expected, &worker.log());
    assert_eq!(
        duplicates, 0,
        "a refused publish is retried, not published twice"
    );
    assert!(worker.is_running());
    assert_eq!(
        rt.block_on(ready_count(&broker, "articles.new.dlq")),
        0,
        "nothing good is dead-lettered"
    );
}

#[test]
fn a_flood_of_bad_messages_goes_to_the_dlq_and_good_ones_are_unaffected() {
    let broker = Broker::start();
    let rt = runtime();
    rt.block_on(declare_input_queue(&broker));
    let mut expected = BTreeSet::new();
    let mut bodies = Vec::new();
    let mut bad = 0;
    for i in 0..3000 {
        match i % 3 {
            0 => {
                let id = format!("flood-{i:05}");
                bodies.push(news_article(&id));
                expected.insert(id);
            }
            1 => {
                bodies.push(format!("{{\"id\": \"broken-{i}\", \"body\": ").into_bytes());
                bad += 1;
            }
            _ => {
                bodies.push(vec![0xff, 0xfe, b'{', b'}']);
                bad += 1;
            }
        }
    }
    rt.block_on(publish_raw(&broker, "articles.new", &bodies));
    let mut worker = Worker::start(&broker, &[]);
    let records = rt.block_on(collect_records(
        &broker,
        &expected,
        Duration::from_secs(300),
    ));
    assert_complete(&records, &expected, &worker.log());
    let dead = rt.block_on(collect(
        &broker,
        "articles.new.dlq",
        Duration::from_secs(60),
        |m| m.len() >= bad,
    ));
    assert_eq!(dead.len(), bad);
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for message in &dead {
        *reasons
            .entry(message.headers["x-enricher-reason"].clone())
            .or_default() += 1;
    }
    assert_eq!(
        reasons,
        BTreeMap::from([
            ("invalid_utf8".to_owned(), 1000),
            ("malformed_json".to_owned(), 1000)
        ])
    );
    assert!(worker.is_running());
}
