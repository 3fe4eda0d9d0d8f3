//! The `entities` stage: tag, repair with the knowledge base, cluster, link, rank.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use enricher_contracts::{EnrichedRecord, Entity, EntityMention};
use enricher_pipeline::{Stage, StageFuture};
use serde::Deserialize;

use crate::conll::spans;
use crate::kb::{KbEntry, KbError, KnowledgeBase};
use crate::model::TokenInfo;
use crate::tagging::{EntityTagger, Gazetteer};
use crate::tokenize::{tokenize, Token};

/// Settings of the entities stage (configuration table `[entities]`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EntitySettings {
    /// A newsroom knowledge base (JSON lines: `id`, `name`, `type`, `aliases`); its entries win
    /// over the default KB's.
    pub kb_path: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum EntityStageError {
    #[error(transparent)]
    Kb(#[from] KbError),
    #[error("cannot load the entity model: {0}")]
    Model(#[from] std::io::Error),
}

/// The entities stage. Model and KB are loaded once and shared.
#[derive(Clone)]
pub struct EntityStage {
    inner: Arc<Inner>,
}

struct Inner {
    tagger: EntityTagger,
    kb: KnowledgeBase,
    /// Exact, case-sensitive KB aliases that may add entities the tagger missed.
    matcher: AhoCorasick,
    matcher_aliases: Vec<(usize, bool)>, // (entry, demonym)
}

/// A mention before clustering.
#[derive(Debug, Clone)]
struct Found {
    start: usize,
    end: usize,
    text: String,
    kind: &'static str,
    kb: Option<usize>,
}

impl EntityStage {
    pub fn new(settings: &EntitySettings) -> Result<Self, EntityStageError> {
        let mut kb = KnowledgeBase::default_kb();
        if let Some(path) = &settings.kb_path {
            kb.load_newsroom(path)?;
        }
        let tagger = EntityTagger::shipped()?.with_gazetteer(Gazetteer::from_kb(&kb));
        let mut patterns = Vec::new();
        let mut matcher_aliases = Vec::new();
        for (alias, entry, demonym) in kb.aliases() {
            // Title words are tagger hints, not entities; one-letter aliases are noise.
            if entry.class.as_deref() == Some("title") || alias.chars().count() < 2 {
                continue;
            }
            let index = kb
                .entries
                .iter()
                .position(|e| std::ptr::eq(e, entry))
                .expect("entry of this KB");
            patterns.push(alias.to_owned());
            matcher_aliases.push((index, demonym));
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("KB aliases build an automaton");
        Ok(EntityStage {
            inner: Arc::new(Inner {
                tagger,
                kb,
                matcher,
                matcher_aliases,
            }),
        })
    }

    /// The entities of a text (`title_chars`: how many leading chars are the title).
    pub fn entities(&self, text: &str, title_chars: usize) -> Vec<Entity> {
        let inner = &*self.inner;
        let chars: Vec<char> = text.chars().collect();
        let lines = tokenize(text);
        let mut found: Vec<Found> = Vec::new();
        let mut heading_spans: Vec<(usize, usize)> = Vec::new();
        for line in &lines {
            let words: Vec<&str> = line.iter().map(|t| t.text.as_str()).collect();
            let infos: Vec<TokenInfo> = line
                .iter()
                .map(|t| TokenInfo::new(&t.text, t.sentence_start))
                .collect();
            let tags = inner.tagger.tag_infos(&words, infos);
            if is_heading(line) {
                heading_spans.push((line[0].start, line[line.len() - 1].end));
            }
            for (start, end, kind) in spans(&tags) {
                // Possessives and punctuation at either end are not part of the name.
                let (mut start, mut end) = (start, end);
                let no_word = |t: &Token| {
                    matches!(t.text.as_str(), "'s" | "\u{2019}s")
                        || !t.text.chars().any(char::is_alphanumeric)
                };
                while end > start && no_word(&line[end - 1]) {
                    end -= 1;
                }
                while start < end && no_word(&line[start]) {
                    start += 1;
                }
                if end == start {
                    continue;
                }
                // Sentence-initial function words are not part of a name ("For Putin").
                while start < end
                    && line[start].sentence_start
                    && end - start > 1
                    && FUNCTION_WORDS.contains(&line[start].text.to_lowercase().as_str())
                {
                    start += 1;
                }
                if line[start..end].iter().any(|t| t.text.contains("://"))
                    || (end - start == 1
                        && COMMON_WORDS.contains(&line[start].text.to_lowercase().as_str()))
                    || !line[start..end]
                        .iter()
                        .any(|t| t.text.chars().any(char::is_alphabetic))
                {
                    continue;
                }
                let kind = match kind {
                    "PER" => "person",
                    "ORG" => "organization",
                    "LOC" => "location",
                    _ => "misc",
                };
                found.extend(self.split_compound(&line[start..end], kind, &chars));
            }
            // Compounds the tagger left alone: U.S.-led, Moscow-Beijing.
            for token in line {
                if token.text.contains('-')
                    && !found
                        .iter()
                        .any(|f| f.start < token.end && token.start < f.end)
                {
                    found.extend(self.compound_parts(token, &chars));
                }
            }
        }
        // Knowledge-base aliases the tagger missed (countries, regions, organisations,
        // nationalities), on word boundaries.
        for m in inner.matcher.find_iter(text) {
            let (entry_index, demonym) = inner.matcher_aliases[m.pattern().as_usize()];
            let entry = &inner.kb.entries[entry_index];
            if !demonym
                && !matches!(
                    entry.class.as_deref(),
                    Some("country" | "region" | "org") | None
                )
            {
                continue; // cities only through the tagger: too many are also common words
            }
            if !word_boundary(text, m.start(), m.end()) {
                continue;
            }
            let start = text[..m.start()].chars().count();
            let end = start + text[m.start()..m.end()].chars().count();
            if found.iter().any(|f| f.start < end && start < f.end) {
                continue;
            }
            found.push(Found {
                start,
                end,
                text: text[m.start()..m.end()].to_owned(),
                kind: if demonym { "misc" } else { kb_kind(entry) },
                kb: Some(entry_index),
            });
        }
        // Link and retype by exact alias.
        for f in &mut found {
            if f.kb.is_none() {
                if let Some((entry, demonym)) = inner.kb.lookup(&f.text) {
                    if entry.class.as_deref() != Some("title") {
                        f.kb = inner.kb.entries.iter().position(|e| std::ptr::eq(e, entry));
                        f.kind = if demonym { "misc" } else { kb_kind(entry) };
                    }
                }
            }
        }
        // Headings: keep only what the body or the KB supports (no "Key Discussions" person).
        let in_heading = |f: &Found| {
            heading_spans
                .iter()
                .any(|(s, e)| *s <= f.start && f.end <= *e)
        };
        let supported: Vec<String> = found
            .iter()
            .filter(|f| !in_heading(f))
            .map(|f| f.text.clone())
            .collect();
        found.retain(|f| !in_heading(f) || f.kb.is_some() || supported.contains(&f.text));
        found.sort_by_key(|f| (f.start, f.end));
        found.dedup_by(|a, b| a.start < b.end && b.start < a.end);
        self.cluster(found, &chars, text, title_chars)
    }

    /// A tagged span made of one hyphenated token whose parts are KB places becomes the parts
    /// (`Moscow-Beijing` -> Moscow, Beijing); anything else stays as tagged.
    fn split_compound(&self, tokens: &[Token], kind: &'static str, chars: &[char]) -> Vec<Found> {
        if tokens.len() == 1 && tokens[0].text.contains('-') && kind != "person" {
            let parts = self.compound_parts(&tokens[0], chars);
            if !parts.is_empty() {
                return parts;
            }
        }
        let start = tokens[0].start;
        let end = tokens[tokens.len() - 1].end;
        vec![Found {
            start,
            end,
            text: chars[start..end].iter().collect(),
            kind,
            kb: None,
        }]
    }

    /// KB places and organisations inside a hyphenated token.
    fn compound_parts(&self, token: &Token, _chars: &[char]) -> Vec<Found> {
        let mut out = Vec::new();
        let mut offset = token.start;
        for part in token.text.split('-') {
            let len = part.chars().count();
            if let Some((entry, false)) = self.inner.kb.lookup(part) {
                if matches!(
                    entry.class.as_deref(),
                    Some("country" | "city" | "region" | "org")
                ) {
                    out.push(Found {
                        start: offset,
                        end: offset + len,
                        text: part.to_owned(),
                        kind: kb_kind(entry),
                        kb: self
                            .inner
                            .kb
                            .entries
                            .iter()
                            .position(|e| std::ptr::eq(e, entry)),
                    });
                }
            }
            offset += len + 1;
        }
        out
    }

    /// Groups mentions into entities: by KB entry, by acronym, by surname, by exact text.
    fn cluster(
        &self,
        found: Vec<Found>,
        chars: &[char],
        text: &str,
        title_chars: usize,
    ) -> Vec<Entity> {
        let kb = &self.inner.kb;
        let lead_end = lead_end(text, title_chars);
        let mut clusters: Vec<(Vec<Found>, Option<usize>, &'static str)> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        // Acronyms defined in the text: "Shanghai Cooperation Organization (SCO)".
        let mut acronym_of: HashMap<String, String> = HashMap::new();
        for f in &found {
            let after: String = chars[f.end..chars.len().min(f.end + 12)].iter().collect();
            if let Some(rest) = after.strip_prefix(" (") {
                if let Some(acronym) = rest.split(')').next() {
                    if acronym.len() >= 2 && acronym.chars().all(|c| c.is_uppercase() || c == '.') {
                        acronym_of.insert(acronym.to_owned(), f.text.clone());
                    }
                }
            }
        }
        // Longer mentions first, so "Vladimir Putin" exists before "Putin" looks for it.
        let mut order: Vec<usize> = (0..found.len()).collect();
        order.sort_by_key(|i| std::cmp::Reverse(found[*i].text.split_whitespace().count()));
        for i in order {
            let f = &found[i];
            let key = match f.kb {
                // A nationality is its own entity, linked to its country.
                Some(entry) if f.kind == "misc" => {
                    format!("kb:{}:{}", kb.entries[entry].id, f.text)
                }
                Some(entry) => format!("kb:{}", kb.entries[entry].id),
                None => match acronym_of.get(&f.text) {
                    Some(long) => by_key
                        .keys()
                        .find(|k| k.ends_with(&format!(":{long}")))
                        .cloned()
                        .unwrap_or_else(|| format!("{}:{long}", f.kind)),
                    None => format!("{}:{}", f.kind, normalise(&f.text)),
                },
            };
            let target = by_key.get(&key).copied().or_else(|| {
                // A lone name joins the one person whose name ends or starts with it, whatever
                // the tagger called it ("Xi" of "Xi Jinping").
                (f.kb.is_none() && !f.text.contains(' ')).then(|| {
                    let candidates: Vec<usize> = clusters
                        .iter()
                        .enumerate()
                        .filter(|(_, (mentions, _, kind))| {
                            *kind == "person"
                                && mentions.iter().any(|m| {
                                    let words: Vec<&str> = m.text.split_whitespace().collect();
                                    words.len() > 1
                                        && (words.last() == Some(&f.text.as_str())
                                            || words.first() == Some(&f.text.as_str()))
                                })
                        })
                        .map(|(i, _)| i)
                        .collect();
                    (candidates.len() == 1).then(|| candidates[0])
                })?
            });
            match target {
                Some(c) => clusters[c].0.push(f.clone()),
                None => {
                    by_key.insert(key, clusters.len());
                    clusters.push((vec![f.clone()], f.kb, f.kind));
                }
            }
        }
        let weight = |m: &Found| {
            if m.start < title_chars {
                3.0
            } else if m.start < lead_end {
                2.0
            } else {
                1.0
            }
        };
        let mut entities: Vec<(Entity, f64, usize)> = clusters
            .into_iter()
            .map(|(mut mentions, entry, kind)| {
                mentions.sort_by_key(|m| m.start);
                let score: f64 = mentions.iter().map(weight).sum();
                let entry: Option<&KbEntry> = entry.map(|e| &kb.entries[e]);
                let name = match entry {
                    Some(_) if kind == "misc" => mentions[0].text.clone(),
                    Some(e) => e.name.clone(),
                    None => mentions
                        .iter()
                        .map(|m| m.text.clone())
                        .max_by_key(|t| (t.split_whitespace().count(), t.len()))
                        .unwrap_or_default(),
                };
                let first = mentions[0].start;
                let entity = Entity {
                    name,
                    kind: entry
                        .map_or(kind, |e| if kind == "misc" { "misc" } else { kb_kind(e) })
                        .to_owned(),
                    count: mentions.len() as u32,
                    mentions: mentions
                        .into_iter()
                        .map(|m| EntityMention {
                            start: m.start,
                            end: m.end,
                            text: m.text,
                        })
                        .collect(),
                    salience: 0.0,
                    kb_id: entry.map(|e| e.id.clone()),
                };
                (entity, score, first)
            })
            .collect();
        let top = entities.iter().map(|e| e.1).fold(0.0, f64::max);
        for (entity, score, _) in &mut entities {
            entity.salience = if top > 0.0 {
                (*score / top * 1000.0).round() / 1000.0
            } else {
                0.0
            };
        }
        entities.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
        entities.into_iter().map(|e| e.0).collect()
    }
}

/// Words that start a sentence but never a name.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "for", "in", "at", "on", "by", "as", "if", "but", "and", "or", "with",
    "from", "after", "before", "during", "while", "when", "since", "though", "although", "under",
    "over", "to", "of", "this", "that", "these", "those", "its", "his", "her", "their", "our",
    "my",
];

/// Common words that the tagger sometimes takes for a one-word name at the start of a sentence
/// or a line.
const COMMON_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "for",
    "in",
    "at",
    "on",
    "by",
    "as",
    "if",
    "but",
    "and",
    "or",
    "with",
    "from",
    "after",
    "before",
    "during",
    "while",
    "when",
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "its",
    "our",
    "read",
    "reports",
    "report",
    "observer",
    "observers",
    "members",
    "member",
    "officials",
    "sources",
    "analysts",
    "experts",
    "critics",
    "leaders",
    "president",
    "minister",
    "government",
    "police",
    "meanwhile",
    "however",
    "also",
    "more",
    "most",
    "some",
    "many",
    "other",
    "others",
    "today",
    "yesterday",
    "tomorrow",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "mr",
    "mrs",
    "ms",
    "dr",
    "photo",
    "video",
    "update",
    "breaking",
    "exclusive",
    "analysis",
    "opinion",
    "editorial",
    "summit",
    "news",
];

fn kb_kind(entry: &KbEntry) -> &'static str {
    match entry.kind.as_str() {
        "person" => "person",
        "organization" => "organization",
        "location" => "location",
        _ => "misc",
    }
}

fn normalise(text: &str) -> String {
    text.replace('\u{2019}', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// A short line without closing punctuation, mostly capitalised: a heading.
fn is_heading(line: &[Token]) -> bool {
    let words: Vec<&Token> = line
        .iter()
        .filter(|t| t.text.chars().any(char::is_alphabetic))
        .collect();
    let last = line.last().map(|t| t.text.as_str()).unwrap_or_default();
    let capitalised = words
        .iter()
        .filter(|t| t.text.chars().next().is_some_and(char::is_uppercase))
        .count();
    !words.is_empty()
        && words.len() <= 8
        && !matches!(last, "." | "!" | "?" | ":" | "\"" | "\u{201d}")
        && capitalised * 2 >= words.len()
}

/// Where the lead ends: the end of the first body paragraph (line) after the title.
fn lead_end(text: &str, title_chars: usize) -> usize {
    let body: String = text.chars().skip(title_chars).collect();
    let trimmed = body.trim_start_matches('\n');
    let skipped = body.chars().count() - trimmed.chars().count();
    let first_line = trimmed
        .split('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count();
    title_chars + skipped + first_line
}

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn process<'a>(&'a self, record: &'a mut EnrichedRecord) -> StageFuture<'a> {
        let title_chars = match record.article.title.as_deref().map(str::trim) {
            Some(title) if !title.is_empty() => title.chars().count(),
            _ => 0,
        };
        record.entities = Some(self.entities(&record.text, title_chars));
        Box::pin(std::future::ready(Ok(())))
    }
}
