//! Training the tagger: an averaged perceptron over CoNLL sentences, with deterministic
//! shuffling so a training run is reproducible.

use crate::model::{
    best_allowed, scores, static_features, tag_features, Tagger, TokenInfo, Weights, N_TAGS, START,
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

/// Trains for `epochs` passes; `report` is called after each with (epoch, token errors).
pub fn train(examples: &[Example], epochs: usize, mut report: impl FnMut(usize, usize)) -> Tagger {
    let mut model = Averaged::default();
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
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
            let mut predicted: Vec<usize> = Vec::with_capacity(example.tags.len());
            for (i, features) in example.statics.iter().enumerate() {
                model.clock += 1;
                // Tag features from the model's own previous predictions (as at inference).
                let prev = if i >= 1 { predicted[i - 1] } else { START };
                let prev2 = if i >= 2 { predicted[i - 2] } else { START };
                extra.clear();
                tag_features(&example.tokens[i], prev, prev2, &mut extra);
                let guess = best_allowed(&scores(&model.current, features, &extra), prev);
                let gold = example.tags[i];
                if guess != gold {
                    errors += 1;
                    for &f in features.iter().chain(extra.iter()) {
                        model.update(f, gold, 1.0);
                        model.update(f, guess, -1.0);
                    }
                }
                predicted.push(guess);
            }
        }
        report(epoch + 1, errors);
    }
    Tagger::new(model.average())
}
