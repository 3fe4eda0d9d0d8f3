//! Brown word clusters, as features for the taggers: words that occur in the same contexts in
//! a large unlabelled corpus share a cluster (`Merkel` and `Obama`, `Leipzig` and `Berlin`,
//! `Mittwoch` and `Freitag`), so a name the training corpus never showed still reads like the
//! names it did. The tables (`data/clusters-<lang>.bin`, built by `data/build-clusters.py`
//! from spacy-lookups-data) are read in place from the binary: no heap copy, pages shared by
//! every worker on a host.

use crate::letters;
use crate::model::FeatureHash;

const MAGIC: &[u8; 8] = b"ENRCLU01";

/// A table of clusters, one per language that has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterTable {
    /// German (spaCy's German clusters).
    De,
    /// English.
    En,
    /// Spanish.
    Es,
}

/// One language's clusters: sorted word keys and their clusters.
#[derive(Debug)]
pub struct Clusters {
    keys: &'static [u8],
    clusters: &'static [u8],
    /// Where the keys starting with each 16-bit prefix start (65,537 entries): a lookup
    /// searches a handful of keys, not all 400,000 (the stage reads this for every word).
    index: Box<[u32]>,
}

impl ClusterTable {
    fn bytes(self) -> &'static [u8] {
        match self {
            ClusterTable::De => include_bytes!("../data/clusters-de.bin"),
            ClusterTable::En => include_bytes!("../data/clusters-en.bin"),
            ClusterTable::Es => include_bytes!("../data/clusters-es.bin"),
        }
    }

    /// The table, checked once per process.
    pub fn clusters(self) -> &'static Clusters {
        static LOADED: [std::sync::OnceLock<Clusters>; 3] =
            [const { std::sync::OnceLock::new() }; 3];
        LOADED[self as usize].get_or_init(|| {
            Clusters::from_static(self.bytes()).expect("the shipped cluster tables are well formed")
        })
    }
}

impl Clusters {
    fn from_static(bytes: &'static [u8]) -> Option<Clusters> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let count = u32::from_le_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        let rest = &rest[4..];
        if rest.len() != count * 8 {
            return None;
        }
        let (keys, clusters) = rest.split_at(count * 4);
        let mut index = vec![0u32; (1 << 16) + 1];
        for key in keys.chunks_exact(4) {
            let key = u32::from_le_bytes(key.try_into().ok()?);
            index[(key >> 16) as usize + 1] += 1;
        }
        for i in 1..index.len() {
            index[i] += index[i - 1];
        }
        Some(Clusters {
            keys,
            clusters,
            index: index.into_boxed_slice(),
        })
    }

    fn key_at(&self, i: usize) -> u32 {
        u32::from_le_bytes(self.keys[i * 4..i * 4 + 4].try_into().expect("4 bytes"))
    }

    /// The stored value of a word as written: cluster in the low 24 bits, frequency above.
    fn exact(&self, word: &str) -> Option<u32> {
        let key = (FeatureHash::new(40).str(word).finish() >> 32) as u32;
        let bucket = (key >> 16) as usize;
        let (mut low, mut high) = (self.index[bucket] as usize, self.index[bucket + 1] as usize);
        while low < high {
            let mid = (low + high) / 2;
            match self.key_at(mid).cmp(&key) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => {
                    let bytes = &self.clusters[mid * 4..mid * 4 + 4];
                    return Some(u32::from_le_bytes(bytes.try_into().expect("4 bytes")));
                }
            }
        }
        None
    }

    /// A word in capitals (`MERKEL`, a headline) as it is written in running text.
    fn capitalised(word: &str) -> Option<String> {
        let mut chars = word.chars();
        let first = chars.next().filter(|c| letters::uppercase(*c))?;
        let rest = chars.as_str();
        if rest.is_empty() || word.chars().any(letters::lowercase) {
            return None;
        }
        let mut capitalised = String::from(first);
        capitalised.extend(rest.chars().flat_map(char::to_lowercase));
        Some(capitalised)
    }

    /// The cluster of a word as written; a word in capitals as capitalised, then any word
    /// lower-cased. 0: not in the table (a rare word) or given no cluster.
    pub fn cluster(&self, word: &str) -> u32 {
        let value = self
            .exact(word)
            .or_else(|| Self::capitalised(word).and_then(|w| self.exact(&w)))
            .or_else(|| {
                word.chars()
                    .any(letters::uppercase)
                    .then(|| self.exact(&word.to_lowercase()))
                    .flatten()
            });
        value.map_or(0, |v| v & 0xff_ffff)
    }

    /// How a capitalised word is usually written, from the frequencies of its capitalised
    /// and lower-case forms: a name (`Merkel`), a common word capitalised by its position
    /// (`Goals`, `Key`), or both (`Bank`). Words not capitalised are [`UsualCase::NotCapitalised`].
    pub fn usual_case(&self, word: &str) -> UsualCase {
        if !word.chars().next().is_some_and(letters::uppercase) {
            return UsualCase::NotCapitalised;
        }
        let frequency = |w: &str| self.exact(w).map(|v| i32::try_from(v >> 24).unwrap_or(255));
        let capitalised = match Self::capitalised(word) {
            Some(w) => frequency(&w),
            None => frequency(word),
        };
        let lower = frequency(&word.to_lowercase());
        match (capitalised, lower) {
            (None, None) => UsualCase::Rare,
            (Some(_), None) => UsualCase::OnlyCapitalised,
            (None, Some(_)) => UsualCase::OnlyLower,
            // Frequencies are -8 ln p: 16 is a factor of e² ≈ 7.4.
            (Some(c), Some(l)) if c - l >= 16 => UsualCase::MostlyLower,
            (Some(c), Some(l)) if l - c >= 16 => UsualCase::MostlyCapitalised,
            (Some(_), Some(_)) => UsualCase::Both,
        }
    }
}

/// How a capitalised word is usually written in the cluster table's corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsualCase {
    /// Not a capitalised word.
    NotCapitalised,
    /// Neither form is among the table's words.
    Rare,
    /// Only the capitalised form is (a name).
    OnlyCapitalised,
    /// Only the lower-case form is.
    OnlyLower,
    /// Both, the lower-case one at least 7 times as often (`Goals`).
    MostlyLower,
    /// Both, the capitalised one at least 7 times as often (`London`, `Merkel` in English).
    MostlyCapitalised,
    /// Both, neither far more often (`Bank`, `Summit` in English).
    Both,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_share_clusters_with_names_and_places_with_places() {
        let de = ClusterTable::De.clusters();
        let place = |c: u32| c & 0x3f;
        assert_eq!(place(de.cluster("Leipzig")), place(de.cluster("Berlin")));
        assert_ne!(de.cluster("Mittwoch"), 0);
        assert_ne!(de.cluster("Mittwoch"), de.cluster("Merkel"));
        assert_eq!(
            de.cluster("MERKEL"),
            de.cluster("Merkel"),
            "a headline in capitals"
        );
        assert_eq!(de.cluster("Xqzvwkb"), 0, "an unknown word");
        let en = ClusterTable::En.clusters();
        assert_eq!(en.usual_case("Goals"), UsualCase::MostlyLower);
        assert_eq!(en.usual_case("GOALS"), UsualCase::MostlyLower);
        assert_eq!(en.usual_case("London"), UsualCase::MostlyCapitalised);
        assert_eq!(en.usual_case("goals"), UsualCase::NotCapitalised);
        assert_eq!(en.usual_case("Xqzvwkb"), UsualCase::Rare);
        let es = ClusterTable::Es.clusters();
        assert_eq!(es.usual_case("Sánchez"), UsualCase::MostlyCapitalised);
        // Spanish newspapers capitalise the government as often as not.
        assert_eq!(es.usual_case("Gobierno"), UsualCase::Both);
        for table in [ClusterTable::De, ClusterTable::En, ClusterTable::Es] {
            assert!(table.clusters().keys.len() / 4 > 100_000);
            assert_ne!(table.clusters().cluster("Madrid"), 0);
        }
    }
}
