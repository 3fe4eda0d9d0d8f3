//! `enricher enrich`: the pipeline without a broker, JSON in and JSON lines out.
//!
//! Backfills use every core: up to `jobs` articles are enriched at once, and records are
//! written in input order. Memory stays bounded: a reader thread hands over at most a window
//! of lines, and at most a window of records waits for its turn to be written.

use std::collections::VecDeque;
use std::io::{self, BufRead, Write};
use std::sync::Arc;

use enricher_contracts::Article;
use enricher_pipeline::Pipeline;
use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinHandle;

use crate::input::{ArticleReader, RawArticle};
use crate::progress::Progress;
use crate::shutdown::Shutdown;

/// What a run did, for the exit code and the closing log line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct EnrichSummary {
    /// Records written.
    pub enriched: u64,
    /// Input lines that were not valid articles (an error line each).
    pub failed: u64,
    /// The last input line whose record or error was written (0 when none was).
    pub last_line: usize,
    /// The run stopped early (Ctrl-C / SIGTERM): lines after `last_line` were not processed.
    pub interrupted: bool,
}

/// How `enrich_stream` runs.
pub struct EnrichOptions {
    /// Largest accepted article, in bytes (`limits.max_article_bytes`).
    pub max_bytes: usize,
    /// Articles enriched at once (at least 1).
    pub jobs: usize,
    /// Progress display on stderr, when wanted.
    pub progress: Option<Progress>,
    /// Fires when the run must stop (Ctrl-C, SIGTERM): no new line is started, what is in
    /// flight is finished and written.
    pub stop: Shutdown,
}

/// One input line on its way out, in input order.
enum Pending {
    Record(usize, JoinHandle<enricher_contracts::EnrichedRecord>),
    Bad(usize, String),
}

/// Enriches every article of `input`, writing one record per line to `output` (in input
/// order) and one line per bad input to `errors` (`line N: reason: message`).
pub async fn enrich_stream(
    pipeline: &Pipeline,
    input: impl BufRead + Send + 'static,
    mut options: EnrichOptions,
    output: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<EnrichSummary> {
    let jobs = options.jobs.max(1);
    // Enough lines in flight to keep every job busy while the oldest one is written.
    let window = jobs * 4;
    let lines = read_in_background(input, options.max_bytes, window);
    let mut lines = lines;
    let running = Arc::new(Semaphore::new(jobs));
    let mut queue: VecDeque<Pending> = VecDeque::with_capacity(window);
    let mut summary = EnrichSummary::default();
    let mut read_error = None;
    loop {
        while queue.len() >= window {
            let pending = queue.pop_front().expect("queue is not empty");
            finish(pending, output, errors, &mut summary, &mut options.progress).await?;
        }
        if options.stop.is_shutdown() {
            summary.interrupted = true;
            break;
        }
        // Write what is ready while waiting for the next line, so a slow reader (stdin)
        // never holds records back.
        let next = tokio::select! {
            biased;
            next = lines.recv() => next,
            () = tokio::time::sleep(std::time::Duration::from_millis(100)) => {
                if let Some(Pending::Record(_, handle)) = queue.front() {
                    if handle.is_finished() {
                        let pending = queue.pop_front().expect("front exists");
                        finish(pending, output, errors, &mut summary, &mut options.progress).await?;
                        output.flush()?;
                    }
                }
                continue;
            }
        };
        let raw = match next {
            None => break,
            Some(Ok(raw)) => raw,
            Some(Err(e)) => {
                read_error = Some(e);
                break;
            }
        };
        queue.push_back(match raw.parse(options.max_bytes) {
            Ok(article) => Pending::Record(raw.line, spawn_enrich(pipeline, article, &running)),
            Err(e) => Pending::Bad(raw.line, format!("line {}: {e}", raw.line)),
        });
    }
    while let Some(pending) = queue.pop_front() {
        finish(pending, output, errors, &mut summary, &mut options.progress).await?;
    }
    output.flush()?;
    if let Some(progress) = &mut options.progress {
        progress.finish();
    }
    match read_error {
        Some(e) => Err(e),
        None => Ok(summary),
    }
}

/// Starts enriching one article; at most `jobs` run at once.
fn spawn_enrich(
    pipeline: &Pipeline,
    article: Article,
    running: &Arc<Semaphore>,
) -> JoinHandle<enricher_contracts::EnrichedRecord> {
    let pipeline = pipeline.clone();
    let running = running.clone();
    tokio::spawn(async move {
        let _permit = running.acquire_owned().await.expect("never closed");
        pipeline.enrich(article).await
    })
}

/// Writes one line's outcome, in its turn.
async fn finish(
    pending: Pending,
    output: &mut impl Write,
    errors: &mut impl Write,
    summary: &mut EnrichSummary,
    progress: &mut Option<Progress>,
) -> io::Result<()> {
    match pending {
        Pending::Record(line, handle) => {
            // The pipeline turns stage errors and panics into stage reports; a join error
            // means the runtime itself is going away.
            let record = handle.await.map_err(io::Error::other)?;
            serde_json::to_writer(&mut *output, &record)?;
            output.write_all(b"\n")?;
            summary.enriched += 1;
            summary.last_line = line;
        }
        Pending::Bad(line, message) => {
            writeln!(errors, "{message}")?;
            summary.failed += 1;
            summary.last_line = line;
        }
    }
    if let Some(progress) = progress {
        progress.advance(summary.enriched + summary.failed);
    }
    Ok(())
}

/// Reads articles on a thread of its own (reading is blocking I/O), at most `window` ahead.
fn read_in_background(
    input: impl BufRead + Send + 'static,
    max_bytes: usize,
    window: usize,
) -> mpsc::Receiver<io::Result<RawArticle>> {
    let (sender, receiver) = mpsc::channel(window);
    std::thread::spawn(move || {
        let mut reader = ArticleReader::new(input, max_bytes);
        loop {
            let next = reader.next_article().transpose();
            let Some(next) = next else { break };
            let failed = next.is_err();
            if sender.blocking_send(next).is_err() || failed {
                break; // the run stopped, or the input cannot be read further
            }
        }
    });
    receiver
}

/// Enriches one article and writes its record as one JSON line.
pub async fn write_record(
    pipeline: &Pipeline,
    article: Article,
    output: &mut impl Write,
) -> io::Result<()> {
    let record = pipeline.enrich(article).await;
    serde_json::to_writer(&mut *output, &record)?;
    output.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use enricher_contracts::EnrichedRecord;
    use enricher_pipeline::{Stage, StageDone, StageFuture};

    /// A stage that takes longer for lower ids, so records finish out of order.
    struct Slow;

    impl Stage for Slow {
        fn name(&self) -> &'static str {
            "slow"
        }
        fn process<'a>(&'a self, record: &'a mut EnrichedRecord) -> StageFuture<'a> {
            let n: u64 = record.article.id.parse().unwrap_or(0);
            Box::pin(async move {
                tokio::time::sleep(std::time::Duration::from_millis(40 - n * 4)).await;
                Ok(StageDone::default())
            })
        }
    }

    fn options(jobs: usize) -> (EnrichOptions, crate::shutdown::ShutdownTrigger) {
        let (trigger, stop) = crate::shutdown::channel();
        let options = EnrichOptions {
            max_bytes: 1 << 20,
            jobs,
            progress: None,
            stop,
        };
        (options, trigger)
    }

    fn input() -> Vec<u8> {
        let mut input = Vec::new();
        for n in 0..10 {
            if n == 4 {
                input.extend_from_slice(b"not json\n");
            }
            input.extend_from_slice(format!("{{\"id\":\"{n}\",\"body\":\"b\"}}\n").as_bytes());
        }
        input
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn records_come_out_in_input_order_whatever_finishes_first() {
        let pipeline = Pipeline::new(vec![Arc::new(Slow)]);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let summary = enrich_stream(
            &pipeline,
            io::Cursor::new(input()),
            options(4).0,
            &mut out,
            &mut err,
        )
        .await
        .unwrap();
        let ids: Vec<String> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["article"]["id"].to_string()
            })
            .collect();
        assert_eq!(ids, (0..10).map(|n| format!("\"{n}\"")).collect::<Vec<_>>());
        assert_eq!(
            String::from_utf8(err).unwrap(),
            "line 5: malformed_json: not valid JSON: expected ident at line 1 column 2\n"
        );
        assert_eq!(
            (summary.enriched, summary.failed, summary.last_line),
            (10, 1, 11)
        );
        assert!(!summary.interrupted);
    }

    /// A CPU stage (work done in `process`) that panics on article `3`.
    struct PanicsOnThree;

    impl Stage for PanicsOnThree {
        fn name(&self) -> &'static str {
            "tagger"
        }
        fn process<'a>(&'a self, record: &'a mut EnrichedRecord) -> StageFuture<'a> {
            assert_ne!(record.article.id, "3", "tagger blew up");
            Box::pin(std::future::ready(Ok(StageDone::default())))
        }
        fn cpu_bound(&self) -> bool {
            true
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_stage_that_panics_on_one_article_fails_that_record_only() {
        let pipeline = Pipeline::new(vec![Arc::new(PanicsOnThree), Arc::new(Slow)]);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let summary = enrich_stream(
            &pipeline,
            io::Cursor::new(input()),
            options(2).0,
            &mut out,
            &mut err,
        )
        .await
        .unwrap();
        assert_eq!((summary.enriched, summary.failed), (10, 1));
        let records: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        for (n, record) in records.iter().enumerate() {
            assert_eq!(record["article"]["id"], n.to_string());
            let outcome = &record["processing"]["stages"][0]["outcome"];
            let expected = if n == 3 { "failed" } else { "ok" };
            assert_eq!(outcome, expected, "{record}");
            assert_eq!(record["processing"]["stages"][1]["outcome"], "ok");
        }
        let error = records[3]["processing"]["stages"][0]["error"]
            .as_str()
            .unwrap();
        assert!(error.starts_with("stage panicked: "), "{error}");
        assert!(error.contains("tagger blew up"), "{error}");
    }

    /// A stage that asks the run to stop when it sees article `3`.
    struct StopAtThree(crate::shutdown::ShutdownTrigger);

    impl Stage for StopAtThree {
        fn name(&self) -> &'static str {
            "stop"
        }
        fn process<'a>(&'a self, record: &'a mut EnrichedRecord) -> StageFuture<'a> {
            if record.article.id == "3" {
                self.0.trigger();
            }
            Box::pin(async {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                Ok(StageDone::default())
            })
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_stop_finishes_what_is_in_flight_and_says_where_it_ended() {
        let (options, trigger) = options(1);
        let pipeline = Pipeline::new(vec![Arc::new(StopAtThree(trigger))]);
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let summary = enrich_stream(
            &pipeline,
            io::Cursor::new(input()),
            options,
            &mut out,
            &mut err,
        )
        .await
        .unwrap();
        assert!(summary.interrupted);
        let out = String::from_utf8(out).unwrap();
        let written = out.lines().count() as u64;
        assert_eq!(written, summary.enriched);
        // Everything started before the stop is written, in order, and nothing after the window.
        assert!((4..10).contains(&written), "{written} records");
        assert!(summary.last_line < 11, "stopped before the end");
        for (n, line) in out.lines().enumerate() {
            assert!(line.contains(&format!("\"id\":\"{n}\"")), "{line}");
        }
    }
}
