//! Speed of the whole entities stage (tokenising, tagging, KB matching, clustering) on one
//! thread, and its start-up time.
//!
//! `cargo run --release -p enricher-bench --bin entity-bench -- [../shared/ner/conll2003/eng.testa]`
//!
//! Runs the stage over the sample article (200 times) and, when given, over the documents of a
//! CoNLL file rebuilt as plain text (one sentence per line).

use std::time::Instant;

use enricher_entities::{EntitySettings, EntityStage};

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

fn measure(stage: &EntityStage, name: &str, documents: &[String], rounds: usize) {
    let total: usize = documents.iter().map(|d| words(d)).sum::<usize>() * rounds;
    let started = Instant::now();
    let mut entities = 0;
    for _ in 0..rounds {
        for document in documents {
            entities += stage.entities(document, 0).len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{name}: {total} words in {secs:.3} s = {:.0} words/s ({entities} entities)",
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
    measure(&stage, "sample article x200", &[sample], 200);
    if let Some(path) = std::env::args().nth(1) {
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
        measure(
            &stage,
            &format!("{path} ({} documents)", documents.len()),
            &documents,
            1,
        );
    }
}
