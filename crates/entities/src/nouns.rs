//! German common nouns, as a hint for the German tagger: German writes every noun with a
//! capital, so capitalisation alone cannot tell `Präsidenten` or `Farben` from `Merkel`. The
//! list (`data/de-nouns.txt`, every form of Wiktionary's German common nouns, built by
//! `data/build-de-nouns.py`) says which capitalised words are ordinary nouns, and which end in
//! one (`Kapazitätsgründen`); the tagger weighs the hint against everything else it sees.

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use crate::model::{FeatureHash, IdentityHasher};

const DE_NOUNS: &str = include_str!("../data/de-nouns.txt");

/// Shortest noun, in characters, that counts as the last part of a compound.
const MIN_COMPOUND_TAIL: usize = 4;
/// Shortest first part, in characters, of a compound.
const MIN_COMPOUND_HEAD: usize = 3;

/// What the list says of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NounHint {
    /// A form of a common noun (`Farben`).
    Noun,
    /// A compound whose last part is a common noun (`Kapazitätsgründen`).
    Compound,
}

/// The German common nouns: hashes of their lower-cased forms (4 MB instead of the ~20 MB of
/// the strings).
pub struct Nouns {
    forms: HashSet<u64, BuildHasherDefault<IdentityHasher>>,
}

impl Nouns {
    /// The shipped German list, read once per process (the first time a German article, or
    /// the German model's training, needs it).
    pub fn german() -> &'static Nouns {
        static NOUNS: OnceLock<Nouns> = OnceLock::new();
        NOUNS.get_or_init(|| Nouns::from_lines(DE_NOUNS))
    }

    fn from_lines(lines: &str) -> Nouns {
        Nouns {
            forms: lines.lines().filter(|l| !l.is_empty()).map(hash).collect(),
        }
    }

    /// The hint for a lower-cased word ([`crate::model::TokenInfo::lower`]), if any.
    pub fn hint(&self, lower: &str) -> Option<NounHint> {
        if self.forms.contains(&hash(lower)) {
            return Some(NounHint::Noun);
        }
        // A noun the word ends in, with at least a short word before it (no allocation: this
        // runs on every capitalised German word).
        let chars = lower.chars().count();
        if chars < MIN_COMPOUND_HEAD + MIN_COMPOUND_TAIL {
            return None;
        }
        lower
            .char_indices()
            .skip(MIN_COMPOUND_HEAD)
            .take(chars - MIN_COMPOUND_HEAD - MIN_COMPOUND_TAIL + 1)
            .any(|(at, _)| self.forms.contains(&hash(&lower[at..])))
            .then_some(NounHint::Compound)
    }
}

impl std::fmt::Debug for Nouns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Nouns({} forms)", self.forms.len())
    }
}

fn hash(form: &str) -> u64 {
    FeatureHash::new(0xfd).str(form).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_nouns_and_their_compounds_but_not_names() {
        let nouns = Nouns::german();
        assert_eq!(nouns.hint("präsidenten"), Some(NounHint::Noun));
        assert_eq!(nouns.hint("mittwoch"), Some(NounHint::Noun));
        assert_eq!(nouns.hint("kapazitätsgründen"), Some(NounHint::Compound));
        assert_eq!(nouns.hint("merkel"), None);
        assert_eq!(nouns.hint("guterres"), None);
        // Too short to be a compound of a noun.
        assert_eq!(Nouns::from_lines("haus\n").hint("xhaus"), None);
        assert_eq!(
            Nouns::from_lines("haus\n").hint("rathaus"),
            Some(NounHint::Compound)
        );
    }
}
