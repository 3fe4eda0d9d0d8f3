//! CoNLL-2003 files: reading, IOB1 to BIO, and exact-span scoring.

use std::collections::BTreeMap;

use enricher_contracts::EntityType;

use crate::letters;
use crate::model::tag_index;

/// One sentence: tokens and BIO tag indices.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// The words, in order.
    pub tokens: Vec<String>,
    /// Their tag indices (see `model::TAGS`).
    pub tags: Vec<usize>,
}

/// Reads `token POS chunk NER` lines; blank lines end sentences, `-DOCSTART-` lines are skipped.
/// IOB1 tags (`I-X` starting an entity) become BIO (`B-X`).
pub fn parse(text: &str) -> Result<Vec<Sentence>, String> {
    let mut sentences = Vec::new();
    let mut current = Sentence {
        tokens: Vec::new(),
        tags: Vec::new(),
    };
    let mut previous = "O".to_owned();
    for (n, line) in text.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with("-DOCSTART-") {
            if !current.tokens.is_empty() {
                sentences.push(std::mem::replace(
                    &mut current,
                    Sentence {
                        tokens: Vec::new(),
                        tags: Vec::new(),
                    },
                ));
            }
            previous = "O".to_owned();
            continue;
        }
        let columns: Vec<&str> = line.split(' ').collect();
        let (Some(token), Some(tag)) = (columns.first(), columns.last()) else {
            return Err(format!("line {}: expected `token POS chunk NER`", n + 1));
        };
        let bio = match tag.split_once('-') {
            Some(("I", kind))
                if previous != format!("B-{kind}") && previous != format!("I-{kind}") =>
            {
                format!("B-{kind}")
            }
            _ => (*tag).to_owned(),
        };
        let index =
            tag_index(&bio).ok_or_else(|| format!("line {}: unknown tag `{tag}`", n + 1))?;
        current.tokens.push((*token).to_owned());
        current.tags.push(index);
        previous = bio;
    }
    if !current.tokens.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// The corpus type (`PER`, `ORG`, `LOC`, `MISC`) of a record's entity type.
pub fn corpus_type(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "PER",
        EntityType::Organization => "ORG",
        EntityType::Location => "LOC",
        EntityType::Misc => "MISC",
    }
}

/// The record's entity type of a corpus type.
pub fn record_type(kind: &str) -> EntityType {
    match kind {
        "PER" => EntityType::Person,
        "ORG" => EntityType::Organization,
        "LOC" => EntityType::Location,
        _ => EntityType::Misc,
    }
}

/// Entity spans `(start, end, type)` of a BIO tag sequence (end exclusive).
pub fn spans(tags: &[usize]) -> Vec<(usize, usize, &'static str)> {
    const TYPES: [&str; 4] = ["PER", "ORG", "LOC", "MISC"];
    let mut spans = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        let tag = tags[i];
        if tag != 0 {
            let kind = (tag - 1) / 2;
            let mut end = i + 1;
            while end < tags.len() && tags[end] == kind * 2 + 2 {
                end += 1;
            }
            spans.push((i, end, TYPES[kind]));
            i = end;
        } else {
            i += 1;
        }
    }
    spans
}

/// A sentence as the stage sees it: its tokens joined by spaces and split again by the
/// stage's own tokenizer, with the gold tags carried over by char offsets. Training on these
/// makes the tagger learn the token conventions it meets in articles (`l'`, `U.S.-led`,
/// `München/Hamburg`) instead of each corpus's own.
pub fn retokenized(sentence: &Sentence) -> Vec<(crate::tokenize::Token, usize)> {
    let text = sentence.tokens.join(" ");
    // Char span of every corpus token.
    let mut bounds = Vec::with_capacity(sentence.tokens.len());
    let mut at = 0;
    for token in &sentence.tokens {
        let len = token.chars().count();
        bounds.push((at, at + len));
        at += len + 1;
    }
    let gold: Vec<(usize, usize, usize)> = spans(&sentence.tags)
        .into_iter()
        .map(|(s, e, kind)| {
            let kind = ["PER", "ORG", "LOC", "MISC"]
                .iter()
                .position(|k| *k == kind)
                .expect("a known type");
            (bounds[s].0, bounds[e - 1].1, kind)
        })
        .collect();
    let tokens: Vec<crate::tokenize::Token> = crate::tokenize::tokenize(&text)
        .into_iter()
        .flatten()
        .collect();
    let mut tags = vec![0; tokens.len()];
    for (start, end, kind) in gold {
        // The stage's tokens inside the name, without punctuation at either end; a token
        // that reaches outside the name (`US` of `US-Präsident`) stays outside.
        let inside: Vec<usize> = (0..tokens.len())
            .filter(|i| start <= tokens[*i].start && tokens[*i].end <= end)
            .collect();
        let word = |i: &&usize| tokens[**i].text.chars().any(letters::alphanumeric);
        let (Some(first), Some(last)) = (inside.iter().find(word), inside.iter().rev().find(word))
        else {
            continue;
        };
        tags[*first] = 2 * kind + 1;
        for tag in &mut tags[*first + 1..=*last] {
            *tag = 2 * kind + 2;
        }
    }
    tokens.into_iter().zip(tags).collect()
}

/// Precision, recall and F1 per type and micro-averaged, over the given types.
#[derive(Debug, Default)]
pub struct Scores {
    /// Per type: true positives, predicted, gold.
    pub by_type: BTreeMap<&'static str, (usize, usize, usize)>, // (true positives, predicted, gold)
}

impl Scores {
    /// Counts the spans of one sentence's gold and predicted tags.
    pub fn add(&mut self, gold: &[usize], predicted: &[usize], types: &[&str]) {
        let gold_spans: Vec<_> = spans(gold)
            .into_iter()
            .filter(|s| types.contains(&s.2))
            .collect();
        let predicted_spans: Vec<_> = spans(predicted)
            .into_iter()
            .filter(|s| types.contains(&s.2))
            .collect();
        for span in &predicted_spans {
            let entry = self.by_type.entry(span.2).or_default();
            entry.1 += 1;
            if gold_spans.contains(span) {
                entry.0 += 1;
            }
        }
        for span in &gold_spans {
            self.by_type.entry(span.2).or_default().2 += 1;
        }
    }

    /// Precision, recall and F1 (in percent) from counts.
    pub fn prf(tp: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
        let p = if predicted == 0 {
            0.0
        } else {
            tp as f64 / predicted as f64
        };
        let r = if gold == 0 {
            0.0
        } else {
            tp as f64 / gold as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (100.0 * p, 100.0 * r, 100.0 * f)
    }

    /// Micro-averaged precision, recall and F1 over PER, ORG and LOC.
    pub fn micro(&self) -> (f64, f64, f64) {
        let (tp, p, g) = self
            .by_type
            .values()
            .fold((0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2));
        Scores::prf(tp, p, g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iob1_becomes_bio() {
        let text = "EU NNP I-NP I-ORG\nrejects VBZ I-VP O\nPeter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\nSmith NNP I-NP B-PER\n\n-DOCSTART- -X- -X- O\n\nBRUSSELS NNP I-NP I-LOC\n";
        let sentences = parse(text).unwrap();
        assert_eq!(sentences.len(), 2);
        let tags: Vec<&str> = sentences[0]
            .tags
            .iter()
            .map(|t| crate::model::TAGS[*t])
            .collect();
        assert_eq!(tags, ["B-ORG", "O", "B-PER", "I-PER", "B-PER"]);
        assert_eq!(
            spans(&sentences[0].tags),
            vec![(0, 1, "ORG"), (2, 4, "PER"), (4, 5, "PER")]
        );
    }

    #[test]
    fn exact_span_scoring() {
        let mut scores = Scores::default();
        let gold = [1, 2, 0, 5];
        let predicted = [1, 0, 0, 5];
        scores.add(&gold, &predicted, &["PER", "ORG", "LOC"]);
        assert_eq!(scores.by_type["PER"], (0, 1, 1));
        assert_eq!(scores.by_type["LOC"], (1, 1, 1));
        let (p, r, f) = scores.micro();
        assert_eq!((p.round(), r.round(), f.round()), (50.0, 50.0, 50.0));
    }
}
