//! Trains an entity tagger from CoNLL-style files and writes the weights.
//!
//! ```sh
//! cargo run --release -p enricher-entities --bin ner-train -- \
//!     [--model NAME] [--runs N] TRAIN[,TRAIN...] MODEL.bin [EPOCHS] [MAX_SENTENCES_PER_FILE]
//! ```
//!
//! `--runs N` (default 4) trains N times over differently shuffled sentences and averages the
//! weights (see `train::train`).
//! A file written `FILE@N` contributes at most N sentences (spread evenly over the file).
//! `--model` names the model being trained (`de`, `latin-pooled`, ...; default `en`): its
//! gazetteer features hold the KB's names in that model's language. Several training files are
//! joined (a pooled model takes at most `MAX_SENTENCES_PER_FILE`
//! from each, spread evenly over the file). `scripts/train-entity-models.sh` trains every
//! shipped model from `../shared/ner`.

use std::time::Instant;

use enricher_entities::models::ModelId;
use enricher_entities::{conll, model, tagging, train};

fn main() {
    let mut positional = Vec::new();
    let mut language = None;
    let mut runs = 4;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--model" {
            // Whose gazetteer (the KB's names in which language) the features use.
            let name = args.next().unwrap_or_default();
            language = Some(ModelId::from_name(&name).unwrap_or_else(|| {
                eprintln!("unknown model `{name}`");
                std::process::exit(2)
            }));
        } else if arg == "--runs" {
            runs = args
                .next()
                .and_then(|n| n.parse().ok())
                .filter(|n| *n > 0)
                .unwrap_or_else(|| {
                    eprintln!("--runs needs a number of runs above 0");
                    std::process::exit(2)
                });
        } else {
            positional.push(arg);
        }
    }
    let mut positional = positional.into_iter();
    let (Some(inputs), Some(output)) = (positional.next(), positional.next()) else {
        eprintln!("usage: ner-train [--model NAME] [--runs N] TRAIN.conll[,TRAIN2.conll...] MODEL.bin [EPOCHS] [MAX_SENTENCES_PER_FILE]");
        std::process::exit(2);
    };
    let model = language.unwrap_or(ModelId::En);
    let epochs: usize = positional.next().and_then(|e| e.parse().ok()).unwrap_or(12);
    let max_per_file: usize = positional
        .next()
        .and_then(|e| e.parse().ok())
        .unwrap_or(usize::MAX);
    let mut sentences = Vec::new();
    for input in inputs.split(',') {
        // `FILE@N`: at most N sentences of this file.
        let (input, cap) = match input.rsplit_once('@') {
            Some((file, n)) if n.parse::<usize>().is_ok() => {
                (file, n.parse().unwrap_or(usize::MAX))
            }
            _ => (input, max_per_file),
        };
        let text = std::fs::read_to_string(input).unwrap_or_else(|e| {
            eprintln!("cannot read {input}: {e}\nner-train needs CoNLL training files (e.g. ../shared/ner/conll2003/eng.train)");
            std::process::exit(2)
        });
        let parsed = conll::parse(&text).unwrap_or_else(|e| {
            eprintln!("{input}: {e}");
            std::process::exit(2)
        });
        let step = parsed.len().div_ceil(cap.min(parsed.len()).max(1));
        let before = sentences.len();
        sentences.extend(parsed.into_iter().step_by(step.max(1)));
        eprintln!("{input}: {} sentences", sentences.len() - before);
    }
    let gazetteer = tagging::Gazetteer::default_kb(model);
    let started = Instant::now();
    let examples: Vec<train::Example> = sentences
        .iter()
        .map(|s| {
            // Trained on the stage's own tokens (see `conll::retokenized`).
            let (tokens, tags): (Vec<_>, Vec<_>) = conll::retokenized(s).into_iter().unzip();
            let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
            let mut infos: Vec<_> = tokens
                .iter()
                .map(|t| model::TokenInfo::new(&t.text, t.sentence_start))
                .collect();
            gazetteer.annotate(&words, &mut infos);
            train::Example::new(infos, tags)
        })
        .collect();
    let tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();
    eprintln!(
        "{} sentences, {tokens} tokens, features in {:.1} s",
        sentences.len(),
        started.elapsed().as_secs_f64()
    );
    let tagger = train::train(&examples, epochs, runs, |run, epoch, errors| {
        eprintln!(
            "run {run}/{runs}, epoch {epoch}: {errors} token errors ({:.2}%)",
            100.0 * errors as f64 / tokens as f64
        );
    });
    let mut file = std::io::BufWriter::new(std::fs::File::create(&output).unwrap_or_else(|e| {
        eprintln!("cannot write {output}: {e}");
        std::process::exit(2)
    }));
    tagger.save(&mut file).expect("write model");
    eprintln!(
        "{} features written to {output} in {:.1} s",
        tagger.len(),
        started.elapsed().as_secs_f64()
    );
}
