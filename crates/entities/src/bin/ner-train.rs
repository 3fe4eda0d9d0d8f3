//! Trains the entity tagger from a CoNLL-2003 training file and writes the weights.
//!
//! ```sh
//! cargo run --release -p enricher-entities --bin ner-train -- \
//!     ../shared/ner/conll2003/eng.train crates/entities/model/ner.bin [EPOCHS]
//! ```

use std::time::Instant;

use enricher_entities::{conll, tagging, train};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        eprintln!("usage: ner-train TRAIN.conll MODEL.bin [EPOCHS]");
        std::process::exit(2);
    };
    let epochs: usize = args.next().and_then(|e| e.parse().ok()).unwrap_or(12);
    let text =
        std::fs::read_to_string(&input).unwrap_or_else(|e| panic!("cannot read {input}: {e}"));
    let sentences = conll::parse(&text).unwrap_or_else(|e| panic!("{input}: {e}"));
    let gazetteer = tagging::Gazetteer::default_kb();
    let started = Instant::now();
    let examples: Vec<train::Example> = sentences
        .iter()
        .map(|s| train::Example::new(tagging::token_infos(&s.tokens, &gazetteer), s.tags.clone()))
        .collect();
    let tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();
    eprintln!(
        "{} sentences, {tokens} tokens, features in {:.1} s",
        sentences.len(),
        started.elapsed().as_secs_f64()
    );
    let tagger = train::train(&examples, epochs, |epoch, errors| {
        eprintln!(
            "epoch {epoch}: {errors} token errors ({:.2}%)",
            100.0 * errors as f64 / tokens as f64
        );
    });
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(&output).unwrap_or_else(|e| panic!("cannot write {output}: {e}")),
    );
    tagger.save(&mut file).expect("write model");
    eprintln!(
        "{} features written to {output} in {:.1} s",
        tagger.weights().len(),
        started.elapsed().as_secs_f64()
    );
}
