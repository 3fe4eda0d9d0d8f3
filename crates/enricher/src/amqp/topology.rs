//! The queues and exchanges the service relies on, declared idempotently.
//!
//! The same arguments must be used by every declarer (workers, `enricher publish`, the
//! definitions file): RabbitMQ refuses a re-declaration with different arguments.

use lapin::options::{ExchangeDeclareOptions, QueueBindOptions, QueueDeclareOptions};
use lapin::types::{AMQPValue, FieldTable, LongString};
use lapin::{Channel, ExchangeKind};

use crate::config::AmqpSettings;

/// Declares, with durable settings:
/// - the output topic exchange and the output queue bound to it with `#`;
/// - the dead-letter exchange (direct) and the dead-letter queue bound with its own name;
/// - the input queue, a quorum queue whose rejected or over-delivered messages go to the
///   dead-letter exchange.
pub async fn declare_topology(channel: &Channel, s: &AmqpSettings) -> lapin::Result<()> {
    let durable_exchange = ExchangeDeclareOptions {
        durable: true,
        ..Default::default()
    };
    let durable_queue = QueueDeclareOptions {
        durable: true,
        ..Default::default()
    };

    channel
        .exchange_declare(
            s.output_exchange.as_str().into(),
            ExchangeKind::Topic,
            durable_exchange,
            FieldTable::default(),
        )
        .await?;
    channel
        .queue_declare(s.output_queue.as_str().into(), durable_queue, quorum())
        .await?;
    channel
        .queue_bind(
            s.output_queue.as_str().into(),
            s.output_exchange.as_str().into(),
            "#".into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await?;

    channel
        .exchange_declare(
            s.dead_letter_exchange.as_str().into(),
            ExchangeKind::Direct,
            durable_exchange,
            FieldTable::default(),
        )
        .await?;
    channel
        .queue_declare(s.dead_letter_queue.as_str().into(), durable_queue, quorum())
        .await?;
    channel
        .queue_bind(
            s.dead_letter_queue.as_str().into(),
            s.dead_letter_exchange.as_str().into(),
            s.dead_letter_queue.as_str().into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await?;

    channel
        .queue_declare(
            s.input_queue.as_str().into(),
            durable_queue,
            input_arguments(s),
        )
        .await?;
    Ok(())
}

fn quorum() -> FieldTable {
    let mut args = FieldTable::default();
    args.insert("x-queue-type".into(), long_string("quorum"));
    args
}

/// The input queue's arguments: quorum, with a delivery limit and a named dead-letter exchange.
fn input_arguments(s: &AmqpSettings) -> FieldTable {
    let mut args = quorum();
    args.insert(
        "x-delivery-limit".into(),
        AMQPValue::LongLongInt(i64::from(s.delivery_limit)),
    );
    args.insert(
        "x-dead-letter-exchange".into(),
        long_string(&s.dead_letter_exchange),
    );
    args.insert(
        "x-dead-letter-routing-key".into(),
        long_string(&s.dead_letter_queue),
    );
    args
}

fn long_string(s: &str) -> AMQPValue {
    AMQPValue::LongString(LongString::from(s))
}
