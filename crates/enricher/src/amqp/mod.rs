//! The RabbitMQ transport: topology, the worker (`enricher run`) and the publisher
//! (`enricher publish`). Nothing here knows what a stage does.

mod nodes;
mod publish_channels;
mod publisher;
mod replay;
mod topology;
mod worker;

pub use nodes::{BrokerNodes, NodesError};
pub use publisher::{publish_stream, PublishError, PublishSummary};
pub use replay::{replay_dead_letters, REPLAYED_HEADER};
pub use topology::declare_topology;
pub use worker::run_worker;

use lapin::{Connection, ConnectionProperties};
use std::time::Duration;

/// Header on a dead-lettered message: the stable reason code (e.g. `malformed_json`).
pub const REASON_HEADER: &str = "x-enricher-reason";
/// Header on a dead-lettered message: the sentence for a person.
pub const ERROR_HEADER: &str = "x-enricher-error";

/// How long a client that acked from a quorum queue waits before closing its channel.
///
/// RabbitMQ applies a quorum queue's acks as low-priority Raft commands but the channel's
/// closing as a normal one, so acks sent just before the close can be overtaken: the broker
/// then returns those messages to the queue although their records were published (RabbitMQ
/// issue 10327, ra pull request 396; seen as 3 duplicates in 3,000 articles in the SIGTERM
/// test). The broker applies the waiting acks within milliseconds once nothing else is queued.
/// Used by a stopping worker, by `replay-dlq` (whose DLQ is a quorum queue too) and by the
/// tests' consumers.
pub const ACK_SETTLE_PAUSE: Duration = Duration::from_millis(300);

/// A connection and a channel with publisher confirms, the topology declared (so the input
/// queue exists before the first publish; otherwise the broker drops the message): what the
/// one-shot commands (`publish`, `replay-dlq`) start with.
pub(crate) async fn confirmed_channel(
    amqp: &crate::config::AmqpSettings,
    name: &str,
) -> lapin::Result<(Connection, lapin::Channel)> {
    let connection = connect(amqp, name).await?;
    let channel = connection.create_channel().await?;
    channel
        .confirm_select(lapin::options::ConfirmSelectOptions::default())
        .await?;
    if amqp.declare_topology {
        declare_topology(&channel, amqp).await?;
    }
    Ok((connection, channel))
}

/// Publishes one message to the input queue through the default exchange, `mandatory` so an
/// absent queue is reported (returned) instead of the message vanishing.
pub(crate) async fn publish_to_input(
    channel: &lapin::Channel,
    amqp: &crate::config::AmqpSettings,
    payload: &[u8],
    properties: lapin::BasicProperties,
) -> lapin::Result<lapin::PublisherConfirm> {
    channel
        .basic_publish(
            "".into(),
            amqp.input_queue.as_str().into(),
            lapin::options::BasicPublishOptions {
                mandatory: true,
                ..Default::default()
            },
            payload,
            properties,
        )
        .await
}

/// Opens a connection to the first broker node that answers (`amqp.url` may list several),
/// named after this process so operators can tell workers apart in the management UI.
pub(crate) async fn connect(
    amqp: &crate::config::AmqpSettings,
    name: &str,
) -> lapin::Result<Connection> {
    // The password file is read at every connection: a rotated secret is picked up.
    let nodes = BrokerNodes::from_settings(amqp).map_err(std::io::Error::other)?;
    let mut last_error = None;
    for (url, shown) in nodes.urls() {
        let properties = ConnectionProperties::default()
            .with_connection_name(format!("{name} pid {}", std::process::id()).into());
        let attempt = lapin::DefaultConnectionBuilder::new()?
            .with_uri_str(url.to_owned())
            .with_properties(properties)
            .with_tls_config(nodes.tls().clone())
            .connect()
            .await;
        match attempt {
            Ok(connection) => {
                tracing::info!(node = %shown, "connected to the broker");
                return Ok(connection);
            }
            Err(error) => {
                let tls_without_identity =
                    url.starts_with("amqps://") && amqp.tls.cert_file.is_empty();
                let error = explained(error, tls_without_identity);
                tracing::warn!(node = %shown, %error, "cannot connect to the broker node; trying the next");
                last_error = Some(error);
            }
        }
    }
    Err(last_error.expect("at least one node"))
}

/// A TLS failure said in the operator's terms (which setting to look at); other errors as
/// they are. rustls names the cause (`UnknownIssuer`, `CertificateRequired`), not the fix.
/// With TLS 1.3 a broker that wants a client certificate may close the connection before
/// its alert is read: a reset on a TLS connection without a client identity gets the same hint.
fn explained(error: lapin::Error, tls_without_identity: bool) -> lapin::Error {
    let text = error.to_string();
    let reset = text.contains("Connection reset by peer") || text.contains("os error 104");
    let hint = if text.contains("invalid peer certificate") {
        "TLS: the broker's certificate does not verify against the public roots and \
         amqp.tls.ca_file"
    } else if text.contains("received fatal alert") {
        "TLS: the broker refused the handshake (a broker that requires a client certificate \
         needs amqp.tls.cert_file and amqp.tls.key_file)"
    } else if reset && tls_without_identity {
        "TLS: the broker closed the connection during or right after the handshake (a broker \
         that requires a client certificate needs amqp.tls.cert_file and amqp.tls.key_file)"
    } else {
        return error;
    };
    std::io::Error::other(format!("{hint}: {text}")).into()
}

/// Up to 25% random spread, so many workers do not retry in lock-step.
pub(crate) fn jittered(delay: Duration) -> Duration {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let spread = delay.as_millis() as u64 / 4;
    delay
        + Duration::from_millis(if spread == 0 {
            0
        } else {
            u64::from(nanos) % spread
        })
}
