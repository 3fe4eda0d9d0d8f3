//! A character n-gram language model: for each n-gram of 1 to [`MAX_ORDER`] letters, the log
//! probability of its last letter after the others, per language (a naive Bayes classifier with
//! back-off, as lingua scores text).
//!
//! The shipped model (`model/ngrams.bin`) is built by `tools/langid-model` from lingua-rs's
//! Apache-2.0 n-gram tables; see `model/README.md` for where it comes from. The file format is
//! ours and small enough to embed: n-grams are stored as 32-bit hashes (FNV-1a over the
//! lower-cased UTF-8 letters, folded), each with a sparse list of (language, quantised log
//! probability). A hash collision (a few hundred among two million n-grams, and one lookup in
//! thousands of an unknown n-gram) costs a little accuracy, measured, not correctness.
//!
//! Layout (little-endian):
//! ```text
//! b"ENLID002"
//! u16 languages; per language: u8 code length, code (ASCII), u8 scripts, per script u8 length + name
//! u32 keys; u32 key × keys (ascending); u8 entry count × keys
//! (u8 language, u8 quantised -ln p / STEP) × entries
//! ```

use std::borrow::Cow;
use std::fmt;

/// The longest n-gram the model holds.
pub const MAX_ORDER: usize = 5;
/// Quantisation step of a stored log probability (the range is 0 to -255 × STEP).
pub const STEP: f32 = 0.08;
const MAGIC: &[u8; 8] = b"ENLID002";

/// FNV-1a, fed letter by letter from the last letter backwards, so that the hash of an n-gram
/// extends the hash of its suffix: scoring backs off from an n-gram to its shorter suffixes
/// (the same prediction with less context).
#[derive(Clone, Copy)]
pub struct NgramHasher(u64);

impl Default for NgramHasher {
    fn default() -> Self {
        NgramHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl NgramHasher {
    /// Adds a char to the n-gram.
    pub fn push(&mut self, c: char) {
        let mut buf = [0u8; 4];
        for b in c.encode_utf8(&mut buf).bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// The n-gram's key.
    pub fn finish(self) -> u32 {
        (self.0 ^ (self.0 >> 32)) as u32
    }
}

/// The hash under which an n-gram is stored (its letters hashed last to first).
pub fn ngram_key(ngram: &str) -> u32 {
    let mut h = NgramHasher::default();
    ngram.chars().rev().for_each(|c| h.push(c));
    h.finish()
}

/// A language the model knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelLanguage {
    /// BCP 47 primary subtag (ISO 639-1).
    pub code: String,
    /// Writing systems the language is written in, as `whatlang` names them (`Latin`, `Mandarin`).
    pub scripts: Vec<String>,
}

/// The model file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(&'static str);

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "language model: {}", self.0)
    }
}

impl std::error::Error for ModelError {}

/// A loaded model. The entries are read in place from the model bytes (for the embedded model,
/// the binary's read-only data); the lookup table is built at load.
pub struct NgramModel {
    languages: Vec<ModelLanguage>,
    bytes: Cow<'static, [u8]>,
    /// Where the entries start in `bytes`.
    entries_at: usize,
    /// Open-addressing table (linear probing, a power of two long) of (key, entries start << 8 |
    /// entry count); a count of 0 marks an empty slot. One cache line per lookup, then the
    /// entries. (A sorted key table read in place with a bucket index was measured too: 13 MB
    /// less per worker, 3–5% less end-to-end throughput; see BENCHMARKS.md.)
    slots: Vec<(u32, u32)>,
    ngrams: usize,
}

impl fmt::Debug for NgramModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NgramModel")
            .field("languages", &self.languages.len())
            .field("ngrams", &self.ngrams)
            .field("slots", &self.slots.len())
            .finish()
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|end| *end <= self.bytes.len())
            .ok_or(ModelError("truncated file"))?;
        let head = &self.bytes[self.at..end];
        self.at = end;
        Ok(head)
    }
    fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, ModelError> {
        Ok(u16::from_le_bytes(
            self.take(2)?.try_into().expect("2 bytes"),
        ))
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
    fn string(&mut self) -> Result<String, ModelError> {
        let n = self.u8()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| ModelError("name is not UTF-8"))
    }
}

#[inline]
fn key_at(keys: &[u8], i: usize) -> u32 {
    u32::from_le_bytes(keys[4 * i..4 * i + 4].try_into().expect("4 bytes"))
}

impl NgramModel {
    /// Reads a model written by [`write_model`], in place: nothing of the n-gram tables is copied.
    pub fn from_static(bytes: &'static [u8]) -> Result<Self, ModelError> {
        Self::parse(Cow::Borrowed(bytes))
    }

    /// Reads a model written by [`write_model`] from a copy of `bytes`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        Self::parse(Cow::Owned(bytes.to_vec()))
    }

    fn parse(bytes: Cow<'static, [u8]>) -> Result<Self, ModelError> {
        let mut r = Reader {
            bytes: &bytes,
            at: 0,
        };
        if r.take(8)? != MAGIC {
            return Err(ModelError("not an ENLID002 file"));
        }
        let mut languages = Vec::new();
        for _ in 0..r.u16()? {
            let code = r.string()?;
            let scripts = (0..r.u8()?).map(|_| r.string()).collect::<Result<_, _>>()?;
            languages.push(ModelLanguage { code, scripts });
        }
        let n = r.u32()? as usize;
        let keys = r.take(n.checked_mul(4).ok_or(ModelError("truncated file"))?)?;
        let counts = r.take(n)?;
        let total: usize = counts.iter().map(|c| *c as usize).sum();
        if total >= 1 << 24 {
            return Err(ModelError("too many entries"));
        }
        let entries_at = r.at;
        let entries = r.take(total * 2)?;
        if r.at != bytes.len() {
            return Err(ModelError("trailing bytes"));
        }
        if entries
            .chunks_exact(2)
            .any(|e| e[0] as usize >= languages.len())
        {
            return Err(ModelError("corrupt index"));
        }
        // At most about 60% full, so that probes stay short.
        let mask = (n + n / 2 + 2).next_power_of_two() - 1;
        let mut slots = vec![(0u32, 0u32); mask + 1];
        let mut start = 0u32;
        for (i, count) in counts.iter().enumerate() {
            let key = key_at(keys, i);
            if *count > 0 {
                let mut s = (key as usize) & mask;
                while slots[s].1 != 0 {
                    if slots[s].0 == key {
                        return Err(ModelError("a key stored twice"));
                    }
                    s = (s + 1) & mask;
                }
                slots[s] = (key, start << 8 | u32::from(*count));
            }
            start += u32::from(*count);
        }
        Ok(NgramModel {
            languages,
            bytes,
            entries_at,
            slots,
            ngrams: n,
        })
    }

    /// The model's languages, in index order.
    pub fn languages(&self) -> &[ModelLanguage] {
        &self.languages
    }

    /// The (language, quantised log probability) pairs stored for an n-gram hash.
    #[inline]
    pub fn lookup(&self, key: u32) -> &[[u8; 2]] {
        let mask = self.slots.len() - 1;
        let mut s = (key as usize) & mask;
        loop {
            let (slot_key, packed) = self.slots[s];
            if packed == 0 {
                return &[];
            }
            if slot_key == key {
                let start = self.entries_at + 2 * (packed >> 8) as usize;
                let end = start + 2 * (packed & 0xff) as usize;
                return self.bytes[start..end].as_chunks::<2>().0;
            }
            s = (s + 1) & mask;
        }
    }
}

/// The log probability a quantised value stands for.
#[inline]
pub fn dequantise(q: u8) -> f32 {
    -(q as f32) * STEP
}

/// The quantised value of a log probability (clamped to the stored range).
pub fn quantise(ln_p: f64) -> u8 {
    (-ln_p / STEP as f64).round().clamp(0.0, 255.0) as u8
}

/// Writes a model: `ngrams` maps an n-gram hash to its (language index, quantised value) pairs,
/// at most 255 of them.
pub fn write_model(
    languages: &[ModelLanguage],
    ngrams: &std::collections::BTreeMap<u32, Vec<(u8, u8)>>,
) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend((languages.len() as u16).to_le_bytes());
    let put_str = |out: &mut Vec<u8>, s: &str| {
        out.push(s.len() as u8);
        out.extend(s.as_bytes());
    };
    for lang in languages {
        put_str(&mut out, &lang.code);
        out.push(lang.scripts.len() as u8);
        for script in &lang.scripts {
            put_str(&mut out, script);
        }
    }
    out.extend((ngrams.len() as u32).to_le_bytes());
    for key in ngrams.keys() {
        out.extend(key.to_le_bytes());
    }
    for list in ngrams.values() {
        out.push(u8::try_from(list.len()).expect("at most 255 languages per n-gram"));
    }
    for list in ngrams.values() {
        for (lang, q) in list {
            out.extend([*lang, *q]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_letter_by_letter_matches_hashing_the_string() {
        let mut h = NgramHasher::default();
        "äbç".chars().rev().for_each(|c| h.push(c));
        assert_eq!(h.finish(), ngram_key("äbç"));
        assert_ne!(ngram_key("ab"), ngram_key("ba"));
    }

    #[test]
    fn a_written_model_reads_back() {
        let languages = vec![
            ModelLanguage {
                code: "en".into(),
                scripts: vec!["Latin".into()],
            },
            ModelLanguage {
                code: "ru".into(),
                scripts: vec!["Cyrillic".into()],
            },
        ];
        let mut ngrams = std::collections::BTreeMap::new();
        ngrams.insert(ngram_key("th"), vec![(0, quantise(-1.0))]);
        ngrams.insert(ngram_key("а"), vec![(0, 255), (1, quantise(-2.5))]);
        let model = NgramModel::from_bytes(&write_model(&languages, &ngrams)).unwrap();
        assert_eq!(model.languages(), &languages[..]);
        assert_eq!(model.lookup(ngram_key("th")), &[[0, quantise(-1.0)]]);
        let a = model.lookup(ngram_key("а"));
        assert_eq!(a.len(), 2);
        assert!((dequantise(a[1][1]) + 2.5).abs() < STEP);
        assert!(model.lookup(ngram_key("zz")).is_empty());
        let bytes = write_model(&languages, &ngrams);
        assert_eq!(
            NgramModel::from_bytes(&bytes[..bytes.len() - 1]).unwrap_err(),
            ModelError("truncated file")
        );
        assert_eq!(
            NgramModel::from_bytes(&[&bytes[..], b"x"].concat()).unwrap_err(),
            ModelError("trailing bytes")
        );
        let (first, second) = (
            ngram_key("th").min(ngram_key("а")),
            ngram_key("th").max(ngram_key("а")),
        );
        let at = bytes
            .windows(4)
            .position(|w| w == second.to_le_bytes())
            .expect("the key is stored");
        let mut twice = bytes.clone();
        twice[at..at + 4].copy_from_slice(&first.to_le_bytes());
        assert_eq!(
            NgramModel::from_bytes(&twice).unwrap_err(),
            ModelError("a key stored twice")
        );
        assert!(NgramModel::from_bytes(b"ENLID001\x01").is_err());
        assert!(NgramModel::from_bytes(b"whatever").is_err());
    }

    #[test]
    fn every_stored_key_is_found_and_no_other() {
        let languages = vec![ModelLanguage {
            code: "en".into(),
            scripts: vec!["Latin".into()],
        }];
        // Keys spread over the whole range (and its ends), some with no entries.
        let mut ngrams = std::collections::BTreeMap::new();
        let mut key = 7u32;
        for i in 0..5000u32 {
            key = key.wrapping_mul(0x9e37_79b9).wrapping_add(i);
            ngrams.insert(key, vec![(0, (i % 7) as u8); (i % 3) as usize]);
        }
        ngrams.insert(0, vec![(0, 1)]);
        ngrams.insert(u32::MAX, vec![(0, 2), (0, 3)]);
        let model = NgramModel::from_bytes(&write_model(&languages, &ngrams)).unwrap();
        for (key, list) in &ngrams {
            let found: Vec<(u8, u8)> = model.lookup(*key).iter().map(|e| (e[0], e[1])).collect();
            assert_eq!(&found, list, "key {key}");
        }
        let absent = (1..u32::MAX)
            .step_by(65_537)
            .filter(|k| !ngrams.contains_key(k));
        for key in absent {
            assert!(model.lookup(key).is_empty(), "key {key}");
        }
    }
}
