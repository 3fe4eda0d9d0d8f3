//! The stage itself: the detector with its settings, the orchestration of one detection (length,
//! script, scores, decision, other paragraphs) and the pipeline's `Stage`.

use std::sync::OnceLock;

use enricher_contracts::{EnrichedRecord, LanguageInfo, LanguageShare, UndReason};
use enricher_pipeline::{Stage, StageDone, StageFuture};
use whatlang::Script;

use crate::codes::{lang_of, primary_subtag};
use crate::decision::{Guess, Undetermined, DECLARED_PRIOR};
use crate::detector::Detector;
use crate::paragraphs::letter_weight;
use crate::{LanguageSettings, UnknownLanguage};

/// The language stage.
#[derive(Debug, Clone)]
pub struct LanguageStage {
    pub(crate) settings: LanguageSettings,
    /// BCP 47 primary subtags; empty: every language.
    pub(crate) allowed: Vec<String>,
    pub(crate) detector: &'static Detector,
}

impl Default for LanguageStage {
    fn default() -> Self {
        LanguageStage::new(LanguageSettings::default()).expect("no allow-list")
    }
}

impl LanguageStage {
    /// The stage; fails when `language.allowed` names an unknown language.
    pub fn new(settings: LanguageSettings) -> Result<Self, UnknownLanguage> {
        let allowed = settings
            .allowed
            .iter()
            .map(|code| code.trim())
            .filter(|code| !code.is_empty())
            .map(|code| lang_of(code).ok_or_else(|| UnknownLanguage(code.to_owned())))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(LanguageStage {
            settings,
            allowed,
            detector: Detector::embedded(),
        })
    }

    /// Every language the detector supports, as BCP 47 primary subtags: the n-gram model's
    /// languages, and whatlang's for scripts the model does not cover (Khmer, Sinhala, ...).
    pub fn supported() -> &'static [String] {
        static SUPPORTED: OnceLock<Vec<String>> = OnceLock::new();
        SUPPORTED.get_or_init(Self::list_supported)
    }

    fn list_supported() -> Vec<String> {
        let model = Detector::embedded().model();
        let covered = |script: &Script| {
            model
                .languages()
                .iter()
                .any(|l| l.scripts.iter().any(|s| s == script.name()))
        };
        let mut codes: Vec<String> = model.languages().iter().map(|l| l.code.clone()).collect();
        for script in Script::all().iter().filter(|s| !covered(s)) {
            codes.extend(script.langs().iter().map(|l| primary_subtag(l.code())));
        }
        codes.sort();
        codes.dedup();
        codes
    }

    /// Detects the language of `text`, noting what the CMS declared.
    pub fn detect(&self, text: &str, declared: Option<&str>) -> LanguageInfo {
        let declared = declared
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_owned);
        let letters = letter_weight(text);
        let undetermined =
            |reason: UndReason, script: Option<String>, hint: Option<Guess>| LanguageInfo {
                code: "und".to_owned(),
                iso639_3: None,
                name: None,
                script,
                confidence: 0.0,
                reliable: false,
                declared: declared.clone(),
                reason: Some(reason),
                hint: hint.map(|g| LanguageShare {
                    code: g.code,
                    share: None,
                    confidence: Some(round3(g.confidence)),
                    paragraphs: Vec::new(),
                }),
                others: Vec::new(),
            };
        if letters == 0 {
            return undetermined(UndReason::Empty, None, None);
        }
        let Some(script) = self.script(text) else {
            return undetermined(UndReason::Undetectable, None, None);
        };
        let script_name = Some(script.name().to_owned());
        if letters < self.settings.min_chars {
            return undetermined(UndReason::TooShort, script_name, None);
        }
        let candidates = self.candidates(script);
        let (decided, paragraphs) = if candidates.is_empty() {
            (self.decide_by_whatlang(text), Vec::new())
        } else {
            let (mut main, paragraphs) = self.score_paragraphs(text, script, &candidates);
            // The CMS's declaration is a prior: it settles a close call among the script's
            // languages, and a clear reading of the text overrules it.
            let declared_index = declared
                .as_deref()
                .and_then(lang_of)
                .and_then(|code| candidates.iter().copied().find(|&i| self.code(i) == code));
            if let Some(score) = declared_index.and_then(|i| main.sums[i].as_mut()) {
                *score += DECLARED_PRIOR;
            }
            (self.decide(&main), paragraphs)
        };
        let guess = match decided {
            Ok(guess) => guess,
            Err(Undetermined::Undetectable) => {
                return undetermined(UndReason::Undetectable, script_name, None)
            }
            Err(Undetermined::NotAllowed(guess)) => {
                return undetermined(UndReason::NotAllowed, script_name, Some(guess))
            }
        };
        if guess.confidence < self.settings.min_confidence {
            return undetermined(UndReason::LowConfidence, script_name, Some(guess));
        }
        let language = isolang::Language::from_639_1(&guess.code)
            .or_else(|| isolang::Language::from_639_3(&guess.code));
        LanguageInfo {
            iso639_3: language.map(|l| l.to_639_3().to_owned()),
            name: language.map(|l| l.to_name().to_owned()),
            script: script_name,
            confidence: round3(guess.confidence),
            reliable: guess.reliable,
            declared,
            reason: None,
            hint: None,
            others: self.others(&paragraphs, letters, &guess.code),
            code: guess.code,
        }
    }
}

impl Stage for LanguageStage {
    fn name(&self) -> &'static str {
        "language"
    }

    fn cpu_bound(&self) -> bool {
        true
    }

    fn process<'a>(&'a self, record: &'a mut EnrichedRecord) -> StageFuture<'a> {
        let info = self.detect(&record.text, record.article.language.as_deref());
        record.warnings.extend(self.mismatch(&info));
        record.language = Some(info);
        Box::pin(std::future::ready(Ok(StageDone::default())))
    }
}

pub(crate) fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
