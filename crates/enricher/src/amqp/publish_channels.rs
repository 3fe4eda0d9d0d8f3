//! Confirmed publishing from many delivery handlers at once, each publish on a channel of its
//! own.
//!
//! Publisher confirms and returns name no message: the broker numbers a channel's publishes in
//! the order it receives them, and a return goes to the next confirm. lapin numbers a publish
//! before it queues the frames, so two tasks publishing on one channel can swap numbers: a
//! refused record then reads as confirmed (its article acked, the record lost) while a
//! confirmed one is sent again. Measured with lapin 4.12: 4,000 concurrent publishes on one
//! channel, half of them to a queue that refuses everything, paired 750–1,800 confirms with the
//! wrong publish. With one publish in flight per channel, a confirm and a return can only
//! belong to that publish. Channels are reused, and at most `MAX_CHANNELS` publish at once
//! (each costs the broker a process; a large prefetch must not open thousands).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use lapin::options::{BasicPublishOptions, ConfirmSelectOptions};
use lapin::{BasicProperties, Channel, Connection};
use tokio::sync::Semaphore;

use super::jittered;
use crate::metrics as m;

/// Longest pause between two attempts to publish one message.
const MAX_PUBLISH_BACKOFF: Duration = Duration::from_secs(30);

/// Publishes in flight at once per connection, each on its own channel. A persistent publish
/// to a quorum queue is confirmed within milliseconds, so 64 channels carry thousands a second.
const MAX_CHANNELS: usize = 64;

/// A connection's idle publishing channels, confirms selected.
pub(crate) struct PublishChannels {
    connection: Arc<Connection>,
    idle: Mutex<Vec<Channel>>,
    in_use: Semaphore,
}

impl PublishChannels {
    pub(crate) fn new(connection: Arc<Connection>) -> Self {
        Self {
            connection,
            idle: Mutex::new(Vec::new()),
            in_use: Semaphore::new(MAX_CHANNELS),
        }
    }

    /// An idle channel, or a new one when all are busy; one the broker closed while it was
    /// idle is dropped.
    async fn take(&self) -> lapin::Result<Channel> {
        loop {
            let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
            match idle {
                Some(channel) if channel.status().connected() => return Ok(channel),
                Some(_) => continue,
                None => break,
            }
        }
        let channel = self.connection.create_channel().await?;
        channel
            .confirm_select(ConfirmSelectOptions::default())
            .await?;
        Ok(channel)
    }

    /// Returns a channel for reuse; one the broker closed (after a channel error) is dropped.
    fn give_back(&self, channel: Channel) {
        if channel.status().connected() {
            self.idle
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(channel);
        }
    }

    /// Publishes until the broker confirms, backing off between refusals. Returns false only
    /// when the connection is gone, in which case the input will be redelivered.
    pub(crate) async fn publish_confirmed(
        &self,
        exchange: &str,
        routing_key: &str,
        payload: &[u8],
        properties: BasicProperties,
    ) -> bool {
        let mut delay = Duration::from_millis(200);
        loop {
            match self
                .publish_once(exchange, routing_key, payload, properties.clone())
                .await
            {
                Ok(confirmation) if confirmation.is_ack() => match confirmation.take_message() {
                    None => return true,
                    Some(returned) => tracing::warn!(
                        exchange,
                        routing_key,
                        reply = %returned.reply_text,
                        "publish returned unroutable; retrying"
                    ),
                },
                Ok(_) => tracing::warn!(exchange, "broker refused the publish (nack); retrying"),
                Err(error) => {
                    if !self.connection.status().connected() {
                        tracing::warn!(%error, "publish failed and the connection is gone");
                        return false;
                    }
                    tracing::warn!(%error, "publish failed; retrying on another channel");
                }
            }
            metrics::counter!(m::PUBLISH_RETRIES).increment(1);
            tokio::time::sleep(jittered(delay)).await;
            delay = (delay * 2).min(MAX_PUBLISH_BACKOFF);
        }
    }

    /// One publish on a channel that has nothing else in flight, and its confirm.
    async fn publish_once(
        &self,
        exchange: &str,
        routing_key: &str,
        payload: &[u8],
        properties: BasicProperties,
    ) -> lapin::Result<lapin::Confirmation> {
        let _permit = self.in_use.acquire().await.expect("never closed");
        let channel = self.take().await?;
        let confirmation = async {
            channel
                .basic_publish(
                    exchange.into(),
                    routing_key.into(),
                    BasicPublishOptions {
                        mandatory: true,
                        ..Default::default()
                    },
                    payload,
                    properties,
                )
                .await?
                .await
        }
        .await;
        self.give_back(channel);
        confirmation
    }

    /// Closes the idle channels; called once no handler is left.
    pub(crate) async fn close(&self) {
        let idle = std::mem::take(&mut *self.idle.lock().unwrap_or_else(|e| e.into_inner()));
        for channel in idle {
            let _ = channel.close(200, "worker stopping".into()).await;
        }
    }
}
