//! How far `reliable` can be trusted: the language stage's answers on the shared sentence set
//! (`../shared/langid/sentences/<code>.txt`; measured on, never trained on), by confidence band,
//! and the margins behind `reliable` for close languages.
//!
//! ```sh
//! cargo run --release -p enricher-bench --bin language-calibration -- \
//!     ../shared/langid/sentences [--mislabelled crates/bench/data/langid-mislabelled.tsv] \
//!     [--conll en=../shared/ner/conll2003/eng.testa ...]
//! ```
//!
//! - Lines listed in the mislabelled file (`scripts/langid-mislabelled.py` finds them without
//!   asking our detector) are left out of the clean figures and counted in the "as published" ones.
//! - Odd line numbers are the dev half (the margins in `crates/language/src/reliability.rs`
//!   were chosen on it), even ones the held-out half.
//! - `--conll CODE=FILE`: sentences of a CoNLL file (first column, tokens joined) measured as
//!   news text in language CODE, e.g. headlines, datelines and results tables.

use std::collections::BTreeMap;
use std::collections::HashSet;

use enricher_entities::conll;
use enricher_language::reliability::{required_log_odds, CLOSE_GROUPS, PLAIN_LOG_ODDS};
use enricher_language::{LanguageSettings, LanguageStage};

const NEWSROOM: &[&str] = &["en", "de", "fr", "es", "it", "pt", "ru", "zh", "ar", "ja"];

/// Close groups checked for a margin of their own: those with one, and those without.
const CHECKED_GROUPS: &[&[&str]] = &[
    &["ca", "es", "pt"],
    &["da", "nb"],
    &["af", "nl"],
    &["zu", "xh"],
    &["be", "ru", "uk"],
    &["bg", "mk"],
    &["st", "tn"],
];

/// Margins tried for a close group; the smallest with at most [`GROUP_WRONG`] wrong is chosen.
const LADDER: &[f64] = &[4.595, 6.0, 8.0, 10.0, 12.0, 15.0, 20.0, 25.0];
const GROUP_WRONG: f64 = 0.005;

/// Confidence bands of the calibration table (lower bounds).
const BANDS: &[f64] = &[0.0, 0.5, 0.9, 0.99, 0.999];

struct Sentence {
    label: String,
    line: usize,
    text: String,
    clean: bool,
}

struct Answer {
    code: String,
    confidence: f64,
    reliable: bool,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut mislabelled =
        concat!(env!("CARGO_MANIFEST_DIR"), "/data/langid-mislabelled.tsv").to_owned();
    let mut conll = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--mislabelled" => mislabelled = args.next().expect("--mislabelled FILE"),
            "--conll" => conll.push(args.next().expect("--conll CODE=FILE")),
            _ => dir = Some(arg),
        }
    }
    let Some(dir) = dir else {
        eprintln!(
            "language-calibration needs the sentence set: pass its folder (one <code>.txt per \
             language, e.g. ../shared/langid/sentences)"
        );
        std::process::exit(2)
    };
    let sentences = read_set(&dir, &read_mislabelled(&mislabelled));
    let clean = sentences.iter().filter(|s| s.clean).count();
    println!(
        "{} sentences from {dir}; {} listed as mislabelled in {mislabelled}\n",
        sentences.len(),
        sentences.len() - clean
    );

    let stage = LanguageStage::default();
    let answers: Vec<Answer> = sentences.iter().map(|s| answer(&stage, &s.text)).collect();
    let pick = |f: &dyn Fn(&Sentence) -> bool| -> Vec<usize> {
        (0..sentences.len()).filter(|&i| f(&sentences[i])).collect()
    };
    let dev = pick(&|s| s.clean && s.line % 2 == 1);
    let test = pick(&|s| s.clean && s.line % 2 == 0);
    let all_clean = pick(&|s| s.clean);
    let published = pick(&|_| true);

    println!("== all languages, default settings: answers marked `reliable`");
    for (name, set) in [
        ("dev half (clean, odd lines)", &dev),
        ("held-out half (clean, even lines)", &test),
        ("clean", &all_clean),
        ("as published (mislabelled lines too)", &published),
    ] {
        println!("  {name}: {}", reliability(&sentences, &answers, set));
    }
    println!(
        "  held-out half, reliable but wrong: {}",
        confusions(&sentences, &answers, &test)
    );

    println!("\n== calibration, all languages (clean sentences)");
    calibration(&sentences, &answers, &all_clean, |_| true);

    let newsroom = LanguageStage::new(LanguageSettings {
        allowed: NEWSROOM.iter().map(|c| (*c).to_owned()).collect(),
        ..LanguageSettings::default()
    })
    .expect("newsroom languages are supported");
    let allowed_answers: Vec<Answer> = sentences
        .iter()
        .map(|s| answer(&newsroom, &s.text))
        .collect();
    println!(
        "\n== calibration, allow-list {} (clean sentences; out-of-list sentences are right when `und`)",
        NEWSROOM.join(",")
    );
    calibration(&sentences, &allowed_answers, &all_clean, |label| {
        NEWSROOM.contains(&label)
    });
    let in_list = pick(&|s| s.clean && NEWSROOM.contains(&s.label.as_str()));
    println!(
        "  allowed languages' sentences: {}",
        reliability(&sentences, &allowed_answers, &in_list)
    );

    println!("\n== margins for close groups, chosen on the dev half (answers whose best two are in the group)");
    group_margins(&stage, &sentences, &dev);

    for spec in &conll {
        let (code, path) = spec.split_once('=').expect("--conll CODE=FILE");
        let lines = read_conll(path);
        let news: Vec<Sentence> = lines
            .into_iter()
            .enumerate()
            .map(|(i, text)| Sentence {
                label: code.to_owned(),
                line: i + 1,
                text,
                clean: true,
            })
            .collect();
        let news_answers: Vec<Answer> = news.iter().map(|s| answer(&stage, &s.text)).collect();
        let all: Vec<usize> = (0..news.len()).collect();
        println!(
            "\n== {path} ({code}, {} sentences): {}; wrong: {}",
            news.len(),
            reliability(&news, &news_answers, &all),
            confusions(&news, &news_answers, &all)
        );
    }
}

fn answer(stage: &LanguageStage, text: &str) -> Answer {
    let info = stage.detect(text, None);
    Answer {
        code: info.code,
        confidence: info.confidence,
        reliable: info.reliable,
    }
}

fn read_mislabelled(path: &str) -> HashSet<(String, usize)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("(no list of mislabelled lines at {path}: every line counts as clean)");
        return HashSet::new();
    };
    text.lines()
        .filter_map(|l| {
            let mut fields = l.split('\t');
            Some((fields.next()?.to_owned(), fields.next()?.parse().ok()?))
        })
        .collect()
}

fn read_set(dir: &str, mislabelled: &HashSet<(String, usize)>) -> Vec<Sentence> {
    let mut sentences = Vec::new();
    for (code, lines) in enricher_bench::read_sentence_set(dir) {
        for (line, text) in lines {
            sentences.push(Sentence {
                clean: !mislabelled.contains(&(code.clone(), line)),
                label: code.clone(),
                line,
                text,
            });
        }
    }
    sentences
}

/// Sentences of a CoNLL file (the entity corpora's reader): tokens joined by spaces, no space
/// before closing punctuation.
fn read_conll(path: &str) -> Vec<String> {
    let text = enricher_bench::read_data(path, "a CoNLL file (`token ... NER` lines)");
    let sentences = conll::parse(&text).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2)
    });
    sentences
        .iter()
        .map(|sentence| {
            let mut joined = String::new();
            for token in &sentence.tokens {
                let closing = matches!(
                    token.as_str(),
                    "." | "," | ";" | ":" | "!" | "?" | ")" | "%"
                );
                if !joined.is_empty() && !closing {
                    joined.push(' ');
                }
                joined.push_str(token);
            }
            joined
        })
        .collect()
}

fn reliability(sentences: &[Sentence], answers: &[Answer], set: &[usize]) -> String {
    let reliable: Vec<usize> = set
        .iter()
        .copied()
        .filter(|&i| answers[i].reliable)
        .collect();
    let wrong = reliable
        .iter()
        .filter(|&&i| answers[i].code != sentences[i].label)
        .count();
    format!(
        "{:.2}% of {} marked reliable, {:.3}% of those wrong ({wrong})",
        100.0 * reliable.len() as f64 / set.len().max(1) as f64,
        set.len(),
        100.0 * wrong as f64 / reliable.len().max(1) as f64
    )
}

fn confusions(sentences: &[Sentence], answers: &[Answer], set: &[usize]) -> String {
    let mut pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
    for &i in set {
        if answers[i].reliable && answers[i].code != sentences[i].label {
            *pairs
                .entry((sentences[i].label.clone(), answers[i].code.clone()))
                .or_default() += 1;
        }
    }
    let mut pairs: Vec<_> = pairs.into_iter().collect();
    pairs.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let listed: Vec<String> = pairs
        .iter()
        .take(10)
        .map(|((label, answer), n)| format!("{label}→{answer} {n}"))
        .collect();
    if listed.is_empty() {
        "none".to_owned()
    } else {
        listed.join(", ")
    }
}

/// Share of answers and share right per confidence band, then for `reliable` and not.
fn calibration(
    sentences: &[Sentence],
    answers: &[Answer],
    set: &[usize],
    in_scope: impl Fn(&str) -> bool,
) {
    let right = |i: usize| {
        let label = sentences[i].label.as_str();
        if in_scope(label) {
            answers[i].code == label
        } else {
            answers[i].code == "und"
        }
    };
    println!("  | confidence | answers | right |");
    println!("  |---|---:|---:|");
    let row = |name: String, members: Vec<usize>| {
        let ok = members.iter().filter(|&&i| right(i)).count();
        println!(
            "  | {name} | {:.2}% | {:.2}% |",
            100.0 * members.len() as f64 / set.len() as f64,
            100.0 * ok as f64 / members.len().max(1) as f64
        );
    };
    row(
        "`und`".to_owned(),
        set.iter()
            .copied()
            .filter(|&i| answers[i].code == "und")
            .collect(),
    );
    for (k, &low) in BANDS.iter().enumerate() {
        let high = BANDS.get(k + 1).copied().unwrap_or(f64::INFINITY);
        let members = set
            .iter()
            .copied()
            .filter(|&i| answers[i].code != "und")
            .filter(|&i| answers[i].confidence >= low && answers[i].confidence < high)
            .collect();
        let name = if high.is_finite() {
            format!("[{low}, {high})")
        } else {
            format!("≥ {low}")
        };
        row(name, members);
    }
    row(
        "marked `reliable`".to_owned(),
        set.iter()
            .copied()
            .filter(|&i| answers[i].reliable)
            .collect(),
    );
    row(
        "not `reliable`, not `und`".to_owned(),
        set.iter()
            .copied()
            .filter(|&i| !answers[i].reliable && answers[i].code != "und")
            .collect(),
    );
}

/// For each close group: on the dev half, the answers whose best two candidates are both in the
/// group and that meet every other condition, by margin; the margin chosen and the one in use.
fn group_margins(stage: &LanguageStage, sentences: &[Sentence], dev: &[usize]) {
    let readings: Vec<_> = dev
        .iter()
        .map(|&i| (i, stage.read(&sentences[i].text)))
        .collect();
    let groups: Vec<&[&str]> = CLOSE_GROUPS
        .iter()
        .map(|(g, _)| *g)
        .chain(CHECKED_GROUPS.iter().copied())
        .collect();
    for group in groups {
        let members: Vec<_> = readings
            .iter()
            .filter_map(|(i, r)| Some((*i, r.as_ref()?)))
            .filter(|(_, r)| {
                group.contains(&r.code)
                    && r.runner_up.is_some_and(|u| group.contains(&u))
                    && r.plain
                        .as_ref()
                        .is_some_and(|(c, o)| *c == r.code && *o >= PLAIN_LOG_ODDS)
            })
            .collect();
        let mut cells = Vec::new();
        let mut chosen = None;
        for &margin in LADDER {
            let kept: Vec<_> = members
                .iter()
                .filter(|(_, r)| r.log_odds >= margin)
                .collect();
            let wrong = kept
                .iter()
                .filter(|(i, r)| r.code != sentences[*i].label)
                .count();
            if chosen.is_none() && wrong as f64 <= GROUP_WRONG * kept.len() as f64 {
                chosen = Some(margin);
            }
            cells.push(format!("{margin:.1}: {}/{wrong}", kept.len()));
        }
        let in_use = required_log_odds(group[0], Some(group[1]));
        println!(
            "  {}: {} answers; margin: kept/wrong {}; chosen {}, in use {in_use:.1}",
            group.join("/"),
            members.len(),
            cells.join("  "),
            chosen.map_or("none".to_owned(), |m| format!("{m:.1}"))
        );
    }
}
