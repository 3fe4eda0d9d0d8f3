//! The `enricher` command line: parsing and dispatch. What each command does is
//! `enricher::commands`; errors that stop a command are printed here, exit code 2.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use enricher::config::{LogFormat, Settings};
use enricher::{commands, telemetry};

/// Enriches news articles: language, entities, links.
#[derive(Debug, Parser)]
#[command(name = "enricher", version, about)]
struct Cli {
    /// TOML configuration file (environment variables ENRICHER__SECTION__KEY override it).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Log as JSON lines instead of human-readable text (same as log.format = "json").
    #[arg(long, global = true)]
    log_json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Enrich articles without a broker: JSON object or JSON lines in, one record per line out.
    Enrich {
        /// Input file, or `-` for stdin (the default).
        path: Option<PathBuf>,
        /// Build the article from a plain-text file instead (id = file name without extension).
        #[arg(long, value_name = "FILE", conflicts_with = "path")]
        text: Option<PathBuf>,
        /// Switch off the network access of the link stage.
        #[arg(long)]
        no_link_check: bool,
        /// Let the link checker contact private and local addresses (tests, intranets).
        #[arg(long)]
        allow_private_network: bool,
        /// Run only these stages, comma-separated (default: all).
        #[arg(long, value_delimiter = ',', value_name = "STAGES")]
        stages: Option<Vec<enricher::config::StageName>>,
        /// Articles enriched at once (default: the number of available cores). Records are
        /// still written in input order.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Show progress on stderr even when it is not a terminal (it is shown on a terminal
        /// anyway).
        #[arg(long)]
        progress: bool,
    },
    /// Run the worker: consume the input queue, publish enriched records.
    Run {
        /// Run only these stages, comma-separated (default: all); with a subset, the worker
        /// publishes partial records for a downstream worker to finish.
        #[arg(long, value_delimiter = ',', value_name = "STAGES")]
        stages: Option<Vec<enricher::config::StageName>>,
    },
    /// Move dead-lettered messages back to the input queue (after fixing what made them fail).
    ReplayDlq {
        /// Replay at most this many messages (default: all that are in the queue now).
        #[arg(long)]
        limit: Option<u64>,
    },
    /// Exit 0 when the worker's HTTP endpoint on this host answers `/healthz` (for container
    /// health checks).
    Healthcheck {
        /// Check `/readyz` instead: connected to the broker and consuming.
        #[arg(long)]
        ready: bool,
    },
    /// Publish articles to the input queue, as a CMS would (persistent, confirmed).
    Publish {
        /// Input file (JSON object or JSON lines), or `-` for stdin (the default).
        path: Option<PathBuf>,
        /// Publish a plain-text file as one article (id = file name without extension).
        #[arg(long, value_name = "FILE", conflicts_with = "path")]
        text: Option<PathBuf>,
        /// Send each line as it is, even when it is not a valid article (to exercise the
        /// dead-letter queue).
        #[arg(long)]
        no_validate: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(e) => return failed(anyhow::Error::new(e).context("configuration error")),
    };
    if cli.log_json {
        settings.log.format = LogFormat::Json;
    }
    telemetry::init(&settings.log);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return failed(anyhow::Error::new(e).context("cannot start the async runtime")),
    };
    runtime
        .block_on(dispatch(cli.command, settings))
        .unwrap_or_else(failed)
}

/// Applies the command line's overrides to the settings and runs the command.
async fn dispatch(command: Command, mut settings: Settings) -> anyhow::Result<ExitCode> {
    if matches!(
        command,
        Command::Run { .. } | Command::ReplayDlq { .. } | Command::Publish { .. }
    ) {
        commands::check_broker_settings(&settings)?;
    }
    match command {
        Command::Enrich {
            path,
            text,
            no_link_check,
            allow_private_network,
            stages,
            jobs,
            progress,
        } => {
            if no_link_check {
                settings.links.check = false;
            }
            if allow_private_network {
                settings.links.allow_private_network = true;
            }
            if let Some(stages) = stages {
                settings.pipeline.stages = stages;
            }
            let jobs = jobs.map_or_else(
                || std::thread::available_parallelism().map_or(1, usize::from),
                usize::from,
            );
            commands::enrich(settings, path, text, jobs, progress).await
        }
        Command::Run { stages } => {
            if let Some(stages) = stages {
                settings.pipeline.stages = stages;
            }
            commands::run(settings).await
        }
        Command::ReplayDlq { limit } => commands::replay_dlq(settings, limit).await,
        Command::Healthcheck { ready } => Ok(commands::healthcheck(&settings, ready)),
        Command::Publish {
            path,
            text,
            no_validate,
        } => commands::publish(settings, path, text, no_validate).await,
    }
}

/// A command that could not run: its error chain on stderr, exit code 2. A cause the error
/// wrapping it already quotes (`talking to the broker: IO error: ...`) is not said twice.
fn failed(error: anyhow::Error) -> ExitCode {
    let mut message = String::new();
    for cause in error.chain().map(ToString::to_string) {
        if message.contains(&cause) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&cause);
    }
    eprintln!("enricher: {message}");
    ExitCode::from(commands::EXIT_FAILURE)
}
