//! Entity quality as users get it: CoNLL files rebuilt as articles (one sentence a line),
//! enriched through the same pipeline as `enricher enrich` (language, then entities), and the
//! record's mentions scored on exact char spans (`rec`) — next to the stage's own tagger on
//! the same articles (`tag`: the model the stage picked, its tokens, no post-processing, no
//! clustering), and, on the last line, the file language's tagger on the corpus's own tokens. Per type and micro-averaged over PER, ORG and
//! LOC.
//!
//! ```sh
//! cargo run --release -p enricher-bench --bin entity-eval -- [--without PASS]... FILE...
//! ```
//!
//! The bare tagger is the model of the file's language (from the file's folder name:
//! `ner/de/...` is German, `conll2003` English). Files with `-DOCSTART-` lines become one
//! article per document; others one article per 10 sentences. `--without common-words`
//! (and the other pass names of `enricher_entities::Pass`) measures the stage without a pass;
//! `--margin M` sets the tagger margin trusted over the KB (default
//! `enricher_entities::CONFIDENT_MARGIN`); `--errors N` lists the record's wrong and missed mentions of the first N articles on stderr.
//! `--as-language CODE` tells the entity stage every article is in language `CODE` (after the
//! language stage ran): `--as-language es` measures the model Spanish and Italian get (pooled
//! over other languages) on annotated text of a language it was not made for.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use enricher_contracts::Article;
use enricher_entities::conll::{self, Scores, Sentence};
use enricher_entities::models::ModelId;
use enricher_entities::{tagging, EntitySettings, EntityStage, Pass};
use enricher_language::LanguageStage;
use enricher_pipeline::{Pipeline, Stage, StageDone, StageFuture};

const TYPES: [&str; 3] = ["PER", "ORG", "LOC"];
const SENTENCES_PER_ARTICLE: usize = 10;

fn main() {
    let mut without = Vec::new();
    let mut files = Vec::new();
    let mut show_errors = 0usize;
    let mut margin = None;
    let mut articles = None;
    let mut as_language = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--articles" {
            articles = args.next();
        } else if arg == "--as-language" {
            as_language = args.next();
        } else if arg == "--margin" {
            margin = args.next().and_then(|m| m.parse::<f32>().ok());
        } else if arg == "--errors" {
            show_errors = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
        } else if arg == "--without" {
            let name = args.next().unwrap_or_default();
            let pass = Pass::from_name(&name).unwrap_or_else(|| {
                eprintln!(
                    "unknown pass `{name}` (known: {})",
                    Pass::ALL.map(Pass::name).join(", ")
                );
                std::process::exit(2)
            });
            without.push(pass);
        } else {
            files.push(arg);
        }
    }
    if files.is_empty() && articles.is_none() {
        eprintln!("usage: entity-eval [--without PASS]... FILE.conll...\nneeds CoNLL dev files, e.g. ../shared/ner/conll2003/eng.testa ../shared/ner/de/germeval2014.dev");
        std::process::exit(2);
    }
    let mut stage = EntityStage::new(&EntitySettings::default())
        .expect("entity stage")
        .without_passes(&without);
    if let Some(margin) = margin {
        stage = stage.with_confident_margin(margin);
    }
    let alone = stage.clone();
    let mut stages: Vec<Arc<dyn Stage>> = vec![Arc::new(LanguageStage::default())];
    if let Some(code) = as_language {
        stages.push(Arc::new(AsLanguage(code)));
    }
    stages.push(Arc::new(stage));
    let pipeline = Pipeline::new(stages);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    if let Some(path) = articles {
        hand_written(&pipeline, &runtime, &path);
    }
    println!(
        "{:<34} {:>5} {:>6} | {:>6} {:>6} {:>6} | {:>6} {:>6} {:>6} | models",
        "file", "lang", "type", "tag P", "tag R", "tag F1", "rec P", "rec R", "rec F1"
    );
    for file in &files {
        let text = enricher_bench::read_data(file, "a CoNLL file");
        let language = language_of(file);
        let documents = documents(&text).unwrap_or_else(|e| {
            eprintln!("{file}: {e}");
            std::process::exit(2)
        });
        let file_model = ModelId::for_language(Some(language), None);
        let tagger =
            tagging::EntityTagger::shipped(file_model).expect("a tagger for the file's language");
        let mut corpus_scores = Scores::default();
        let mut tagger_scores = BTreeMap::<&str, (usize, usize, usize)>::new();
        let mut record_scores = BTreeMap::<&str, (usize, usize, usize)>::new();
        let mut models = BTreeMap::<String, usize>::new();
        for (n, document) in documents.iter().enumerate() {
            let (body, gold) = article_of(document);
            for sentence in document {
                corpus_scores.add(&sentence.tags, &tagger.tag_tokens(&sentence.tokens), &TYPES);
            }
            let article = Article::from_json_str(
                &serde_json::json!({"id": format!("doc-{n}"), "body": body}).to_string(),
            )
            .expect("a valid article");
            let record = runtime.block_on(pipeline.enrich(article));
            let model = entities_model(&record);
            // The stage's own tagger: the model it picked, on the same text, no post-processing.
            let tagged: Vec<_> = alone
                .tagger_mentions(
                    &record.text,
                    ModelId::from_name(&model).unwrap_or(file_model),
                )
                .into_iter()
                .filter(|m| TYPES.contains(&m.2))
                .collect();
            *models.entry(model).or_default() += 1;
            let predicted: Vec<(usize, usize, &str)> = record
                .entities
                .iter()
                .flatten()
                .filter_map(|e| {
                    let kind = conll::corpus_type(e.kind);
                    TYPES
                        .contains(&kind)
                        .then(|| e.mentions.iter().map(move |m| (m.start, m.end, kind)))
                })
                .flatten()
                .collect();
            if show_errors > 0 {
                let chars: Vec<char> = record.text.chars().collect();
                let show = |m: &(usize, usize, &str)| {
                    format!("{} {:?}", m.2, chars[m.0..m.1].iter().collect::<String>())
                };
                let tagged: Vec<_> = tagged.iter().filter_map(|m| trimmed(&chars, *m)).collect();
                let gold: Vec<_> = gold.iter().filter_map(|m| trimmed(&chars, *m)).collect();
                let predicted: Vec<_> = predicted
                    .iter()
                    .filter_map(|m| trimmed(&chars, *m))
                    .collect();
                let note = |m| {
                    if tagged.contains(m) {
                        "(tagger: same)"
                    } else {
                        ""
                    }
                };
                for m in predicted.iter().filter(|m| !gold.contains(m)) {
                    eprintln!("{file} doc {n}: extra   {} {}", show(m), note(m));
                }
                for m in gold.iter().filter(|m| !predicted.contains(m)) {
                    eprintln!(
                        "{file} doc {n}: missed  {} {}",
                        show(m),
                        if tagged.contains(m) {
                            "(tagger had it)"
                        } else {
                            ""
                        }
                    );
                }
                show_errors = show_errors.saturating_sub(1);
            }
            // Some corpora (the OCR ones) keep punctuation on their tokens (`England,`): both
            // sides are compared without punctuation at either end.
            let chars: Vec<char> = record.text.chars().collect();
            let predicted: Vec<_> = predicted
                .iter()
                .filter_map(|m| trimmed(&chars, *m))
                .collect();
            let gold: Vec<_> = gold.iter().filter_map(|m| trimmed(&chars, *m)).collect();
            let tagged: Vec<_> = tagged.iter().filter_map(|m| trimmed(&chars, *m)).collect();
            count(&mut tagger_scores, &tagged, &gold);
            count(&mut record_scores, &predicted, &gold);
        }
        let name = Path::new(file)
            .iter()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .map(|p| p.to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let models = models
            .iter()
            .map(|(m, n)| format!("{m}:{n}"))
            .collect::<Vec<_>>()
            .join(" ");
        let sum = |scores: &BTreeMap<&str, (usize, usize, usize)>| {
            scores
                .values()
                .fold((0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
        };
        for kind in TYPES {
            row(
                &name,
                language,
                kind,
                tagger_scores[kind],
                record_scores[kind],
                "",
            );
        }
        let corpus = corpus_scores.micro();
        row(
            &name,
            language,
            "micro",
            sum(&tagger_scores),
            sum(&record_scores),
            &format!(
                "{models}; tagger on the corpus's own tokens: F1 {:.2}",
                corpus.2
            ),
        );
    }
}

/// Hand-written articles with the names they hold (`{"article": {...}, "expected": [{"text",
/// "type"}]}` per line): the share found with the right type, and every other entity the
/// records hold, listed for a person to judge (junk or a name the list lacks).
/// Sets the detected language's code: the entity stage picks its model and KB names by it.
struct AsLanguage(String);

impl Stage for AsLanguage {
    fn name(&self) -> &'static str {
        "as-language"
    }

    fn process<'a>(
        &'a self,
        record: &'a mut enricher_contracts::EnrichedRecord,
    ) -> StageFuture<'a> {
        if let Some(language) = record.language.as_mut() {
            language.code = self.0.clone();
        }
        Box::pin(async { Ok(StageDone::default()) })
    }
}

fn hand_written(pipeline: &Pipeline, runtime: &tokio::runtime::Runtime, path: &str) {
    let text = enricher_bench::read_data(
        path,
        "hand-written articles (crates/bench/data/entity-articles.jsonl or entity-articles-heldout(-2,-3).jsonl)",
    );
    let (mut expected_total, mut found_total, mut extra_total) = (0, 0, 0);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let article = Article::from_json_str(&case["article"].to_string()).expect("an article");
        let id = article.id.clone();
        let record = runtime.block_on(pipeline.enrich(article));
        let entities = record.entities.clone().unwrap_or_default();
        let expected: Vec<(String, String)> = case["expected"]
            .as_array()
            .expect("expected names")
            .iter()
            .map(|e| {
                (
                    e["text"].as_str().unwrap_or_default().to_owned(),
                    e["type"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let mut missed = Vec::new();
        for (name, kind) in &expected {
            let hit = entities.iter().any(|e| {
                conll::corpus_type(e.kind) == kind && e.mentions.iter().any(|m| &m.text == name)
            });
            if hit {
                found_total += 1;
            } else {
                missed.push(format!("{name} ({kind})"));
            }
        }
        let extras: Vec<String> = entities
            .iter()
            .filter(|e| {
                !e.mentions.iter().any(|m| {
                    expected.iter().any(|(name, _)| {
                        name.contains(m.text.as_str()) || m.text.contains(name.as_str())
                    })
                })
            })
            .map(|e| format!("{} ({})", e.name, conll::corpus_type(e.kind)))
            .collect();
        expected_total += expected.len();
        extra_total += extras.len();
        let model = entities_model(&record);
        println!(
            "{id} [{model}]: {}/{} found; missed: {}; other entities: {}",
            expected.len() - missed.len(),
            expected.len(),
            if missed.is_empty() {
                "-".to_owned()
            } else {
                missed.join(", ")
            },
            if extras.is_empty() {
                "-".to_owned()
            } else {
                extras.join(", ")
            },
        );
    }
    println!(
        "hand-written articles: {found_total}/{expected_total} names found with the right type ({:.1}%), {extra_total} other entities",
        100.0 * found_total as f64 / expected_total.max(1) as f64
    );
}

fn row(
    name: &str,
    language: &str,
    kind: &str,
    tagger: (usize, usize, usize),
    record: (usize, usize, usize),
    models: &str,
) {
    let (p, r, f) = Scores::prf(tagger.0, tagger.1, tagger.2);
    let (p2, r2, f2) = Scores::prf(record.0, record.1, record.2);
    println!(
        "{name:<34} {language:>5} {kind:>6} | {p:>6.2} {r:>6.2} {f:>6.2} | {p2:>6.2} {r2:>6.2} {f2:>6.2} | {models}"
    );
}

/// The model the entities stage names in the record's report.
fn entities_model(record: &enricher_contracts::EnrichedRecord) -> String {
    record
        .processing
        .stages
        .iter()
        .find(|s| s.name == "entities")
        .and_then(|s| s.model.clone())
        .unwrap_or_default()
}

/// Adds one article's true positives, predictions and gold mentions per type.
fn count(
    scores: &mut BTreeMap<&'static str, (usize, usize, usize)>,
    predicted: &[(usize, usize, &'static str)],
    gold: &[(usize, usize, &'static str)],
) {
    for kind in TYPES {
        let p: Vec<_> = predicted.iter().filter(|m| m.2 == kind).collect();
        let g: Vec<_> = gold.iter().filter(|m| m.2 == kind).collect();
        let entry = scores.entry(kind).or_default();
        entry.0 += p.iter().filter(|m| g.contains(m)).count();
        entry.1 += p.len();
        entry.2 += g.len();
    }
}

/// A mention without punctuation at either end (`None` when nothing is left).
fn trimmed(
    chars: &[char],
    (start, end, kind): (usize, usize, &'static str),
) -> Option<(usize, usize, &'static str)> {
    let text = &chars[start..end];
    let lead = text.iter().take_while(|c| !c.is_alphanumeric()).count();
    let trail = text
        .iter()
        .rev()
        .take_while(|c| !c.is_alphanumeric())
        .count();
    (lead + trail < text.len()).then_some((start + lead, end - trail, kind))
}

/// The language of a corpus file, from its folder (`ner/<lang>/`); CoNLL-2003 is English.
fn language_of(file: &str) -> &'static str {
    let folder = Path::new(file)
        .parent()
        .and_then(Path::file_name)
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    ["de", "fr", "nl", "pt", "ru", "sv", "da", "es", "it"]
        .into_iter()
        .find(|l| *l == folder)
        .unwrap_or("en")
}

/// Sentences grouped into articles: by `-DOCSTART-` where the file has documents, else by
/// [`SENTENCES_PER_ARTICLE`].
fn documents(text: &str) -> Result<Vec<Vec<Sentence>>, String> {
    let mut documents = Vec::new();
    if text.lines().any(|l| l.starts_with("-DOCSTART-")) {
        let mut current = String::new();
        for line in text.split_inclusive('\n') {
            if line.starts_with("-DOCSTART-") {
                documents.push(conll::parse(&current)?);
                current.clear();
            } else {
                current.push_str(line);
            }
        }
        documents.push(conll::parse(&current)?);
        documents.retain(|d| !d.is_empty());
    } else {
        let sentences = conll::parse(text)?;
        documents.extend(
            sentences
                .chunks(SENTENCES_PER_ARTICLE)
                .map(<[Sentence]>::to_vec),
        );
    }
    Ok(documents)
}

/// The article body (tokens joined by spaces, one sentence a line) and its gold mentions as
/// char spans.
fn article_of(document: &[Sentence]) -> (String, Vec<(usize, usize, &'static str)>) {
    let mut body = String::new();
    let mut chars = 0;
    let mut gold = Vec::new();
    for sentence in document {
        let mut starts = Vec::with_capacity(sentence.tokens.len());
        let mut ends = Vec::with_capacity(sentence.tokens.len());
        for (i, token) in sentence.tokens.iter().enumerate() {
            if i > 0 {
                body.push(' ');
                chars += 1;
            }
            starts.push(chars);
            body.push_str(token);
            chars += token.chars().count();
            ends.push(chars);
        }
        body.push('\n');
        chars += 1;
        for (start, end, kind) in conll::spans(&sentence.tags) {
            if !TYPES.contains(&kind) {
                continue;
            }
            gold.push((starts[start], ends[end - 1], kind));
        }
    }
    (body, gold)
}
