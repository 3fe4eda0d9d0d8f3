//! The stage's settings (configuration table `[language]`) and the error of a bad allow-list.

use serde::Deserialize;

/// Settings of the language stage (configuration table `[language]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LanguageSettings {
    /// The languages this newsroom publishes in (BCP 47 primary subtags such as `en`, `de`);
    /// empty means every supported language. Text in another language is `und` with the best
    /// guess as a `hint`, never forced into an allowed language.
    pub allowed: Vec<String>,
    /// Fewer letters than this give `und` with reason `too_short`.
    pub min_chars: usize,
    /// Detections below this confidence give `und` with reason `low_confidence` (0 = keep every
    /// answer; unreliable ones are marked `reliable: false`).
    pub min_confidence: f64,
    /// With an allow-list, an out-of-list language must beat the best allowed one with at least
    /// this confidence (their two-way odds) for the text to be `und`; below it, the best allowed
    /// language stands, marked unreliable.
    pub reject_confidence: f64,
    /// A paragraph language that covers at least this share of the letters is reported in
    /// `others` (mixed-language articles).
    pub mixed_min_share: f64,
    /// A detection at or above this confidence (and reliable) that disagrees with the declared
    /// language raises a `language_mismatch` warning.
    pub mismatch_confidence: f64,
}

impl Default for LanguageSettings {
    fn default() -> Self {
        LanguageSettings {
            allowed: Vec::new(),
            min_chars: 5,
            min_confidence: 0.0,
            reject_confidence: 0.99,
            mixed_min_share: 0.15,
            mismatch_confidence: 0.5,
        }
    }
}

/// A configuration that names a language the detector does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("language.allowed: `{0}` is not a language the detector supports")]
pub struct UnknownLanguage(pub String);
