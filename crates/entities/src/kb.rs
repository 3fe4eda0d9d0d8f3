//! The knowledge base: entities with a stable id, a canonical name, a type and aliases.
//!
//! A default KB ships in `data/kb.jsonl` (see `data/README.md` for where each part comes from
//! and its license); a newsroom's own KB (same JSON-lines format, configuration key
//! `entities.kb_path`) is loaded on top, and its entries win: an alias it defines points to its
//! entry only.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use enricher_contracts::EntityType;
use serde::Deserialize;
use smallvec::{smallvec, SmallVec};

use crate::letters;

/// One KB line: `{"id": "...", "name": "...", "type": "location", "aliases": [...]}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct KbEntry {
    /// Stable id (`country:DE`, `org:nato`), carried by records as `kb_id`.
    pub id: String,
    /// Canonical name, used as the entity's name when linked.
    pub name: String,
    /// What the entry is.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Other names, found in articles of every language.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Nationality adjectives (`Russian`); a mention is a `misc` entity linked to this entry.
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Finer class for the tagger's gazetteer features; optional for newsroom entries.
    #[serde(default)]
    pub class: Option<KbClass>,
    /// Names in one language, by language code (`{"de": ["München"], "ru": ["Мюнхен"]}`):
    /// found only in articles of that language (`Island` is Iceland in German, a word in
    /// English), and they link a tagged name in any language.
    #[serde(default)]
    pub names: BTreeMap<String, Vec<String>>,
    /// Other spellings (native forms, transliterations) that link a tagged name but are never
    /// found on their own.
    #[serde(default)]
    pub variants: Vec<String>,
    /// Whether the taggers read the entry's names as gazetteer hints (default yes). `false` for
    /// entries added after the shipped models were trained (subdivisions, the newspapers of
    /// `media.jsonl`):
    /// retraining for them moves every model by its noise, and a hint the models never saw in
    /// training would shift their scores unmeasured.
    #[serde(default = "yes")]
    pub tagger_hint: bool,
}

fn yes() -> bool {
    true
}

/// The finer class of a KB entry, as the tagger's gazetteer features know them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KbClass {
    /// A country.
    Country,
    /// A city.
    City,
    /// A region that is no country's subdivision (`Middle East`, `Balkans`).
    Region,
    /// A country's first-level subdivision (state, Land, région, province, oblast), from
    /// ISO 3166-2 data: found and linked like a region, a one-word name only where it is no
    /// word. The shipped ones give no tagger hint (`tagger_hint: false`: retrained with them as
    /// region hints the taggers lost on most dev sets, BENCHMARKS.md).
    Subdivision,
    /// A place that is no settlement and no area: a stadium, an arena, a concert hall, an
    /// airport, a river, an island, a sea or a lake (`Allianz Arena`, `Benito Villamarín`,
    /// `Schiphol`, `Rhein`, `Rügen`, `Ostsee`). Found and
    /// linked like a region, but never taken out of a compound (`Rhein-Main-Neckar` is a
    /// region of its own); the shipped ones give no tagger hint (the taggers were trained
    /// without them).
    Landmark,
    /// An international organisation.
    Org,
    /// A title or office (`President`): context for a person, not an entity.
    Title,
}

impl KbClass {
    /// A country, a region or a country's subdivision: an area, whose name after an
    /// organisation's is its branch there and which no club is named after.
    pub fn is_area(self) -> bool {
        matches!(
            self,
            KbClass::Country | KbClass::Region | KbClass::Subdivision
        )
    }
}

/// What an alias refers to.
#[derive(Debug, Clone, PartialEq)]
pub struct AliasTarget {
    /// Index of the entry in [`KnowledgeBase::entries`].
    pub entry: usize,
    /// The alias is a demonym: the mention is a nationality, not the place.
    pub demonym: bool,
    /// The languages whose articles the alias is found in; empty: every language.
    pub languages: Vec<String>,
    /// Whether the alias may be found on its own (false for `variants`: they only link).
    pub findable: bool,
}

impl AliasTarget {
    /// Whether the alias may be found on its own in an article of `language`.
    pub fn findable_in(&self, language: Option<&str>) -> bool {
        self.findable && self.serves(language)
    }

    /// Whether the alias belongs to every language or to `language`.
    pub fn serves(&self, language: Option<&str>) -> bool {
        self.languages.is_empty() || language.is_some_and(|l| self.languages.iter().any(|x| x == l))
    }
}

/// Why a KB file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// The file cannot be read.
    #[error("cannot read the knowledge base {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A line is not a valid entry.
    #[error("{path} line {line}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// The line number (1-based).
        line: usize,
        /// What is wrong with it.
        message: String,
    },
}

/// The entries an alias refers to: almost always one, kept inline.
pub type AliasTargets = SmallVec<[AliasTarget; 1]>;

/// Entries and an exact-alias index.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeBase {
    /// Every entry, default KB first, then the newsroom's.
    pub entries: Vec<KbEntry>,
    /// What each alias refers to: one entry, or several that name it in different languages
    /// (`OM`: the Dutch Openbaar Ministerie, the French club; `Tribunal Constitucional`, Spain's
    /// in every language, Portugal's in Portuguese), resolved by [`target_in`].
    aliases: HashMap<String, AliasTargets>,
}

const DEFAULT_KB: &str = include_str!("../data/kb.jsonl");

impl KnowledgeBase {
    /// The KB shipped with the service.
    pub fn default_kb() -> KnowledgeBase {
        let mut kb = KnowledgeBase::default();
        kb.add_jsonl(DEFAULT_KB, "data/kb.jsonl", false)
            .expect("the shipped KB is valid (tested)");
        kb
    }

    /// Adds a newsroom KB file; its aliases override the default KB's.
    pub fn load_newsroom(&mut self, path: &Path) -> Result<(), KbError> {
        let text = std::fs::read_to_string(path).map_err(|source| KbError::Io {
            path: path.display().to_string(),
            source,
        })?;
        self.add_jsonl(&text, &path.display().to_string(), true)
    }

    fn add_jsonl(&mut self, text: &str, path: &str, wins: bool) -> Result<(), KbError> {
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let entry: KbEntry = serde_json::from_str(line).map_err(|e| KbError::Parse {
                path: path.to_owned(),
                line: n + 1,
                message: e.to_string(),
            })?;
            self.add(entry, wins);
        }
        Ok(())
    }

    /// Adds an entry; with `wins`, its aliases replace existing ones.
    pub fn add(&mut self, entry: KbEntry, wins: bool) {
        let index = self.entries.len();
        // (alias, demonym, language, findable)
        let mut names: Vec<(String, bool, Option<String>, bool)> = Vec::new();
        names.extend(
            std::iter::once(&entry.name)
                .chain(&entry.aliases)
                .map(|a| (a.clone(), false, None, true)),
        );
        names.extend(entry.demonyms.iter().map(|d| (d.clone(), true, None, true)));
        for (language, list) in &entry.names {
            names.extend(
                list.iter()
                    .map(|a| (a.clone(), false, Some(language.clone()), true)),
            );
        }
        names.extend(
            entry
                .variants
                .iter()
                .map(|v| (v.clone(), false, None, false)),
        );
        for (alias, demonym, language, findable) in names {
            if alias.trim().is_empty() {
                continue;
            }
            let target = AliasTarget {
                entry: index,
                demonym,
                languages: language.clone().into_iter().collect(),
                findable,
            };
            let Some(targets) = self.aliases.get_mut(&alias) else {
                self.aliases.insert(alias, smallvec![target]);
                continue;
            };
            if let Some(existing) = targets.iter_mut().find(|t| t.entry == index) {
                // The same entry under another language: the alias serves both.
                if existing.languages.is_empty() || target.languages.is_empty() {
                    existing.languages.clear();
                } else if let Some(language) = language {
                    if !existing.languages.contains(&language) {
                        existing.languages.push(language);
                    }
                }
                existing.findable |= findable;
            } else if wins {
                *targets = smallvec![target];
            } else if targets.iter().all(|t| {
                if target.languages.is_empty() {
                    !t.languages.is_empty()
                } else {
                    !t.languages.iter().any(|l| target.languages.contains(l))
                }
            }) {
                // Another entry's name, but not in this entry's languages: each keeps its own
                // (`OM`: the Dutch Openbaar Ministerie, the French club).
                targets.push(target);
            }
        }
        self.entries.push(entry);
    }

    /// The entry an exact alias (case-sensitive) refers to (in an article of no particular
    /// language: the first entry that has it).
    pub fn lookup(&self, alias: &str) -> Option<(&KbEntry, bool)> {
        self.aliases
            .get(alias)
            .and_then(|targets| targets.first())
            .map(|t| (&self.entries[t.entry], t.demonym))
    }

    /// [`Kb::lookup`] for a name found in an article of `language`: an acronym the KB lists for
    /// other languages only is not the entry (`CBS` is the Dutch statistics office in Dutch,
    /// a broadcaster in English); a full name links in any language (`München` in English).
    pub fn lookup_in(&self, alias: &str, language: Option<&str>) -> Option<(&KbEntry, bool)> {
        let target = target_in(self.aliases.get(alias)?, language)?;
        let acronym = !alias.chars().any(letters::lowercase);
        if acronym && !target.serves(language) {
            return None;
        }
        Some((&self.entries[target.entry], target.demonym))
    }

    /// Every alias with what it refers to, one item per entry that has it.
    pub fn aliases(&self) -> impl Iterator<Item = (&str, &KbEntry, &AliasTarget)> {
        self.aliases.iter().flat_map(move |(a, targets)| {
            targets
                .iter()
                .map(move |t| (a.as_str(), &self.entries[t.entry], t))
        })
    }

    /// Every alias with the entries that have it, in the order they were added (see
    /// [`target_in`] for the one an article means).
    pub fn alias_targets(&self) -> impl Iterator<Item = (&str, &[AliasTarget])> {
        self.aliases.iter().map(|(a, t)| (a.as_str(), t.as_slice()))
    }
}

/// Of the entries that have an alias, the one an article in `language` means: the entry that
/// names it so in that language, else the one that names it so in every language, else the
/// first.
pub fn target_in<'a>(
    targets: &'a [AliasTarget],
    language: Option<&str>,
) -> Option<&'a AliasTarget> {
    language
        .and_then(|l| targets.iter().find(|t| t.languages.iter().any(|x| x == l)))
        .or_else(|| targets.iter().find(|t| t.languages.is_empty()))
        .or_else(|| targets.first())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(line: &str) -> KbEntry {
        serde_json::from_str(line).unwrap()
    }

    #[test]
    fn an_alias_of_two_entries_in_different_languages_resolves_by_the_articles_language() {
        let mut kb = KnowledgeBase::default();
        kb.add(
            entry(
                r#"{"id": "a", "name": "Alpha", "type": "organization", "names": {"nl": ["AB"]}}"#,
            ),
            false,
        );
        kb.add(
            entry(r#"{"id": "b", "name": "Beta", "type": "organization", "names": {"fr": ["AB"], "nl": ["BB"]}}"#),
            false,
        );
        // A third entry naming it in a language that has it already does not take it there;
        // naming it in every language, it serves the languages no entry names it in.
        kb.add(
            entry(r#"{"id": "c", "name": "Gamma", "type": "organization", "aliases": ["AB"], "names": {"fr": ["AB"]}}"#),
            false,
        );
        let id = |language| kb.lookup_in("AB", language).map(|(e, _)| e.id.as_str());
        assert_eq!(id(Some("nl")), Some("a"));
        assert_eq!(id(Some("fr")), Some("b"));
        assert_eq!(id(Some("de")), Some("c"));
        // Without a language, the first.
        assert_eq!(kb.lookup("AB").map(|(e, _)| e.id.as_str()), Some("a"));
        assert_eq!(kb.aliases().filter(|(a, _, _)| *a == "AB").count(), 3);
        // An acronym of other languages only is no entry.
        let mut kb = KnowledgeBase::default();
        kb.add(
            entry(
                r#"{"id": "a", "name": "Alpha", "type": "organization", "names": {"nl": ["AB"]}}"#,
            ),
            false,
        );
        assert!(kb.lookup_in("AB", Some("de")).is_none());
    }

    #[test]
    fn an_entry_named_so_in_one_language_wins_there_over_one_named_so_in_every_language() {
        let mut kb = KnowledgeBase::default();
        kb.add(
            entry(r#"{"id": "es", "name": "Tribunal Supremo", "type": "organization"}"#),
            false,
        );
        kb.add(
            entry(r#"{"id": "pt", "name": "Supremo (Portugal)", "type": "organization", "names": {"pt": ["Tribunal Supremo"]}}"#),
            false,
        );
        fn id(kb: &KnowledgeBase, language: Option<&str>) -> Option<String> {
            kb.lookup_in("Tribunal Supremo", language)
                .map(|(e, _)| e.id.clone())
        }
        assert_eq!(id(&kb, Some("pt")).as_deref(), Some("pt"));
        assert_eq!(id(&kb, Some("es")).as_deref(), Some("es"));
        assert_eq!(id(&kb, Some("en")).as_deref(), Some("es"));
        // A newsroom's entry replaces both.
        kb.add(
            entry(r#"{"id": "ours", "name": "Tribunal Supremo", "type": "organization"}"#),
            true,
        );
        assert_eq!(id(&kb, Some("pt")).as_deref(), Some("ours"));
        assert_eq!(id(&kb, Some("es")).as_deref(), Some("ours"));
    }
}
