//! The enrichment service: configuration, transports and commands behind the `enricher` binary.
//!
//! `main.rs` only parses arguments; everything testable lives here.

pub mod amqp;
pub mod commands;
pub mod config;
pub mod enrich;
pub mod health;
pub mod http;
pub mod input;
pub mod metrics;
pub mod progress;
pub mod shutdown;
pub mod stages;
pub mod telemetry;
