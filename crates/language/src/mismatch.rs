//! The `language_mismatch` warning: a trustworthy detection that contradicts what the CMS declared.

use enricher_contracts::{LanguageInfo, Warning};

use crate::LanguageStage;

impl LanguageStage {
    /// A warning when a trustworthy detection contradicts the declared language.
    pub(crate) fn mismatch(&self, info: &LanguageInfo) -> Option<Warning> {
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
