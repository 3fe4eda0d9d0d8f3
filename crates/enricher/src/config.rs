//! Typed settings, layered with the `config` crate: built-in defaults, then an optional TOML
//! file, then environment variables `ENRICHER__SECTION__KEY` (e.g. `ENRICHER__AMQP__URL`).
//! Read once at start-up; every key is listed in README's configuration table.

use std::collections::HashMap;
use std::path::Path;

use enricher_contracts::DEFAULT_MAX_ARTICLE_BYTES;
use enricher_entities::EntitySettings;
use enricher_language::LanguageSettings;
use enricher_links::LinkSettings;
use serde::Deserialize;

/// Prefix of the environment variables that configure the service.
pub const ENV_PREFIX: &str = "ENRICHER";

/// All settings of the `enricher` binary.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// The broker: nodes, credentials, TLS, names of queues and exchanges.
    pub amqp: AmqpSettings,
    /// Bounds on what one message may cost.
    pub limits: LimitSettings,
    /// The `language` stage.
    pub language: LanguageSettings,
    /// The `entities` stage.
    pub entities: EntitySettings,
    /// The `links` stage.
    pub links: LinkSettings,
    /// Logging.
    pub log: LogSettings,
    /// Graceful shutdown.
    pub shutdown: ShutdownSettings,
    /// The health and metrics endpoint.
    pub http: HttpSettings,
    /// Which stages run.
    pub pipeline: PipelineSettings,
}

/// Which stages this worker runs (all by default; a subset to split the pipeline across
/// workers joined by queues). An unknown name is an error when the settings are loaded.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PipelineSettings {
    /// Stage names; run in pipeline order whatever the order given.
    #[serde(deserialize_with = "stage_list")]
    pub stages: Vec<StageName>,
}

impl Default for PipelineSettings {
    fn default() -> Self {
        PipelineSettings {
            stages: StageName::ALL.to_vec(),
        }
    }
}

/// A stage by the name `pipeline.stages`, `--stages`, `processing.stages[].name` and the
/// metrics' `stage` label use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StageName {
    /// The `language` stage.
    Language,
    /// The `entities` stage.
    Entities,
    /// The `links` stage.
    Links,
}

impl StageName {
    /// Every stage, in pipeline order: a subset runs in this order whatever order it is given in.
    pub const ALL: [StageName; 3] = [StageName::Language, StageName::Entities, StageName::Links];

    /// The name configuration, records and metrics use.
    pub fn as_str(self) -> &'static str {
        match self {
            StageName::Language => "language",
            StageName::Entities => "entities",
            StageName::Links => "links",
        }
    }
}

impl std::fmt::Display for StageName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A stage name the service does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown stage `{0}` (known: language, entities, links)")]
pub struct UnknownStage(pub String);

impl std::str::FromStr for StageName {
    type Err = UnknownStage;

    fn from_str(name: &str) -> Result<Self, UnknownStage> {
        let name = name.trim();
        StageName::ALL
            .into_iter()
            .find(|stage| stage.as_str() == name)
            .ok_or_else(|| UnknownStage(name.to_owned()))
    }
}

/// `pipeline.stages`: names, blank entries skipped (`language, links` from the environment).
fn stage_list<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<StageName>, D::Error> {
    let names = Vec::<String>::deserialize(deserializer)?;
    names
        .iter()
        .filter(|name| !name.trim().is_empty())
        .map(|name| name.parse().map_err(serde::de::Error::custom))
        .collect()
}

/// The worker's HTTP endpoint: `/healthz`, `/readyz`, `/metrics`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpSettings {
    /// Address and port to listen on (`enricher run` only).
    pub listen: std::net::SocketAddr,
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            listen: std::net::SocketAddr::from(([0, 0, 0, 0], 8080)),
        }
    }
}

/// Broker connection and topology. Every name is configurable so several pipelines can share
/// one broker.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AmqpSettings {
    /// Broker node URLs, comma-separated: the worker connects to the first that answers and,
    /// when the connection is lost, tries them in turn again.
    pub url: String,
    /// A file holding the password (a mounted secret); replaces the URLs' password. Read at
    /// every connection, so a rotated secret is picked up.
    pub password_file: String,
    /// TLS for `amqps://` nodes: a private CA and a client certificate.
    pub tls: AmqpTlsSettings,
    /// Unacknowledged deliveries the broker sends ahead; also the worker's concurrency.
    pub prefetch: u16,
    /// Queue the worker consumes and `publish` sends to.
    pub input_queue: String,
    /// Topic exchange records are published to.
    pub output_exchange: String,
    /// Queue bound to the output exchange with `#`.
    pub output_queue: String,
    /// Routing key of published records (the output exchange is a topic exchange).
    pub output_routing_key: String,
    /// Exchange dead-lettered messages go to.
    pub dead_letter_exchange: String,
    /// Queue of dead-lettered messages (also its binding key).
    pub dead_letter_queue: String,
    /// Deliveries of one message before the broker dead-letters it (a poison message that
    /// crashes workers cannot loop forever).
    pub delivery_limit: u32,
    /// Declare queues, exchanges and bindings at start-up (idempotent).
    pub declare_topology: bool,
    /// Declare the output queue and bind it (off when the output queue is another worker's
    /// input queue, which that worker declares with its own arguments).
    pub declare_output_queue: bool,
    /// When set, bind the input queue to this exchange with `#` (a worker downstream in a
    /// split pipeline consumes what the upstream worker publishes there).
    pub input_exchange: String,
    /// Name shown for the connection in the broker's management UI.
    pub connection_name: String,
    /// First reconnect delay; doubles up to `reconnect_max_ms`.
    pub reconnect_min_ms: u64,
    /// Longest reconnect delay.
    pub reconnect_max_ms: u64,
}

impl Default for AmqpSettings {
    fn default() -> Self {
        AmqpSettings {
            url: "amqp://guest:guest@127.0.0.1:5672/%2f".to_owned(),
            password_file: String::new(),
            tls: AmqpTlsSettings::default(),
            prefetch: 100,
            input_queue: "articles.new".to_owned(),
            output_exchange: "articles.enriched".to_owned(),
            output_queue: "articles.enriched".to_owned(),
            output_routing_key: "article.enriched".to_owned(),
            dead_letter_exchange: "articles.new.dlx".to_owned(),
            dead_letter_queue: "articles.new.dlq".to_owned(),
            delivery_limit: 5,
            declare_topology: true,
            declare_output_queue: true,
            input_exchange: String::new(),
            connection_name: "enricher".to_owned(),
            reconnect_min_ms: 500,
            reconnect_max_ms: 30_000,
        }
    }
}

/// TLS to the broker (`amqps://` nodes). The server's certificate is always verified: against
/// the public web roots, plus `ca_file` for a private CA. A client certificate (both
/// `cert_file` and `key_file`) is for brokers that require mutual TLS. Empty means unset.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AmqpTlsSettings {
    /// PEM file of CA certificates the broker's certificate may chain to.
    pub ca_file: String,
    /// PEM file of the client certificate (chain) presented to the broker.
    pub cert_file: String,
    /// PEM file of the client certificate's private key (PKCS#8, PKCS#1 or SEC1).
    pub key_file: String,
}

/// Bounds that keep one hostile message from hurting a worker.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitSettings {
    /// Messages (or input lines) larger than this are refused with reason `too_large`.
    pub max_article_bytes: usize,
}

impl Default for LimitSettings {
    fn default() -> Self {
        LimitSettings {
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
        }
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per event, for log shippers.
    Json,
}

/// Logging settings (`RUST_LOG` still filters).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogSettings {
    /// `text` for people, `json` for log collectors.
    pub format: LogFormat,
    /// A `tracing` filter, e.g. `info` or `enricher=debug,lapin=warn`; `RUST_LOG` wins when set.
    pub level: String,
}

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings {
            format: LogFormat::Text,
            level: "info".to_owned(),
        }
    }
}

/// Graceful shutdown: how long in-flight articles may take after SIGTERM.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShutdownSettings {
    /// After SIGTERM, how long in-flight articles may take before the worker gives up on them
    /// (the broker then redelivers them).
    pub grace_seconds: u64,
}

impl Default for ShutdownSettings {
    fn default() -> Self {
        ShutdownSettings { grace_seconds: 30 }
    }
}

impl Settings {
    /// Loads defaults, then `file` (if given), then the process environment.
    pub fn load(file: Option<&Path>) -> Result<Settings, config::ConfigError> {
        Settings::load_with_env(file, None)
    }

    /// As [`Settings::load`], with an explicit environment instead of the process's (for tests).
    pub fn load_with_env(
        file: Option<&Path>,
        env: Option<HashMap<String, String>>,
    ) -> Result<Settings, config::ConfigError> {
        let mut builder = config::Config::builder();
        if let Some(file) = file {
            builder = builder.add_source(
                config::File::from(file)
                    .format(config::FileFormat::Toml)
                    .required(true),
            );
        }
        let environment = config::Environment::with_prefix(ENV_PREFIX)
            .prefix_separator("__")
            .separator("__")
            .try_parsing(true)
            .list_separator(",")
            .with_list_parse_key("links.allow_networks")
            .with_list_parse_key("language.allowed")
            .with_list_parse_key("pipeline.stages")
            .source(env);
        builder.add_source(environment).build()?.try_deserialize()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Option<HashMap<String, String>> {
        Some(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn defaults_match_the_documented_contract() {
        let s = Settings::load_with_env(None, env(&[])).unwrap();
        assert_eq!(s.amqp.url, "amqp://guest:guest@127.0.0.1:5672/%2f");
        assert_eq!(s.amqp.input_queue, "articles.new");
        assert_eq!(s.amqp.output_exchange, "articles.enriched");
        assert_eq!(s.amqp.output_queue, "articles.enriched");
        assert_eq!(s.amqp.dead_letter_queue, "articles.new.dlq");
        assert_eq!(s.log.format, LogFormat::Text);
        assert!(s.links.check);
        assert_eq!(s.http.listen.to_string(), "0.0.0.0:8080");
        assert_eq!(s.pipeline.stages, StageName::ALL);
        assert!(s.links.allow_networks.is_empty());
    }

    #[test]
    fn environment_overrides_file_overrides_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("enricher.toml");
        std::fs::write(
            &file,
            "[amqp]\nprefetch = 7\ninput_queue = \"from-file\"\n[log]\nformat = \"json\"\n",
        )
        .unwrap();
        let s = Settings::load_with_env(
            Some(&file),
            env(&[
                ("ENRICHER__AMQP__URL", "amqp://u:p@127.0.0.1:5673/v"),
                ("ENRICHER__AMQP__INPUT_QUEUE", "from-env"),
                ("ENRICHER__LIMITS__MAX_ARTICLE_BYTES", "2048"),
                ("ENRICHER__LINKS__CHECK", "false"),
                ("ENRICHER__HTTP__LISTEN", "127.0.0.1:9100"),
                (
                    "ENRICHER__LINKS__ALLOW_NETWORKS",
                    "127.0.0.1/32,10.20.0.0/16",
                ),
                ("ENRICHER__PIPELINE__STAGES", "links"),
                ("ENRICHER__LANGUAGE__ALLOWED", "en,de,fr"),
            ]),
        )
        .unwrap();
        assert_eq!(s.amqp.url, "amqp://u:p@127.0.0.1:5673/v");
        assert_eq!(s.amqp.input_queue, "from-env");
        assert_eq!(s.amqp.prefetch, 7);
        assert_eq!(s.log.format, LogFormat::Json);
        assert_eq!(s.limits.max_article_bytes, 2048);
        assert!(!s.links.check);
        assert_eq!(s.http.listen.port(), 9100);
        let networks: Vec<String> = s
            .links
            .allow_networks
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(networks, ["127.0.0.1/32", "10.20.0.0/16"]);
        assert_eq!(s.pipeline.stages, [StageName::Links]);
        assert_eq!(s.language.allowed, ["en", "de", "fr"]);
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors_not_silence() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("enricher.toml");
        std::fs::write(&file, "[amqp]\nprefech = 7\n").unwrap();
        let err = Settings::load_with_env(Some(&file), env(&[])).unwrap_err();
        assert!(err.to_string().contains("prefech"), "{err}");
        let err = Settings::load_with_env(None, env(&[("ENRICHER__AMQP__PREFETCH", "lots")]))
            .unwrap_err();
        assert!(err.to_string().contains("prefetch"), "{err}");
        let missing =
            Settings::load_with_env(Some(Path::new("/nonexistent/enricher.toml")), env(&[]));
        assert!(missing.is_err());
    }
}
