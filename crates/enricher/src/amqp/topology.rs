//! The queues and exchanges the service relies on, as data, and their idempotent declaration.
//!
//! Every declarer (workers, `enricher publish`, `enricher replay-dlq`) and the broker
//! definitions file `deploy/rabbitmq/definitions.json` must use the same arguments: RabbitMQ
//! refuses a re-declaration with different ones. A test checks the file against [`topology`].

use lapin::options::{ExchangeDeclareOptions, QueueBindOptions, QueueDeclareOptions};
use lapin::types::{AMQPValue, FieldTable, LongString};
use lapin::{Channel, ExchangeKind};

use crate::config::AmqpSettings;

/// A durable exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeSpec {
    pub name: String,
    /// `topic` or `direct`.
    pub kind: &'static str,
}

/// A durable queue and its `x-` arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueSpec {
    pub name: String,
    pub arguments: Vec<(&'static str, ArgValue)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgValue {
    Text(String),
    Int(i64),
}

/// A binding of a queue to an exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingSpec {
    pub exchange: String,
    pub queue: String,
    pub routing_key: String,
}

/// The whole topology for a set of settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topology {
    pub exchanges: Vec<ExchangeSpec>,
    pub queues: Vec<QueueSpec>,
    pub bindings: Vec<BindingSpec>,
}

/// - the output topic exchange and the output queue bound to it with `#`;
/// - the dead-letter exchange (direct) and the dead-letter queue bound with its own name;
/// - the input queue, whose rejected or over-delivered messages go to the dead-letter exchange.
///
/// All queues are quorum queues: replicated on a cluster, and the input queue's delivery limit
/// stops a poison message from looping.
pub fn topology(s: &AmqpSettings) -> Topology {
    let quorum = || vec![("x-queue-type", ArgValue::Text("quorum".to_owned()))];
    let mut input_arguments = quorum();
    input_arguments.extend([
        (
            "x-delivery-limit",
            ArgValue::Int(i64::from(s.delivery_limit)),
        ),
        (
            "x-dead-letter-exchange",
            ArgValue::Text(s.dead_letter_exchange.clone()),
        ),
        (
            "x-dead-letter-routing-key",
            ArgValue::Text(s.dead_letter_queue.clone()),
        ),
    ]);
    let mut topology = Topology {
        exchanges: vec![
            ExchangeSpec {
                name: s.output_exchange.clone(),
                kind: "topic",
            },
            ExchangeSpec {
                name: s.dead_letter_exchange.clone(),
                kind: "direct",
            },
        ],
        queues: vec![
            QueueSpec {
                name: s.dead_letter_queue.clone(),
                arguments: quorum(),
            },
            QueueSpec {
                name: s.input_queue.clone(),
                arguments: input_arguments,
            },
        ],
        bindings: vec![BindingSpec {
            exchange: s.dead_letter_exchange.clone(),
            queue: s.dead_letter_queue.clone(),
            routing_key: s.dead_letter_queue.clone(),
        }],
    };
    if s.declare_output_queue {
        topology.queues.insert(
            0,
            QueueSpec {
                name: s.output_queue.clone(),
                arguments: quorum(),
            },
        );
        topology.bindings.insert(
            0,
            BindingSpec {
                exchange: s.output_exchange.clone(),
                queue: s.output_queue.clone(),
                routing_key: "#".to_owned(),
            },
        );
    }
    if !s.input_exchange.is_empty() {
        // Split pipeline: this worker consumes what an upstream worker publishes there.
        topology.exchanges.push(ExchangeSpec {
            name: s.input_exchange.clone(),
            kind: "topic",
        });
        topology.bindings.push(BindingSpec {
            exchange: s.input_exchange.clone(),
            queue: s.input_queue.clone(),
            routing_key: "#".to_owned(),
        });
    }
    topology
}

/// Declares the topology (durable everything); a no-op when it already exists as declared.
pub async fn declare_topology(channel: &Channel, s: &AmqpSettings) -> lapin::Result<()> {
    let topology = topology(s);
    for exchange in &topology.exchanges {
        let kind = match exchange.kind {
            "topic" => ExchangeKind::Topic,
            _ => ExchangeKind::Direct,
        };
        channel
            .exchange_declare(
                exchange.name.as_str().into(),
                kind,
                ExchangeDeclareOptions {
                    durable: true,
                    ..Default::default()
                },
                FieldTable::default(),
            )
            .await?;
    }
    for queue in &topology.queues {
        let mut arguments = FieldTable::default();
        for (key, value) in &queue.arguments {
            let value = match value {
                ArgValue::Text(text) => AMQPValue::LongString(LongString::from(text.as_str())),
                ArgValue::Int(n) => AMQPValue::LongLongInt(*n),
            };
            arguments.insert((*key).into(), value);
        }
        channel
            .queue_declare(
                queue.name.as_str().into(),
                QueueDeclareOptions {
                    durable: true,
                    ..Default::default()
                },
                arguments,
            )
            .await?;
    }
    for binding in &topology.bindings {
        channel
            .queue_bind(
                binding.queue.as_str().into(),
                binding.exchange.as_str().into(),
                binding.routing_key.as_str().into(),
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The definitions file a compose or Kubernetes broker loads at boot must declare exactly
    /// what the worker declares, or one of them fails with PRECONDITION_FAILED.
    #[test]
    fn the_definitions_file_matches_the_default_topology() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../deploy/rabbitmq/definitions.json"
        );
        let file: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let expected = topology(&AmqpSettings::default());

        let mut exchanges: Vec<ExchangeSpec> = file["exchanges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                assert_eq!(e["durable"], true, "{e}");
                assert_eq!(e["vhost"], "/", "{e}");
                ExchangeSpec {
                    name: e["name"].as_str().unwrap().to_owned(),
                    kind: match e["type"].as_str().unwrap() {
                        "topic" => "topic",
                        "direct" => "direct",
                        other => panic!("unexpected exchange type {other}"),
                    },
                }
            })
            .collect();
        let mut want = expected.exchanges.clone();
        exchanges.sort_by(|a, b| a.name.cmp(&b.name));
        want.sort_by(|a, b| a.name.cmp(&b.name));
        assert_eq!(exchanges, want);

        let mut queues: Vec<(String, Vec<(String, ArgValue)>)> = file["queues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| {
                assert_eq!(q["durable"], true, "{q}");
                assert_eq!(q["auto_delete"], false, "{q}");
                let mut args: Vec<(String, ArgValue)> = q["arguments"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .map(|(k, v)| {
                        let value = match v {
                            Value::String(s) => ArgValue::Text(s.clone()),
                            Value::Number(n) => ArgValue::Int(n.as_i64().unwrap()),
                            other => panic!("unexpected argument {k}: {other}"),
                        };
                        (k.clone(), value)
                    })
                    .collect();
                args.sort_by(|a, b| a.0.cmp(&b.0));
                (q["name"].as_str().unwrap().to_owned(), args)
            })
            .collect();
        let mut want: Vec<(String, Vec<(String, ArgValue)>)> = expected
            .queues
            .iter()
            .map(|q| {
                let mut args: Vec<(String, ArgValue)> = q
                    .arguments
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), v.clone()))
                    .collect();
                args.sort_by(|a, b| a.0.cmp(&b.0));
                (q.name.clone(), args)
            })
            .collect();
        queues.sort_by(|a, b| a.0.cmp(&b.0));
        want.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(queues, want);

        let mut bindings: Vec<BindingSpec> = file["bindings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                assert_eq!(b["destination_type"], "queue", "{b}");
                BindingSpec {
                    exchange: b["source"].as_str().unwrap().to_owned(),
                    queue: b["destination"].as_str().unwrap().to_owned(),
                    routing_key: b["routing_key"].as_str().unwrap().to_owned(),
                }
            })
            .collect();
        let mut want = expected.bindings.clone();
        bindings.sort_by(|a, b| a.queue.cmp(&b.queue));
        want.sort_by(|a, b| a.queue.cmp(&b.queue));
        assert_eq!(bindings, want);
    }
}
