//! The tagger as the stage and the evaluation use it: tokens in, BIO tags out, with the
//! knowledge base's aliases and the name lists (places, first names, surnames, listed
//! companies) as gazetteer features.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::path::Path;

use enricher_contracts::EntityType;

use crate::clusters::ClusterTable;
use crate::kb::{KbClass, KnowledgeBase};
use crate::letters;
use crate::model::{FeatureHash, IdentityHasher, Tagger, TokenInfo};
use crate::models::ModelId;
use crate::nouns::{NounHint, Nouns};
use crate::tokenize::tokenize;

/// Gazetteer classes, one bit each.
pub const GAZ_COUNTRY: u16 = 1;
/// Gazetteer hint: a city name.
pub const GAZ_CITY: u16 = 2;
/// Gazetteer hint: an organisation name.
pub const GAZ_ORG: u16 = 4;
/// Gazetteer hint: a nationality adjective.
pub const GAZ_DEMONYM: u16 = 8;
/// Gazetteer hint: a title or office.
pub const GAZ_TITLE: u16 = 16;
/// Gazetteer hint: a region (or a place of unknown class).
pub const GAZ_REGION: u16 = 32;
/// Name-list hint: a town or region (GeoNames places of 15,000 inhabitants and more, regions).
pub const GAZ_PLACE: u16 = 64;
/// Name-list hint: a first name.
pub const GAZ_FIRST_NAME: u16 = 128;
/// Name-list hint: a surname.
pub const GAZ_SURNAME: u16 = 256;

/// Lexicon hint (German): a form of a common noun (`Präsidenten`), see [`crate::nouns`].
pub const LEX_NOUN: u16 = 512;
/// Lexicon hint (German): a word ending in a common noun (`Kapazitätsgründen`).
pub const LEX_NOUN_COMPOUND: u16 = 1024;
/// Name-list hint: a listed company (`data/companies.txt`: `Siemens`, `Telefónica`).
pub const GAZ_COMPANY: u16 = 2048;

/// Longest alias, in tokens, that the gazetteer matches.
const MAX_ALIAS_TOKENS: usize = 6;

/// The name lists (`data/gazetteer.tsv`, built by `data/build-gazetteer.mjs`): `class<TAB>name`.
const NAME_LISTS: &str = include_str!("../data/gazetteer.tsv");
/// Names of listed companies (`data/companies.txt`, built by `data/build-companies.py`).
const COMPANIES: &str = include_str!("../data/companies.txt");

/// Lower-cased token sequences and their classes, matched longest first.
#[derive(Debug, Default, Clone)]
struct AliasTable {
    /// The aliases by the hash of their key ([`alias_hash`]: two lookups a token, hashed once
    /// each without SipHash's cost; 64 bits tell the ~110,000 keys apart).
    entries: HashMap<u64, u16, BuildHasherDefault<IdentityHasher>>,
    /// Every leading token run of an alias (`united`, `united arab`, ...), hashed: a match
    /// attempt stops as soon as the words so far start no alias.
    prefixes: HashSet<u64, BuildHasherDefault<IdentityHasher>>,
}

/// The hash an alias's key is stored and looked up by.
fn alias_hash(key: &str) -> u64 {
    FeatureHash::new(0xfc).str(key).finish()
}

impl AliasTable {
    fn insert(&mut self, alias: &str, class: u16) {
        let key = key_of(alias);
        if key.is_empty() || key.split(' ').count() > MAX_ALIAS_TOKENS {
            return;
        }
        let words: Vec<&str> = key.split(' ').collect();
        for n in 1..words.len() {
            self.prefixes.insert(alias_hash(&words[..n].join(" ")));
        }
        *self.entries.entry(alias_hash(&key)).or_default() |= class;
    }

    /// Marks the tokens covered by entries (longest match first).
    fn annotate(&self, words: &[&str], infos: &mut [TokenInfo]) {
        if self.entries.is_empty() {
            return;
        }
        let mut i = 0;
        let mut key = String::new();
        while i < words.len() {
            // Grow the key word by word while it still starts an alias; keep the longest match.
            let mut best: Option<(usize, u16)> = None;
            key.clear();
            for len in 1..=MAX_ALIAS_TOKENS.min(words.len() - i) {
                if len > 1 {
                    key.push(' ');
                }
                for c in words[i + len - 1].chars() {
                    if c == '\u{2019}' {
                        key.push('\'');
                    } else {
                        letters::push_lowercase(&mut key, c);
                    }
                }
                let hash = alias_hash(&key);
                if let Some(class) = self.entries.get(&hash) {
                    best = Some((len, *class));
                }
                if !self.prefixes.contains(&hash) {
                    break;
                }
            }
            match best {
                Some((len, class)) => {
                    for (k, info) in infos[i..i + len].iter_mut().enumerate() {
                        info.gazetteer |= class;
                        info.gazetteer_begin |= k == 0;
                    }
                    i += len;
                }
                None => i += 1,
            }
        }
    }
}

/// The name lists, read once per process and shared by every model's gazetteer.
fn name_lists() -> &'static AliasTable {
    static LISTS: std::sync::OnceLock<AliasTable> = std::sync::OnceLock::new();
    LISTS.get_or_init(|| {
        let mut table = AliasTable::default();
        for line in NAME_LISTS.lines() {
            let Some((class, name)) = line.split_once('\t') else {
                continue;
            };
            let class = match class {
                "place" => GAZ_PLACE,
                "first" => GAZ_FIRST_NAME,
                "last" => GAZ_SURNAME,
                _ => continue,
            };
            table.insert(name, class);
        }
        for name in COMPANIES.lines() {
            table.insert(name, GAZ_COMPANY);
        }
        table
    })
}

/// Whether `name` is written exactly as a listed company (`data/companies.txt`): the lists
/// match in any case, so `INFORMA` in a line of capitals and `IMi` in an OCR'd page hint at
/// Informa and IMI, but only the company's own spelling is the company.
pub fn is_listed_company(name: &str) -> bool {
    static NAMES: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    NAMES
        .get_or_init(|| COMPANIES.lines().collect())
        .contains(name)
}

/// Whether the name lists hold `word` as a first name (any case).
pub fn is_first_name(word: &str) -> bool {
    listed_as(word, GAZ_FIRST_NAME)
}

/// Whether the name lists hold `word` as a place (any case).
pub fn is_listed_place(word: &str) -> bool {
    listed_as(word, GAZ_PLACE)
}

/// Whether the name lists hold `word` as a surname (any case).
pub fn is_surname(word: &str) -> bool {
    listed_as(word, GAZ_SURNAME)
}

fn listed_as(word: &str, class: u16) -> bool {
    name_lists()
        .entries
        .get(&alias_hash(&key_of(word)))
        .is_some_and(|classes| classes & class != 0)
}

/// What the tagger's gazetteer features know: the KB's names (per model language) and the
/// name lists of places, first names, surnames and companies (the same for every model).
/// Hints only: a name-list match never becomes an entity by itself.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    kb: AliasTable,
    names: Option<&'static AliasTable>,
    /// The Brown clusters the model reads, if any (indexed the first time an article needs
    /// them, like the models: a worker that sees only English never reads the German table).
    clusters: Option<ClusterTable>,
    /// Whether the model reads the German common nouns (loaded on first use, so a worker that
    /// sees no German article never holds them).
    reads_nouns: bool,
}

impl Gazetteer {
    /// The KB's names that may be found in articles of the model's language (every
    /// language's for the pooled model), with the name lists if the model reads them.
    pub fn from_kb(kb: &KnowledgeBase, model: ModelId) -> Gazetteer {
        let language = model.language();
        let mut table = AliasTable::default();
        for (alias, entry, target) in kb.aliases() {
            let wanted = match language {
                Some(_) => target.findable_in(language),
                None => target.findable,
            };
            if !wanted || !entry.tagger_hint {
                continue;
            }
            let class = if target.demonym {
                GAZ_DEMONYM
            } else {
                match entry.class {
                    Some(KbClass::Country) => GAZ_COUNTRY,
                    Some(KbClass::City) => GAZ_CITY,
                    Some(KbClass::Region) => GAZ_REGION,
                    Some(KbClass::Title) => GAZ_TITLE,
                    Some(KbClass::Org) => GAZ_ORG,
                    Some(KbClass::Subdivision | KbClass::Landmark) => GAZ_REGION,
                    // No shipped model saw person or misc names as features (the default KB
                    // has none): a newsroom's people must not shift the tagger's scores.
                    None => match entry.kind {
                        EntityType::Organization => GAZ_ORG,
                        EntityType::Location => GAZ_REGION,
                        EntityType::Person | EntityType::Misc => continue,
                    },
                }
            };
            table.insert(alias, class);
        }
        Gazetteer {
            kb: table,
            names: model.reads_name_lists().then(name_lists),
            clusters: model.cluster_table(),
            reads_nouns: model == ModelId::De,
        }
    }

    /// The gazetteer of the shipped KB for a model.
    pub fn default_kb(model: ModelId) -> Gazetteer {
        Gazetteer::from_kb(&KnowledgeBase::default_kb(), model)
    }

    /// Marks the tokens covered by KB aliases and by name-list entries (each longest match
    /// first; a token in both carries both hints), capitalised common nouns, and clusters.
    pub fn annotate(&self, words: &[&str], infos: &mut [TokenInfo]) {
        self.kb.annotate(words, infos);
        if let Some(clusters) = self.clusters.map(ClusterTable::clusters) {
            for (word, info) in words.iter().zip(infos.iter_mut()) {
                info.cluster = Some(clusters.cluster(word));
            }
        }
        if let Some(names) = self.names {
            names.annotate(words, infos);
        }
        if self.reads_nouns {
            let nouns = Nouns::german();
            for (word, info) in words.iter().zip(infos.iter_mut()) {
                if !word.starts_with(letters::uppercase) {
                    continue;
                }
                info.gazetteer |= match nouns.hint(&info.lower) {
                    Some(NounHint::Noun) => LEX_NOUN,
                    Some(NounHint::Compound) => LEX_NOUN_COMPOUND,
                    None => 0,
                };
            }
        }
    }
}

fn key_of(alias: &str) -> String {
    tokenize(alias)
        .into_iter()
        .flatten()
        .map(|t| t.text.to_lowercase().replace('\u{2019}', "'"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Token features for a CoNLL-style token sequence (sentence starts: the first token, and
/// tokens after `.`, `?`, `!`).
pub fn token_infos<S: AsRef<str>>(words: &[S], gazetteer: &Gazetteer) -> Vec<TokenInfo> {
    let mut infos: Vec<TokenInfo> = Vec::with_capacity(words.len());
    let mut start = true;
    for word in words {
        let word = word.as_ref();
        infos.push(TokenInfo::new(word, start));
        start = matches!(word, "." | "?" | "!");
    }
    let refs: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
    gazetteer.annotate(&refs, &mut infos);
    infos
}

/// A tagger with its gazetteer.
pub struct EntityTagger {
    tagger: &'static Tagger,
    gazetteer: Gazetteer,
}

impl EntityTagger {
    /// A shipped model (`None` for [`ModelId::KbOnly`]) with the default KB's gazetteer.
    pub fn shipped(model: ModelId) -> Option<EntityTagger> {
        Some(EntityTagger {
            tagger: model.tagger()?,
            gazetteer: Gazetteer::default_kb(model),
        })
    }

    /// A model from a file (e.g. a freshly trained one) with the default KB's gazetteer for
    /// `model`'s language. The weights live as long as the process: for command-line tools
    /// that load one model.
    pub fn from_file(path: &Path, model: ModelId) -> std::io::Result<EntityTagger> {
        let mut file = std::fs::File::open(path)?;
        Ok(EntityTagger {
            tagger: Box::leak(Box::new(Tagger::load(&mut file)?)),
            gazetteer: Gazetteer::default_kb(model),
        })
    }

    /// BIO tag indices for a token sequence.
    pub fn tag_tokens<S: AsRef<str>>(&self, words: &[S]) -> Vec<usize> {
        self.tagger.tag(&token_infos(words, &self.gazetteer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints(model: ModelId, words: &[&str]) -> Vec<u16> {
        let mut infos: Vec<TokenInfo> = words.iter().map(|w| TokenInfo::new(w, false)).collect();
        Gazetteer::default_kb(model).annotate(words, &mut infos);
        infos.iter().map(|i| i.gazetteer).collect()
    }

    #[test]
    fn name_lists_mark_places_first_names_and_surnames() {
        let words = [
            "Anna", "Schmidt", "besuchte", "Witten", "und", "Rio", "Grande", "do", "Sul",
        ];
        let de = hints(ModelId::De, &words);
        assert_ne!(de[0] & GAZ_FIRST_NAME, 0);
        assert_ne!(de[1] & GAZ_SURNAME, 0);
        assert_eq!(de[2], 0);
        assert_ne!(de[3] & GAZ_PLACE, 0);
        assert!(de[5..].iter().all(|h| h & GAZ_PLACE != 0), "{de:?}");
        // English reads the KB's names only (its model was trained without the lists).
        let en = hints(ModelId::En, &words);
        assert!(en
            .iter()
            .all(|h| h & (GAZ_PLACE | GAZ_FIRST_NAME | GAZ_SURNAME) == 0));
    }

    #[test]
    fn a_german_town_is_listed_without_the_river_geonames_adds() {
        // GeoNames writes `Ludwigshafen am Rhein`; articles write `Ludwigshafen`. A first word
        // that is a German common noun stays out (`Burg bei Magdeburg`).
        let de = hints(ModelId::De, &["in", "Ludwigshafen", "und", "Burg"]);
        assert_ne!(de[1] & GAZ_PLACE, 0, "{de:?}");
        assert_eq!(de[3] & GAZ_PLACE, 0, "{de:?}");
    }

    #[test]
    fn listed_companies_are_a_hint_with_and_without_their_legal_form() {
        let es = hints(
            ModelId::LatinPooled,
            &["Telefónica", "y", "Porsche", "SE", "ganan"],
        );
        assert_ne!(es[0] & GAZ_COMPANY, 0, "{es:?}");
        assert_eq!(es[1] & GAZ_COMPANY, 0);
        assert!(es[2..4].iter().all(|h| h & GAZ_COMPANY != 0), "{es:?}");
        assert_eq!(es[4] & GAZ_COMPANY, 0);
        let de = hints(ModelId::De, &["bei", "Porsche", "in", "Stuttgart"]);
        assert_ne!(de[1] & GAZ_COMPANY, 0, "{de:?}");
        // English reads no name lists.
        assert_eq!(hints(ModelId::En, &["Porsche"])[0] & GAZ_COMPANY, 0);
        // The hint comes in any case; the company is only its own spelling.
        assert_ne!(hints(ModelId::Fr, &["INFORMA"])[0] & GAZ_COMPANY, 0);
        assert!(is_listed_company("Informa") && is_listed_company("Banco Santander"));
        assert!(!is_listed_company("INFORMA") && !is_listed_company("IMi"));
    }

    #[test]
    fn a_kb_name_and_a_list_name_add_up() {
        // `Berlin` is a KB capital and a GeoNames place: both hints.
        let de = hints(ModelId::De, &["in", "Berlin"]);
        assert_ne!(de[1] & GAZ_CITY, 0);
        assert_ne!(de[1] & GAZ_PLACE, 0);
    }
}
