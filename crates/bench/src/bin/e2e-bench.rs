//! End-to-end throughput and latency of `enricher run` against a private RabbitMQ broker on
//! this machine, next to the broker's own ceiling measured with the same messages.
//!
//! ```sh
//! cargo build --release -p enricher -p enricher-bench
//! ./target/release/e2e-bench [ARTICLES] [PREFETCH]
//! ```
//!
//! 1. Ceiling: a pass-through consumer (consume, publish with confirm, ack; no enrichment) moves
//!    ARTICLES messages from one quorum queue to another.
//! 2. Throughput: ARTICLES articles (the sample article, ~4.5 KB each) are queued, then the
//!    release worker (`target/release/enricher run`, link checking off) enriches them all.
//!    Reports articles/s, the worker's CPU time per article, its peak memory and the mean time
//!    per stage (from its own `/metrics`).
//! 3. Latency: ARTICLES/2 articles published at half the measured throughput; publish-to-record
//!    latency percentiles from a timestamp carried in the article (unknown fields pass through).

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use enricher_bench::percentile;
use enricher_tests::{
    connect, declare_input_queue, http_get, metric, news_article, publish_raw, ready_count,
    wait_for_ready, Broker, Worker,
};
use futures_util::StreamExt;
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicPublishOptions, BasicQosOptions,
    ConfirmSelectOptions, QueueDeclareOptions, QueuePurgeOptions,
};
use lapin::types::{AMQPValue, FieldTable};
use lapin::BasicProperties;

fn unix_micros() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_micros() as u64
}

fn article(template: &serde_json::Value, id: usize) -> Vec<u8> {
    let mut value = template.clone();
    value["id"] = format!("bench-{id:06}").into();
    value["bench_sent_at_us"] = unix_micros().into();
    serde_json::to_vec(&value).expect("serialise")
}

async fn declare_quorum(channel: &lapin::Channel, name: &str) {
    let mut args = FieldTable::default();
    args.insert(
        "x-queue-type".into(),
        AMQPValue::LongString("quorum".into()),
    );
    channel
        .queue_declare(
            name.into(),
            QueueDeclareOptions {
                durable: true,
                ..Default::default()
            },
            args,
        )
        .await
        .expect("declare queue");
}

/// The broker's ceiling: consume -> publish with confirm -> ack, concurrently, no enrichment.
async fn pass_through(broker: &Broker, n: usize, prefetch: u16) -> f64 {
    let connection = connect(broker).await;
    let channel = connection.create_channel().await.expect("channel");
    declare_quorum(&channel, "bench.in").await;
    declare_quorum(&channel, "bench.out").await;
    let template = serde_json::from_slice::<serde_json::Value>(&news_article("x")).expect("json");
    publish_raw(broker, "bench.in", (0..n).map(|i| article(&template, i))).await;

    let consume = connection.create_channel().await.expect("channel");
    consume
        .basic_qos(prefetch, BasicQosOptions::default())
        .await
        .expect("qos");
    let publish = connection.create_channel().await.expect("channel");
    publish
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .expect("confirms");
    let mut consumer = consume
        .basic_consume(
            "bench.in".into(),
            "".into(),
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await
        .expect("consume");
    let started = Instant::now();
    let done = Arc::new(tokio::sync::Semaphore::new(0));
    for _ in 0..n {
        let delivery = consumer
            .next()
            .await
            .expect("delivery")
            .expect("delivery ok");
        let publish = publish.clone();
        let done = done.clone();
        tokio::spawn(async move {
            let confirm = publish
                .basic_publish(
                    "".into(),
                    "bench.out".into(),
                    BasicPublishOptions::default(),
                    &delivery.data,
                    BasicProperties::default().with_delivery_mode(2),
                )
                .await
                .expect("publish");
            confirm.await.expect("confirm");
            delivery
                .acker
                .ack(BasicAckOptions::default())
                .await
                .expect("ack");
            done.add_permits(1);
        });
    }
    let _ = done.acquire_many(n as u32).await.expect("all acked");
    let secs = started.elapsed().as_secs_f64();
    let _ = connection.close(200, "done".into()).await;
    n as f64 / secs
}

/// CPU seconds (user + system) and peak resident memory (KiB) of a process.
fn process_usage(pid: u32) -> (f64, u64) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(") ")
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    let cpu = (ticks(11) + ticks(12)) / 100.0; // utime, stime in clock ticks (USER_HZ = 100)
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    (cpu, peak)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let prefetch: u16 = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let bin = std::env::current_exe()
        .expect("own path")
        .with_file_name("enricher");
    assert!(
        bin.exists(),
        "build the worker first: cargo build --release -p enricher"
    );
    std::env::set_var("ENRICHER_BIN", &bin);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let broker = Broker::start();
    let template = serde_json::from_slice::<serde_json::Value>(&news_article("x")).expect("json");
    println!(
        "articles: {n}, {} bytes each, prefetch {prefetch}, broker and worker on this machine",
        article(&template, 0).len()
    );

    let ceiling = runtime.block_on(pass_through(&broker, n, prefetch));
    println!("broker ceiling (consume -> publish with confirm -> ack, quorum queues): {ceiling:.0} msgs/s");

    // Throughput.
    runtime.block_on(declare_input_queue(&broker));
    runtime.block_on(publish_raw(
        &broker,
        "articles.new",
        (0..n).map(|i| article(&template, i)),
    ));
    let prefetch_text = prefetch.to_string();
    let worker = Worker::start(
        &broker,
        &[
            ("ENRICHER__AMQP__PREFETCH", &prefetch_text),
            ("RUST_LOG", "warn"),
        ],
    );
    let started = Instant::now();
    let finished = runtime.block_on(wait_for_ready(
        &broker,
        "articles.enriched",
        n as u32,
        Duration::from_secs(600),
    ));
    let secs = started.elapsed().as_secs_f64();
    assert!(finished, "the worker did not finish:\n{}", worker.log());
    let (cpu, peak_kib) = process_usage(worker.pid());
    let rate = n as f64 / secs;
    println!(
        "enriched: {n} articles in {secs:.2} s = {rate:.0} articles/s ({:.0}% of the ceiling)",
        100.0 * rate / ceiling
    );
    println!(
        "worker: {:.1} ms CPU per article, peak memory {:.1} MB",
        1000.0 * cpu / n as f64,
        peak_kib as f64 / 1024.0
    );
    let (_, metrics) = http_get(worker.http_port, "/metrics").expect("worker metrics");
    for stage in ["language", "entities", "links"] {
        let sum = metric(
            &metrics,
            &format!("enricher_stage_duration_seconds_sum{{stage=\"{stage}\"}}"),
        );
        let count = metric(
            &metrics,
            &format!("enricher_stage_duration_seconds_count{{stage=\"{stage}\"}}"),
        );
        if count > 0.0 {
            println!(
                "  stage {stage}: {:.3} ms per article (mean of {count})",
                1000.0 * sum / count
            );
        }
    }

    // Latency at half the measured rate.
    let m = n / 2;
    let half = rate / 2.0;
    let latencies = runtime.block_on(async {
        let connection = connect(&broker).await;
        let channel = connection.create_channel().await.expect("channel");
        channel
            .queue_purge("articles.enriched".into(), QueuePurgeOptions::default())
            .await
            .expect("purge");
        channel
            .basic_qos(1000, BasicQosOptions::default())
            .await
            .expect("qos");
        let mut consumer = channel
            .basic_consume(
                "articles.enriched".into(),
                "".into(),
                BasicConsumeOptions::default(),
                FieldTable::default(),
            )
            .await
            .expect("consume");
        let collector = tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(m);
            while latencies.len() < m {
                let Some(Ok(delivery)) = consumer.next().await else {
                    break;
                };
                let record: serde_json::Value =
                    serde_json::from_slice(&delivery.data).expect("record");
                let sent = record["article"]["bench_sent_at_us"]
                    .as_u64()
                    .expect("timestamp carried through");
                latencies.push(Duration::from_micros(unix_micros().saturating_sub(sent)));
                delivery
                    .acker
                    .ack(BasicAckOptions::default())
                    .await
                    .expect("ack");
            }
            latencies
        });
        let publish = connection.create_channel().await.expect("channel");
        publish
            .confirm_select(ConfirmSelectOptions::default())
            .await
            .expect("confirms");
        let start = tokio::time::Instant::now();
        let mut pending = Vec::new();
        for i in 0..m {
            tokio::time::sleep_until(start + Duration::from_secs_f64(i as f64 / half)).await;
            pending.push(
                publish
                    .basic_publish(
                        "".into(),
                        "articles.new".into(),
                        BasicPublishOptions::default(),
                        &article(&template, n + i),
                        BasicProperties::default().with_delivery_mode(2),
                    )
                    .await
                    .expect("publish"),
            );
        }
        for confirm in pending {
            confirm.await.expect("confirm");
        }
        let latencies = tokio::time::timeout(Duration::from_secs(120), collector)
            .await
            .expect("records arrive")
            .expect("collector");
        let _ = connection.close(200, "done".into()).await;
        latencies
    });
    let mut sorted = latencies;
    sorted.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "latency at {half:.0} articles/s ({} articles, publish -> enriched record received): p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        sorted.len(),
        ms(percentile(&sorted, 50.0)),
        ms(percentile(&sorted, 95.0)),
        ms(percentile(&sorted, 99.0)),
        ms(percentile(&sorted, 100.0)),
    );
    let (_, peak_kib) = process_usage(worker.pid());
    println!(
        "worker peak memory over the whole run: {:.1} MB",
        peak_kib as f64 / 1024.0
    );
    let _ = runtime.block_on(ready_count(&broker, "articles.new"));
}
