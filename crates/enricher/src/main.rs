//! The `enricher` command line: `enrich` (no broker), `run` (the worker), `publish`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use enricher::config::{LogFormat, Settings};
use enricher::{amqp, enrich, health, http, input, metrics, progress, shutdown, stages, telemetry};

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

/// Exit code when some input lines were not valid articles.
const EXIT_BAD_INPUT: u8 = 1;
/// Exit code when the command could not run at all (configuration, I/O, broker).
const EXIT_FAILURE: u8 = 2;
/// Exit code when `enrich` was stopped by Ctrl-C or SIGTERM before the end of its input
/// (128 + SIGINT, as shells report it).
const EXIT_INTERRUPTED: u8 = 130;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("enricher: configuration error: {e}");
            return ExitCode::from(EXIT_FAILURE);
        }
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
        Err(e) => {
            eprintln!("enricher: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    runtime.block_on(dispatch(cli.command, settings))
}

async fn dispatch(command: Command, mut settings: Settings) -> ExitCode {
    // The commands that talk to the broker check its settings first: a missing secret file or
    // a malformed node URL is a configuration error now, not a retry loop later.
    if matches!(
        command,
        Command::Run { .. } | Command::ReplayDlq { .. } | Command::Publish { .. }
    ) {
        if let Err(e) = amqp::BrokerNodes::from_settings(&settings.amqp) {
            eprintln!("enricher: configuration error: {e}");
            return ExitCode::from(EXIT_FAILURE);
        }
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
            run_enrich(settings, path, text, jobs, progress).await
        }
        Command::Run { stages } => {
            if let Some(stages) = stages {
                settings.pipeline.stages = stages;
            }
            run_worker(settings).await
        }
        Command::ReplayDlq { limit } => match amqp::replay_dead_letters(&settings, limit).await {
            Ok(n) => {
                eprintln!(
                    "replayed {n} message(s) from {} to {}",
                    settings.amqp.dead_letter_queue, settings.amqp.input_queue
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("enricher: {e}");
                ExitCode::from(EXIT_FAILURE)
            }
        },
        Command::Healthcheck { ready } => {
            let path = if ready { "/readyz" } else { "/healthz" };
            match http::probe(settings.http.listen.port(), path) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("enricher: unhealthy: {e}");
                    ExitCode::from(EXIT_BAD_INPUT)
                }
            }
        }
        Command::Publish {
            path,
            text,
            no_validate,
        } => run_publish(settings, path, text, no_validate).await,
    }
}

async fn run_enrich(
    settings: Settings,
    path: Option<PathBuf>,
    text: Option<PathBuf>,
    jobs: usize,
    show_progress: bool,
) -> ExitCode {
    let pipeline = match stages::build_pipeline(&settings) {
        Ok(pipeline) => pipeline,
        Err(e) => {
            eprintln!("enricher: configuration error: {e}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let result = match text {
        Some(file) => match input::article_from_text_file(&file) {
            Ok(article) => enrich::write_record(&pipeline, article, &mut stdout)
                .await
                .map(|()| enrich::EnrichSummary {
                    enriched: 1,
                    last_line: 1,
                    ..Default::default()
                }),
            Err(e) => Err(e),
        },
        None => {
            let stop = match shutdown::on_signals() {
                Ok(stop) => stop,
                Err(e) => {
                    eprintln!("enricher: cannot listen for signals: {e}");
                    return ExitCode::from(EXIT_FAILURE);
                }
            };
            match input::open(path.as_deref()) {
                Ok(reader) => {
                    let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
                    let progress = (terminal || show_progress).then(|| {
                        let file = path.as_deref().filter(|p| p.as_os_str() != "-");
                        let total = file.and_then(|p| progress::count_lines(p).ok());
                        progress::Progress::stderr(total, terminal)
                    });
                    let options = enrich::EnrichOptions {
                        max_bytes: settings.limits.max_article_bytes,
                        jobs,
                        progress,
                        stop,
                    };
                    enrich::enrich_stream(
                        &pipeline,
                        reader,
                        options,
                        &mut stdout,
                        &mut std::io::stderr(),
                    )
                    .await
                }
                Err(e) => Err(e),
            }
        }
    };
    if let Err(e) = std::io::Write::flush(&mut stdout) {
        eprintln!("enricher: {e}");
        return ExitCode::from(EXIT_FAILURE);
    }
    exit_code(result.map(|summary| {
        tracing::info!(enriched = summary.enriched, failed = summary.failed, "done");
        if summary.interrupted {
            eprintln!(
                "enricher: interrupted: wrote {} record(s) and {} error line(s) for input lines 1 to {}; \
                 the rest of the input was not read",
                summary.enriched, summary.failed, summary.last_line
            );
            ExitCode::from(EXIT_INTERRUPTED)
        } else if summary.failed > 0 {
            ExitCode::from(EXIT_BAD_INPUT)
        } else {
            ExitCode::SUCCESS
        }
    }))
}

async fn run_worker(settings: Settings) -> ExitCode {
    let pipeline = match stages::build_pipeline(&settings) {
        Ok(pipeline) => pipeline,
        Err(e) => {
            eprintln!("enricher: configuration error: {e}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let shutdown = match shutdown::on_signals() {
        Ok(shutdown) => shutdown,
        Err(e) => {
            eprintln!("enricher: cannot listen for signals: {e}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let metrics = match metrics::install() {
        Ok(handle) => handle,
        Err(e) => {
            eprintln!("enricher: cannot install the metrics recorder: {e}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let readiness = std::sync::Arc::new(health::Readiness::default());
    let endpoints = http::Endpoints {
        readiness: readiness.clone(),
        metrics,
    };
    let server = match http::serve(settings.http.listen, endpoints, shutdown.clone()).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!(
                "enricher: cannot listen on {} (http.listen): {e}",
                settings.http.listen
            );
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    tracing::info!(stages = ?pipeline.stage_names(), version = enricher_pipeline::PIPELINE_VERSION, "worker starting");
    amqp::run_worker(settings, pipeline, readiness, shutdown).await;
    server.abort();
    tracing::info!("worker stopped");
    ExitCode::SUCCESS
}

async fn run_publish(
    settings: Settings,
    path: Option<PathBuf>,
    text: Option<PathBuf>,
    no_validate: bool,
) -> ExitCode {
    let reader: Box<dyn std::io::BufRead> = match text {
        Some(file) => match input::article_from_text_file(&file) {
            Ok(article) => match serde_json::to_vec(&article) {
                Ok(json) => Box::new(std::io::Cursor::new(json)),
                Err(e) => {
                    eprintln!("enricher: {e}");
                    return ExitCode::from(EXIT_FAILURE);
                }
            },
            Err(e) => {
                eprintln!("enricher: {e}");
                return ExitCode::from(EXIT_FAILURE);
            }
        },
        None => match input::open(path.as_deref()) {
            Ok(reader) => reader,
            Err(e) => {
                eprintln!("enricher: {e}");
                return ExitCode::from(EXIT_FAILURE);
            }
        },
    };
    let result =
        amqp::publish_stream(&settings, reader, !no_validate, &mut std::io::stderr()).await;
    exit_code(result.map(|summary| {
        eprintln!(
            "published {} article(s), {} invalid, {} refused by the broker",
            summary.published, summary.invalid, summary.refused
        );
        if summary.refused > 0 {
            ExitCode::from(EXIT_FAILURE)
        } else if summary.invalid > 0 {
            ExitCode::from(EXIT_BAD_INPUT)
        } else {
            ExitCode::SUCCESS
        }
    }))
}

/// The exit code of a command's outcome; an error is printed and exits with 2.
fn exit_code(result: Result<ExitCode, impl std::fmt::Display>) -> ExitCode {
    result.unwrap_or_else(|e| {
        eprintln!("enricher: {e}");
        ExitCode::from(EXIT_FAILURE)
    })
}
