//! `enricher replay-dlq`: after a fix, move dead-lettered messages back to the input queue.

use lapin::options::{BasicAckOptions, BasicGetOptions, BasicNackOptions, QueueDeclareOptions};
use lapin::types::{AMQPValue, FieldTable};

use super::publisher::PublishError;
use super::{confirmed_channel, publish_to_input, ERROR_HEADER, REASON_HEADER};
use crate::config::Settings;

/// Headers that describe the earlier failure; dropped so a replayed message starts afresh (the
/// broker's `x-death` would otherwise count towards nothing useful and grow each round).
const FAILURE_HEADERS: &[&str] = &[
    REASON_HEADER,
    ERROR_HEADER,
    "x-death",
    "x-first-death-exchange",
    "x-first-death-queue",
    "x-first-death-reason",
    "x-last-death-exchange",
    "x-last-death-queue",
    "x-last-death-reason",
];

/// Header counting how often a message was replayed.
pub const REPLAYED_HEADER: &str = "x-enricher-replayed";

/// Moves up to `limit` messages (all present when `None`) from the dead-letter queue to the
/// input queue: each is published persistent and confirmed before it is acked on the DLQ, so a
/// failure half-way loses nothing. Returns how many were moved.
pub async fn replay_dead_letters(
    settings: &Settings,
    limit: Option<u64>,
) -> Result<u64, PublishError> {
    let amqp = &settings.amqp;
    let (connection, channel) = confirmed_channel(amqp, "enricher replay-dlq").await?;
    // Bounded by what is there now: a message that fails again while we replay comes back to
    // the DLQ and must not be replayed in an endless loop.
    let present = channel
        .queue_declare(
            amqp.dead_letter_queue.as_str().into(),
            QueueDeclareOptions {
                passive: true,
                ..Default::default()
            },
            FieldTable::default(),
        )
        .await?
        .message_count();
    let limit = limit.map_or(u64::from(present), |l| l.min(u64::from(present)));
    let mut moved = 0;
    while moved < limit {
        let Some(message) = channel
            .basic_get(
                amqp.dead_letter_queue.as_str().into(),
                BasicGetOptions::default(),
            )
            .await?
        else {
            break;
        };
        let delivery = &message.delivery;
        let mut headers = FieldTable::default();
        let mut replays = 0;
        if let Some(original) = delivery.properties.headers() {
            for (key, value) in original {
                if key.as_str() == REPLAYED_HEADER {
                    if let AMQPValue::LongLongInt(n) = value {
                        replays = *n;
                    }
                } else if !FAILURE_HEADERS.contains(&key.as_str()) {
                    headers.insert(key.clone(), value.clone());
                }
            }
        }
        headers.insert(REPLAYED_HEADER.into(), AMQPValue::LongLongInt(replays + 1));
        let properties = delivery
            .properties
            .clone()
            .with_headers(headers)
            .with_delivery_mode(2);
        let confirmation = publish_to_input(&channel, amqp, &delivery.data, properties)
            .await?
            .await?;
        if confirmation.is_ack() && confirmation.take_message().is_none() {
            delivery.acker.ack(BasicAckOptions::default()).await?;
            moved += 1;
        } else {
            delivery
                .acker
                .nack(BasicNackOptions {
                    requeue: true,
                    ..Default::default()
                })
                .await?;
            break;
        }
    }
    if moved > 0 {
        tokio::time::sleep(super::ACK_SETTLE_PAUSE).await;
    }
    let _ = connection.close(200, "replay done".into()).await;
    Ok(moved)
}
