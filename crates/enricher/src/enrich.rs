//! `enricher enrich`: the pipeline without a broker, JSON in and JSON lines out.

use std::io::{self, BufRead, Write};

use enricher_contracts::Article;
use enricher_pipeline::Pipeline;

use crate::input::ArticleReader;

/// What a run did, for the exit code and the closing log line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct EnrichSummary {
    pub enriched: u64,
    pub failed: u64,
}

/// Enriches every article of `input`, writing one record per line to `output` and one line per
/// bad input to `errors` (`line N: reason: message`).
pub async fn enrich_stream(
    pipeline: &Pipeline,
    input: impl BufRead,
    max_bytes: usize,
    output: &mut impl Write,
    errors: &mut impl Write,
) -> io::Result<EnrichSummary> {
    let mut reader = ArticleReader::new(input, max_bytes);
    let mut summary = EnrichSummary::default();
    while let Some(raw) = reader.next_article()? {
        match raw.parse(max_bytes) {
            Ok(article) => {
                write_record(pipeline, article, output).await?;
                summary.enriched += 1;
            }
            Err(e) => {
                writeln!(errors, "line {}: {e}", raw.line)?;
                summary.failed += 1;
            }
        }
    }
    output.flush()?;
    Ok(summary)
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
