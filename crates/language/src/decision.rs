//! Deciding: from the n-gram model's scores (or whatlang's answer, for scripts the model has no
//! language for) to one language, honouring the allow-list, with its confidence and whether it
//! is reliable; or why there is none.

use whatlang::Script;

use crate::codes::primary_subtag;
use crate::detector::{Detector, Orders, Scores};
use crate::reliability::Reading;
use crate::LanguageStage;

/// How sharply score differences turn into confidence: each letter is scored once per n-gram
/// order (up to five times), so a log-likelihood difference is worth about a fifth of itself.
pub(crate) const TEMPERATURE: f32 = 0.2;

/// The declared language's head start, in log-likelihood: odds of e^(8 × TEMPERATURE) ≈ 5 to 1
/// in its favour before the text is read.
pub(crate) const DECLARED_PRIOR: f32 = 8.0;

/// One detection, before it becomes a [`enricher_contracts::LanguageInfo`].
#[derive(Debug, Clone)]
pub(crate) struct Guess {
    /// BCP 47 primary subtag.
    pub(crate) code: String,
    pub(crate) confidence: f64,
    pub(crate) reliable: bool,
}

/// Why no language can be given, from the deciding step (the text's length and letters are
/// judged before it).
#[derive(Debug, Clone)]
pub(crate) enum Undetermined {
    /// The detector has no answer.
    Undetectable,
    /// The answer is a language outside `language.allowed`: kept as a hint for a person.
    NotAllowed(Guess),
}

impl LanguageStage {
    pub(crate) fn is_allowed(&self, code: &str) -> bool {
        self.allowed.is_empty() || self.allowed.iter().any(|a| a == code)
    }

    /// The model's languages written in `script`.
    pub(crate) fn candidates(&self, script: Script) -> Vec<usize> {
        let languages = self.detector.model().languages();
        (0..languages.len())
            .filter(|&i| languages[i].scripts.iter().any(|s| s == script.name()))
            .collect()
    }

    pub(crate) fn code(&self, index: usize) -> &str {
        &self.detector.model().languages()[index].code
    }

    /// The best language for scored text, honouring the allow-list.
    pub(crate) fn decide(&self, scores: &Scores) -> Result<Guess, Undetermined> {
        let ranked = scores.ranked();
        let Some(&(best, best_score)) = ranked.first() else {
            return Err(Undetermined::Undetectable);
        };
        // The share of the probability mass the language at `score` holds among the candidates.
        let confidence = |score: f32| -> f64 {
            let mass: f64 = ranked
                .iter()
                .map(|(_, s)| f64::from((s - score) * TEMPERATURE).exp())
                .sum();
            1.0 / mass
        };
        // Reliable: long enough, a clear margin, and the words without a capital agree
        // (`reliability.rs`).
        let reliable = scores.letters >= self.settings.min_chars
            && self.reading(scores).is_some_and(|r| r.is_reliable());
        let guess = |index: usize, score: f32| Guess {
            code: self.code(index).to_owned(),
            confidence: confidence(score),
            reliable: reliable && index == best,
        };
        if self.is_allowed(self.code(best)) {
            return Ok(guess(best, best_score));
        }
        let out_of_list = guess(best, best_score);
        let Some(&(allowed, allowed_score)) =
            ranked.iter().find(|(i, _)| self.is_allowed(self.code(*i)))
        else {
            // No allowed language is written in this script.
            return Err(Undetermined::NotAllowed(out_of_list));
        };
        // How sure the model is of the out-of-list language against the best allowed one.
        let against_allowed =
            1.0 / (1.0 + f64::from((allowed_score - best_score) * TEMPERATURE).exp());
        if against_allowed >= self.settings.reject_confidence {
            return Err(Undetermined::NotAllowed(out_of_list));
        }
        // The winner is out of the list but unsure: the allowed answer stands, unreliable.
        Ok(Guess {
            reliable: false,
            ..guess(allowed, allowed_score)
        })
    }

    /// How `text` reads to the n-gram model, with the numbers `reliable` is decided from
    /// (for calibration: the `language-calibration` bench). `None` for a script the model has
    /// no language for.
    pub fn read(&self, text: &str) -> Option<Reading> {
        let script = self.script(text)?;
        let candidates = self.candidates(script);
        if candidates.is_empty() {
            return None;
        }
        let orders = Orders::for_length(text.chars().count());
        self.reading(&self.detector.score(text, &candidates, orders))
    }

    /// The script of a text: that of its words without a capital where there are any, so a
    /// Russian sentence naming "Oracle, Sybase, Microsoft SQL Server" is read as Cyrillic.
    pub(crate) fn script(&self, text: &str) -> Option<Script> {
        if text.is_ascii() {
            return text
                .bytes()
                .any(|b| b.is_ascii_alphabetic())
                .then_some(Script::Latin);
        }
        whatlang::detect_script(&plain_words(text)).or_else(|| whatlang::detect_script(text))
    }

    pub(crate) fn reading(&self, scores: &Scores) -> Option<Reading> {
        let (best, runner_up, log_odds) = odds(&scores.sums)?;
        let plain = odds(&scores.plain_sums)
            .filter(|_| scores.plain_letters > 0)
            .map(|(best, _, odds)| (self.static_code(best), odds));
        Some(Reading {
            code: self.static_code(best),
            runner_up: runner_up.map(|i| self.static_code(i)),
            log_odds,
            plain,
        })
    }

    pub(crate) fn static_code(&self, index: usize) -> &'static str {
        let detector: &'static Detector = self.detector;
        &detector.model().languages()[index].code
    }

    /// whatlang's answer, for text in a script the n-gram model has no language for.
    pub(crate) fn decide_by_whatlang(&self, text: &str) -> Result<Guess, Undetermined> {
        let info = whatlang::detect(text).ok_or(Undetermined::Undetectable)?;
        let guess = Guess {
            code: primary_subtag(info.lang().code()),
            confidence: info.confidence(),
            reliable: info.is_reliable(),
        };
        if self.is_allowed(&guess.code) {
            Ok(guess)
        } else {
            Err(Undetermined::NotAllowed(guess))
        }
    }
}

/// The best candidate (the first of equals), the runner-up and the best one's log odds against
/// all the others together; `None` when no language was a candidate.
pub(crate) fn odds(sums: &[Option<f32>]) -> Option<(usize, Option<usize>, f64)> {
    let mut best: Option<(usize, f32)> = None;
    let mut second: Option<(usize, f32)> = None;
    for (i, score) in sums.iter().enumerate() {
        let Some(score) = *score else { continue };
        if best.is_none_or(|(_, b)| score > b) {
            second = best;
            best = Some((i, score));
        } else if second.is_none_or(|(_, s)| score > s) {
            second = Some((i, score));
        }
    }
    let (best, best_score) = best?;
    let others: f64 = sums
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != best)
        .filter_map(|(_, s)| *s)
        .map(|s| f64::from((s - best_score) * TEMPERATURE).exp())
        .sum();
    let log_odds = if others > 0.0 {
        -others.ln()
    } else {
        f64::INFINITY
    };
    Some((best, second.map(|s| s.0), log_odds))
}

/// The words of `text` written without a capital letter: what is left when names, acronyms
/// and codes are set aside.
pub(crate) fn plain_words(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut start = 0;
    let mut capital = false;
    for (i, c) in text.char_indices() {
        if c.is_alphabetic() {
            capital |= c.is_uppercase();
            continue;
        }
        if i > start && !capital {
            plain.push_str(&text[start..i]);
            plain.push(' ');
        }
        start = i + c.len_utf8();
        capital = false;
    }
    if text.len() > start && !capital {
        plain.push_str(&text[start..]);
    }
    plain
}
