//! The tagger: an averaged perceptron over hashed features, decoded left to right by beam
//! search with the two previous tags as features (BIO tags over PER, ORG, LOC, MISC).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Read, Write};
use std::sync::{Mutex, PoisonError};

use crate::letters;

/// The tags, in weight-vector order.
pub const TAGS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];
/// Number of tags (`O` and B/I of four types).
pub const N_TAGS: usize = TAGS.len();

/// Tag index of a tag name.
pub fn tag_index(tag: &str) -> Option<usize> {
    TAGS.iter().position(|t| *t == tag)
}

/// Keys are already 64-bit hashes: no need to hash them again.
#[derive(Default)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Feature hash to per-tag weights.
pub type Weights = HashMap<u64, [f32; N_TAGS], BuildHasherDefault<IdentityHasher>>;

/// FNV-1a, seeded by the feature template, over the feature's parts.
pub struct FeatureHash(u64);

impl FeatureHash {
    /// Starts a feature of one template (its number keeps templates apart).
    pub fn new(template: u8) -> Self {
        let mut h = FeatureHash(0xcbf2_9ce4_8422_2325);
        h.byte(template);
        h
    }
    fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
    }
    /// Adds a string to the feature.
    pub fn str(mut self, s: &str) -> Self {
        for b in s.bytes() {
            self.byte(b);
        }
        self.byte(0xff);
        self
    }
    /// Adds a number to the feature: its bytes from the lowest up to the last non-zero one (a
    /// number below 256 hashes as the one byte it always did, so older models keep their
    /// features; gazetteer bit sets above 255 are told apart).
    pub fn num(mut self, mut n: usize) -> Self {
        loop {
            self.byte(n as u8);
            n >>= 8;
            if n == 0 {
                break;
            }
        }
        self.byte(0xfe);
        self
    }
    /// The feature's hash.
    pub fn finish(self) -> u64 {
        // Final avalanche so similar inputs spread (splitmix64 finaliser).
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// What the features need to know about one token.
#[derive(Debug, Clone)]
pub struct TokenInfo {
    /// Lower-cased, digits mapped to `0`, typographic apostrophes to `'`.
    pub lower: String,
    /// Character classes (`X`, `x`, `d`, others kept), runs collapsed: `Xx`, `X.X.`, `d-d`.
    pub shape: String,
    /// The token starts a sentence.
    pub sentence_start: bool,
    /// Knowledge-base hints: which kinds of alias this token is part of (bit set) and whether
    /// it begins one.
    pub gazetteer: u16,
    /// The token begins a gazetteer match.
    pub gazetteer_begin: bool,
    /// The word's Brown cluster (`Some(0)`: a word the table does not hold), `None` for a
    /// model that reads no clusters ([`crate::clusters`]).
    pub cluster: Option<u32>,
}

impl TokenInfo {
    /// A token's information before gazetteer hints.
    pub fn new(text: &str, sentence_start: bool) -> Self {
        let mut lower = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '0'..='9' => lower.push('0'),
                '\u{2019}' | '\u{2018}' => lower.push('\''),
                c => letters::push_lowercase(&mut lower, c),
            }
        }
        let mut shape = String::with_capacity(8);
        let mut last = '\0';
        for c in text.chars() {
            let class = if letters::uppercase(c) {
                'X'
            } else if letters::lowercase(c) {
                'x'
            } else if c.is_numeric() {
                'd'
            } else if c == '\u{2019}' {
                '\''
            } else {
                c
            };
            if class != last {
                shape.push(class);
                last = class;
            }
        }
        TokenInfo {
            lower,
            shape,
            sentence_start,
            gazetteer: 0,
            gazetteer_begin: false,
            cluster: None,
        }
    }
}

const BOUNDARY: &str = "\u{1}";
/// Longest prefix and suffix, in characters, that is a feature.
const AFFIX_CHARS: usize = 6;

/// The feature of the word itself (lower-cased, as [`TokenInfo::lower`]).
fn word_feature(lower: &str) -> u64 {
    FeatureHash::new(1).str(lower).finish()
}

/// Features that do not depend on predicted tags, for every token of a sequence.
pub fn static_features(tokens: &[TokenInfo]) -> Vec<Vec<u64>> {
    let writer = StaticFeatures::new(tokens);
    (0..tokens.len())
        .map(|i| {
            let mut features = Vec::with_capacity(44);
            writer.write(i, &mut features);
            features
        })
        .collect()
}

/// Writes one token's features that do not depend on predicted tags (into a buffer the
/// caller reuses: tagging allocates nothing per token for them).
pub struct StaticFeatures<'a> {
    tokens: &'a [TokenInfo],
    /// Most of the sequence's words are in capitals (a headline): capitals say less.
    all_caps: bool,
}

impl<'a> StaticFeatures<'a> {
    /// The features of a sequence.
    pub fn new(tokens: &'a [TokenInfo]) -> Self {
        let (mut letters, mut capitals) = (0, 0);
        for t in tokens.iter().filter(|t| t.shape.contains(['X', 'x'])) {
            letters += 1;
            capitals += usize::from(!t.shape.contains('x'));
        }
        StaticFeatures {
            tokens,
            all_caps: letters >= 3 && capitals * 10 >= letters * 8,
        }
    }

    /// Replaces `f` with the features of token `i`: [`StaticFeatures::write_word`]'s, then
    /// [`StaticFeatures::write_context`]'s.
    pub fn write(&self, i: usize, f: &mut Vec<u64>) {
        self.write_word(i, f);
        self.write_context(i, f);
    }

    /// The lower-cased word at `i`, or the boundary marker outside the sequence.
    fn word(&self, i: isize) -> &str {
        match self.token(i) {
            Some(t) => &t.lower,
            None => BOUNDARY,
        }
    }

    /// The shape of the word at `i`, or the boundary marker outside the sequence.
    fn shape(&self, i: isize) -> &str {
        match self.token(i) {
            Some(t) => &t.shape,
            None => BOUNDARY,
        }
    }

    /// The gazetteer bits of the word at `i` (none outside the sequence).
    fn gaz(&self, i: isize) -> usize {
        self.token(i).map_or(0, |t| t.gazetteer as usize)
    }

    /// The cluster of the word at `i` (`usize::MAX` outside the sequence).
    fn cluster(&self, i: isize) -> usize {
        self.token(i)
            .map_or(usize::MAX, |t| t.cluster.unwrap_or(0) as usize)
    }

    fn token(&self, i: isize) -> Option<&TokenInfo> {
        usize::try_from(i).ok().and_then(|i| self.tokens.get(i))
    }

    /// Replaces `f` with the features of token `i`'s word alone (the bias, the word, its shape,
    /// its prefixes and suffixes): the same for every occurrence of the word, so their summed
    /// weights can be kept ([`Tagger::tag_with_margins`]).
    pub fn write_word(&self, i: usize, f: &mut Vec<u64>) {
        let i = i as isize;
        let w = self.word(i);
        f.clear();
        f.push(FeatureHash::new(0).finish());
        f.push(word_feature(w));
        f.push(FeatureHash::new(2).str(self.shape(i)).finish());
        // Prefixes and suffixes of one to six characters (longer endings such as `-schaft`,
        // `-ström`, `-ovich` tell names and nouns apart; 4, 5, 6 and 7 measured in BENCHMARKS.md).
        let n_chars = w.chars().count();
        let mut prefix_ends = w.char_indices().map(|(at, _)| at).skip(1).chain([w.len()]);
        let mut suffix_starts = w.char_indices().rev().map(|(at, _)| at);
        for n in 1..=AFFIX_CHARS.min(n_chars) {
            let prefix = &w[..prefix_ends.next().unwrap_or(w.len())];
            let suffix = &w[suffix_starts.next().unwrap_or(0)..];
            f.push(FeatureHash::new(3).num(n).str(prefix).finish());
            f.push(FeatureHash::new(4).num(n).str(suffix).finish());
        }
    }

    /// Appends to `f` the features of token `i` in its context (neighbours, flags,
    /// gazetteer, clusters).
    pub fn write_context(&self, i: usize, f: &mut Vec<u64>) {
        let all_caps = self.all_caps;
        let word = |i: isize| self.word(i);
        let shape = |i: isize| self.shape(i);
        let gaz = |i: isize| self.gaz(i);
        let cluster = |i: isize| self.cluster(i);
        let t = &self.tokens[i];
        let i = i as isize;
        let w = word(i);
        f.push(FeatureHash::new(5).str(word(i - 1)).finish());
        f.push(FeatureHash::new(6).str(word(i + 1)).finish());
        f.push(FeatureHash::new(7).str(word(i - 2)).finish());
        f.push(FeatureHash::new(8).str(word(i + 2)).finish());
        f.push(FeatureHash::new(9).str(shape(i - 1)).finish());
        f.push(FeatureHash::new(10).str(shape(i + 1)).finish());
        f.push(FeatureHash::new(11).str(word(i - 1)).str(w).finish());
        f.push(FeatureHash::new(12).str(w).str(word(i + 1)).finish());
        f.push(
            FeatureHash::new(13)
                .str(shape(i - 1))
                .str(shape(i))
                .str(shape(i + 1))
                .finish(),
        );
        f.push(
            FeatureHash::new(14)
                .num(usize::from(t.sentence_start))
                .str(shape(i))
                .finish(),
        );
        f.push(
            FeatureHash::new(15)
                .num(usize::from(all_caps))
                .str(shape(i))
                .finish(),
        );
        if all_caps {
            f.push(FeatureHash::new(16).str(w).finish());
        }
        f.push(
            FeatureHash::new(17)
                .num(gaz(i))
                .num(usize::from(t.gazetteer_begin))
                .finish(),
        );
        f.push(
            FeatureHash::new(18)
                .num(gaz(i - 1))
                .num(gaz(i))
                .num(gaz(i + 1))
                .finish(),
        );
        f.push(FeatureHash::new(19).num(gaz(i)).str(shape(i)).finish());
        f.push(FeatureHash::new(20).str(word(i - 1)).str(shape(i)).finish());
        f.push(FeatureHash::new(21).str(shape(i)).str(word(i + 1)).finish());
        // The shapes of the two words before and the two after: where a name of several
        // capitalised words starts and ends.
        f.push(
            FeatureHash::new(22)
                .str(shape(i - 2))
                .str(shape(i - 1))
                .str(shape(i))
                .finish(),
        );
        f.push(
            FeatureHash::new(23)
                .str(shape(i))
                .str(shape(i + 1))
                .str(shape(i + 2))
                .finish(),
        );
        // Brown clusters: the path's first 4, 6 and 10 steps and the whole path (a name the
        // corpus never showed sits beside names it did), the neighbours' clusters, and the
        // cluster with the word's shape (`Die` starting a sentence is not `die` as a name).
        if let Some(c) = t.cluster {
            let c = c as usize;
            for bits in [4, 6, 10] {
                f.push(
                    FeatureHash::new(24)
                        .num(bits)
                        .num(c & ((1 << bits) - 1))
                        .finish(),
                );
            }
            f.push(FeatureHash::new(25).num(c).finish());
            f.push(FeatureHash::new(26).num(cluster(i - 1)).finish());
            f.push(FeatureHash::new(27).num(cluster(i + 1)).finish());
            f.push(FeatureHash::new(28).num(c & 0x3ff).str(shape(i)).finish());
        }
    }
}

/// Features that depend on the tags predicted for the previous two tokens.
pub fn tag_features(token: &TokenInfo, prev: usize, prev2: usize, out: &mut Vec<u64>) {
    out.push(previous_tag_feature(prev));
    out.extend(previous_tag_word_features(token, prev));
    out.push(tag_pair_feature(prev, prev2));
}

/// The feature of the previous tag alone.
fn previous_tag_feature(prev: usize) -> u64 {
    FeatureHash::new(30).num(prev).finish()
}

/// The previous tag with the token's word and with its shape.
fn previous_tag_word_features(token: &TokenInfo, prev: usize) -> [u64; 2] {
    [
        FeatureHash::new(32).num(prev).str(&token.lower).finish(),
        FeatureHash::new(33).num(prev).str(&token.shape).finish(),
    ]
}

/// How a beam step scores the features that see tags.
pub trait TagScores {
    /// The features of the previous tag, alone and with the token's word and shape (shared
    /// by hypotheses ending alike).
    fn previous(&mut self, token: &TokenInfo, prev: usize) -> [f32; N_TAGS];
    /// The feature of the previous two tags.
    fn pair(&mut self, prev: usize, prev2: usize) -> [f32; N_TAGS];
}

/// Tag features scored by a function summing the weights of feature hashes (training's
/// weights, which change at every step).
struct ByFeatures<F>(F);

impl<F: FnMut(&[u64], &[u64]) -> [f32; N_TAGS]> TagScores for ByFeatures<F> {
    fn previous(&mut self, token: &TokenInfo, prev: usize) -> [f32; N_TAGS] {
        let [word, shape] = previous_tag_word_features(token, prev);
        (self.0)(&[], &[previous_tag_feature(prev), word, shape])
    }

    fn pair(&mut self, prev: usize, prev2: usize) -> [f32; N_TAGS] {
        (self.0)(&[], &[tag_pair_feature(prev, prev2)])
    }
}

/// The feature of the previous two tags.
fn tag_pair_feature(prev: usize, prev2: usize) -> u64 {
    FeatureHash::new(31).num(prev2).num(prev).finish()
}

/// The score of every tag: the sum of the weights of the features present.
pub fn scores(weights: &Weights, features: &[u64], extra: &[u64]) -> [f32; N_TAGS] {
    let mut scores = [0f32; N_TAGS];
    for f in features.iter().chain(extra) {
        if let Some(w) = weights.get(f) {
            for (s, w) in scores.iter_mut().zip(w) {
                *s += w;
            }
        }
    }
    scores
}

/// Start-of-sequence pseudo tag for `prev`/`prev2`.
pub const START: usize = N_TAGS;

/// A trained tagger.
pub struct Tagger {
    store: Store,
    /// The summed weights of words' own features, by word ([`Tagger::word_scores`]).
    words: Mutex<WordScores>,
    /// The weights of the features of tags alone.
    tags: TagWeights,
}

/// The weights of the features that see tags alone (the previous tag; the previous two),
/// looked up once: every beam step of every token needs some of them.
struct TagWeights {
    /// By previous tag (or [`START`]).
    previous: [[f32; N_TAGS]; N_TAGS + 1],
    /// By previous tag times `N_TAGS + 1` plus the tag before it.
    pair: [[f32; N_TAGS]; (N_TAGS + 1) * (N_TAGS + 1)],
}

impl TagWeights {
    /// The features' weights, each summed from zero as a lookup does.
    fn of(store: &Store) -> TagWeights {
        let weights = |feature: u64| {
            let mut scores = [0f32; N_TAGS];
            store.add_scores(&[feature], &mut scores);
            scores
        };
        TagWeights {
            previous: std::array::from_fn(|prev| weights(previous_tag_feature(prev))),
            pair: std::array::from_fn(|at| {
                weights(tag_pair_feature(at / (N_TAGS + 1), at % (N_TAGS + 1)))
            }),
        }
    }
}

impl TagScores for &Tagger {
    fn previous(&mut self, token: &TokenInfo, prev: usize) -> [f32; N_TAGS] {
        let mut scores = self.tags.previous[prev];
        self.store
            .add_scores(&previous_tag_word_features(token, prev), &mut scores);
        scores
    }

    fn pair(&mut self, prev: usize, prev2: usize) -> [f32; N_TAGS] {
        self.tags.pair[prev * (N_TAGS + 1) + prev2]
    }
}

/// Word key ([`word_key`]) to the summed weights of the word's own features.
type WordScores = HashMap<u64, [f32; N_TAGS], BuildHasherDefault<IdentityHasher>>;

/// Words whose own features' weights a tagger keeps summed: as many as a table of 16,384
/// slots holds (under 1 MB a model); past it the table starts again (the frequent words come
/// back first).
const KEPT_WORDS: usize = 16_384 / 8 * 7;

/// A word and its shape as one 64-bit key, as the model tells features apart.
fn word_key(token: &TokenInfo) -> u64 {
    FeatureHash::new(u8::MAX)
        .str(&token.lower)
        .str(&token.shape)
        .finish()
}

/// Where the weights live: a map while training, or the saved file itself, read in place
/// (the shipped models are part of the binary: no heap copy, and the pages are shared by every
/// worker process on the host).
enum Store {
    Map(Weights),
    Packed(Packed),
}

impl Store {
    /// Adds the weights of `features`, in order, to `scores`.
    fn add_scores(&self, features: &[u64], scores: &mut [f32; N_TAGS]) {
        match self {
            Store::Map(map) => {
                for f in features {
                    if let Some(w) = map.get(f) {
                        for (s, w) in scores.iter_mut().zip(w) {
                            *s += w;
                        }
                    }
                }
            }
            Store::Packed(packed) => packed.add_all(features, scores),
        }
    }
}

/// A saved model read in place: records sorted by feature hash, found through an index of the
/// hash's top 16 bits (a few records per bucket).
struct Packed {
    records: &'static [u8],
    count: usize,
    /// `index[b]`: the first record whose hash's top 16 bits are `b` or more.
    index: Box<[u32]>,
    /// Bits 16..48 of every record's hash, side by side: a bucket's search touches one cache
    /// line instead of the interleaved records (4 bytes a feature on the heap).
    middle: Box<[u32]>,
}

/// Bytes of one saved record: the feature hash, then a half float per tag.
const RECORD: usize = 8 + 2 * N_TAGS;

impl Packed {
    fn key(&self, i: usize) -> u64 {
        let at = i * RECORD;
        u64::from_le_bytes(self.records[at..at + 8].try_into().expect("8 bytes"))
    }

    fn get(&self, feature: u64) -> Option<[f32; N_TAGS]> {
        let mut w = [0f32; N_TAGS];
        self.add_to(feature, &mut w).then_some(w)
    }

    /// Where the record of `feature` may be, given its bucket's range of records: the first
    /// whose middle bits are the feature's, or `usize::MAX` (no record has them).
    fn candidate_in(&self, feature: u64, (lo, hi): (usize, usize)) -> usize {
        let middle = (feature >> 16) as u32;
        let first = lo + self.middle[lo..hi].partition_point(|m| *m < middle);
        if first < hi && self.middle[first] == middle {
            first
        } else {
            usize::MAX
        }
    }

    /// The range of records in the bucket of `feature`.
    fn bucket(&self, feature: u64) -> (usize, usize) {
        let bucket = (feature >> 48) as usize;
        (self.index[bucket] as usize, self.index[bucket + 1] as usize)
    }

    /// [`Packed::candidate_in`] the feature's bucket.
    fn candidate(&self, feature: u64) -> usize {
        self.candidate_in(feature, self.bucket(feature))
    }

    /// Adds the weights of `feature` to `scores` if a record from `first` (a
    /// [`Packed::candidate`]) on is the feature's; whether one is.
    fn add_from(&self, first: usize, feature: u64, scores: &mut [f32; N_TAGS]) -> bool {
        let middle = (feature >> 16) as u32;
        // Within a bucket the records are sorted by hash, so by these middle bits too; the
        // few that share them are told apart by the whole hash (a record past the bucket has
        // a greater hash and ends the search).
        for mid in first..self.count {
            if self.middle[mid] != middle {
                break;
            }
            match self.key(mid).cmp(&feature) {
                std::cmp::Ordering::Less => continue,
                std::cmp::Ordering::Greater => break,
                std::cmp::Ordering::Equal => {
                    let at = mid * RECORD + 8;
                    for (s, pair) in scores
                        .iter_mut()
                        .zip(self.records[at..at + 2 * N_TAGS].chunks_exact(2))
                    {
                        *s += half::to_f32(u16::from_le_bytes([pair[0], pair[1]]));
                    }
                    return true;
                }
            }
        }
        false
    }

    /// Adds the weights of `feature` to `scores`; whether the model has the feature.
    fn add_to(&self, feature: u64, scores: &mut [f32; N_TAGS]) -> bool {
        let first = self.candidate(feature);
        first != usize::MAX && self.add_from(first, feature, scores)
    }

    /// Adds the weights of every feature, in order. A batch of features is looked up step by
    /// step (buckets, then their middle bits, then the records), each step reading memory
    /// for every feature of the batch at once instead of waiting on one read after another.
    fn add_all(&self, features: &[u64], scores: &mut [f32; N_TAGS]) {
        const BATCH: usize = 48;
        for batch in features.chunks(BATCH) {
            let mut buckets = [(0, 0); BATCH];
            for (bucket, &feature) in buckets.iter_mut().zip(batch) {
                *bucket = self.bucket(feature);
            }
            let mut touched = 0;
            for &(lo, _) in &buckets[..batch.len()] {
                touched ^= self.middle.get(lo).copied().unwrap_or(0);
            }
            std::hint::black_box(touched);
            let mut candidates = [usize::MAX; BATCH];
            for ((candidate, &feature), &bucket) in candidates.iter_mut().zip(batch).zip(&buckets) {
                *candidate = self.candidate_in(feature, bucket);
            }
            let mut touched = 0;
            for &candidate in &candidates[..batch.len()] {
                if candidate != usize::MAX {
                    // A record may span two cache lines.
                    touched ^= self.records[candidate * RECORD]
                        ^ self.records[candidate * RECORD + RECORD - 1];
                }
            }
            std::hint::black_box(touched);
            for (&candidate, &feature) in candidates.iter().zip(batch) {
                if candidate != usize::MAX {
                    self.add_from(candidate, feature, scores);
                }
            }
        }
    }
}

impl Tagger {
    fn with_store(store: Store) -> Tagger {
        Tagger {
            tags: TagWeights::of(&store),
            store,
            words: Mutex::default(),
        }
    }

    /// A tagger with these weights.
    pub fn new(weights: Weights) -> Self {
        Tagger::with_store(Store::Map(weights))
    }

    /// Whether training taught the model anything about this word (lower-cased, as
    /// [`TokenInfo::lower`]): a weight for its word feature.
    pub fn knows_word(&self, lower: &str) -> bool {
        self.weight(word_feature(lower)).is_some()
    }

    /// Whether training taught the model that this word (lower-cased) is usually no name: its
    /// word feature weighs `O` above every name tag.
    pub fn word_leans_outside(&self, lower: &str) -> bool {
        self.weight(word_feature(lower)).is_some_and(|w| {
            let outside = w[0];
            w[1..].iter().all(|&v| v < outside)
        })
    }

    /// Whether training taught the model that this word (lower-cased) starts names: its word
    /// feature weighs some `B-` tag above `O`.
    pub fn word_starts_names(&self, lower: &str) -> bool {
        self.weight(word_feature(lower)).is_some_and(|w| {
            let outside = w[0];
            (1..N_TAGS).step_by(2).any(|b| w[b] > outside)
        })
    }

    /// How many features have weights.
    pub fn len(&self) -> usize {
        match &self.store {
            Store::Map(map) => map.len(),
            Store::Packed(packed) => packed.count,
        }
    }

    /// Whether the model has no weights at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The weights of one feature.
    pub fn weight(&self, feature: u64) -> Option<[f32; N_TAGS]> {
        match &self.store {
            Store::Map(map) => map.get(&feature).copied(),
            Store::Packed(packed) => packed.get(feature),
        }
    }

    fn scores(&self, features: &[u64], extra: &[u64]) -> [f32; N_TAGS] {
        let mut scores = [0f32; N_TAGS];
        self.add_scores(features, &mut scores);
        self.add_scores(extra, &mut scores);
        scores
    }

    /// Adds the weights of `features`, in order, to `scores`.
    fn add_scores(&self, features: &[u64], scores: &mut [f32; N_TAGS]) {
        self.store.add_scores(features, scores);
    }

    /// Tags a sequence (beam search); an `I-X` never follows anything but `B-X`/`I-X`.
    pub fn tag(&self, tokens: &[TokenInfo]) -> Vec<usize> {
        self.tag_with_margins(tokens).tags
    }

    /// Tags and, for each token, the margin of its tag over the runner-up given the tags
    /// before it (how sure the tagger is: the post-processing trusts a confident tag over the
    /// KB).
    pub fn tag_with_margins(&self, tokens: &[TokenInfo]) -> Tagged {
        let statics = StaticFeatures::new(tokens);
        let mut features = Vec::with_capacity(44);
        let mut beam = Beam::for_decoding(tokens.len());
        // The tag features' weights: from the tables read at load, and the model's.
        let mut tag_scores = self;
        for (i, token) in tokens.iter().enumerate() {
            let mut scores = self.word_scores(&statics, i, &mut features);
            features.clear();
            statics.write_context(i, &mut features);
            self.add_scores(&features, &mut scores);
            beam.step_scored(token, scores, None, &mut tag_scores);
        }
        beam.best_with_margins()
    }

    /// The summed weights of token `i`'s word features ([`StaticFeatures::write_word`]), the
    /// first a token sums: kept per word, since most tokens of running text are words seen
    /// before (70% of GermEval's dev tokens), and the sum is the same float for float.
    fn word_scores(
        &self,
        statics: &StaticFeatures,
        i: usize,
        features: &mut Vec<u64>,
    ) -> [f32; N_TAGS] {
        let key = word_key(&statics.tokens[i]);
        let kept = || self.words.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(scores) = kept().get(&key) {
            return *scores;
        }
        statics.write_word(i, features);
        let scores = self.scores(features, &[]);
        let mut words = kept();
        if words.len() >= KEPT_WORDS {
            words.clear();
        }
        words.insert(key, scores);
        scores
    }

    /// Serialises the weights: magic, count, then (hash, weights as half floats) little-endian,
    /// sorted by hash (the order [`Tagger::from_static`] reads in place).
    pub fn save(&self, out: &mut impl Write) -> io::Result<()> {
        let Store::Map(weights) = &self.store else {
            return Err(io::Error::other("only a freshly trained model is saved"));
        };
        out.write_all(MAGIC)?;
        let mut keys: Vec<&u64> = weights.keys().collect();
        keys.sort();
        out.write_all(&(keys.len() as u64).to_le_bytes())?;
        for key in keys {
            out.write_all(&key.to_le_bytes())?;
            for w in &weights[key] {
                out.write_all(&half::from_f32(*w).to_le_bytes())?;
            }
        }
        Ok(())
    }

    /// Reads weights written by [`Tagger::save`] (a weights file given to a command-line tool;
    /// the bytes live as long as the process).
    pub fn load(input: &mut impl Read) -> io::Result<Tagger> {
        let mut bytes = Vec::new();
        input.read_to_end(&mut bytes)?;
        Tagger::from_static(Box::leak(bytes.into_boxed_slice()))
    }

    /// A model read in place from bytes written by [`Tagger::save`] (the shipped models, part
    /// of the binary). Checks the magic, the length and that the hashes are strictly sorted.
    pub fn from_static(bytes: &'static [u8]) -> io::Result<Tagger> {
        let bad = |what: &str| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("not an entity model: {what}"),
            )
        };
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err(bad("wrong magic"));
        }
        let count = u64::from_le_bytes(bytes[8..16].try_into().expect("8 bytes")) as usize;
        if count > u32::MAX as usize || bytes.len() != 16 + count * RECORD {
            return Err(bad("truncated"));
        }
        let mut packed = Packed {
            records: &bytes[16..],
            count,
            index: Box::new([]),
            middle: Box::new([]),
        };
        let mut index = vec![0u32; (1 << 16) + 1];
        let mut previous = None;
        for i in 0..count {
            let key = packed.key(i);
            if previous.is_some_and(|p| p >= key) {
                return Err(bad("hashes not strictly sorted"));
            }
            previous = Some(key);
            index[(key >> 48) as usize + 1] += 1;
        }
        for b in 1..index.len() {
            index[b] += index[b - 1];
        }
        packed.index = index.into_boxed_slice();
        packed.middle = (0..count).map(|i| (packed.key(i) >> 16) as u32).collect();
        Ok(Tagger::with_store(Store::Packed(packed)))
    }
}

const MAGIC: &[u8; 8] = b"ENRNER01";

/// Hypotheses kept at each token. Greedy decoding (1) cannot undo an early choice: `Bank` as
/// the start of a person leaves `of England` no way to become an organisation.
pub const BEAM_WIDTH: usize = 4;

/// How far under the best hypothesis a decoding beam keeps others (see [`Beam::for_decoding`]).
/// Measured: at 70 every dev set scores as with the full beam and the stage is 20–35% faster;
/// at 50 `eng.testa` and Bosque move by ±0.1, at 20 by −0.8.
pub const PRUNE_BELOW_BEST: f32 = 70.0;

/// The tags before token `i` of a tag sequence (`START` before the first).
pub fn previous_tags(tags: &[usize], i: usize) -> (usize, usize) {
    let prev = if i >= 1 { tags[i - 1] } else { START };
    let prev2 = if i >= 2 { tags[i - 2] } else { START };
    (prev, prev2)
}

/// One partial tagging in the beam: the tag of its last token and of the one before, its
/// total score, the hypothesis it extends (an index into the previous token's beam) and
/// whether every tag so far is the gold one (training only).
#[derive(Debug, Clone, Copy, Default)]
struct Hypothesis {
    tag: u8,
    prev: u8,
    back: u8,
    gold: bool,
    score: f32,
}

/// One token's step of the beam: its hypotheses, best first, and the scores they were built
/// from (kept for the margins).
#[derive(Clone, Copy)]
struct Step {
    kept: [Hypothesis; BEAM_WIDTH],
    len: usize,
    /// Scores of the features that do not depend on tags.
    statics: [f32; N_TAGS],
    /// Scores of the tag features, one per hypothesis of the step before.
    dynamics: [[f32; N_TAGS]; BEAM_WIDTH],
}

/// A decoded sequence: per token its tag, the margin of that tag over the runner-up (negative
/// when the beam chose a tag its token scored below another, for the sake of the sequence),
/// and the runner-up tag.
#[derive(Debug, Clone, Default)]
pub struct Tagged {
    /// Tag indices ([`TAGS`]).
    pub tags: Vec<usize>,
    /// Margins of the tags over the runners-up.
    pub margins: Vec<f32>,
    /// The best other tag allowed after the same previous tags.
    pub runners_up: Vec<usize>,
}

/// Beam search over tag sequences. Two hypotheses ending in the same two tags score every
/// continuation alike (the tag features see two tags back), so only the better is kept: the
/// beam holds [`BEAM_WIDTH`] different endings. Linear in the sequence: a step keeps
/// back-pointers, not copies of the tags so far.
#[derive(Default)]
pub struct Beam {
    steps: Vec<Step>,
    /// Hypotheses this far below the best are dropped (decoding only: in a run of plain words
    /// the beam narrows to one and scores a fraction of the tag features).
    prune_below: Option<f32>,
}

impl Beam {
    /// An empty beam, as training uses it (never narrowed).
    pub fn new() -> Self {
        Beam::default()
    }

    /// An empty beam for decoding a sequence of `tokens`: hypotheses more than
    /// [`PRUNE_BELOW_BEST`] under the best are dropped.
    pub fn for_decoding(tokens: usize) -> Self {
        Beam {
            steps: Vec::with_capacity(tokens),
            prune_below: Some(PRUNE_BELOW_BEST),
        }
    }

    /// Extends every hypothesis by every allowed tag of the next token and keeps the best.
    /// `score(features, extra)` sums the weights; `gold` is the gold tag when training.
    pub fn step(
        &mut self,
        token: &TokenInfo,
        features: &[u64],
        gold: Option<usize>,
        mut score: impl FnMut(&[u64], &[u64]) -> [f32; N_TAGS],
    ) {
        let statics = score(features, &[]);
        self.step_scored(token, statics, gold, &mut ByFeatures(score));
    }

    /// [`Beam::step`] with the static features' scores summed already.
    pub fn step_scored(
        &mut self,
        token: &TokenInfo,
        statics: [f32; N_TAGS],
        gold: Option<usize>,
        tag_scores: &mut impl TagScores,
    ) {
        let start = Hypothesis {
            tag: START as u8,
            prev: START as u8,
            gold: true,
            ..Hypothesis::default()
        };
        let parents: &[Hypothesis] = match self.steps.last() {
            Some(step) => &step.kept[..step.len],
            None => std::slice::from_ref(&start),
        };
        let mut step = Step {
            kept: [Hypothesis::default(); BEAM_WIDTH],
            len: 0,
            statics,
            dynamics: [[0.0; N_TAGS]; BEAM_WIDTH],
        };
        // The features of the previous tag, scored once per distinct previous tag.
        let mut by_previous: [Option<[f32; N_TAGS]>; N_TAGS + 1] = [None; N_TAGS + 1];
        for (back, parent) in parents.iter().enumerate() {
            let (prev, prev2) = (usize::from(parent.tag), usize::from(parent.prev));
            let mut dynamic =
                *by_previous[prev].get_or_insert_with(|| tag_scores.previous(token, prev));
            let pair = tag_scores.pair(prev, prev2);
            for (d, p) in dynamic.iter_mut().zip(pair) {
                *d += p;
            }
            step.dynamics[back] = dynamic;
            for tag in (0..N_TAGS).filter(|&tag| allowed(prev, tag)) {
                step.keep(Hypothesis {
                    tag: tag as u8,
                    prev: parent.tag,
                    back: back as u8,
                    gold: parent.gold && gold == Some(tag),
                    score: parent.score + step.statics[tag] + dynamic[tag],
                });
            }
        }
        if let Some(gap) = self.prune_below {
            let floor = step.kept[0].score - gap;
            step.len = step.kept[..step.len].partition_point(|h| h.score >= floor);
        }
        self.steps.push(step);
    }

    /// Whether the gold tagging so far is still in the beam.
    pub fn holds_gold(&self) -> bool {
        self.steps
            .last()
            .is_some_and(|s| s.kept[..s.len].iter().any(|h| h.gold))
    }

    /// The tags of the best hypothesis of the last step, first token first.
    pub fn best_tags(&self) -> Vec<usize> {
        self.best_with_margins().tags
    }

    /// The best hypothesis's tags and, for each token, the margin of its tag over the best
    /// other tag allowed after the same previous tags (scored as the beam scored them), and
    /// that runner-up tag.
    pub fn best_with_margins(&self) -> Tagged {
        let mut tags = vec![0; self.steps.len()];
        let mut margins = vec![0.0; self.steps.len()];
        let mut runners_up = vec![0; self.steps.len()];
        let mut at = 0;
        for (i, step) in self.steps.iter().enumerate().rev() {
            let h = step.kept[at];
            let (tag, prev) = (usize::from(h.tag), usize::from(h.prev));
            let mut scores = step.statics;
            for (s, d) in scores.iter_mut().zip(step.dynamics[usize::from(h.back)]) {
                *s += d;
            }
            let runner_up = (0..N_TAGS)
                .filter(|&other| other != tag && allowed(prev, other))
                .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
                .unwrap_or(tag);
            tags[i] = tag;
            margins[i] = scores[tag] - scores[runner_up];
            runners_up[i] = runner_up;
            at = usize::from(h.back);
        }
        Tagged {
            tags,
            margins,
            runners_up,
        }
    }
}

impl Step {
    /// Keeps a candidate if it is among the best, best first (an earlier candidate wins a
    /// tie), and only the best of those ending in the same two tags.
    fn keep(&mut self, candidate: Hypothesis) {
        let kept = &mut self.kept[..self.len];
        if let Some(same) = kept
            .iter()
            .position(|k| (k.tag, k.prev) == (candidate.tag, candidate.prev))
        {
            if kept[same].score >= candidate.score {
                return;
            }
            self.kept.copy_within(same + 1..self.len, same);
            self.len -= 1;
        }
        let at = self.kept[..self.len].partition_point(|k| k.score >= candidate.score);
        if at >= BEAM_WIDTH {
            return;
        }
        let last = (self.len + 1).min(BEAM_WIDTH);
        self.kept.copy_within(at..last - 1, at + 1);
        self.kept[at] = candidate;
        self.len = last;
    }
}

/// BIO: `I-X` (odd indices 2, 4, 6, 8) only after `B-X` or `I-X`.
pub fn allowed(prev: usize, tag: usize) -> bool {
    if tag == 0 || tag % 2 == 1 {
        return true;
    }
    prev != START && prev != 0 && prev.div_ceil(2) == tag / 2
}

/// IEEE 754 half precision, enough for perceptron weights and half the size on disk.
mod half {
    pub fn from_f32(value: f32) -> u16 {
        let bits = value.to_bits();
        let sign = ((bits >> 16) & 0x8000) as u16;
        let exponent = ((bits >> 23) & 0xff) as i32 - 127 + 15;
        let mantissa = bits & 0x7f_ffff;
        if exponent <= 0 {
            sign
        } else if exponent >= 0x1f {
            sign | 0x7bff
        } else {
            let rounded = mantissa + 0x1000;
            if rounded & 0x80_0000 != 0 {
                let exponent = exponent + 1;
                if exponent >= 0x1f {
                    return sign | 0x7bff;
                }
                sign | ((exponent as u16) << 10)
            } else {
                sign | ((exponent as u16) << 10) | ((rounded >> 13) as u16)
            }
        }
    }

    /// The half back as an f32, without branches for the halves [`from_f32`] writes (no
    /// subnormals: a zero exponent is only ever ±0): the hot path of reading a model in place.
    #[inline]
    pub fn to_f32(half: u16) -> f32 {
        let sign = u32::from(half & 0x8000) << 16;
        let magnitude = u32::from(half & 0x7fff) << 13;
        let rebiased = if magnitude == 0 {
            0
        } else {
            magnitude + ((127 - 15) << 23)
        };
        f32::from_bits(sign | rebiased)
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn round_trip_keeps_three_significant_digits() {
            for v in [0.0f32, 1.0, -1.0, 0.125, 2.71, -123.456, 1000.0, 0.001] {
                let back = super::to_f32(super::from_f32(v));
                assert!((back - v).abs() <= v.abs() * 1e-3 + 1e-4, "{v} -> {back}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_constraints() {
        assert!(allowed(START, 1));
        assert!(!allowed(START, 2));
        assert!(allowed(1, 2));
        assert!(allowed(2, 2));
        assert!(!allowed(3, 2), "I-PER cannot follow B-ORG");
        assert!(!allowed(0, 6));
    }

    #[test]
    fn beam_search_undoes_an_early_choice_that_greedy_decoding_keeps() {
        let tag = |name| tag_index(name).unwrap();
        let (b_per, b_org, i_org) = (tag("B-PER"), tag("B-ORG"), tag("I-ORG"));
        let tokens = [TokenInfo::new("Bank", true), TokenInfo::new("Xyz", false)];
        let after_org = FeatureHash::new(30).num(b_org).finish();
        // Alone, the first token looks a little more like a person; after an organisation's
        // first word the second token is clearly its continuation.
        let score = |features: &[u64], extra: &[u64]| {
            let mut s = [0.0; N_TAGS];
            if features == [1] {
                s[b_per] = 1.0;
                s[b_org] = 0.9;
            }
            if extra.contains(&after_org) {
                s[i_org] = 5.0;
            }
            s
        };
        let mut beam = Beam::new();
        beam.step(&tokens[0], &[1], None, score);
        assert_eq!(beam.best_tags(), [b_per], "the greedy choice");
        beam.step(&tokens[1], &[2], None, score);
        let Tagged { tags, margins, .. } = beam.best_with_margins();
        assert_eq!(tags, [b_org, i_org]);
        assert!((margins[0] + 0.1).abs() < 1e-6, "{margins:?}");
        assert!((margins[1] - 5.0).abs() < 1e-6, "{margins:?}");
    }

    #[test]
    fn a_decoding_beam_drops_hypotheses_far_below_the_best() {
        let o = tag_index("O").unwrap();
        let token = TokenInfo::new("plain", false);
        let score = |features: &[u64], _: &[u64]| {
            let mut s = [0.0; N_TAGS];
            if !features.is_empty() {
                s[o] = 2.0 * PRUNE_BELOW_BEST;
                s[tag_index("B-LOC").unwrap()] = PRUNE_BELOW_BEST + 1.0;
            }
            s
        };
        let (mut decoding, mut training) = (Beam::for_decoding(1), Beam::new());
        decoding.step(&token, &[1], None, score);
        training.step(&token, &[1], None, score);
        // B-LOC is within reach, the rest of the tags are not.
        assert_eq!(decoding.steps[0].len, 2);
        assert_eq!(training.steps[0].len, BEAM_WIDTH);
        assert_eq!(decoding.best_tags(), training.best_tags());
    }

    #[test]
    fn the_beam_keeps_the_best_few_and_one_per_ending() {
        let h = |tag: u8, prev: u8, score: f32| Hypothesis {
            tag,
            prev,
            score,
            ..Hypothesis::default()
        };
        let mut step = Step {
            kept: [Hypothesis::default(); BEAM_WIDTH],
            len: 0,
            statics: [0.0; N_TAGS],
            dynamics: [[0.0; N_TAGS]; BEAM_WIDTH],
        };
        for (tag, prev, score) in [(0, 0, 1.0), (1, 0, 3.0), (0, 0, 2.0), (3, 0, 2.0)] {
            step.keep(h(tag, prev, score));
        }
        // (0, 0) kept once, with its better score; a tie keeps the earlier candidate first.
        let kept: Vec<(u8, f32)> = step.kept[..step.len]
            .iter()
            .map(|k| (k.tag, k.score))
            .collect();
        assert_eq!(kept, [(1, 3.0), (0, 2.0), (3, 2.0)]);
        for (tag, score) in [(5, 0.5), (7, 4.0), (8, 2.5)] {
            step.keep(h(tag, 1, score));
        }
        let kept: Vec<u8> = step.kept[..step.len].iter().map(|k| k.tag).collect();
        assert_eq!(kept.len(), BEAM_WIDTH);
        assert_eq!(kept, [7, 1, 8, 0]);
    }

    #[test]
    fn shapes_and_normalised_words() {
        let t = TokenInfo::new("U.S.", false);
        assert_eq!(t.shape, "X.X.");
        let t = TokenInfo::new("1996-08-22", false);
        assert_eq!(
            (t.lower.as_str(), t.shape.as_str()),
            ("0000-00-00", "d-d-d")
        );
        let t = TokenInfo::new("Guterres", false);
        assert_eq!((t.lower.as_str(), t.shape.as_str()), ("guterres", "Xx"));
    }

    #[test]
    fn weights_read_in_place_match_the_trained_ones() {
        // Many features over the whole hash range, several per index bucket.
        let mut weights = Weights::default();
        for n in 0..5000usize {
            let key = FeatureHash::new(1).num(n % 251).num(n / 251).finish();
            weights.insert(
                key,
                [n as f32 / 8.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0],
            );
        }
        let trained = Tagger::new(weights.clone());
        let mut bytes = Vec::new();
        trained.save(&mut bytes).unwrap();
        let packed = Tagger::load(&mut bytes.as_slice()).unwrap();
        assert_eq!(packed.len(), 5000);
        for (key, w) in &weights {
            let back = packed.weight(*key).expect("every feature is found");
            for (a, b) in back.iter().zip(w) {
                assert!((a - b).abs() <= b.abs() * 1e-3 + 1e-3, "{a} vs {b}");
            }
            assert_eq!(
                packed.weight(key ^ 1).is_some(),
                weights.contains_key(&(key ^ 1))
            );
        }
        // A model whose hashes are out of order is refused.
        let mut swapped = bytes.clone();
        let (a, b) = (16, 16 + RECORD);
        for i in 0..RECORD {
            swapped.swap(a + i, b + i);
        }
        assert!(Tagger::load(&mut swapped.as_slice()).is_err());
    }

    #[test]
    fn kept_word_scores_and_tag_weights_tag_as_every_feature_summed_afresh() {
        let tagger = crate::models::ModelId::De
            .tagger()
            .expect("the German model ships");
        // Every feature looked up anew, through the general beam step.
        let afresh = |tokens: &[TokenInfo]| {
            let mut beam = Beam::for_decoding(tokens.len());
            for (token, features) in tokens.iter().zip(static_features(tokens)) {
                beam.step(token, &features, None, |f, e| tagger.scores(f, e));
            }
            beam.best_with_margins()
        };
        let gazetteer = crate::tagging::Gazetteer::default_kb(crate::models::ModelId::De);
        let sentences = [
            "Die Kanzlerin traf am Mittwoch in Berlin den Präsidenten der Ukraine .",
            "In Berlin sagte die Kanzlerin , die Ukraine brauche Hilfe .",
            "BERLIN : Die Kanzlerin und der Präsident trafen sich in Kiew .",
        ];
        // Twice: the second time every word's scores are kept ones.
        for sentence in sentences.iter().chain(&sentences) {
            let words: Vec<&str> = sentence.split(' ').collect();
            let tokens = crate::tagging::token_infos(&words, &gazetteer);
            let (kept, expected) = (tagger.tag_with_margins(&tokens), afresh(&tokens));
            assert_eq!(kept.tags, expected.tags, "{sentence}");
            assert_eq!(kept.runners_up, expected.runners_up, "{sentence}");
            let bits = |margins: &[f32]| margins.iter().map(|m| m.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&kept.margins), bits(&expected.margins), "{sentence}");
            assert!(kept.tags.iter().any(|&t| t != 0), "some name is found");
        }
    }

    #[test]
    fn save_and_load_round_trip() {
        let mut weights = Weights::default();
        weights.insert(42, [0.5, -1.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.25]);
        let tagger = Tagger::new(weights);
        let mut bytes = Vec::new();
        tagger.save(&mut bytes).unwrap();
        let back = Tagger::load(&mut bytes.as_slice()).unwrap();
        assert_eq!(
            back.weight(42),
            Some([0.5, -1.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.25])
        );
        assert_eq!(back.weight(43), None);
        assert_eq!(back.len(), 1);
        assert!(Tagger::load(&mut &bytes[..20]).is_err());
        assert!(Tagger::load(&mut &b"garbage garbage garbage"[..]).is_err());
    }
}
