//! Settings of the link stage (configuration table `[links]`).

use ipnet::IpNet;
use serde::Deserialize;

/// Settings of the link stage (configuration table `[links]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinkSettings {
    /// Check links over the network; when false every http(s) link is `skipped` (issues that
    /// need no network are still reported).
    pub check: bool,
    /// Networks that may be contacted although private or local (e.g. `10.20.0.0/16` for an
    /// intranet, `127.0.0.1/32` for tests). Everything else non-public is `blocked`.
    pub allow_networks: Vec<IpNet>,
    /// Allow every private and local address (the `--allow-private-network` flag).
    pub allow_private_network: bool,
    /// Sent with every request, so site owners know who is asking.
    pub user_agent: String,
    /// TCP and TLS connect timeout.
    pub connect_timeout_ms: u64,
    /// Whole request, body prefix included.
    pub request_timeout_ms: u64,
    /// Redirects followed before a link is `broken` (`too_many_redirects`).
    pub max_redirects: usize,
    /// Retries after a 429, a 5xx or a reset connection.
    pub max_retries: u32,
    /// First retry delay; doubled each retry, with jitter.
    pub retry_base_ms: u64,
    /// Longest `Retry-After` honoured; a longer one is treated as this.
    pub retry_after_cap_ms: u64,
    /// A GET reads at most this much of the body.
    pub max_body_bytes: usize,
    /// Requests at once to one host.
    pub per_host_concurrency: usize,
    /// Pause between two requests to one host (0 = none).
    pub per_host_interval_ms: u64,
    /// Requests at once over all hosts.
    pub global_concurrency: usize,
    /// Time for all links of one article; links not checked by then are `skipped`.
    pub article_budget_ms: u64,
    /// How long a good verdict (ok, redirected, and definitive 4xx) is reused.
    pub cache_ok_ttl_secs: u64,
    /// How long a failure verdict is reused. Transient failures (timeouts, unreachable, 429,
    /// 5xx) are never cached.
    pub cache_failure_ttl_secs: u64,
    /// Most verdicts kept; the oldest are dropped first.
    pub cache_capacity: usize,
}

impl Default for LinkSettings {
    fn default() -> Self {
        LinkSettings {
            check: true,
            allow_networks: Vec::new(),
            allow_private_network: false,
            user_agent: concat!(
                "enricher-link-checker/",
                env!("CARGO_PKG_VERSION"),
                " (newsroom link validation; +https://example.invalid/enricher)"
            )
            .to_owned(),
            connect_timeout_ms: 3_000,
            request_timeout_ms: 10_000,
            max_redirects: 10,
            max_retries: 2,
            retry_base_ms: 500,
            retry_after_cap_ms: 10_000,
            max_body_bytes: 64 * 1024,
            per_host_concurrency: 2,
            per_host_interval_ms: 50,
            global_concurrency: 64,
            article_budget_ms: 30_000,
            cache_ok_ttl_secs: 3_600,
            cache_failure_ttl_secs: 300,
            cache_capacity: 100_000,
        }
    }
}
