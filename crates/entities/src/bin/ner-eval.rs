//! Evaluates an entity tagger (a shipped model by name, default `en`, or a weights file) on a
//! CoNLL file, on the corpus's own tokens: precision, recall and F1 per type
//! and micro-averaged over PER, ORG and LOC (exact spans), and tagging speed.
//!
//! ```sh
//! cargo run --release -p enricher-entities --bin ner-eval -- ../shared/ner/conll2003/eng.testa
//! ```

use std::time::Instant;

use enricher_entities::conll::{self, Scores};
use enricher_entities::models::ModelId;
use enricher_entities::tagging;

fn main() {
    let Some(input) = std::env::args().nth(1) else {
        eprintln!("usage: ner-eval FILE.conll [MODEL-NAME | MODEL.bin [MODEL-NAME]]");
        std::process::exit(2);
    };
    let loaded = Instant::now();
    // A shipped model by name, or a weights file (with the name of the model it was trained
    // as, for its gazetteer).
    let arg = std::env::args().nth(2).unwrap_or_else(|| "en".to_owned());
    let named = std::env::args().nth(3).unwrap_or_else(|| "en".to_owned());
    let tagger = match ModelId::from_name(&arg) {
        Some(model) => tagging::EntityTagger::shipped(model).unwrap_or_else(|| {
            eprintln!("`{arg}` has no tagger");
            std::process::exit(2)
        }),
        None => tagging::EntityTagger::from_file(
            std::path::Path::new(&arg),
            ModelId::from_name(&named).unwrap_or(ModelId::En),
        )
        .unwrap_or_else(|e| {
            eprintln!("cannot load {arg}: {e}");
            std::process::exit(2)
        }),
    };
    let load_time = loaded.elapsed();
    let text = std::fs::read_to_string(&input).unwrap_or_else(|e| {
        eprintln!("cannot read {input}: {e}\nner-eval needs a CoNLL file, e.g. ../shared/ner/conll2003/eng.testa");
        std::process::exit(2)
    });
    let sentences = conll::parse(&text).unwrap_or_else(|e| panic!("{input}: {e}"));
    let words: usize = sentences.iter().map(|s| s.tokens.len()).sum();
    let started = Instant::now();
    let predictions: Vec<Vec<usize>> = sentences
        .iter()
        .map(|s| tagger.tag_tokens(&s.tokens))
        .collect();
    let elapsed = started.elapsed().as_secs_f64();
    let mut scores = Scores::default();
    for (sentence, predicted) in sentences.iter().zip(&predictions) {
        scores.add(&sentence.tags, predicted, &["PER", "ORG", "LOC"]);
    }
    println!("{input}: {} sentences, {words} words", sentences.len());
    println!(
        "{:<6} {:>7} {:>7} {:>7} {:>7}",
        "type", "P", "R", "F1", "gold"
    );
    for (kind, (tp, predicted, gold)) in &scores.by_type {
        let (p, r, f) = Scores::prf(*tp, *predicted, *gold);
        println!("{kind:<6} {p:>7.2} {r:>7.2} {f:>7.2} {gold:>7}");
    }
    let (p, r, f) = scores.micro();
    println!("{:<6} {p:>7.2} {r:>7.2} {f:>7.2}", "micro");
    println!(
        "model load {:.0} ms; tagging {:.0} words/s (one thread)",
        load_time.as_secs_f64() * 1000.0,
        words as f64 / elapsed
    );
}
