//! The `language` stage: detects the language of an article's plain text with `whatlang`.
//!
//! Reports a BCP 47 primary subtag (ISO 639-1 where one exists), the ISO 639-3 code, the
//! script, a confidence and whether it is reliable. Text too short to judge gets `und` with a
//! reason rather than a guess. A confident disagreement with the CMS's declared language is a
//! warning, not an error: the declaration may be wrong, or the detector.

use enricher_contracts::{EnrichedRecord, LanguageInfo, Warning};
use enricher_pipeline::{Stage, StageFuture};
use serde::Deserialize;

/// Settings of the language stage (configuration table `[language]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LanguageSettings {
    /// Fewer letters than this give `und` with reason `too_short`.
    pub min_chars: usize,
    /// A detection at or above this confidence (and reliable) that disagrees with the declared
    /// language raises a `language_mismatch` warning.
    pub mismatch_confidence: f64,
}

impl Default for LanguageSettings {
    fn default() -> Self {
        LanguageSettings {
            min_chars: 20,
            mismatch_confidence: 0.5,
        }
    }
}

/// The language stage.
#[derive(Debug, Clone, Default)]
pub struct LanguageStage {
    settings: LanguageSettings,
}

impl LanguageStage {
    pub fn new(settings: LanguageSettings) -> Self {
        LanguageStage { settings }
    }

    /// Detects the language of `text`, noting what the CMS declared.
    pub fn detect(&self, text: &str, declared: Option<&str>) -> LanguageInfo {
        let declared = declared
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned);
        let letters = text.chars().filter(|c| c.is_alphabetic()).count();
        let undetermined = |reason: &str, script: Option<String>| LanguageInfo {
            code: "und".to_owned(),
            iso639_3: None,
            name: None,
            script,
            confidence: 0.0,
            reliable: false,
            declared: declared.clone(),
            reason: Some(reason.to_owned()),
        };
        if letters == 0 {
            return undetermined("empty", None);
        }
        let script = whatlang::detect_script(text).map(|s| s.name().to_owned());
        if letters < self.settings.min_chars {
            return undetermined("too_short", script);
        }
        let Some(info) = whatlang::detect(text) else {
            return undetermined("undetectable", script);
        };
        let iso639_3 = info.lang().code();
        LanguageInfo {
            code: primary_subtag(iso639_3),
            iso639_3: Some(iso639_3.to_owned()),
            name: Some(info.lang().eng_name().to_owned()),
            script: Some(info.script().name().to_owned()),
            confidence: info.confidence(),
            reliable: info.is_reliable(),
            declared,
            reason: None,
        }
    }

    /// A warning when a trustworthy detection contradicts the declared language.
    fn mismatch(&self, info: &LanguageInfo) -> Option<Warning> {
        let declared = info.declared.as_deref()?;
        let declared_primary = declared
            .split(['-', '_'])
            .next()
            .unwrap_or(declared)
            .to_ascii_lowercase();
        let same = declared_primary == info.code
            || info.iso639_3.as_deref() == Some(declared_primary.as_str());
        let confident = info.reliable && info.confidence >= self.settings.mismatch_confidence;
        (info.code != "und" && confident && !same).then(|| Warning {
            stage: "language".to_owned(),
            code: "language_mismatch".to_owned(),
            message: format!(
                "the CMS declared `{declared}` but the text reads as `{}` ({}) with confidence {:.2}",
                info.code,
                info.name.as_deref().unwrap_or("?"),
                info.confidence
            ),
        })
    }
}

impl Stage for LanguageStage {
    fn name(&self) -> &'static str {
        "language"
    }

    fn process<'a>(&'a self, record: &'a mut EnrichedRecord) -> StageFuture<'a> {
        let info = self.detect(&record.text, record.article.language.as_deref());
        record.warnings.extend(self.mismatch(&info));
        record.language = Some(info);
        Box::pin(std::future::ready(Ok(())))
    }
}

/// The BCP 47 primary subtag for an ISO 639-3 code: the ISO 639-1 code where one exists.
/// whatlang names two individual languages where BCP 47 uses the macrolanguage's code.
fn primary_subtag(iso639_3: &str) -> String {
    let macrolanguage = match iso639_3 {
        "cmn" => "zho",
        "pes" => "fas",
        other => other,
    };
    isolang::Language::from_639_3(macrolanguage)
        .and_then(|l| l.to_639_1())
        .unwrap_or(iso639_3)
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str, declared: Option<&str>) -> LanguageInfo {
        LanguageStage::default().detect(text, declared)
    }

    #[test]
    fn english_news_text() {
        let info = detect(
            "Russian President Vladimir Putin and Chinese President Xi Jinping met Wednesday in Kazakhstan for the summit.",
            None,
        );
        assert_eq!(info.code, "en");
        assert_eq!(info.iso639_3.as_deref(), Some("eng"));
        assert_eq!(info.name.as_deref(), Some("English"));
        assert_eq!(info.script.as_deref(), Some("Latin"));
        assert!(info.reliable);
        assert!(info.confidence > 0.5);
    }

    #[test]
    fn every_whatlang_language_has_a_valid_primary_subtag() {
        for lang in whatlang::Lang::all() {
            let tag = primary_subtag(lang.code());
            assert!(
                tag.len() == 2 || tag == lang.code(),
                "{} -> {tag}",
                lang.code()
            );
        }
        assert_eq!(primary_subtag("cmn"), "zh");
        assert_eq!(primary_subtag("pes"), "fa");
        assert_eq!(primary_subtag("nob"), "nb");
    }

    #[test]
    fn empty_and_short_text_is_und_with_a_reason() {
        let info = detect("", None);
        assert_eq!(
            (info.code.as_str(), info.reason.as_deref()),
            ("und", Some("empty"))
        );
        let info = detect("  \n\t 123 !!! ", Some("en"));
        assert_eq!(info.reason.as_deref(), Some("empty"));
        assert_eq!(info.declared.as_deref(), Some("en"));
        let info = detect("Hello there", None);
        assert_eq!(
            (info.code.as_str(), info.reason.as_deref()),
            ("und", Some("too_short"))
        );
        assert_eq!(info.script.as_deref(), Some("Latin"));
        assert!(!info.reliable);
    }

    #[test]
    fn confident_disagreement_with_the_cms_is_a_warning() {
        let stage = LanguageStage::default();
        let text = "Der russische Präsident traf sich am Mittwoch mit dem chinesischen Präsidenten in Kasachstan, um über die Zusammenarbeit zu sprechen.";
        let info = stage.detect(text, Some("en-GB"));
        assert_eq!(info.code, "de");
        let warning = stage.mismatch(&info).expect("a mismatch warning");
        assert_eq!(warning.code, "language_mismatch");
        assert!(warning.message.contains("`en-GB`"), "{}", warning.message);
        let agreeing = stage.detect(text, Some("de-AT"));
        assert_eq!(stage.mismatch(&agreeing), None);
        let three_letter = stage.detect(text, Some("deu"));
        assert_eq!(stage.mismatch(&three_letter), None);
    }

    #[test]
    fn no_warning_for_undetermined_text() {
        let stage = LanguageStage::default();
        let info = stage.detect("Hi", Some("fr"));
        assert_eq!(stage.mismatch(&info), None);
    }
}
