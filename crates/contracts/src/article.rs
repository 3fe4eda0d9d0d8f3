//! The input article: what the CMS publishes, and how raw bytes become one.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Bodies above this many bytes are refused: one article must never exhaust a worker.
pub const DEFAULT_MAX_ARTICLE_BYTES: usize = 1024 * 1024;

/// Longest accepted article id, in bytes (ids end up in message headers and log lines).
const MAX_ID_BYTES: usize = 512;

/// An article as published by the CMS (input contract v1).
///
/// Unknown fields are kept in [`Article::extra`] and written back out untouched, so a CMS can add
/// fields before the service knows about them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The CMS's id of the article; stable across revisions.
    pub id: String,
    /// The article body, in [`Article::format`].
    pub body: String,
    /// Headline; analysed with the body (it comes first in the record's `text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Canonical public URL; relative links in the body are resolved against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The language the CMS declares (a BCP 47 tag such as `en` or `pt-BR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Markup of the body; absent means `text` (kept absent so the article round-trips untouched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Publication time as the CMS gives it (RFC 3339 expected; kept as given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<String>,
    /// The CMS's revision of the article: a new revision gets a new record id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<Revision>,
    /// Fields this version of the contract does not know, carried through untouched.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The markup of an article body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text, analysed as it is.
    #[default]
    Text,
    /// HTML: markup removed, block elements become line breaks.
    Html,
    /// Markdown (CommonMark): rendered to plain text.
    Markdown,
}

/// A revision as the CMS spells it: WordPress sends numbers, others send strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Revision {
    /// A revision number.
    Number(u64),
    /// A revision label (an ETag, a timestamp).
    Text(String),
}

impl std::fmt::Display for Revision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Revision::Number(n) => write!(f, "{n}"),
            Revision::Text(s) => f.write_str(s),
        }
    }
}

/// Why a message can never become an article. The string form is the stable reason code written
/// to the dead-letter queue's `x-enricher-reason` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RejectReason {
    /// Larger than `limits.max_article_bytes`.
    TooLarge,
    /// Not valid UTF-8.
    InvalidUtf8,
    /// Not JSON.
    MalformedJson,
    /// JSON, but not an object.
    NotAnObject,
    /// A required field (`id`, `body`) is missing.
    MissingField,
    /// A field has the wrong type or an invalid value.
    InvalidField,
}

impl RejectReason {
    /// The stable reason code (`too_large`, `invalid_utf8`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::TooLarge => "too_large",
            RejectReason::InvalidUtf8 => "invalid_utf8",
            RejectReason::MalformedJson => "malformed_json",
            RejectReason::NotAnObject => "not_an_object",
            RejectReason::MissingField => "missing_field",
            RejectReason::InvalidField => "invalid_field",
        }
    }
}

impl std::fmt::Display for RejectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message that is not a valid article, with a reason code and a sentence for a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}: {message}")]
pub struct ArticleError {
    /// The stable reason code.
    pub reason: RejectReason,
    /// What is wrong, for a person (names the field and the line where it can).
    pub message: String,
}

impl ArticleError {
    fn new(reason: RejectReason, message: impl Into<String>) -> Self {
        ArticleError {
            reason,
            message: message.into(),
        }
    }
}

impl Article {
    /// Parses raw message bytes into an article, refusing anything that can never succeed.
    ///
    /// Checks run cheapest first: size, UTF-8, JSON, shape, then each known field's type, so the
    /// reason names the first real problem.
    pub fn from_slice(bytes: &[u8], max_bytes: usize) -> Result<Article, ArticleError> {
        Article::from_value(Article::json_value(bytes, max_bytes)?)
    }

    /// Checks size and UTF-8 and parses JSON: the steps every message goes through.
    fn json_value(bytes: &[u8], max_bytes: usize) -> Result<Value, ArticleError> {
        if bytes.len() > max_bytes {
            return Err(ArticleError::new(
                RejectReason::TooLarge,
                format!("message is {} bytes, the limit is {max_bytes}", bytes.len()),
            ));
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            ArticleError::new(
                RejectReason::InvalidUtf8,
                format!("message is not valid UTF-8 ({e})"),
            )
        })?;
        serde_json::from_str(text).map_err(|e| {
            ArticleError::new(RejectReason::MalformedJson, format!("not valid JSON: {e}"))
        })
    }

    /// Parses a JSON text (already known to be UTF-8) into an article.
    pub fn from_json_str(text: &str) -> Result<Article, ArticleError> {
        let value: Value = serde_json::from_str(text).map_err(|e| {
            ArticleError::new(RejectReason::MalformedJson, format!("not valid JSON: {e}"))
        })?;
        Article::from_value(value)
    }

    /// Checks a parsed JSON value against the input contract and converts it.
    pub fn from_value(value: Value) -> Result<Article, ArticleError> {
        let Value::Object(object) = value else {
            return Err(ArticleError::new(
                RejectReason::NotAnObject,
                format!("an article is a JSON object, got {}", json_type(&value)),
            ));
        };
        check_fields(&object)?;
        serde_json::from_value(Value::Object(object))
            .map_err(|e| ArticleError::new(RejectReason::InvalidField, e.to_string()))
    }

    /// The body's markup, `text` when the CMS did not say.
    pub fn format(&self) -> Format {
        self.format.unwrap_or_default()
    }
}

/// Field checks with messages that name the field, where serde would only say "invalid type".
fn check_fields(object: &Map<String, Value>) -> Result<(), ArticleError> {
    for required in ["id", "body"] {
        match object.get(required) {
            None | Some(Value::Null) => {
                return Err(ArticleError::new(
                    RejectReason::MissingField,
                    format!("required field `{required}` is missing"),
                ))
            }
            Some(Value::String(_)) => {}
            Some(other) => {
                return Err(ArticleError::new(
                    RejectReason::InvalidField,
                    format!(
                        "field `{required}` must be a string, got {}",
                        json_type(other)
                    ),
                ))
            }
        }
    }
    let id = object["id"].as_str().unwrap_or_default();
    if id.trim().is_empty() {
        return Err(ArticleError::new(
            RejectReason::InvalidField,
            "field `id` must not be empty",
        ));
    }
    if id.len() > MAX_ID_BYTES {
        return Err(ArticleError::new(
            RejectReason::InvalidField,
            format!(
                "field `id` is {} bytes, the limit is {MAX_ID_BYTES}",
                id.len()
            ),
        ));
    }
    for optional in ["title", "url", "language", "published_at"] {
        if let Some(value) = object.get(optional) {
            if !matches!(value, Value::String(_) | Value::Null) {
                return Err(ArticleError::new(
                    RejectReason::InvalidField,
                    format!(
                        "field `{optional}` must be a string, got {}",
                        json_type(value)
                    ),
                ));
            }
        }
    }
    if let Some(format) = object.get("format") {
        if !matches!(format.as_str(), Some("text" | "html" | "markdown")) && !format.is_null() {
            return Err(ArticleError::new(
                RejectReason::InvalidField,
                format!(
                    "field `format` must be one of \"text\", \"html\", \"markdown\", got {format}"
                ),
            ));
        }
    }
    if let Some(revision) = object.get("revision") {
        let ok = revision.is_null() || revision.is_string() || revision.as_u64().is_some();
        if !ok {
            return Err(ArticleError::new(
                RejectReason::InvalidField,
                format!(
                    "field `revision` must be a string or a non-negative integer, got {revision}"
                ),
            ));
        }
    }
    Ok(())
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// What a worker may consume: a new article from the CMS, or a partial record from an earlier
/// worker when the pipeline is split across workers (`--stages`).
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// An article from the CMS.
    Article(Article),
    /// A partial record from an upstream worker of a split pipeline: it carries on.
    Record(Box<crate::EnrichedRecord>),
}

impl Incoming {
    /// Parses a message; a JSON object with a `schema_version` is a record, anything else must
    /// be an article.
    pub fn from_slice(bytes: &[u8], max_bytes: usize) -> Result<Incoming, ArticleError> {
        let value = Article::json_value(bytes, max_bytes)?;
        if value.get("schema_version").is_some() {
            return serde_json::from_value(value)
                .map(|record| Incoming::Record(Box::new(record)))
                .map_err(|e| {
                    ArticleError::new(
                        RejectReason::InvalidField,
                        format!("not a valid enriched record: {e}"),
                    )
                });
        }
        Article::from_value(value).map(Incoming::Article)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(bytes: &[u8]) -> RejectReason {
        Article::from_slice(bytes, 1000).unwrap_err().reason
    }

    #[test]
    fn minimal_article_parses_with_text_format() {
        let a = Article::from_slice(br#"{"id":"a1","body":"Hello"}"#, 1000).unwrap();
        assert_eq!(a.id, "a1");
        assert_eq!(a.format(), Format::Text);
        assert_eq!(a.revision, None);
    }

    #[test]
    fn unknown_fields_round_trip_untouched() {
        let input = r#"{"id":"a1","body":"b","section":{"name":"World","rank":3},"tags":["x"],"revision":7}"#;
        let a = Article::from_json_str(input).unwrap();
        assert_eq!(a.extra["section"]["rank"], 3);
        let back: Value = serde_json::to_value(&a).unwrap();
        let original: Value = serde_json::from_str(input).unwrap();
        assert_eq!(back, original);
    }

    #[test]
    fn each_kind_of_bad_input_has_its_reason() {
        assert_eq!(reason(&[b'x'; 1001]), RejectReason::TooLarge);
        assert_eq!(
            reason(b"{\"id\":\"a\",\"body\":\"\xff\"}"),
            RejectReason::InvalidUtf8
        );
        assert_eq!(reason(b"{\"id\": \"a\", "), RejectReason::MalformedJson);
        assert_eq!(reason(b"[1,2]"), RejectReason::NotAnObject);
        assert_eq!(reason(br#"{"body":"b"}"#), RejectReason::MissingField);
        assert_eq!(reason(br#"{"id":"a"}"#), RejectReason::MissingField);
        assert_eq!(
            reason(br#"{"id":5,"body":"b"}"#),
            RejectReason::InvalidField
        );
        assert_eq!(
            reason(br#"{"id":"  ","body":"b"}"#),
            RejectReason::InvalidField
        );
        assert_eq!(
            reason(br#"{"id":"a","body":"b","format":"pdf"}"#),
            RejectReason::InvalidField
        );
        assert_eq!(
            reason(br#"{"id":"a","body":"b","revision":-1}"#),
            RejectReason::InvalidField
        );
        assert_eq!(
            reason(br#"{"id":"a","body":"b","title":["t"]}"#),
            RejectReason::InvalidField
        );
    }

    #[test]
    fn error_messages_name_the_field() {
        let e = Article::from_slice(br#"{"id":"a"}"#, 1000).unwrap_err();
        assert_eq!(
            e.to_string(),
            "missing_field: required field `body` is missing"
        );
        let e = Article::from_slice(br#"{"id":"a","body":3}"#, 1000).unwrap_err();
        assert!(
            e.message.contains("`body` must be a string, got a number"),
            "{e}"
        );
    }

    #[test]
    fn revision_accepts_numbers_and_strings() {
        let a = Article::from_json_str(r#"{"id":"a","body":"b","revision":12}"#).unwrap();
        assert_eq!(a.revision.unwrap().to_string(), "12");
        let a = Article::from_json_str(r#"{"id":"a","body":"b","revision":"r-3"}"#).unwrap();
        assert_eq!(a.revision.unwrap().to_string(), "r-3");
    }
}
