//! The tagger as the stage and the evaluation use it: tokens in, BIO tags out, with the
//! knowledge base's aliases as gazetteer features.

use std::collections::HashMap;
use std::path::Path;

use enricher_contracts::EntityType;

use crate::kb::{KbClass, KnowledgeBase};
use crate::model::{Tagger, TokenInfo};
use crate::models::ModelId;
use crate::tokenize::tokenize;

/// Gazetteer classes, one bit each.
pub const GAZ_COUNTRY: u8 = 1;
/// Gazetteer hint: a city name.
pub const GAZ_CITY: u8 = 2;
/// Gazetteer hint: an organisation name.
pub const GAZ_ORG: u8 = 4;
/// Gazetteer hint: a nationality adjective.
pub const GAZ_DEMONYM: u8 = 8;
/// Gazetteer hint: a title or office.
pub const GAZ_TITLE: u8 = 16;
/// Gazetteer hint: a region (or a place of unknown class).
pub const GAZ_REGION: u8 = 32;

/// Longest alias, in tokens, that the gazetteer matches.
const MAX_ALIAS_TOKENS: usize = 6;

/// Lower-cased token sequences of KB aliases and their classes.
#[derive(Debug, Default, Clone)]
pub struct Gazetteer {
    entries: HashMap<String, u8>,
    /// Every leading token run of an alias (`united`, `united arab`, ...): a match attempt stops
    /// as soon as the words so far start no alias.
    prefixes: std::collections::HashSet<String>,
}

impl Gazetteer {
    /// The KB's names that may be found in articles of `language` (`None`: every language's,
    /// for the pooled model).
    pub fn from_kb(kb: &KnowledgeBase, language: Option<&str>) -> Gazetteer {
        let mut entries: HashMap<String, u8> = HashMap::new();
        let mut prefixes = std::collections::HashSet::new();
        for (alias, entry, target) in kb.aliases() {
            let wanted = match language {
                Some(_) => target.findable_in(language),
                None => target.findable,
            };
            if !wanted {
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
                    // No shipped model saw person or misc names as features (the default KB
                    // has none): a newsroom's people must not shift the tagger's scores.
                    None => match entry.kind {
                        EntityType::Organization => GAZ_ORG,
                        EntityType::Location => GAZ_REGION,
                        EntityType::Person | EntityType::Misc => continue,
                    },
                }
            };
            let key = key_of(alias);
            if key.split(' ').count() <= MAX_ALIAS_TOKENS {
                let words: Vec<&str> = key.split(' ').collect();
                for n in 1..words.len() {
                    prefixes.insert(words[..n].join(" "));
                }
                *entries.entry(key).or_default() |= class;
            }
        }
        Gazetteer { entries, prefixes }
    }

    /// The gazetteer of the shipped KB for a model.
    pub fn default_kb(model: ModelId) -> Gazetteer {
        Gazetteer::from_kb(&KnowledgeBase::default_kb(), model.language())
    }

    /// Marks the tokens covered by aliases (longest match first).
    pub fn annotate(&self, words: &[&str], infos: &mut [TokenInfo]) {
        if self.entries.is_empty() {
            return;
        }
        let mut i = 0;
        let mut key = String::new();
        while i < words.len() {
            // Grow the key word by word while it still starts an alias; keep the longest match.
            let mut best: Option<(usize, u8)> = None;
            key.clear();
            for len in 1..=MAX_ALIAS_TOKENS.min(words.len() - i) {
                if len > 1 {
                    key.push(' ');
                }
                for c in words[i + len - 1].chars().flat_map(char::to_lowercase) {
                    key.push(if c == '\u{2019}' { '\'' } else { c });
                }
                if let Some(class) = self.entries.get(&key) {
                    best = Some((len, *class));
                }
                if !self.prefixes.contains(&key) {
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
