//! `enricher run`: consume articles, enrich them, publish records, ack only what the broker
//! confirmed.
//!
//! Delivery guarantees, in order of the code below:
//! - manual acks, with `prefetch` deliveries in flight and processed concurrently;
//! - a record is published persistent with publisher confirms, on a channel with no other
//!   publish in flight (`publish_channels`), and the input is acked only once the broker
//!   confirmed it; a refused publish is retried with backoff while the message stays
//!   unacked (so a full or blocked output holds work instead of dropping it);
//! - a message that can never succeed goes to the dead-letter exchange with a reason header,
//!   confirmed, then acked; a message that crashes workers is dead-lettered by the broker after
//!   `delivery_limit` deliveries;
//! - a lost connection ends the session: unacked messages go back to the queue and the worker
//!   reconnects with exponential backoff;
//! - shutdown stops consuming, lets in-flight articles finish (up to the grace period) and
//!   closes the connection cleanly.

use std::sync::Arc;
use std::time::Duration;

use enricher_contracts::{ArticleError, EnrichedRecord, Incoming};
use enricher_pipeline::Pipeline;
use futures_util::StreamExt;
use lapin::message::Delivery;
use lapin::options::{BasicAckOptions, BasicCancelOptions, BasicConsumeOptions, BasicQosOptions};
use lapin::types::{AMQPValue, FieldTable, LongString, ShortString};
use lapin::{BasicProperties, Event};
use tokio::task::JoinSet;
use tracing::{info_span, Instrument};

use super::publish_channels::PublishChannels;
use super::{connect, declare_topology, jittered, ACK_SETTLE_PAUSE, ERROR_HEADER, REASON_HEADER};
use crate::config::{AmqpSettings, Settings};
use crate::health::Readiness;
use crate::metrics as m;
use crate::shutdown::Shutdown;

/// AMQP delivery mode of messages the broker writes to disk.
const PERSISTENT: u8 = 2;

/// Everything a delivery handler needs, shared by all of them.
struct WorkerContext {
    settings: Settings,
    pipeline: Pipeline,
    readiness: Arc<Readiness>,
}

/// Why a connection's session ended.
enum SessionEnd {
    Shutdown,
    Lost(String),
}

/// Runs the worker until `shutdown` fires, reconnecting whenever the broker goes away.
pub async fn run_worker(
    settings: Settings,
    pipeline: Pipeline,
    readiness: Arc<Readiness>,
    mut shutdown: Shutdown,
) {
    let ctx = Arc::new(WorkerContext {
        settings,
        pipeline,
        readiness,
    });
    let min = Duration::from_millis(ctx.settings.amqp.reconnect_min_ms.max(1));
    let max = Duration::from_millis(ctx.settings.amqp.reconnect_max_ms).max(min);
    let mut backoff = min;
    loop {
        let started = tokio::time::Instant::now();
        let end = session(&ctx, &mut shutdown).await;
        ctx.readiness.set_consuming(false);
        match end {
            Ok(SessionEnd::Shutdown) => return,
            Ok(SessionEnd::Lost(reason)) => {
                tracing::warn!(%reason, "broker connection lost; unacked messages will be redelivered")
            }
            Err(error) => tracing::warn!(%error, "cannot talk to the broker"),
        }
        if started.elapsed() > max {
            backoff = min;
        }
        let delay = jittered(backoff);
        tracing::info!(delay_ms = delay.as_millis() as u64, "reconnecting");
        tokio::select! {
            _ = tokio::time::sleep(delay) => {}
            _ = shutdown.recv() => return,
        }
        backoff = (backoff * 2).min(max);
    }
}

/// One connection's life: set up, consume until shutdown or loss, wind down.
async fn session(ctx: &Arc<WorkerContext>, shutdown: &mut Shutdown) -> lapin::Result<SessionEnd> {
    let amqp = &ctx.settings.amqp;
    let connection = Arc::new(connect(amqp, &amqp.connection_name).await?);
    metrics::counter!(m::CONNECTIONS).increment(1);
    let mut events = connection.events_listener();
    if amqp.declare_topology {
        let setup = connection.create_channel().await?;
        declare_topology(&setup, amqp).await?;
        let _ = setup.close(200, "topology declared".into()).await;
    }
    let publish = Arc::new(PublishChannels::new(connection.clone()));
    let consume = connection.create_channel().await?;
    consume
        .basic_qos(amqp.prefetch, BasicQosOptions::default())
        .await?;
    let mut consumer = consume
        .basic_consume(
            amqp.input_queue.as_str().into(),
            ShortString::from(""),
            BasicConsumeOptions::default(),
            FieldTable::default(),
        )
        .await?;
    tracing::info!(queue = %amqp.input_queue, prefetch = amqp.prefetch, "consuming");
    ctx.readiness.set_consuming(true);

    let mut tasks = JoinSet::new();
    let end = loop {
        tokio::select! {
            biased;
            _ = shutdown.recv() => break SessionEnd::Shutdown,
            Some(event) = events.next() => match event {
                Event::Error(e) => break SessionEnd::Lost(e.to_string()),
                Event::ConnectionBlocked(reason) => tracing::warn!(%reason, "broker blocked publishing"),
                Event::ConnectionUnblocked => tracing::info!("broker unblocked publishing"),
                _ => {}
            },
            Some(done) = tasks.join_next(), if !tasks.is_empty() => {
                if let Err(e) = done {
                    tracing::error!(error = %e, "delivery handler crashed; the broker will redeliver");
                }
            }
            delivery = consumer.next() => match delivery {
                Some(Ok(delivery)) => {
                    tasks.spawn(handle_delivery(ctx.clone(), publish.clone(), delivery));
                }
                Some(Err(e)) => break SessionEnd::Lost(e.to_string()),
                None => break SessionEnd::Lost("the broker cancelled the consumer".to_owned()),
            },
        }
    };

    ctx.readiness.set_consuming(false);
    let grace = match end {
        SessionEnd::Shutdown => {
            // No new deliveries; those already prefetched but not started are released when
            // the channel closes, and the broker redelivers them.
            let _ = consume
                .basic_cancel(consumer.tag(), BasicCancelOptions::default())
                .await;
            Duration::from_secs(ctx.settings.shutdown.grace_seconds)
        }
        SessionEnd::Lost(_) => Duration::from_secs(5),
    };
    let in_flight = tasks.len();
    let drained = tokio::time::timeout(grace, async { while tasks.join_next().await.is_some() {} })
        .await
        .is_ok();
    if !drained {
        tracing::warn!(
            remaining = tasks.len(),
            "in-flight articles did not finish in time; the broker will redeliver them"
        );
        tasks.abort_all();
    }
    tracing::info!(in_flight, drained, "session closing");
    if matches!(end, SessionEnd::Shutdown) {
        tokio::time::sleep(ACK_SETTLE_PAUSE).await;
    }
    let _ = consume.close(200, "worker stopping".into()).await;
    publish.close().await;
    let _ = connection.close(200, "worker stopping".into()).await;
    Ok(end)
}

/// Handles one delivery to the end: record published and acked, or dead-lettered and acked, or
/// left unacked for redelivery when the connection is gone.
async fn handle_delivery(
    ctx: Arc<WorkerContext>,
    publish: Arc<PublishChannels>,
    delivery: Delivery,
) {
    let span = info_span!(
        "article",
        delivery_tag = delivery.delivery_tag,
        redelivered = delivery.redelivered,
        article_id = tracing::field::Empty,
    );
    let started = std::time::Instant::now();
    metrics::counter!(m::CONSUMED).increment(1);
    if delivery.redelivered {
        metrics::counter!(m::REDELIVERED).increment(1);
    }
    let in_flight = metrics::gauge!(m::IN_FLIGHT);
    in_flight.increment(1.0);
    async move {
        let amqp = &ctx.settings.amqp;
        let published = match Incoming::from_slice(&delivery.data, ctx.settings.limits.max_article_bytes) {
            Err(error) => dead_letter(&publish, amqp, &delivery, &error).await,
            Ok(Incoming::Article(article)) => {
                tracing::Span::current().record("article_id", article.id.as_str());
                let record = ctx.pipeline.enrich(article).await;
                publish_record(&publish, amqp, &record).await
            }
            Ok(Incoming::Record(record)) => {
                // A partial record from an upstream worker of a split pipeline.
                tracing::Span::current().record("article_id", record.article.id.as_str());
                let record = ctx.pipeline.resume(*record).await;
                publish_record(&publish, amqp, &record).await
            }
        };
        if published {
            match delivery.acker.ack(BasicAckOptions::default()).await {
                Ok(true) => tracing::debug!("acked"),
                Ok(false) => tracing::warn!("ack not sent: the channel is gone; the broker will redeliver (same record id)"),
                Err(e) => tracing::warn!(error = %e, "ack failed; the broker will redeliver (same record id)"),
            }
        }
    }
    .instrument(span)
    .await;
    in_flight.decrement(1.0);
    metrics::histogram!(m::ARTICLE_DURATION).record(started.elapsed().as_secs_f64());
}

/// Sends a message that can never succeed to the dead-letter exchange, with its reason.
async fn dead_letter(
    publish: &PublishChannels,
    amqp: &AmqpSettings,
    delivery: &Delivery,
    error: &ArticleError,
) -> bool {
    tracing::warn!(reason = %error.reason, error = %error.message, "bad message: dead-lettering");
    let properties = dead_letter_properties(&delivery.properties, error);
    let published = publish
        .publish_confirmed(
            &amqp.dead_letter_exchange,
            &amqp.dead_letter_queue,
            &delivery.data,
            properties,
        )
        .await;
    if published {
        metrics::counter!(m::DEAD_LETTERED, "reason" => error.reason.as_str()).increment(1);
    }
    published
}

/// Publishes an enriched record to the output exchange; true once the broker confirmed it.
async fn publish_record(
    publish: &PublishChannels,
    amqp: &AmqpSettings,
    record: &EnrichedRecord,
) -> bool {
    let payload = match serde_json::to_vec(record) {
        Ok(payload) => payload,
        Err(e) => {
            tracing::error!(error = %e, "record cannot be serialised; leaving the message for redelivery");
            return false;
        }
    };
    let properties = record_properties(&record.id, &record.article.id);
    let published = publish
        .publish_confirmed(
            &amqp.output_exchange,
            &amqp.output_routing_key,
            &payload,
            properties,
        )
        .await;
    if published {
        metrics::counter!(m::ENRICHED).increment(1);
    }
    published
}

fn record_properties(record_id: &str, article_id: &str) -> BasicProperties {
    let mut headers = FieldTable::default();
    headers.insert(
        "x-schema-version".into(),
        long_string(enricher_contracts::SCHEMA_VERSION),
    );
    headers.insert("x-article-id".into(), long_string(article_id));
    BasicProperties::default()
        .with_delivery_mode(PERSISTENT)
        .with_content_type("application/json".into())
        .with_message_id(record_id.into())
        .with_headers(headers)
}

/// The original message's properties plus the reason headers; persistent whatever it was.
fn dead_letter_properties(original: &BasicProperties, error: &ArticleError) -> BasicProperties {
    let mut headers = original.headers().clone().unwrap_or_default();
    headers.insert(REASON_HEADER.into(), long_string(error.reason.as_str()));
    headers.insert(ERROR_HEADER.into(), long_string(&error.message));
    original
        .clone()
        .with_delivery_mode(PERSISTENT)
        .with_headers(headers)
}

fn long_string(s: &str) -> AMQPValue {
    AMQPValue::LongString(LongString::from(s))
}
