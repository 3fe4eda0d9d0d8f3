//! Builds the language stage's n-gram model from lingua-rs's model crates.
//!
//! ```text
//! cd tools/langid-model && cargo fetch
//! cargo run --release -- [--registry DIR] [--top U,B,T,Q,F] [--out PATH]
//! ```
//!
//! For every language it reads `models/ngrams.fst` of `lingua-<name>-language-model-1.3.0`
//! (the conditional log probabilities of 1- to 5-grams that lingua-rs counted in Wortschatz news
//! corpora; the crates' `testdata/` is never opened), ranks each order's n-grams by their joint
//! probability (the product of their conditional probabilities along the prefix chain), keeps
//! the `--top` most frequent per order, and writes them with
//! [`enricher_language::model::write_model`]. Deterministic: the same crates give the same bytes.

mod languages;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use enricher_language::model::{ngram_key, quantise, write_model, ModelLanguage, MAX_ORDER};
use fst::Streamer;

/// A script is listed for a language when its letters carry at least this share of the
/// language's unigram probability.
const SCRIPT_MIN_SHARE: f64 = 0.05;

fn main() {
    let mut registry: Option<PathBuf> = None;
    let mut top = [8000usize, 4000, 12000, 12000, 12000];
    let mut out = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../crates/language/model/ngrams.bin"
    ));
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--registry" => registry = Some(value.into()),
            "--out" => out = value.into(),
            "--top" => {
                let counts: Vec<usize> = value
                    .split(',')
                    .map(|n| n.parse().expect("--top takes five numbers"))
                    .collect();
                top = counts.try_into().expect("--top takes five numbers");
            }
            other => panic!("unknown argument {other}"),
        }
    }
    let registry = registry.unwrap_or_else(default_registry);

    let mut model_languages = Vec::new();
    let mut ngrams: BTreeMap<u32, Vec<(u8, u8)>> = BTreeMap::new();
    for (index, (code, name)) in languages::LANGUAGES.iter().enumerate() {
        let path = registry.join(format!(
            "lingua-{name}-language-model-1.3.0/models/ngrams.fst"
        ));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run `cargo fetch` in tools/langid-model)",
                path.display()
            )
        });
        let map = fst::Map::new(bytes).expect("an fst map");
        let (kept, scripts) = select(&map, &top);
        let counts: Vec<usize> = kept.iter().map(Vec::len).collect();
        eprintln!("{code:>2} {name:<12} kept {counts:?} scripts {scripts:?}");
        for (ngram, ln_p) in kept.into_iter().flatten() {
            let list = ngrams.entry(ngram_key(&ngram)).or_default();
            // Two n-grams of one language under one hash: the more frequent (first) stays.
            if list.last().is_none_or(|(lang, _)| *lang != index as u8) {
                list.push((index as u8, quantise(ln_p)));
            }
        }
        model_languages.push(ModelLanguage {
            code: (*code).to_owned(),
            scripts,
        });
    }
    let bytes = write_model(&model_languages, &ngrams);
    std::fs::create_dir_all(out.parent().expect("a folder")).expect("create folder");
    std::fs::write(&out, &bytes).expect("write model");
    eprintln!(
        "{} n-grams, {} entries, {} bytes -> {}",
        ngrams.len(),
        ngrams.values().map(Vec::len).sum::<usize>(),
        bytes.len(),
        out.display()
    );
}

/// Cargo's registry source folder (`$CARGO_HOME/registry/src/<index>`) that holds the crates.
fn default_registry() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cargo"));
    let src = home.join("registry/src");
    std::fs::read_dir(&src)
        .unwrap_or_else(|e| panic!("{}: {e}", src.display()))
        .map(|e| e.expect("entry").path())
        .find(|p| p.join("lingua-english-language-model-1.3.0").is_dir())
        .unwrap_or_else(|| {
            panic!(
                "no lingua model crates under {}: run `cargo fetch`",
                src.display()
            )
        })
}

/// Per order, the `top` n-grams by joint probability with their conditional log probability;
/// and the scripts the language is written in.
fn select(
    map: &fst::Map<Vec<u8>>,
    top: &[usize; MAX_ORDER],
) -> (Vec<Vec<(String, f64)>>, Vec<String>) {
    // Keys are sorted bytewise, so every prefix comes before its extensions.
    let mut joint: HashMap<String, f64> = HashMap::new();
    let mut by_order: Vec<Vec<(String, f64, f64)>> = vec![Vec::new(); MAX_ORDER];
    let mut stream = map.stream();
    while let Some((key, value)) = stream.next() {
        let ngram = String::from_utf8(key.to_vec()).expect("UTF-8 n-gram");
        let conditional = f64::from_bits(value);
        let chars: Vec<char> = ngram.chars().collect();
        let order = chars.len();
        if order == 0 || order > MAX_ORDER {
            continue;
        }
        let prefix: String = chars[..order - 1].iter().collect();
        let joint_ln_p = if order == 1 {
            conditional
        } else {
            match joint.get(&prefix) {
                Some(p) => p + conditional,
                None => continue,
            }
        };
        if order < MAX_ORDER {
            joint.insert(ngram.clone(), joint_ln_p);
        }
        by_order[order - 1].push((ngram, conditional, joint_ln_p));
    }
    let scripts = scripts_of(&by_order[0]);
    let kept = by_order
        .into_iter()
        .zip(top)
        .map(|(mut ngrams, keep)| {
            // Most frequent first; ties by n-gram so the output is deterministic.
            ngrams.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
            ngrams.truncate(*keep);
            ngrams.into_iter().map(|(ngram, c, _)| (ngram, c)).collect()
        })
        .collect();
    (kept, scripts)
}

/// The scripts that carry at least [`SCRIPT_MIN_SHARE`] of the unigram probability.
fn scripts_of(unigrams: &[(String, f64, f64)]) -> Vec<String> {
    let mut mass: BTreeMap<String, f64> = BTreeMap::new();
    for (letter, _, joint) in unigrams {
        if let Some(script) = whatlang::detect_script(letter) {
            *mass.entry(script.name().to_owned()).or_default() += joint.exp();
        }
    }
    let total: f64 = mass.values().sum();
    let mut scripts: Vec<(String, f64)> = mass
        .into_iter()
        .filter(|(_, m)| *m / total >= SCRIPT_MIN_SHARE)
        .collect();
    scripts.sort_by(|a, b| b.1.total_cmp(&a.1));
    scripts.into_iter().map(|(s, _)| s).collect()
}
