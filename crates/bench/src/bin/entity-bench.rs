//! Speed of the whole entities stage (tokenising, tagging, KB matching, clustering) on one
//! thread, and its start-up time.
//!
//! `cargo run --release -p enricher-bench --bin entity-bench -- [CONLL_FILE...]`
//!
//! Runs the stage over the sample article (200 times) and, for each CoNLL file given, over its
//! documents rebuilt as plain text (one sentence per line), with the model of the file's
//! language (from its folder, `ner/<lang>/`; English otherwise).

use std::path::Path;
use std::time::Instant;

use enricher_entities::models::ModelId;
use enricher_entities::{EntitySettings, EntityStage};

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

fn measure(stage: &EntityStage, name: &str, documents: &[String], rounds: usize, language: &str) {
    let model = ModelId::for_language(Some(language), None);
    // The model and the tables read on first use (the German noun list, the name lists) load
    // with the first article a worker serves: not part of the measured time, which is a
    // worker's steady state.
    if let Some(first) = documents.first() {
        stage.extract(first, 0, Some(language), model);
    }
    let total: usize = documents.iter().map(|d| words(d)).sum::<usize>() * rounds;
    let started = Instant::now();
    let mut entities = 0;
    for _ in 0..rounds {
        for document in documents {
            entities += stage.extract(document, 0, Some(language), model).len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{name} [{}]: {total} words in {secs:.3} s = {:.0} words/s ({entities} entities)",
        model.name(),
        total as f64 / secs
    );
}

fn main() {
    let started = Instant::now();
    let stage = EntityStage::new(&EntitySettings::default()).expect("stage");
    println!(
        "stage start-up (model, KB, gazetteer, matcher): {:.0} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let sample = enricher_bench::SAMPLE_ARTICLE.to_owned();
    measure(&stage, "sample article x200", &[sample], 200, "en");
    for path in std::env::args().skip(1) {
        let text = enricher_bench::read_data(
            &path,
            "a CoNLL file (e.g. ../shared/ner/conll2003/eng.testa)",
        );
        let mut documents = Vec::new();
        let mut document = String::new();
        let mut sentence: Vec<&str> = Vec::new();
        for line in text.split('\n') {
            if line.starts_with("-DOCSTART-") {
                if !document.is_empty() {
                    documents.push(std::mem::take(&mut document));
                }
            } else if line.trim().is_empty() {
                if !sentence.is_empty() {
                    document.push_str(&sentence.join(" "));
                    document.push('\n');
                    sentence.clear();
                }
            } else if let Some(token) = line.split(' ').next() {
                sentence.push(token);
            }
        }
        if !document.is_empty() {
            documents.push(document);
        }
        // Files without documents: one article per 10 sentences.
        if documents.len() == 1 {
            let lines: Vec<&str> = documents[0].lines().collect();
            documents = lines.chunks(10).map(|c| c.join("\n")).collect();
        }
        let language = Path::new(&path)
            .parent()
            .and_then(Path::file_name)
            .and_then(|f| f.to_str())
            .filter(|f| f.len() == 2)
            .unwrap_or("en")
            .to_owned();
        measure(
            &stage,
            &format!("{path} ({} documents)", documents.len()),
            &documents,
            1,
            &language,
        );
    }
}
