//! The message contracts of the enrichment service.
//!
//! Two documents cross the service's boundary and both are versioned contracts:
//! the [`Article`] a CMS publishes (schema `schemas/article.v1.schema.json`) and the
//! [`EnrichedRecord`] downstream consumers read (schema `schemas/enriched-record.v1.schema.json`).
//! Both schemas live at the top of the repository and are checked against these types by tests.

mod article;
mod record;

pub use article::{
    Article, ArticleError, Format, Incoming, RejectReason, Revision, DEFAULT_MAX_ARTICLE_BYTES,
};
pub use record::{
    record_id, EnrichedRecord, Entity, EntityMention, EntityType, LanguageInfo, LanguageShare,
    LinkIssue, LinkReport, LinkStatus, Mention, Processing, Redirect, StageOutcome, StageReport,
    UndReason, Warning, SCHEMA_VERSION,
};
