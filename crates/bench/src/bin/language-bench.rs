//! Language-identification accuracy and speed on the shared sentence test set
//! (`../shared/langid/sentences/<code>.txt`, one sentence per line; measured on, never trained on).
//!
//! `cargo run --release -p enricher-bench --bin language-bench -- [DIR] [REJECT_CONFIDENCE]`
//!
//! Two settings, with the stage's default settings otherwise:
//! 1. newsroom allow-list (en de fr es it pt ru zh ar ja): accuracy per allowed language and
//!    macro average; for every other language, the share of sentences answered `und`
//!    (out-of-list rejection) and the share forced into an allowed language as reliable;
//! 2. all supported languages: accuracy per language the detector supports, macro average.
//!
//! 3. the sample article (`examples/summit-report.txt`): time per whole article.
//!
//! Speed is sentences (articles) per second on one thread, detection only.

use std::collections::BTreeMap;
use std::time::Instant;

use enricher_language::{LanguageSettings, LanguageStage};

const NEWSROOM: &[&str] = &["en", "de", "fr", "es", "it", "pt", "ru", "zh", "ar", "ja"];

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/langid/sentences"
        )
        .to_owned()
    });
    let sets: BTreeMap<String, Vec<String>> = enricher_bench::read_sentence_set(&dir)
        .into_iter()
        .map(|(code, lines)| (code, lines.into_iter().map(|(_, l)| l).collect()))
        .collect();
    let total: usize = sets.values().map(Vec::len).sum();
    println!("{} languages, {total} sentences from {dir}\n", sets.len());

    // 1. Newsroom allow-list.
    let defaults = LanguageSettings::default();
    let reject_confidence = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(defaults.reject_confidence);
    println!("reject_confidence {reject_confidence}");
    let stage = LanguageStage::new(LanguageSettings {
        allowed: NEWSROOM.iter().map(|c| (*c).to_owned()).collect(),
        reject_confidence,
        ..defaults
    })
    .expect("newsroom languages are supported");
    let started = Instant::now();
    let mut accuracy = Vec::new();
    let (mut others, mut rejected, mut forced_reliable) = (0usize, 0usize, 0usize);
    let mut worst_rejection: Vec<(String, f64)> = Vec::new();
    for (code, sentences) in &sets {
        let mut correct = 0;
        let mut language_rejected = 0;
        for sentence in sentences {
            let info = stage.detect(sentence, None);
            if NEWSROOM.contains(&code.as_str()) {
                correct += usize::from(info.code == *code);
            } else {
                others += 1;
                if info.code == "und" {
                    language_rejected += 1;
                } else if info.reliable {
                    forced_reliable += 1;
                }
            }
        }
        if NEWSROOM.contains(&code.as_str()) {
            accuracy.push((code.clone(), correct as f64 / sentences.len() as f64));
        } else {
            rejected += language_rejected;
            worst_rejection.push((
                code.clone(),
                language_rejected as f64 / sentences.len() as f64,
            ));
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!("== allow-list {}", NEWSROOM.join(","));
    for (code, acc) in &accuracy {
        println!("  {code}: {:.2}%", 100.0 * acc);
    }
    let macro_avg = accuracy.iter().map(|a| a.1).sum::<f64>() / accuracy.len() as f64;
    println!(
        "  macro accuracy over the allowed languages: {:.2}%",
        100.0 * macro_avg
    );
    println!(
        "  out-of-list sentences answered `und`: {:.2}% of {others}; forced into an allowed language as reliable: {:.2}%",
        100.0 * rejected as f64 / others as f64,
        100.0 * forced_reliable as f64 / others as f64
    );
    worst_rejection.sort_by(|a, b| a.1.total_cmp(&b.1));
    let worst: Vec<String> = worst_rejection
        .iter()
        .take(8)
        .map(|(c, r)| format!("{c} {:.0}%", 100.0 * r))
        .collect();
    println!("  lowest rejection: {}", worst.join(", "));
    println!(
        "  speed: {:.0} sentences/s ({total} sentences, one thread)\n",
        total as f64 / secs
    );

    // 2. All supported languages.
    let stage = LanguageStage::default();
    let supported = LanguageStage::supported();
    let started = Instant::now();
    let mut accuracy = Vec::new();
    let mut unsupported = Vec::new();
    let mut counted = 0;
    let (mut reliable, mut reliable_wrong) = (0usize, 0usize);
    for (code, sentences) in &sets {
        if !supported.contains(code) {
            unsupported.push(code.clone());
            continue;
        }
        counted += sentences.len();
        let mut answers: BTreeMap<String, usize> = BTreeMap::new();
        for sentence in sentences {
            let info = stage.detect(sentence, None);
            if info.reliable {
                reliable += 1;
                reliable_wrong += usize::from(info.code != *code);
            }
            *answers.entry(info.code).or_default() += 1;
        }
        let correct = answers.get(code).copied().unwrap_or(0);
        let mut wrong: Vec<(String, usize)> =
            answers.into_iter().filter(|(c, _)| c != code).collect();
        wrong.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        let taken_for = wrong
            .iter()
            .take(3)
            .map(|(c, n)| format!("{c} {n}"))
            .collect::<Vec<_>>()
            .join(", ");
        accuracy.push((
            code.clone(),
            correct as f64 / sentences.len() as f64,
            taken_for,
        ));
    }
    let secs = started.elapsed().as_secs_f64();
    accuracy.sort_by(|a, b| a.1.total_cmp(&b.1));
    let macro_avg = accuracy.iter().map(|a| a.1).sum::<f64>() / accuracy.len() as f64;
    println!(
        "== all supported languages ({} of the set's {})",
        accuracy.len(),
        sets.len()
    );
    let worst: Vec<String> = accuracy
        .iter()
        .take(10)
        .map(|(c, a, _)| format!("{c} {:.1}%", 100.0 * a))
        .collect();
    println!("  lowest: {}", worst.join(", "));
    for (code, acc, taken_for) in accuracy.iter().take(12) {
        println!("    {code} {:.1}%: taken for {taken_for}", 100.0 * acc);
    }
    println!("  macro accuracy: {:.2}%", 100.0 * macro_avg);
    println!(
        "  marked reliable: {:.1}% of the sentences, of which wrong: {:.2}%",
        100.0 * reliable as f64 / counted as f64,
        100.0 * reliable_wrong as f64 / reliable.max(1) as f64
    );
    println!("  not supported by the detector: {}", unsupported.join(" "));
    println!(
        "  speed: {:.0} sentences/s ({counted} sentences, one thread)",
        counted as f64 / secs
    );

    // 3. Whole articles: the sample news article, title and body as the stage sees them.
    let article = enricher_bench::SAMPLE_ARTICLE;
    let stage = LanguageStage::default();
    let started = Instant::now();
    let runs = 2000;
    for _ in 0..runs {
        std::hint::black_box(stage.detect(article, Some("en")));
    }
    let per_article = started.elapsed().as_secs_f64() / runs as f64;
    println!(
        "\n== sample article ({} chars): {:.0} µs per article, {:.0} articles/s, one thread",
        article.chars().count(),
        per_article * 1e6,
        1.0 / per_article
    );
}
