//! Prometheus metrics: the names every part of the worker records under, and the recorder that
//! renders them for `/metrics`. Recording goes through the `metrics` facade, so library crates
//! (the pipeline) record without knowing about Prometheus.

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Deliveries taken from the input queue.
pub const CONSUMED: &str = "enricher_articles_consumed_total";
/// Deliveries the broker marked as redelivered.
pub const REDELIVERED: &str = "enricher_articles_redelivered_total";
/// Records published and confirmed.
pub const ENRICHED: &str = "enricher_articles_enriched_total";
/// Messages dead-lettered by the worker, by `reason`.
pub const DEAD_LETTERED: &str = "enricher_articles_dead_lettered_total";
/// Publishes the broker refused, returned, or that failed, before a retry.
pub const PUBLISH_RETRIES: &str = "enricher_publish_retries_total";
/// Articles being processed right now.
pub const IN_FLIGHT: &str = "enricher_in_flight";
/// 1 while connected to the broker and consuming, else 0.
pub const BROKER_CONNECTED: &str = "enricher_broker_connected";
/// Connections opened to the broker (the first one and every reconnect).
pub const CONNECTIONS: &str = "enricher_broker_connections_total";
/// Time from delivery to ack, per article.
pub const ARTICLE_DURATION: &str = "enricher_article_duration_seconds";

/// Histogram buckets for durations, from 100 µs to 30 s.
const DURATION_BUCKETS: &[f64] = &[
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
    5.0, 10.0, 30.0,
];

/// Installs the global Prometheus recorder; returns the handle that renders `/metrics`.
pub fn install() -> Result<PrometheusHandle, metrics_exporter_prometheus::BuildError> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".to_owned()), DURATION_BUCKETS)?
        .install_recorder()?;
    describe();
    Ok(handle)
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(CONSUMED, "Deliveries taken from the input queue.");
    describe_counter!(REDELIVERED, "Deliveries the broker marked as redelivered.");
    describe_counter!(
        ENRICHED,
        "Records published to the output exchange and confirmed."
    );
    describe_counter!(
        DEAD_LETTERED,
        "Messages dead-lettered by the worker, by reason."
    );
    describe_counter!(
        PUBLISH_RETRIES,
        "Publishes retried after a nack, return or error."
    );
    describe_gauge!(IN_FLIGHT, "Articles being processed right now.");
    describe_gauge!(
        BROKER_CONNECTED,
        "1 while connected to the broker and consuming."
    );
    describe_counter!(CONNECTIONS, "Connections opened to the broker.");
    describe_histogram!(
        ARTICLE_DURATION,
        Unit::Seconds,
        "Delivery to ack, per article."
    );
    describe_histogram!(
        enricher_pipeline::STAGE_DURATION,
        Unit::Seconds,
        "Time spent in each stage, per article."
    );
    describe_counter!(
        enricher_pipeline::STAGE_FAILURES,
        "Stage runs that failed or panicked."
    );
}
