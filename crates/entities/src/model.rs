//! The tagger: an averaged perceptron over hashed features, decoded greedily left to right
//! with the two previous tags as features (BIO tags over PER, ORG, LOC, MISC).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Read, Write};

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
    /// Adds a number to the feature.
    pub fn num(mut self, n: usize) -> Self {
        self.byte(n as u8);
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
}

impl TokenInfo {
    /// A token's information before gazetteer hints.
    pub fn new(text: &str, sentence_start: bool) -> Self {
        let mut lower = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '0'..='9' => lower.push('0'),
                '\u{2019}' | '\u{2018}' => lower.push('\''),
                c => lower.extend(c.to_lowercase()),
            }
        }
        let mut shape = String::with_capacity(8);
        let mut last = '\0';
        for c in text.chars() {
            let class = if c.is_uppercase() {
                'X'
            } else if c.is_lowercase() {
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
        }
    }
}

const BOUNDARY: &str = "\u{1}";

/// The feature of the word itself (lower-cased, as [`TokenInfo::lower`]).
fn word_feature(lower: &str) -> u64 {
    FeatureHash::new(1).str(lower).finish()
}

/// Features that do not depend on predicted tags, for every token of a sequence.
pub fn static_features(tokens: &[TokenInfo]) -> Vec<Vec<u64>> {
    let letters: Vec<&TokenInfo> = tokens
        .iter()
        .filter(|t| t.shape.contains(['X', 'x']))
        .collect();
    let all_caps = letters.len() >= 3
        && letters.iter().filter(|t| !t.shape.contains('x')).count() * 10 >= letters.len() * 8;
    let word = |i: isize| -> &str {
        if i < 0 || i as usize >= tokens.len() {
            BOUNDARY
        } else {
            &tokens[i as usize].lower
        }
    };
    let shape = |i: isize| -> &str {
        if i < 0 || i as usize >= tokens.len() {
            BOUNDARY
        } else {
            &tokens[i as usize].shape
        }
    };
    let gaz = |i: isize| -> usize {
        if i < 0 || i as usize >= tokens.len() {
            0
        } else {
            tokens[i as usize].gazetteer as usize
        }
    };
    (0..tokens.len() as isize)
        .map(|i| {
            let t = &tokens[i as usize];
            let w = word(i);
            let boundaries: Vec<usize> = w
                .char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(w.len()))
                .collect();
            let n_chars = boundaries.len() - 1;
            let mut f = Vec::with_capacity(40);
            f.push(FeatureHash::new(0).finish());
            f.push(word_feature(w));
            f.push(FeatureHash::new(2).str(shape(i)).finish());
            for n in 1..=4.min(n_chars) {
                let prefix = &w[..boundaries[n]];
                let suffix = &w[boundaries[n_chars - n]..];
                f.push(FeatureHash::new(3).num(n).str(prefix).finish());
                f.push(FeatureHash::new(4).num(n).str(suffix).finish());
            }
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
            f
        })
        .collect()
}

/// Features that depend on the tags predicted for the previous two tokens.
pub fn tag_features(token: &TokenInfo, prev: usize, prev2: usize, out: &mut Vec<u64>) {
    out.push(FeatureHash::new(30).num(prev).finish());
    out.push(FeatureHash::new(31).num(prev2).num(prev).finish());
    out.push(FeatureHash::new(32).num(prev).str(&token.lower).finish());
    out.push(FeatureHash::new(33).num(prev).str(&token.shape).finish());
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
}

/// Where the weights live: a map while training, or the saved file itself, read in place
/// (the shipped models are part of the binary: no heap copy, and the pages are shared by every
/// worker process on the host).
enum Store {
    Map(Weights),
    Packed(Packed),
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

    /// Adds the weights of `feature` to `scores`; whether the model has the feature.
    fn add_to(&self, feature: u64, scores: &mut [f32; N_TAGS]) -> bool {
        let bucket = (feature >> 48) as usize;
        let (lo, hi) = (self.index[bucket] as usize, self.index[bucket + 1] as usize);
        let middle = (feature >> 16) as u32;
        // Within a bucket the records are sorted by hash, so by these middle bits too; the
        // few that share them are told apart by the whole hash.
        let first = lo + self.middle[lo..hi].partition_point(|m| *m < middle);
        for mid in first..hi {
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
}

impl Tagger {
    /// A tagger with these weights.
    pub fn new(weights: Weights) -> Self {
        Tagger {
            store: Store::Map(weights),
        }
    }

    /// Whether training taught the model anything about this word (lower-cased, as
    /// [`TokenInfo::lower`]): a weight for its word feature.
    pub fn knows_word(&self, lower: &str) -> bool {
        self.weight(word_feature(lower)).is_some()
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
        match &self.store {
            Store::Map(map) => scores(map, features, extra),
            Store::Packed(packed) => {
                let mut scores = [0f32; N_TAGS];
                for f in features.iter().chain(extra) {
                    packed.add_to(*f, &mut scores);
                }
                scores
            }
        }
    }

    /// Tags a sequence greedily; an `I-X` never follows anything but `B-X`/`I-X`.
    pub fn tag(&self, tokens: &[TokenInfo]) -> Vec<usize> {
        self.tag_with_margins(tokens).0
    }

    /// Tags and, for each token, the margin of its tag over the runner-up (how sure the
    /// tagger is: the post-processing trusts a confident tag over the KB).
    pub fn tag_with_margins(&self, tokens: &[TokenInfo]) -> (Vec<usize>, Vec<f32>) {
        let statics = static_features(tokens);
        let mut tags = Vec::with_capacity(tokens.len());
        let mut margins = Vec::with_capacity(tokens.len());
        let mut extra = Vec::with_capacity(4);
        for (i, features) in statics.iter().enumerate() {
            let prev = if i >= 1 { tags[i - 1] } else { START };
            let prev2 = if i >= 2 { tags[i - 2] } else { START };
            extra.clear();
            tag_features(&tokens[i], prev, prev2, &mut extra);
            let scores = self.scores(features, &extra);
            let best = best_allowed(&scores, prev);
            let runner_up = scores
                .iter()
                .enumerate()
                .filter(|(tag, _)| *tag != best && allowed(prev, *tag))
                .map(|(_, s)| *s)
                .fold(f32::NEG_INFINITY, f32::max);
            tags.push(best);
            margins.push(scores[best] - runner_up);
        }
        (tags, margins)
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
        Ok(Tagger {
            store: Store::Packed(packed),
        })
    }
}

const MAGIC: &[u8; 8] = b"ENRNER01";

/// The best tag that may follow `prev`.
pub fn best_allowed(scores: &[f32; N_TAGS], prev: usize) -> usize {
    let mut best = 0;
    let mut best_score = f32::NEG_INFINITY;
    for (tag, score) in scores.iter().enumerate() {
        if allowed(prev, tag) && *score > best_score {
            best = tag;
            best_score = *score;
        }
    }
    best
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
