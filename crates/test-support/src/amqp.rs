//! Talking to a test broker as the CMS and the consumers do: publish, declare, collect.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicPublishOptions, BasicQosOptions,
    ConfirmSelectOptions, QueueDeclareOptions,
};
use lapin::types::{AMQPValue, FieldTable};
use lapin::{BasicProperties, Connection, ConnectionProperties};

use crate::broker::Broker;
use crate::fixtures::{ids, news_article};
use crate::process::Worker;

/// Opens a connection to the broker, retrying while it is (re)starting.
pub async fn connect(broker: &Broker) -> Connection {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match Connection::connect(&broker.url(), ConnectionProperties::default()).await {
            Ok(c) => return c,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("cannot connect to the test broker: {e}"),
        }
    }
}

/// Publishes bodies to a queue through the default exchange, persistent, `mandatory` and
/// confirmed, with at most 1,000 confirms outstanding (tests and benchmarks queue thousands).
/// The queue must exist (see [`declare_input_queue`]).
pub async fn publish_raw<B: AsRef<[u8]>>(
    broker: &Broker,
    queue: &str,
    bodies: impl IntoIterator<Item = B>,
) {
    let connection = connect(broker).await;
    let channel = connection.create_channel().await.expect("channel");
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .expect("confirm_select");
    let mut confirms = Vec::new();
    for body in bodies {
        let confirm = channel
            .basic_publish(
                "".into(),
                queue.into(),
                BasicPublishOptions {
                    mandatory: true,
                    ..Default::default()
                },
                body.as_ref(),
                BasicProperties::default().with_delivery_mode(2),
            )
            .await
            .expect("publish");
        confirms.push(confirm);
        if confirms.len() >= 1_000 {
            await_confirms(confirms.drain(..)).await;
        }
    }
    await_confirms(confirms).await;
    let _ = connection.close(200, "done".into()).await;
}

async fn await_confirms(confirms: impl IntoIterator<Item = lapin::PublisherConfirm>) {
    for confirm in confirms {
        let confirmation = confirm.await.expect("confirm");
        assert!(confirmation.is_ack(), "broker refused a test message");
        assert!(
            confirmation.take_message().is_none(),
            "test message was unroutable"
        );
    }
}

/// Declares the service's topology exactly as the worker does (the worker's own code, default
/// settings), so tests can publish before any worker runs.
pub async fn declare_input_queue(broker: &Broker) {
    let connection = connect(broker).await;
    let channel = connection.create_channel().await.expect("channel");
    enricher::amqp::declare_topology(&channel, &enricher::config::AmqpSettings::default())
        .await
        .expect("declare the worker's topology");
    let _ = connection.close(200, "done".into()).await;
}

/// A message taken from a queue: body and headers.
#[derive(Debug, Clone)]
pub struct Received {
    /// The message body.
    pub body: Vec<u8>,
    /// String-valued headers.
    pub headers: BTreeMap<String, String>,
    /// The AMQP `message_id` property.
    pub message_id: Option<String>,
}

impl Received {
    /// The body as JSON; panics when it is not.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON message")
    }
}

/// Consumes (and acks) messages from `queue` until `done` says enough or `timeout` passes,
/// reconnecting when the broker drops the connection. Returns everything received.
pub async fn collect<F>(
    broker: &Broker,
    queue: &str,
    timeout: Duration,
    mut done: F,
) -> Vec<Received>
where
    F: FnMut(&[Received]) -> bool,
{
    let deadline = Instant::now() + timeout;
    let mut received = Vec::new();
    while !done(&received) && Instant::now() < deadline {
        let connection = connect(broker).await;
        let Ok(channel) = connection.create_channel().await else {
            continue;
        };
        let _ = channel.basic_qos(500, BasicQosOptions::default()).await;
        let Ok(mut consumer) = channel
            .basic_consume(
                queue.into(),
                "".into(),
                BasicConsumeOptions::default(),
                FieldTable::default(),
            )
            .await
        else {
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        };
        while !done(&received) {
            let left = deadline.saturating_duration_since(Instant::now());
            let next =
                tokio::time::timeout(left.min(Duration::from_millis(500)), consumer.next()).await;
            match next {
                Ok(Some(Ok(delivery))) => {
                    let _ = delivery.acker.ack(BasicAckOptions::default()).await;
                    received.push(Received {
                        headers: headers_of(&delivery.properties),
                        message_id: delivery
                            .properties
                            .message_id()
                            .as_ref()
                            .map(|s| s.to_string()),
                        body: delivery.data,
                    });
                }
                Ok(Some(Err(_))) | Ok(None) => break,
                Err(_) if Instant::now() >= deadline => break,
                Err(_) => {}
            }
        }
        // Acks to a quorum queue can be overtaken by a close right after them (see the pause).
        tokio::time::sleep(enricher::amqp::ACK_SETTLE_PAUSE).await;
        let _ = connection.close(200, "done".into()).await;
    }
    received
}

fn headers_of(properties: &BasicProperties) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Some(headers) = properties.headers() {
        for (key, value) in headers {
            let text = match value {
                AMQPValue::LongString(s) => String::from_utf8_lossy(s.as_bytes()).into_owned(),
                AMQPValue::ShortString(s) => s.to_string(),
                other => format!("{other:?}"),
            };
            out.insert(key.to_string(), text);
        }
    }
    out
}

/// Collects enriched records until every article id in `expected` was seen; returns the
/// records by article id (duplicates kept, to check they share their record id).
pub async fn collect_records(
    broker: &Broker,
    expected: &BTreeSet<String>,
    timeout: Duration,
) -> BTreeMap<String, Vec<serde_json::Value>> {
    let mut seen = BTreeSet::new();
    let received = collect(broker, "articles.enriched", timeout, |messages| {
        if let Some(last) = messages.last() {
            if let Some(id) = last.json()["article"]["id"].as_str() {
                seen.insert(id.to_owned());
            }
        }
        expected.is_subset(&seen)
    })
    .await;
    let mut by_article: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for message in received {
        let record = message.json();
        let id = record["article"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        by_article.entry(id).or_default().push(record);
    }
    by_article
}

/// Ready messages in a queue, through AMQP (much faster than `rabbitmqctl`, for polling).
pub async fn ready_count(broker: &Broker, queue: &str) -> u32 {
    let connection = connect(broker).await;
    let channel = connection.create_channel().await.expect("channel");
    let declared = channel
        .queue_declare(
            queue.into(),
            QueueDeclareOptions {
                passive: true,
                ..Default::default()
            },
            FieldTable::default(),
        )
        .await;
    let _ = connection.close(200, "done".into()).await;
    declared.map(|q| q.message_count()).unwrap_or(0)
}

/// Waits until `queue` holds at least `n` ready messages; returns whether it did in time.
pub async fn wait_for_ready(broker: &Broker, queue: &str, n: u32, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if ready_count(broker, queue).await >= n {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

/// Declares the input queue and queues `n` news articles; returns their ids.
pub fn queue_articles(
    broker: &Broker,
    rt: &tokio::runtime::Runtime,
    prefix: &str,
    n: usize,
) -> BTreeSet<String> {
    rt.block_on(declare_input_queue(broker));
    let expected = ids(prefix, n);
    let bodies: Vec<Vec<u8>> = expected.iter().map(|id| news_article(id)).collect();
    rt.block_on(publish_raw(broker, "articles.new", &bodies));
    expected
}

/// Waits until the worker has published at least `n` records, failing the test with the
/// worker's log when it makes no progress within a minute.
pub fn assert_progress(rt: &tokio::runtime::Runtime, broker: &Broker, worker: &Worker, n: u32) {
    let progressed = rt.block_on(wait_for_ready(
        broker,
        "articles.enriched",
        n,
        Duration::from_secs(60),
    ));
    assert!(progressed, "worker made no progress:\n{}", worker.log());
}
