//! The enriched record: what consumers read from the output exchange.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Article;

/// Version of the enriched-record contract. Additive changes (new optional fields) bump the minor
/// number; anything that could break a consumer bumps the major one.
pub const SCHEMA_VERSION: &str = "1.2";

/// One enriched article (output contract v1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrichedRecord {
    /// `major.minor` of the record schema (`schemas/enriched-record.v1.schema.json`).
    pub schema_version: String,
    /// Deterministic: the same article id, revision and pipeline version always give the same id,
    /// so a consumer can drop redelivered duplicates. See [`record_id`].
    pub id: String,
    /// The article exactly as received (unknown fields included).
    pub article: Article,
    /// The plain text the stages analysed: title, a blank line, then the body with markup
    /// stripped. Offsets reported by stages are Unicode scalar (char) offsets into this text.
    pub text: String,
    /// Result of the `language` stage; `null` when that stage failed or did not run.
    pub language: Option<LanguageInfo>,
    /// Result of the `entities` stage: people, organisations, places (and `misc`:
    /// nationalities and the like), most salient first; `null` when that stage failed or did
    /// not run.
    #[serde(default)]
    pub entities: Option<Vec<Entity>>,
    /// Result of the `links` stage: one entry per distinct link; `null` when that stage failed
    /// or did not run.
    #[serde(default)]
    pub links: Option<Vec<LinkReport>>,
    /// Things a person may want to look at; never a reason to drop the record.
    pub warnings: Vec<Warning>,
    /// How the record was made: pipeline version, time, stage reports.
    pub processing: Processing,
}

/// The detected language of an article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LanguageInfo {
    /// BCP 47 primary language subtag (ISO 639-1 where one exists, else ISO 639-3); `und` when
    /// the text gives no answer.
    pub code: String,
    /// ISO 639-3 code; absent for `und`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iso639_3: Option<String>,
    /// English name of the language; absent for `und`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The dominant writing system (e.g. `Latin`, `Cyrillic`); absent when there is no text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// 0.0 to 1.0.
    pub confidence: f64,
    /// Whether the detector considers the answer trustworthy.
    pub reliable: bool,
    /// What the CMS declared, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared: Option<String>,
    /// Why the code is `und`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<UndReason>,
    /// For `und`: the detector's best guess, as a hint for a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<LanguageShare>,
    /// Other languages present (a quoted paragraph in another language), with their share of
    /// the text's letters; the main language's share is what is left.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<LanguageShare>,
}

/// Why a text's language is `und`. Each code is listed in the schema's description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UndReason {
    /// No letters at all (empty, whitespace, markup only).
    Empty,
    /// Fewer letters than `language.min_chars`.
    TooShort,
    /// The detector has no answer for these letters.
    Undetectable,
    /// Another language than `language.allowed`, or a script none of them uses.
    NotAllowed,
    /// The detector's confidence is below `language.min_confidence`.
    LowConfidence,
}

impl UndReason {
    /// Every reason, in the schema description's order.
    pub const ALL: [UndReason; 5] = [
        UndReason::Empty,
        UndReason::TooShort,
        UndReason::Undetectable,
        UndReason::NotAllowed,
        UndReason::LowConfidence,
    ];

    /// The code records carry.
    pub fn as_str(self) -> &'static str {
        match self {
            UndReason::Empty => "empty",
            UndReason::TooShort => "too_short",
            UndReason::Undetectable => "undetectable",
            UndReason::NotAllowed => "not_allowed",
            UndReason::LowConfidence => "low_confidence",
        }
    }
}

/// A language and a number: a share of the text (`others`) or a confidence (`hint`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LanguageShare {
    /// BCP 47 primary subtag.
    pub code: String,
    /// Share of the text's letters (`others`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<f64>,
    /// The detector's confidence (`hint`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// Where the paragraphs in this language are (`others`, since 1.2): `[start, end)` char
    /// offsets into `text`, like mentions' (the entity stage reads them with this language's
    /// tagger).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paragraphs: Vec<[usize; 2]>,
}

/// One entity of an article: all its mentions under one canonical name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Canonical name: the knowledge base's name when linked, else the fullest mention.
    pub name: String,
    /// What the entity is.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Every mention, in text order.
    pub mentions: Vec<EntityMention>,
    /// Number of mentions.
    pub count: u32,
    /// 0.0 to 1.0: mentions weighted by position (title 3, lead paragraph 2, elsewhere 1),
    /// relative to the article's most salient entity.
    pub salience: f64,
    /// Stable id of the knowledge-base entry, when linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kb_id: Option<String>,
}

/// What an entity is. A closed set: every consumer can handle every value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    /// A person (real or fictional).
    Person,
    /// A company, institution, party, team, agency.
    Organization,
    /// A country, city, region, landmark, body of water.
    Location,
    /// Everything else with a name: nationalities, events, works, products.
    Misc,
}

impl EntityType {
    /// Every type, in the schema's order.
    pub const ALL: [EntityType; 4] = [
        EntityType::Person,
        EntityType::Organization,
        EntityType::Location,
        EntityType::Misc,
    ];

    /// The name records carry.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Organization => "organization",
            EntityType::Location => "location",
            EntityType::Misc => "misc",
        }
    }
}

impl std::fmt::Display for EntityType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One mention of an entity: char offsets into `text` and the text itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityMention {
    /// Char offset of the first char.
    pub start: usize,
    /// Char offset after the last char.
    pub end: usize,
    /// The mention as written.
    pub text: String,
}

/// One distinct link of an article and the verdict on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkReport {
    /// The link as written in the article (relative links resolved), text fragment included.
    pub url: String,
    /// What was checked: parsed, lower-case host, default port and fragment dropped.
    pub normalized_url: String,
    /// Where the URL appears in `text` (char offsets); links only in markup (an `href`) have
    /// none.
    pub mentions: Vec<Mention>,
    /// How often the link occurs in the article, markup included.
    pub count: u32,
    /// The verdict.
    pub status: LinkStatus,
    /// Status code of the last response, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// Where the redirects ended, when there were any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
    /// Every redirect hop, in order.
    pub redirects: Vec<Redirect>,
    /// What an editor should fix even when the link works (stable codes, see the schema).
    pub issues: Vec<LinkIssue>,
    /// Why the status is what it is, for a person (e.g. the network error).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// RFC 3339 time of the check (of the cached check, when the result came from the cache).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_at: Option<String>,
    /// Time spent on this link, cache hits included.
    pub duration_ms: f64,
    /// Whether the verdict came from the worker's cache.
    pub cached: bool,
}

/// A span of `text`, in Unicode scalar (char) offsets, start inclusive, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Char offset of the first char.
    pub start: usize,
    /// Char offset after the last char.
    pub end: usize,
}

/// One hop of a redirect chain: the URL asked and the redirect status it answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Redirect {
    /// The URL that answered with a redirect.
    pub url: String,
    /// The redirect status (301, 302, 307, 308, ...).
    pub status: u16,
}

/// The verdict on a link. A closed set: every consumer can handle every value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkStatus {
    /// Answered 2xx without redirects.
    Ok,
    /// Ended 2xx at another URL.
    Redirected,
    /// 4xx or 5xx after retries, a redirect loop, or too many redirects.
    Broken,
    /// No answer within the timeout.
    Timeout,
    /// DNS or connection failure.
    Unreachable,
    /// Refused by policy (private or local address, non-http redirect target).
    Blocked,
    /// Not a valid URL.
    Invalid,
    /// Not checked: non-http scheme, link checking off, or the article's time budget spent.
    Skipped,
}

impl LinkStatus {
    /// Every status, in the schema's order.
    pub const ALL: [LinkStatus; 8] = [
        LinkStatus::Ok,
        LinkStatus::Redirected,
        LinkStatus::Broken,
        LinkStatus::Timeout,
        LinkStatus::Unreachable,
        LinkStatus::Blocked,
        LinkStatus::Invalid,
        LinkStatus::Skipped,
    ];

    /// The name records carry.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkStatus::Ok => "ok",
            LinkStatus::Redirected => "redirected",
            LinkStatus::Broken => "broken",
            LinkStatus::Timeout => "timeout",
            LinkStatus::Unreachable => "unreachable",
            LinkStatus::Blocked => "blocked",
            LinkStatus::Invalid => "invalid",
            LinkStatus::Skipped => "skipped",
        }
    }
}

/// What an editor should fix about a link even when it works. An open set in the schema (new
/// codes may come in minor versions); each code here is listed in the schema's description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkIssue {
    /// A CMS back-office link (edit screens, admin areas) that readers cannot open.
    CmsAdminLink,
    /// A draft or preview link that leaks unpublished content or breaks for readers.
    CmsPreviewLink,
    /// The link ends on a login page: readers will not get the content.
    LoginRedirect,
    /// Plain `http://`: no transport security.
    InsecureHttp,
    /// Tracking parameters (`utm_*`, `fbclid`, ...) that should not be published.
    TrackingParameters,
    /// A private or local host: unreachable for readers.
    PrivateHost,
    /// More than three redirects: slow for readers and fragile.
    LongRedirectChain,
    /// The redirects loop.
    RedirectLoop,
    /// More redirects than `links.max_redirects`.
    TooManyRedirects,
    /// A redirect to a non-http(s) URL.
    RedirectToNonHttp,
}

impl LinkIssue {
    /// Every code, in the schema's order.
    pub const ALL: [LinkIssue; 10] = [
        LinkIssue::CmsAdminLink,
        LinkIssue::CmsPreviewLink,
        LinkIssue::LoginRedirect,
        LinkIssue::InsecureHttp,
        LinkIssue::TrackingParameters,
        LinkIssue::PrivateHost,
        LinkIssue::LongRedirectChain,
        LinkIssue::RedirectLoop,
        LinkIssue::TooManyRedirects,
        LinkIssue::RedirectToNonHttp,
    ];

    /// The code records carry.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkIssue::CmsAdminLink => "cms_admin_link",
            LinkIssue::CmsPreviewLink => "cms_preview_link",
            LinkIssue::LoginRedirect => "login_redirect",
            LinkIssue::InsecureHttp => "insecure_http",
            LinkIssue::TrackingParameters => "tracking_parameters",
            LinkIssue::PrivateHost => "private_host",
            LinkIssue::LongRedirectChain => "long_redirect_chain",
            LinkIssue::RedirectLoop => "redirect_loop",
            LinkIssue::TooManyRedirects => "too_many_redirects",
            LinkIssue::RedirectToNonHttp => "redirect_to_non_http",
        }
    }
}

/// Something noteworthy about an article that did not stop its enrichment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// The stage that raised it (`pipeline` for the pipeline itself).
    pub stage: String,
    /// Stable, machine-readable code, e.g. `language_mismatch`, `stage_failed`.
    pub code: String,
    /// What happened, for a person.
    pub message: String,
}

/// How and when the record was made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Processing {
    /// Version of the enricher that made the record (part of the record id).
    pub pipeline_version: String,
    /// RFC 3339 UTC time the record was finished.
    pub processed_at: String,
    /// Wall time of all stages together, in milliseconds.
    pub duration_ms: f64,
    /// Every configured stage in order, with its outcome.
    pub stages: Vec<StageReport>,
}

/// What one stage did with the article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageReport {
    /// The stage's name (`language`, `entities`, `links`).
    pub name: String,
    /// Whether it ran, failed or was skipped.
    pub outcome: StageOutcome,
    /// Time the stage took.
    pub duration_ms: f64,
    /// Why the stage failed or was skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The model the stage ran, where it picks one (entities: `en`, `de`, `latin-pooled`,
    /// `kb-only`, ...). Since schema 1.1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

/// How a stage's run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StageOutcome {
    /// Ran to the end.
    Ok,
    /// Failed or panicked: its fields are absent and a `stage_failed` warning says why.
    Failed,
    /// Not run (not in `pipeline.stages`).
    Skipped,
}

impl StageOutcome {
    /// Every outcome, in the schema's order.
    pub const ALL: [StageOutcome; 3] = [
        StageOutcome::Ok,
        StageOutcome::Failed,
        StageOutcome::Skipped,
    ];
}

/// The deterministic record id: hex of the first 16 bytes of SHA-256 over the article id,
/// revision and pipeline version, each length-prefixed so no two triples can collide by
/// concatenation. A consumer can recompute it from the record's own fields.
pub fn record_id(article_id: &str, revision: Option<&str>, pipeline_version: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [Some(article_id), revision, Some(pipeline_version)] {
        match part {
            Some(s) => {
                hasher.update((s.len() as u64).to_be_bytes());
                hasher.update(s.as_bytes());
            }
            None => hasher.update(u64::MAX.to_be_bytes()),
        }
    }
    let digest = hasher.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_id_is_deterministic_and_sensitive_to_each_part() {
        let a = record_id("a1", Some("3"), "0.1.0");
        assert_eq!(a, record_id("a1", Some("3"), "0.1.0"));
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, record_id("a1", Some("4"), "0.1.0"));
        assert_ne!(a, record_id("a1", Some("3"), "0.2.0"));
        assert_ne!(a, record_id("a2", Some("3"), "0.1.0"));
        assert_ne!(record_id("a1", None, "v"), record_id("a1", Some(""), "v"));
        assert_ne!(
            record_id("ab", Some("c"), "v"),
            record_id("a", Some("bc"), "v")
        );
    }

    #[test]
    fn record_id_has_a_pinned_value() {
        // Consumers may recompute ids; changing the derivation is a breaking change.
        assert_eq!(
            record_id("sco-summit", None, "0.1.0"),
            "51eda1389a22e6b9c50c04333090807e"
        );
    }
}
