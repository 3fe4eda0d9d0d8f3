//! The enrichment pipeline: an ordered list of [`Stage`]s run over one article.
//!
//! A stage knows nothing of RabbitMQ or files; a transport knows nothing of stages. The pipeline
//! is the seam: article in, [`EnrichedRecord`] out. A failing or panicking stage never loses the
//! article: the record says which stage failed and why, and the remaining stages still run.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Instant, SystemTime};

use enricher_contracts::{
    record_id, Article, EnrichedRecord, Processing, StageOutcome, StageReport, Warning,
    SCHEMA_VERSION,
};
use futures_util::FutureExt;

/// The version every record carries; part of the record id, so records of a new release are
/// new records.
pub const PIPELINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Histogram of each stage's duration in seconds, labelled `stage`.
pub const STAGE_DURATION: &str = "enricher_stage_duration_seconds";
/// Counter of failed or panicked stage runs, labelled `stage`.
pub const STAGE_FAILURES: &str = "enricher_stage_failures_total";

/// The error a stage returns: any error, shown to people by its `Display`.
pub type StageError = Box<dyn std::error::Error + Send + Sync>;

/// What a stage says about a successful run, for its report in `processing.stages`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StageDone {
    /// The model that ran (e.g. the entity tagger picked by the article's language).
    pub model: Option<String>,
}

impl StageDone {
    /// A run that used the named model.
    pub fn with_model(model: impl Into<String>) -> Self {
        StageDone {
            model: Some(model.into()),
        }
    }
}

/// A boxed future, so stages can be stored as trait objects and still do async work (the link
/// stage waits on the network; CPU stages return a ready future).
pub type StageFuture<'a> = Pin<Box<dyn Future<Output = Result<StageDone, StageError>> + Send + 'a>>;

/// One enrichment step. It reads the record (article and analysed text) and writes its own
/// field and any warnings; it must not touch another stage's field.
pub trait Stage: Send + Sync {
    /// Stable name, used in `processing.stages`, warnings, metrics and `--stages`.
    fn name(&self) -> &'static str;

    /// Enriches the record in place.
    fn process<'a>(&'a self, record: &'a mut EnrichedRecord) -> StageFuture<'a>;

    /// True for a stage that does its work in `process` itself and returns a ready future
    /// (language, entities: milliseconds of CPU per article). On a multi-threaded runtime the
    /// pipeline runs it on tokio's blocking pool, at most one per core, for articles of at
    /// least [`OFFLOAD_TEXT_BYTES`], so the runtime's threads keep serving deliveries, acks and
    /// the health and metrics endpoints.
    fn cpu_bound(&self) -> bool {
        false
    }
}

/// An ordered set of stages, cheap to clone and share between concurrent deliveries.
#[derive(Clone)]
pub struct Pipeline {
    stages: Arc<[Arc<dyn Stage>]>,
}

impl Pipeline {
    /// A pipeline running `stages` in this order.
    pub fn new(stages: Vec<Arc<dyn Stage>>) -> Self {
        Pipeline {
            stages: stages.into(),
        }
    }

    /// The names of the stages, in order.
    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Runs every stage over the article and returns the finished record.
    pub async fn enrich(&self, article: Article) -> EnrichedRecord {
        self.resume(new_record(article)).await
    }

    /// Runs this pipeline's stages over a record an earlier pipeline started (the pipeline split
    /// across workers): its stage reports and warnings are kept and added to.
    pub async fn resume(&self, mut record: EnrichedRecord) -> EnrichedRecord {
        let started = Instant::now();
        for stage in self.stages.iter() {
            let report;
            (record, report) = run_stage(stage, record).await;
            record.processing.stages.push(report);
        }
        record.processing.duration_ms += millis(started);
        record.processing.processed_at =
            humantime::format_rfc3339_millis(SystemTime::now()).to_string();
        record
    }
}

/// A record with no stage run yet: id, article and analysed text.
pub fn new_record(article: Article) -> EnrichedRecord {
    let revision = article.revision.as_ref().map(ToString::to_string);
    EnrichedRecord {
        schema_version: SCHEMA_VERSION.to_owned(),
        id: record_id(&article.id, revision.as_deref(), PIPELINE_VERSION),
        text: enricher_text::article_text(&article),
        article,
        language: None,
        entities: None,
        links: None,
        warnings: Vec::new(),
        processing: Processing {
            pipeline_version: PIPELINE_VERSION.to_owned(),
            processed_at: String::new(),
            duration_ms: 0.0,
            stages: Vec::new(),
        },
    }
}

/// Runs one stage, turning an error or a panic into a failed report plus a warning.
async fn run_stage(
    stage: &Arc<dyn Stage>,
    mut record: EnrichedRecord,
) -> (EnrichedRecord, StageReport) {
    // CPU stages do their work in `process` itself and return a ready future, so a panic can
    // come from the call as well as from polling the future: both are caught.
    let offload =
        stage.cpu_bound() && record.text.len() >= OFFLOAD_TEXT_BYTES && on_multi_thread_runtime();
    let (result, elapsed) = if offload {
        // No more CPU work at once than there are cores: the rest wait without holding a
        // thread (and the wait is not the stage's time).
        let _core = cpu_permits().acquire().await.expect("never closed");
        let started = Instant::now();
        let result;
        (record, result) = run_on_blocking_pool(stage.clone(), record).await;
        (result, started.elapsed())
    } else {
        let started = Instant::now();
        let start = start_once(|| stage.process(&mut record));
        let result = match std::panic::catch_unwind(AssertUnwindSafe(start)) {
            Ok(future) => AssertUnwindSafe(future).catch_unwind().await,
            Err(panic) => Err(panic),
        };
        (result, started.elapsed())
    };
    let duration_ms = elapsed.as_secs_f64() * 1000.0;
    metrics::histogram!(STAGE_DURATION, "stage" => stage.name()).record(elapsed.as_secs_f64());
    let (error, model) = match result {
        Ok(Ok(done)) => (None, done.model),
        Ok(Err(e)) => (Some(e.to_string()), None),
        Err(panic) => (
            Some(format!("stage panicked: {}", panic_message(&panic))),
            None,
        ),
    };
    if let Some(error) = &error {
        metrics::counter!(STAGE_FAILURES, "stage" => stage.name()).increment(1);
        tracing::warn!(stage = stage.name(), article_id = %record.article.id, %error, "stage failed");
        record.warnings.push(Warning {
            stage: stage.name().to_owned(),
            code: "stage_failed".to_owned(),
            message: error.clone(),
        });
    }
    let report = StageReport {
        name: stage.name().to_owned(),
        outcome: if error.is_some() {
            StageOutcome::Failed
        } else {
            StageOutcome::Ok
        },
        duration_ms,
        error,
        model,
    };
    (record, report)
}

/// Runs a CPU stage on tokio's blocking pool, so the runtime's threads keep serving
/// deliveries, acks and the health and metrics endpoints. The record travels to the pool and
/// back; should the task not run at all (the runtime shutting down), it comes back untouched
/// with an error.
async fn run_on_blocking_pool(
    stage: Arc<dyn Stage>,
    record: EnrichedRecord,
) -> (EnrichedRecord, Caught) {
    let slot = Arc::new(Mutex::new(Some(record)));
    let inside = slot.clone();
    let joined = tokio::task::spawn_blocking(move || {
        let mut guard = inside.lock().unwrap_or_else(PoisonError::into_inner);
        let record = guard
            .as_mut()
            .expect("the record stays here until the task ends");
        run_to_completion_now(stage.as_ref(), record)
    })
    .await;
    let record = slot
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
        .expect("only this function takes the record out");
    let result = joined.unwrap_or_else(|e| Ok(Err(format!("the stage could not run: {e}").into())));
    (record, result)
}

/// Text from which a CPU stage runs on the blocking pool rather than on the runtime's thread:
/// about 10 ms of language and entity work. Below it the hand-over costs more than it saves
/// (measured: a third of `enrich`'s throughput on short articles); above it a long or hostile
/// article (up to a second for a megabyte) must not hold a runtime thread.
pub const OFFLOAD_TEXT_BYTES: usize = 16 * 1024;

type Caught = std::thread::Result<Result<StageDone, StageError>>;

/// Runs a CPU stage's work and takes its (ready) result, catching a panic anywhere in it.
fn run_to_completion_now(stage: &dyn Stage, record: &mut EnrichedRecord) -> Caught {
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        stage
            .process(record)
            .now_or_never()
            .unwrap_or_else(|| Err("a CPU-bound stage returned a pending future".into()))
    }))
}

/// One permit per core for CPU-bound stages, shared by every pipeline of the process.
fn cpu_permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        tokio::sync::Semaphore::new(cores)
    })
}

fn on_multi_thread_runtime() -> bool {
    tokio::runtime::Handle::try_current()
        .is_ok_and(|h| h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread)
}

/// Makes a closure `FnOnce`, so the future it returns may keep what it borrowed.
fn start_once<R>(f: impl FnOnce() -> R) -> impl FnOnce() -> R {
    f
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic payload".to_owned()
    }
}

fn millis(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Upper;
    impl Stage for Upper {
        fn name(&self) -> &'static str {
            "upper"
        }
        fn process<'a>(&'a self, record: &'a mut EnrichedRecord) -> StageFuture<'a> {
            Box::pin(async move {
                record.text = record.text.to_uppercase();
                Ok(StageDone::with_model("upper-v1"))
            })
        }
    }

    struct Failing;
    impl Stage for Failing {
        fn name(&self) -> &'static str {
            "failing"
        }
        fn process<'a>(&'a self, _: &'a mut EnrichedRecord) -> StageFuture<'a> {
            Box::pin(async { Err("model file missing".into()) })
        }
    }

    struct Panicking;
    impl Stage for Panicking {
        fn name(&self) -> &'static str {
            "panicking"
        }
        fn process<'a>(&'a self, _: &'a mut EnrichedRecord) -> StageFuture<'a> {
            Box::pin(async { panic!("index out of bounds") })
        }
    }

    /// Panics while doing its work, before it returns a future (as a CPU stage would).
    struct PanickingInProcess;
    impl Stage for PanickingInProcess {
        fn name(&self) -> &'static str {
            "panicking-in-process"
        }
        fn process<'a>(&'a self, record: &'a mut EnrichedRecord) -> StageFuture<'a> {
            let letters: Vec<char> = record.text.chars().collect();
            let _ = letters[letters.len() + 1];
            Box::pin(std::future::ready(Ok(StageDone::default())))
        }
    }

    /// A CPU stage that takes its time, or panics, in `process` itself.
    struct Cpu {
        busy: std::time::Duration,
        panics: bool,
    }
    impl Stage for Cpu {
        fn name(&self) -> &'static str {
            "cpu"
        }
        fn process<'a>(&'a self, _: &'a mut EnrichedRecord) -> StageFuture<'a> {
            std::thread::sleep(self.busy);
            assert!(!self.panics, "tagger blew up");
            Box::pin(std::future::ready(Ok(StageDone::default())))
        }
        fn cpu_bound(&self) -> bool {
            true
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn slow_cpu_stages_leave_the_runtime_free_for_other_tasks() {
        let slow = Pipeline::new(vec![Arc::new(Cpu {
            busy: std::time::Duration::from_millis(300),
            panics: false,
        })]);
        let quick = Pipeline::new(vec![Arc::new(Upper)]);
        // Four times as many slow articles as the runtime has threads: run on those threads,
        // they would hold both, and nothing else (a quick article, an ack, a health check)
        // would run until they were through.
        let slow_articles: Vec<_> = (0..8)
            .map(|_| {
                let slow = slow.clone();
                tokio::spawn(async move { slow.enrich(long_article()).await })
            })
            .collect();
        // (A std sleep: the test's own thread is not one of the runtime's, and a timer would
        // need a free runtime thread to fire.)
        std::thread::sleep(std::time::Duration::from_millis(100));
        let started = Instant::now();
        let record = tokio::spawn(async move { quick.enrich(article()).await })
            .await
            .unwrap();
        let waited = started.elapsed();
        assert_eq!(record.text, "HELLO");
        for handle in slow_articles {
            let record = handle.await.unwrap();
            assert_eq!(record.processing.stages[0].outcome, StageOutcome::Ok);
            let ms = record.processing.stages[0].duration_ms;
            assert!(
                (250.0..1_000.0).contains(&ms),
                "the stage's own time: {ms} ms"
            );
        }
        assert!(
            waited < std::time::Duration::from_millis(150),
            "a quick article waited {waited:?} behind slow ones"
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_panicking_cpu_stage_on_the_blocking_path_is_a_failed_report() {
        let pipeline = Pipeline::new(vec![
            Arc::new(Cpu {
                busy: std::time::Duration::ZERO,
                panics: true,
            }),
            Arc::new(Upper),
        ]);
        let record = pipeline.enrich(long_article()).await;
        let report = &record.processing.stages[0];
        assert_eq!(report.outcome, StageOutcome::Failed);
        assert_eq!(
            report.error.as_deref(),
            Some("stage panicked: tagger blew up")
        );
        assert!(
            record.text.starts_with("WORD WORD"),
            "later stages still run"
        );
    }

    /// An article long enough for CPU stages to run on the blocking pool.
    fn long_article() -> Article {
        let body = "word ".repeat(OFFLOAD_TEXT_BYTES / 5 + 1);
        Article::from_json_str(&format!(r#"{{"id":"long","body":"{body}"}}"#)).unwrap()
    }

    fn article() -> Article {
        Article::from_json_str(r#"{"id":"a1","body":"hello","revision":2}"#).unwrap()
    }

    #[tokio::test]
    async fn failures_and_panics_are_reported_and_later_stages_still_run() {
        let pipeline = Pipeline::new(vec![
            Arc::new(Failing),
            Arc::new(Panicking),
            Arc::new(Upper),
        ]);
        let record = pipeline.enrich(article()).await;
        let outcomes: Vec<_> = record
            .processing
            .stages
            .iter()
            .map(|s| (s.name.as_str(), s.outcome))
            .collect();
        assert_eq!(
            outcomes,
            [
                ("failing", StageOutcome::Failed),
                ("panicking", StageOutcome::Failed),
                ("upper", StageOutcome::Ok)
            ]
        );
        assert_eq!(
            record.processing.stages[0].error.as_deref(),
            Some("model file missing")
        );
        assert_eq!(
            record.processing.stages[1].error.as_deref(),
            Some("stage panicked: index out of bounds")
        );
        assert_eq!(record.text, "HELLO");
        let models: Vec<Option<&str>> = record
            .processing
            .stages
            .iter()
            .map(|s| s.model.as_deref())
            .collect();
        assert_eq!(models, [None, None, Some("upper-v1")], "the model that ran");
        assert_eq!(record.warnings.len(), 2);
        assert!(record.warnings.iter().all(|w| w.code == "stage_failed"));
    }

    #[tokio::test]
    async fn a_panic_in_the_work_before_the_future_is_a_failed_report_too() {
        let pipeline = Pipeline::new(vec![Arc::new(PanickingInProcess), Arc::new(Upper)]);
        let record = pipeline.enrich(article()).await;
        let report = &record.processing.stages[0];
        assert_eq!(report.outcome, StageOutcome::Failed);
        let error = report.error.as_deref().unwrap();
        assert!(
            error.starts_with("stage panicked: index out of bounds"),
            "{error}"
        );
        assert_eq!(record.processing.stages[1].outcome, StageOutcome::Ok);
        assert_eq!(record.text, "HELLO", "later stages still run");
        assert_eq!(record.warnings.len(), 1);
        assert_eq!(record.warnings[0].stage, "panicking-in-process");
    }

    #[tokio::test]
    async fn record_id_depends_on_article_and_revision_only() {
        let pipeline = Pipeline::new(vec![Arc::new(Upper)]);
        let a = pipeline.enrich(article()).await;
        let b = pipeline.enrich(article()).await;
        assert_eq!(a.id, b.id);
        assert_eq!(a.id, record_id("a1", Some("2"), PIPELINE_VERSION));
        assert_eq!(a.schema_version, SCHEMA_VERSION);
        assert!(a.processing.processed_at.ends_with('Z'));
    }
}
