//! Test support: a private RabbitMQ broker per test, the real `enricher` binary as a child
//! process, and helpers to publish and collect messages.
//!
//! Every broker runs from Debian's `rabbitmq-server` scripts on 127.0.0.1 with its own ports,
//! node name, data directory and cookie, so tests run in parallel and never share state.
//!
//! Modules by job: [`broker`] (nodes and clusters), [`process`] (the binary and a worker),
//! [`amqp`] (publish, declare, collect), [`http`] (GET helpers, a loopback server),
//! [`fixtures`] (paths, articles, waiting, completeness checks), [`tls`] (a test CA).

pub mod amqp;
pub mod broker;
pub mod fixtures;
pub mod http;
pub mod process;
pub mod tls;

pub use amqp::*;
pub use broker::*;
pub use fixtures::*;
pub use http::*;
pub use process::*;
