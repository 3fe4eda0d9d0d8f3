//! `enricher publish`: puts articles on the input queue as a CMS would, persistent and
//! confirmed by the broker.

use std::io::{self, BufRead, Write};

use lapin::types::{AMQPValue, FieldTable, LongString};
use lapin::{BasicProperties, PublisherConfirm};

use super::{confirmed_channel, publish_to_input};
use crate::config::Settings;
use crate::input::ArticleReader;

/// Confirms awaited together: enough to keep the broker busy, few enough to bound memory.
const CONFIRM_WINDOW: usize = 1000;

/// What a publish run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PublishSummary {
    /// Confirmed by the broker.
    pub published: u64,
    /// Not sent: the input was not a valid article (only when validating).
    pub invalid: u64,
    /// Sent but nacked or returned by the broker.
    pub refused: u64,
}

/// Why `publish` or `replay-dlq` stopped.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The input could not be read.
    #[error("reading the input: {0}")]
    Io(#[from] io::Error),
    /// The broker refused or the connection broke.
    #[error("talking to the broker: {0}")]
    Amqp(#[from] lapin::Error),
}

/// Publishes every article of `input` to the input queue. With `validate`, lines that are not
/// valid articles are reported on `errors` and not sent; without it, each line is sent as is
/// (for exercising the dead-letter path).
pub async fn publish_stream(
    settings: &Settings,
    input: impl BufRead,
    validate: bool,
    errors: &mut impl Write,
) -> Result<PublishSummary, PublishError> {
    let amqp = &settings.amqp;
    let (connection, channel) = confirmed_channel(amqp, "enricher publish").await?;
    let max_bytes = settings.limits.max_article_bytes;
    let mut reader = ArticleReader::new(input, max_bytes);
    let mut summary = PublishSummary::default();
    let mut pending: Vec<PublisherConfirm> = Vec::with_capacity(CONFIRM_WINDOW);
    while let Some(raw) = reader.next_article()? {
        let (payload, message_id) = if validate {
            match raw.parse(max_bytes) {
                Ok(article) => (
                    serde_json::to_vec(&article).map_err(io::Error::from)?,
                    Some(article.id),
                ),
                Err(e) => {
                    writeln!(errors, "line {}: {e} (not published)", raw.line)?;
                    summary.invalid += 1;
                    continue;
                }
            }
        } else {
            match raw.bytes {
                Ok(bytes) => (bytes, None),
                Err(e) => {
                    writeln!(errors, "line {}: {e} (not published)", raw.line)?;
                    summary.invalid += 1;
                    continue;
                }
            }
        };
        let mut properties = BasicProperties::default()
            .with_delivery_mode(2)
            .with_content_type("application/json".into());
        if let Some(id) = message_id {
            let mut headers = FieldTable::default();
            headers.insert(
                "x-article-id".into(),
                AMQPValue::LongString(LongString::from(id.as_str())),
            );
            if let Ok(short) = lapin::types::ShortString::try_new(id) {
                properties = properties.with_message_id(short);
            }
            properties = properties.with_headers(headers);
        }
        let confirm = publish_to_input(&channel, amqp, &payload, properties).await?;
        pending.push(confirm);
        if pending.len() >= CONFIRM_WINDOW {
            settle(&mut pending, &mut summary).await?;
        }
    }
    settle(&mut pending, &mut summary).await?;
    let _ = connection.close(200, "publish done".into()).await;
    Ok(summary)
}

async fn settle(
    pending: &mut Vec<PublisherConfirm>,
    summary: &mut PublishSummary,
) -> Result<(), PublishError> {
    for confirm in pending.drain(..) {
        let confirmation = confirm.await?;
        if confirmation.is_ack() && confirmation.take_message().is_none() {
            summary.published += 1;
        } else {
            summary.refused += 1;
        }
    }
    Ok(())
}
