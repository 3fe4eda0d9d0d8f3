//! Training the tagger: an averaged perceptron over CoNLL sentences, with deterministic
//! shuffling so a training run is reproducible.

use crate::model::{
    previous_tags, scores, static_features, tag_features, Beam, Tagger, TokenInfo, Weights, N_TAGS,
};

/// One training sequence with its precomputed static features.
pub struct Example {
    /// The sentence's tokens.
    pub tokens: Vec<TokenInfo>,
    /// Their gold tags.
    pub tags: Vec<usize>,
    statics: Vec<Vec<u64>>,
}

impl Example {
    /// A sentence of tokens and their gold tags.
    pub fn new(tokens: Vec<TokenInfo>, tags: Vec<usize>) -> Self {
        let statics = static_features(&tokens);
        Example {
            tokens,
            tags,
            statics,
        }
    }
}

/// Weights with the bookkeeping for averaging: total of each weight over time, and when it
/// last changed (lazy averaging).
#[derive(Default)]
struct Averaged {
    current: Weights,
    totals: Weights,
    stamps: std::collections::HashMap<
        u64,
        [u64; N_TAGS],
        std::hash::BuildHasherDefault<crate::model::IdentityHasher>,
    >,
    clock: u64,
}

impl Averaged {
    fn update(&mut self, feature: u64, tag: usize, delta: f32) {
        let w = self.current.entry(feature).or_insert([0.0; N_TAGS]);
        let total = self.totals.entry(feature).or_insert([0.0; N_TAGS]);
        let stamp = self.stamps.entry(feature).or_insert([0; N_TAGS]);
        total[tag] += (self.clock - stamp[tag]) as f32 * w[tag];
        stamp[tag] = self.clock;
        w[tag] += delta;
    }

    fn average(mut self) -> Weights {
        let clock = self.clock.max(1);
        let mut averaged =
            Weights::with_capacity_and_hasher(self.current.len(), Default::default());
        for (feature, w) in self.current.drain() {
            let total = self.totals[&feature];
            let stamp = self.stamps[&feature];
            let mut avg = [0f32; N_TAGS];
            for t in 0..N_TAGS {
                let sum = total[t] + (clock - stamp[t]) as f32 * w[t];
                avg[t] = sum / clock as f32;
            }
            // Drop weights too small to change a decision: smaller model, same tagger.
            if avg.iter().any(|v| v.abs() >= 1e-3) {
                averaged.insert(feature, avg);
            }
        }
        averaged
    }
}

/// Weights of the averaged runs smaller than this are dropped: a smaller model (English: 129k
/// weights kept of 129k at 0.02, 95k at 0.25), the same F1. With word clusters 0.5 was too much (English tagger on `eng.testa`: 92.46 at
/// 0.45, 85.57 at 0.5; 92.50 at 0.02, 0.1, 0.25 and 0.35: BENCHMARKS.md).
const MIN_WEIGHT: f32 = 0.25;

/// Trains `runs` taggers, each for `epochs` passes over the sentences in its own shuffled
/// order, and averages their weights: one run's F1 moves by up to a point with the order
/// alone (BENCHMARKS.md); the average is about as good as the mean run and does not depend
/// on luck. `report` is called after each epoch with (run, epoch, token errors).
pub fn train(
    examples: &[Example],
    epochs: usize,
    runs: usize,
    mut report: impl FnMut(usize, usize, usize),
) -> Tagger {
    let runs = runs.max(1);
    let mut sum = Weights::default();
    for run in 0..runs {
        let weights = train_one(examples, epochs, run as u64, |epoch, errors| {
            report(run + 1, epoch, errors)
        });
        for (feature, w) in weights {
            let total = sum.entry(feature).or_insert([0.0; N_TAGS]);
            for (total, w) in total.iter_mut().zip(w) {
                *total += w / runs as f32;
            }
        }
    }
    sum.retain(|_, w| w.iter().any(|v| v.abs() >= MIN_WEIGHT));
    Tagger::new(sum)
}

/// One run: `epochs` passes in the order of shuffle `run`.
///
/// Structured perceptron with beam search and early update (Collins and Roark, 2004): a
/// sentence is decoded as at inference; as soon as the gold tagging falls out of the beam (or
/// at the end, if the best tagging is wrong) the weights move towards the gold tags and away
/// from the best hypothesis, over the tokens seen so far.
fn train_one(
    examples: &[Example],
    epochs: usize,
    run: u64,
    mut report: impl FnMut(usize, usize),
) -> Weights {
    let mut model = Averaged::default();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    // Run 0 keeps the order every model was trained in before the runs were averaged.
    let mut seed = 0x2545_f491_4f6c_dd1d_u64 ^ run.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut extra = Vec::with_capacity(4);
    for epoch in 0..epochs {
        // Fisher–Yates with xorshift: the same order on every machine.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        let mut errors = 0;
        for &index in &order {
            let example = &examples[index];
            let mut beam = Beam::new();
            for (i, features) in example.statics.iter().enumerate() {
                model.clock += 1;
                beam.step(
                    &example.tokens[i],
                    features,
                    Some(example.tags[i]),
                    |features, extra| scores(&model.current, features, extra),
                );
                if !beam.holds_gold() {
                    break;
                }
            }
            let guess = beam.best_tags();
            let gold = &example.tags[..guess.len()];
            if guess == gold {
                continue;
            }
            errors += guess.iter().zip(gold).filter(|(g, t)| g != t).count();
            for (tags, delta) in [(gold, 1.0), (&guess[..], -1.0)] {
                for (i, &tag) in tags.iter().enumerate() {
                    let (prev, prev2) = previous_tags(tags, i);
                    extra.clear();
                    tag_features(&example.tokens[i], prev, prev2, &mut extra);
                    for &f in example.statics[i].iter().chain(extra.iter()) {
                        model.update(f, tag, delta);
                    }
                }
            }
        }
        report(epoch + 1, errors);
    }
    model.average()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tag_index;

    fn sentence(words: &[(&str, &str)]) -> Example {
        let tokens = words
            .iter()
            .enumerate()
            .map(|(i, (w, _))| TokenInfo::new(w, i == 0))
            .collect();
        let tags = words.iter().map(|(_, t)| tag_index(t).unwrap()).collect();
        Example::new(tokens, tags)
    }

    #[test]
    fn training_learns_its_sentences_and_tags_a_new_one_alike() {
        let examples = [
            sentence(&[
                ("Yesterday", "O"),
                ("Anna", "B-PER"),
                ("Berg", "I-PER"),
                ("left", "O"),
            ]),
            sentence(&[
                ("The", "O"),
                ("Bank", "B-ORG"),
                ("of", "I-ORG"),
                ("Oslo", "I-ORG"),
                ("said", "O"),
            ]),
            sentence(&[("She", "O"), ("lives", "O"), ("in", "O"), ("Oslo", "B-LOC")]),
            sentence(&[
                ("Anna", "B-PER"),
                ("Berg", "I-PER"),
                ("said", "O"),
                ("so", "O"),
            ]),
        ];
        let mut errors = Vec::new();
        let tagger = train(&examples, 10, 2, |run, _, e| errors.push((run, e)));
        assert_eq!(errors.len(), 20);
        for run in [1, 2] {
            let errors: Vec<usize> = errors
                .iter()
                .filter(|(r, _)| *r == run)
                .map(|(_, e)| *e)
                .collect();
            assert!(
                errors[0] > 0 && *errors.last().unwrap() == 0,
                "run {run}: {errors:?}"
            );
        }
        for example in &examples {
            assert_eq!(tagger.tag(&example.tokens), example.tags);
        }
        // The same words in a new sentence.
        let new = sentence(&[
            ("Then", "O"),
            ("Anna", "B-PER"),
            ("Berg", "I-PER"),
            ("left", "O"),
        ]);
        assert_eq!(tagger.tag(&new.tokens), new.tags);
    }
}
