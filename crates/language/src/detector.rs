//! Scores text against the n-gram model: for every letter and every order 1..=5, the log
//! probability of that letter after the letters before it in each candidate language, backing
//! off to the longest shorter context the language knows, summed over the text.

use std::sync::OnceLock;

use crate::model::{dequantise, NgramHasher, NgramModel, MAX_ORDER};

/// The model shipped with the crate (see `model/README.md`).
static EMBEDDED: &[u8] = include_bytes!("../model/ngrams.bin");

/// Log probability charged for a letter a language does not use at all (not even as a
/// unigram): foreign letters weigh heavily against a language but do not veto it, since news
/// text quotes foreign names.
const UNKNOWN_LETTER: f32 = -10.0;

/// Log probability charged on top of a shorter context's when the longer one is unknown: an
/// n-gram the language has never produced is evidence against it.
const BACKOFF: f32 = -1.0;

/// Text of at least this many characters is long: scored with trigrams only, as lingua does
/// (the language of a few hundred letters is plain with them, and all orders cost four times
/// as much).
pub const LONG_TEXT_CHARS: usize = 300;
const LONG_TEXT_ORDER: usize = 3;

/// Which n-gram orders to score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orders {
    /// 1- to 5-grams, each backing off to shorter contexts: for sentences and titles.
    All,
    /// Trigrams only: for long text.
    Trigrams,
}

impl Orders {
    /// The orders for a text of `chars` characters.
    pub fn for_length(chars: usize) -> Self {
        if chars >= LONG_TEXT_CHARS {
            Orders::Trigrams
        } else {
            Orders::All
        }
    }
}

/// Letters scored as one run at most.
const MAX_RUN_LETTERS: usize = 64;

/// Letters of one text scored at most (for an article, of one paragraph).
const MAX_SCORED_LETTERS: usize = 400;

/// The scorer with its model.
#[derive(Debug)]
pub struct Detector {
    model: NgramModel,
}

/// Per-language sums for one piece of text. `sums[i]` is `None` for a language that was not a
/// candidate.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// Per language: the log-likelihood sum, `None` for languages not scored.
    pub sums: Vec<Option<f32>>,
    /// Letters scored.
    pub letters: usize,
    /// The same sums over the words written without a capital letter alone: names, acronyms
    /// and codes set aside, what is left is evidence of the language (see `reliability.rs`).
    pub plain_sums: Vec<Option<f32>>,
    /// Letters of the words without a capital.
    pub plain_letters: usize,
}

impl Scores {
    /// No scores yet, for `languages` languages.
    pub fn empty(languages: usize) -> Self {
        Scores {
            sums: vec![None; languages],
            letters: 0,
            plain_sums: vec![None; languages],
            plain_letters: 0,
        }
    }

    /// Adds another text's scores (same candidates) to these.
    pub fn add(&mut self, other: &Scores) {
        add_sums(&mut self.sums, &other.sums);
        add_sums(&mut self.plain_sums, &other.plain_sums);
        self.letters += other.letters;
        self.plain_letters += other.plain_letters;
    }

    /// Candidates, best first.
    pub fn ranked(&self) -> Vec<(usize, f32)> {
        let mut ranked: Vec<(usize, f32)> = self
            .sums
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|s| (i, s)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        ranked
    }
}

fn add_sums(sums: &mut [Option<f32>], other: &[Option<f32>]) {
    for (a, b) in sums.iter_mut().zip(other) {
        *a = match (*a, *b) {
            (Some(x), Some(y)) => Some(x + y),
            (x, None) | (None, x) => x,
        };
    }
}

impl Detector {
    /// A detector over a model.
    pub fn new(model: NgramModel) -> Self {
        Detector { model }
    }

    /// The detector with the embedded model, loaded once per process.
    pub fn embedded() -> &'static Detector {
        static DETECTOR: OnceLock<Detector> = OnceLock::new();
        DETECTOR.get_or_init(|| {
            Detector::new(NgramModel::from_static(EMBEDDED).expect("the embedded model is valid"))
        })
    }

    /// The model it scores with.
    pub fn model(&self) -> &NgramModel {
        &self.model
    }

    /// Scores `text` for the languages whose index is in `candidates`.
    ///
    /// Only the first [`MAX_SCORED_LETTERS`] letters count: the language is plain by then.
    pub fn score(&self, text: &str, candidates: &[usize], orders: Orders) -> Scores {
        let (min_order, max_order) = match orders {
            Orders::Trigrams => (LONG_TEXT_ORDER, LONG_TEXT_ORDER),
            Orders::All => (1, MAX_ORDER),
        };
        let languages = self.model.languages().len();
        let mut scores = Scores::empty(languages);
        if candidates.is_empty() {
            return scores;
        }
        // Sums over the words without a capital and over those with one: each word adds to one.
        let mut plain_sums = vec![0f32; languages];
        let mut capital_sums = vec![0f32; languages];
        let mut is_candidate = vec![false; languages];
        for &lang in candidates {
            is_candidate[lang] = true;
        }
        // Per language, the longest order found so far at this letter and its log probability:
        // an order that is not found counts as the last found one plus a back-off penalty.
        let mut last_order = vec![0usize; languages];
        let mut last_value = vec![UNKNOWN_LETTER; languages];
        // The back-off charges of `gap` unfound orders after a found value `x`:
        // (x + B) + (x + 2B) + ... + (x + gap·B).
        let gap_cost = |x: f32, gap: usize| gap as f32 * x + BACKOFF * (gap * (gap + 1) / 2) as f32;
        let mut word: Vec<char> = Vec::with_capacity(64);
        // The entries of every n-gram of a word, looked up in one pass before any is used, so
        // that the lookups' cache misses overlap (measured ~12% faster than looking up inline).
        let mut lookups: Vec<&[[u8; 2]]> = Vec::with_capacity(64 * MAX_ORDER);
        let mut flush = |word: &mut Vec<char>, plain: bool, scores: &mut Scores| {
            let sums = if plain {
                &mut plain_sums
            } else {
                &mut capital_sums
            };
            lookups.clear();
            for end in min_order..=word.len() {
                let mut hasher = NgramHasher::default();
                for (i, c) in word[end - max_order.min(end)..end].iter().rev().enumerate() {
                    hasher.push(*c);
                    if i + 1 >= min_order {
                        lookups.push(self.model.lookup(hasher.finish()));
                    }
                }
            }
            let mut next = 0;
            for end in min_order..=word.len() {
                // The orders scored at this letter, numbered from 1.
                let orders = max_order.min(end) + 1 - min_order;
                let position = &lookups[next..next + orders];
                next += orders;
                for (i, entries) in position.iter().enumerate() {
                    let order = i + 1;
                    // No language knows this context, so none knows a longer one.
                    if entries.is_empty() {
                        break;
                    }
                    for &[lang, q] in entries.iter() {
                        let lang = lang as usize;
                        if !is_candidate[lang] {
                            continue;
                        }
                        let value = dequantise(q);
                        sums[lang] +=
                            gap_cost(last_value[lang], order - 1 - last_order[lang]) + value;
                        last_order[lang] = order;
                        last_value[lang] = value;
                    }
                }
                for &lang in candidates {
                    sums[lang] += gap_cost(last_value[lang], orders - last_order[lang]);
                    last_order[lang] = 0;
                    last_value[lang] = UNKNOWN_LETTER;
                }
            }
            scores.letters += word.len();
            if plain {
                scores.plain_letters += word.len();
            }
            word.clear();
        };
        // Whether the word being read has a capital letter so far.
        let mut capital = false;
        for c in text.chars() {
            if scores.letters + word.len() >= MAX_SCORED_LETTERS {
                break;
            }
            if c.is_alphabetic() {
                capital |= c.is_uppercase();
                word.extend(c.to_lowercase());
                // Scripts without spaces (Chinese, Thai) and hostile input make long runs:
                // scored in pieces, so work and memory stay bounded.
                if word.len() >= MAX_RUN_LETTERS {
                    flush(&mut word, !capital, &mut scores);
                }
            } else {
                if !word.is_empty() {
                    flush(&mut word, !capital, &mut scores);
                }
                capital = false;
            }
        }
        flush(&mut word, !capital, &mut scores);
        for &lang in candidates {
            scores.sums[lang] = Some(plain_sums[lang] + capital_sums[lang]);
            scores.plain_sums[lang] = Some(plain_sums[lang]);
        }
        scores
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn latin_candidates(detector: &Detector) -> Vec<usize> {
        let languages = detector.model().languages();
        (0..languages.len())
            .filter(|&i| languages[i].scripts.iter().any(|s| s == "Latin"))
            .collect()
    }

    #[test]
    fn a_huge_text_or_a_huge_word_is_scored_in_bounded_work() {
        let detector = Detector::embedded();
        let candidates = latin_candidates(detector);
        let word = "a".repeat(1_000_000);
        let scores = detector.score(&word, &candidates, Orders::All);
        assert!(scores.letters <= MAX_SCORED_LETTERS, "{}", scores.letters);
        assert!(scores.letters >= MAX_SCORED_LETTERS - MAX_RUN_LETTERS);
        let words = "the quick brown fox ".repeat(100_000);
        let scores = detector.score(&words, &candidates, Orders::Trigrams);
        assert!(scores.letters <= MAX_SCORED_LETTERS, "{}", scores.letters);
        let best = scores.ranked()[0].0;
        assert_eq!(detector.model().languages()[best].code, "en");
    }

    #[test]
    fn only_candidates_are_scored_and_foreign_letters_weigh_against_a_language() {
        let detector = Detector::embedded();
        let candidates = latin_candidates(detector);
        let scores = detector.score("Grüße aus München und Straßburg", &candidates, Orders::All);
        let ranked = scores.ranked();
        assert_eq!(ranked.len(), candidates.len());
        let code = |i: usize| detector.model().languages()[i].code.as_str();
        assert_eq!(code(ranked[0].0), "de");
        let english = ranked.iter().find(|(i, _)| code(*i) == "en").unwrap().1;
        assert!(
            ranked[0].1 - english > 10.0,
            "ß and ü count against English"
        );
        let cyrillic = detector
            .model()
            .languages()
            .iter()
            .position(|l| l.code == "ru");
        assert_eq!(scores.sums[cyrillic.unwrap()], None, "not a candidate");
    }
}
