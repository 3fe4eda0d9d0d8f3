//! The `links` stage: every link of an article, found and checked, with verdicts an editor can
//! act on.
//!
//! - [`extract`] finds links in plain text, HTML and Markdown and resolves relative ones.
//! - [`policy`] decides which addresses may be contacted (SSRF safety) and vets every DNS
//!   answer before a connection is made, so a vetted address is the one connected to.
//! - [`checker`] does the HTTP work: HEAD then GET, bounded bodies, manual redirects with
//!   every hop re-vetted, retries with backoff, per-host politeness, a shared result cache.
//! - [`issues`] flags what an editor should fix even when a link works.

pub mod cache;
pub mod checker;
pub mod extract;
pub mod issues;
pub mod limiter;
pub mod policy;
mod settings;
mod stage;

pub use checker::{CheckOutcome, ClientError, LinkChecker};
pub use settings::LinkSettings;
pub use stage::LinkStage;

/// Counter of links checked, labelled `status` (cache hits included).
pub const LINKS_CHECKED: &str = "enricher_links_checked_total";
/// Counter of link verdicts served from the cache.
pub const LINK_CACHE_HITS: &str = "enricher_link_cache_hits_total";
/// Counter of HTTP requests sent, labelled `method`.
pub const LINK_REQUESTS: &str = "enricher_link_requests_total";
