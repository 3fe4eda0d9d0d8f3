//! What each subcommand does, from settings to an exit code. This is the binary's edge: a
//! failure that stops a command is one type here (`anyhow::Error`, carrying the context an
//! operator needs), printed by `main` as `enricher: ...` with exit code [`EXIT_FAILURE`];
//! the libraries below keep their own typed errors.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;

use crate::config::Settings;
use crate::{amqp, enrich, health, http, input, metrics, progress, shutdown, stages};

/// Exit code when some input lines were not valid articles (or the worker is unhealthy).
pub const EXIT_BAD_INPUT: u8 = 1;
/// Exit code when the command could not run at all (configuration, I/O, broker).
pub const EXIT_FAILURE: u8 = 2;
/// Exit code when `enrich` was stopped by Ctrl-C or SIGTERM before the end of its input
/// (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;

/// The broker settings of `run`, `publish` and `replay-dlq`, checked before anything starts: a
/// missing secret file or a malformed node URL is a configuration error now, not a retry loop.
pub fn check_broker_settings(settings: &Settings) -> anyhow::Result<()> {
    amqp::BrokerNodes::from_settings(&settings.amqp).context("configuration error")?;
    Ok(())
}

/// `enricher enrich`: articles from a file, stdin or a plain-text file to records on stdout.
pub async fn enrich(
    settings: Settings,
    path: Option<PathBuf>,
    text: Option<PathBuf>,
    jobs: usize,
    show_progress: bool,
) -> anyhow::Result<ExitCode> {
    let pipeline = stages::build_pipeline(&settings).context("configuration error")?;
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
            let stop = shutdown::on_signals().context("cannot listen for signals")?;
            let reader = input::open(path.as_deref())?;
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
    };
    // What was written before a failure still reaches the output.
    stdout.flush()?;
    let summary = result?;
    tracing::info!(enriched = summary.enriched, failed = summary.failed, "done");
    Ok(if summary.interrupted {
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
    })
}

/// `enricher run`: the worker, with its health and metrics endpoints, until SIGTERM.
pub async fn run(settings: Settings) -> anyhow::Result<ExitCode> {
    let pipeline = stages::build_pipeline(&settings).context("configuration error")?;
    let shutdown = shutdown::on_signals().context("cannot listen for signals")?;
    let metrics = metrics::install().context("cannot install the metrics recorder")?;
    let readiness = Arc::new(health::Readiness::default());
    let endpoints = http::Endpoints {
        readiness: readiness.clone(),
        metrics,
    };
    let server = http::serve(settings.http.listen, endpoints, shutdown.clone())
        .await
        .with_context(|| format!("cannot listen on {} (http.listen)", settings.http.listen))?;
    tracing::info!(stages = ?pipeline.stage_names(), version = enricher_pipeline::PIPELINE_VERSION, "worker starting");
    amqp::run_worker(settings, pipeline, readiness, shutdown).await;
    server.abort();
    tracing::info!("worker stopped");
    Ok(ExitCode::SUCCESS)
}

/// `enricher publish`: articles to the input queue, as a CMS would.
pub async fn publish(
    settings: Settings,
    path: Option<PathBuf>,
    text: Option<PathBuf>,
    no_validate: bool,
) -> anyhow::Result<ExitCode> {
    let reader: Box<dyn BufRead> = match text {
        Some(file) => {
            let article = input::article_from_text_file(&file)?;
            Box::new(std::io::Cursor::new(serde_json::to_vec(&article)?))
        }
        None => input::open(path.as_deref())?,
    };
    let summary =
        amqp::publish_stream(&settings, reader, !no_validate, &mut std::io::stderr()).await?;
    eprintln!(
        "published {} article(s), {} invalid, {} refused by the broker",
        summary.published, summary.invalid, summary.refused
    );
    Ok(if summary.refused > 0 {
        ExitCode::from(EXIT_FAILURE)
    } else if summary.invalid > 0 {
        ExitCode::from(EXIT_BAD_INPUT)
    } else {
        ExitCode::SUCCESS
    })
}

/// `enricher replay-dlq`: dead-lettered messages back to the input queue.
pub async fn replay_dlq(settings: Settings, limit: Option<u64>) -> anyhow::Result<ExitCode> {
    let n = amqp::replay_dead_letters(&settings, limit).await?;
    eprintln!(
        "replayed {n} message(s) from {} to {}",
        settings.amqp.dead_letter_queue, settings.amqp.input_queue
    );
    Ok(ExitCode::SUCCESS)
}

/// `enricher healthcheck`: 0 when the local worker answers `/healthz` (`/readyz` with `ready`).
pub fn healthcheck(settings: &Settings, ready: bool) -> ExitCode {
    let path = if ready { "/readyz" } else { "/healthz" };
    match http::probe(settings.http.listen.port(), path) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("enricher: unhealthy: {e}");
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}
