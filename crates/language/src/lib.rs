//! The `language` stage: which language an article is written in.
//!
//! A character n-gram model of 75 languages (`model/`, derived from lingua-rs's tables) scores
//! the languages written in the text's script; whatlang names the script, and answers alone for
//! scripts the model has no language for (Khmer, Sinhala, ...).
//!
//! Reports a BCP 47 primary subtag (ISO 639-1 where one exists), the ISO 639-3 code, the
//! script, a confidence and whether it is reliable. Honest about what it does not know:
//! - text too short to judge is `und` with a reason, not a guess;
//! - with an allow-list (`language.allowed`), text in another language is `und` with reason
//!   `not_allowed` and the best guess as a `hint`: never forced into an allowed language; text
//!   in a script no allowed language uses is `und` at once;
//! - paragraphs in other languages are reported in `others` with their share of the text;
//! - the CMS's declared language is a prior (a head start of about 5 to 1 odds): it settles a
//!   close call among the script's languages, a clear reading of the text overrules it, and a
//!   confident disagreement is a warning.

pub mod detector;
pub mod model;
pub mod reliability;

use enricher_contracts::{EnrichedRecord, LanguageInfo, LanguageShare, UndReason, Warning};
use enricher_pipeline::{Stage, StageDone, StageFuture};
use serde::Deserialize;
use std::sync::OnceLock;

use whatlang::Script;

use detector::{Detector, Orders, Scores};
pub use reliability::Reading;

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

/// How sharply score differences turn into confidence: each letter is scored once per n-gram
/// order (up to five times), so a log-likelihood difference is worth about a fifth of itself.
const TEMPERATURE: f32 = 0.2;

/// The declared language's head start, in log-likelihood: odds of e^(8 × TEMPERATURE) ≈ 5 to 1
/// in its favour before the text is read.
const DECLARED_PRIOR: f32 = 8.0;

/// A configuration that names a language the detector does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("language.allowed: `{0}` is not a language the detector supports")]
pub struct UnknownLanguage(pub String);

/// The language stage.
#[derive(Debug, Clone)]
pub struct LanguageStage {
    settings: LanguageSettings,
    /// BCP 47 primary subtags; empty: every language.
    allowed: Vec<String>,
    detector: &'static Detector,
}

impl Default for LanguageStage {
    fn default() -> Self {
        LanguageStage::new(LanguageSettings::default()).expect("no allow-list")
    }
}

/// One detection, before it becomes a [`LanguageInfo`].
#[derive(Debug, Clone)]
struct Guess {
    /// BCP 47 primary subtag.
    code: String,
    confidence: f64,
    reliable: bool,
}

/// Why no language can be given, from the deciding step (the text's length and letters are
/// judged before it).
#[derive(Debug, Clone)]
enum Undetermined {
    /// The detector has no answer.
    Undetectable,
    /// The answer is a language outside `language.allowed`: kept as a hint for a person.
    NotAllowed(Guess),
}

/// A paragraph's scores, kept to look for languages other than the main one.
struct Paragraph<'t> {
    text: &'t str,
    letters: usize,
    /// No candidate scored when the model has no language for the paragraph's script.
    scores: Scores,
}

impl LanguageStage {
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

    fn is_allowed(&self, code: &str) -> bool {
        self.allowed.is_empty() || self.allowed.iter().any(|a| a == code)
    }

    /// The model's languages written in `script`.
    fn candidates(&self, script: Script) -> Vec<usize> {
        let languages = self.detector.model().languages();
        (0..languages.len())
            .filter(|&i| languages[i].scripts.iter().any(|s| s == script.name()))
            .collect()
    }

    fn code(&self, index: usize) -> &str {
        &self.detector.model().languages()[index].code
    }

    /// The best language for scored text, honouring the allow-list.
    fn decide(&self, scores: &Scores) -> Result<Guess, Undetermined> {
        let ranked = scores.ranked();
        let Some(&(best, best_score)) = ranked.first() else {
            return Err(Undetermined::Undetectable);
        };
        // The share of the probability mass the language at `score` holds among the candidates.
        let confidence = |score: f32| -> f64 {
            let mass: f64 = ranked
                .iter()
                .map(|(_, s)| f64::from((s - score) * TEMPERATURE).exp())
                .sum();
            1.0 / mass
        };
        // Reliable: long enough, a clear margin, and the words without a capital agree
        // (`reliability.rs`).
        let reliable = scores.letters >= self.settings.min_chars
            && self.reading(scores).is_some_and(|r| r.is_reliable());
        let guess = |index: usize, score: f32| Guess {
            code: self.code(index).to_owned(),
            confidence: confidence(score),
            reliable: reliable && index == best,
        };
        if self.is_allowed(self.code(best)) {
            return Ok(guess(best, best_score));
        }
        let out_of_list = guess(best, best_score);
        let Some(&(allowed, allowed_score)) =
            ranked.iter().find(|(i, _)| self.is_allowed(self.code(*i)))
        else {
            // No allowed language is written in this script.
            return Err(Undetermined::NotAllowed(out_of_list));
        };
        // How sure the model is of the out-of-list language against the best allowed one.
        let against_allowed =
            1.0 / (1.0 + f64::from((allowed_score - best_score) * TEMPERATURE).exp());
        if against_allowed >= self.settings.reject_confidence {
            return Err(Undetermined::NotAllowed(out_of_list));
        }
        // The winner is out of the list but unsure: the allowed answer stands, unreliable.
        Ok(Guess {
            reliable: false,
            ..guess(allowed, allowed_score)
        })
    }

    /// How `text` reads to the n-gram model, with the numbers `reliable` is decided from
    /// (for calibration: the `language-calibration` bench). `None` for a script the model has
    /// no language for.
    pub fn read(&self, text: &str) -> Option<Reading> {
        let script = self.script(text)?;
        let candidates = self.candidates(script);
        if candidates.is_empty() {
            return None;
        }
        let orders = Orders::for_length(text.chars().count());
        self.reading(&self.detector.score(text, &candidates, orders))
    }

    /// The script of a text: that of its words without a capital where there are any, so a
    /// Russian sentence naming "Oracle, Sybase, Microsoft SQL Server" is read as Cyrillic.
    fn script(&self, text: &str) -> Option<Script> {
        if text.is_ascii() {
            return text
                .bytes()
                .any(|b| b.is_ascii_alphabetic())
                .then_some(Script::Latin);
        }
        whatlang::detect_script(&plain_words(text)).or_else(|| whatlang::detect_script(text))
    }

    fn reading(&self, scores: &Scores) -> Option<Reading> {
        let (best, runner_up, log_odds) = odds(&scores.sums)?;
        let plain = odds(&scores.plain_sums)
            .filter(|_| scores.plain_letters > 0)
            .map(|(best, _, odds)| (self.static_code(best), odds));
        Some(Reading {
            code: self.static_code(best),
            runner_up: runner_up.map(|i| self.static_code(i)),
            log_odds,
            plain,
        })
    }

    fn static_code(&self, index: usize) -> &'static str {
        let detector: &'static Detector = self.detector;
        &detector.model().languages()[index].code
    }

    /// whatlang's answer, for text in a script the n-gram model has no language for.
    fn decide_by_whatlang(&self, text: &str) -> Result<Guess, Undetermined> {
        let info = whatlang::detect(text).ok_or(Undetermined::Undetectable)?;
        let guess = Guess {
            code: primary_subtag(info.lang().code()),
            confidence: info.confidence(),
            reliable: info.is_reliable(),
        };
        if self.is_allowed(&guess.code) {
            Ok(guess)
        } else {
            Err(Undetermined::NotAllowed(guess))
        }
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

    /// Scores every paragraph once: against its own script's languages (kept, for
    /// [`Self::others`]) and, for paragraphs in the text's main script, summed into the main
    /// scores.
    fn score_paragraphs<'t>(
        &self,
        text: &'t str,
        script: Script,
        candidates: &[usize],
    ) -> (Scores, Vec<Paragraph<'t>>) {
        let mut main = Scores::empty(self.detector.model().languages().len());
        let mut paragraphs = Vec::new();
        // One choice for the whole text: an article's short paragraphs are read like its long ones.
        let orders = Orders::for_length(text.chars().count());
        let single = !text.contains('\n');
        for paragraph in text.split('\n') {
            // A text of one paragraph has the text's script, already found.
            let own_script = if single {
                Some(script)
            } else {
                self.script(paragraph)
            };
            let Some(own_script) = own_script else {
                continue;
            };
            let scores = if own_script == script {
                self.detector.score(paragraph, candidates, orders)
            } else {
                let own_candidates = self.candidates(own_script);
                self.detector.score(paragraph, &own_candidates, orders)
            };
            if own_script == script {
                main.add(&scores);
            }
            paragraphs.push(Paragraph {
                text: paragraph,
                letters: letter_weight(paragraph),
                scores,
            });
        }
        (main, paragraphs)
    }

    /// Languages of whole paragraphs other than the main one, with their share of the letters.
    fn others(&self, paragraphs: &[Paragraph], total: usize, main: &str) -> Vec<LanguageShare> {
        if paragraphs.len() < 2 {
            return Vec::new();
        }
        let mut letters_by_lang: Vec<(String, usize)> = Vec::new();
        for paragraph in paragraphs {
            if paragraph.letters < self.settings.min_chars * 2 {
                continue;
            }
            let decided = if paragraph.scores.sums.iter().all(Option::is_none) {
                self.decide_by_whatlang(paragraph.text)
            } else {
                self.decide(&paragraph.scores)
            };
            if let Ok(g) = decided {
                if g.reliable && g.code != main {
                    match letters_by_lang.iter_mut().find(|(l, _)| *l == g.code) {
                        Some((_, n)) => *n += paragraph.letters,
                        None => letters_by_lang.push((g.code, paragraph.letters)),
                    }
                }
            }
        }
        letters_by_lang.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        letters_by_lang
            .into_iter()
            .map(|(code, n)| (code, n as f64 / total as f64))
            .filter(|(_, share)| *share >= self.settings.mixed_min_share)
            .map(|(code, share)| LanguageShare {
                code,
                share: Some(round3(share)),
                confidence: None,
            })
            .collect()
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

/// The best candidate (the first of equals), the runner-up and the best one's log odds against
/// all the others together; `None` when no language was a candidate.
fn odds(sums: &[Option<f32>]) -> Option<(usize, Option<usize>, f64)> {
    let mut best: Option<(usize, f32)> = None;
    let mut second: Option<(usize, f32)> = None;
    for (i, score) in sums.iter().enumerate() {
        let Some(score) = *score else { continue };
        if best.is_none_or(|(_, b)| score > b) {
            second = best;
            best = Some((i, score));
        } else if second.is_none_or(|(_, s)| score > s) {
            second = Some((i, score));
        }
    }
    let (best, best_score) = best?;
    let others: f64 = sums
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != best)
        .filter_map(|(_, s)| *s)
        .map(|s| f64::from((s - best_score) * TEMPERATURE).exp())
        .sum();
    let log_odds = if others > 0.0 {
        -others.ln()
    } else {
        f64::INFINITY
    };
    Some((best, second.map(|s| s.0), log_odds))
}

/// The words of `text` written without a capital letter: what is left when names, acronyms
/// and codes are set aside.
fn plain_words(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut start = 0;
    let mut capital = false;
    for (i, c) in text.char_indices() {
        if c.is_alphabetic() {
            capital |= c.is_uppercase();
            continue;
        }
        if i > start && !capital {
            plain.push_str(&text[start..i]);
            plain.push(' ');
        }
        start = i + c.len_utf8();
        capital = false;
    }
    if text.len() > start && !capital {
        plain.push_str(&text[start..]);
    }
    plain
}

/// Letters of a text, where a CJK character counts as a word's worth (3): "too short" means
/// the same amount of language in every script.
fn letter_weight(text: &str) -> usize {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .map(|c| match c as u32 {
            0x3040..=0x30ff
            | 0x3400..=0x4dbf
            | 0x4e00..=0x9fff
            | 0xac00..=0xd7af
            | 0xf900..=0xfaff => 3,
            _ => 1,
        })
        .sum()
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
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

/// The supported language for a BCP 47 tag (`pt-BR` -> `pt`) or ISO 639-3 code (`deu` -> `de`).
pub fn lang_of(tag: &str) -> Option<String> {
    let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    let supported = LanguageStage::supported();
    if supported.contains(&primary) {
        return Some(primary);
    }
    let from_639_3 = isolang::Language::from_639_3(&primary)?;
    let code = from_639_3.to_639_1().unwrap_or(from_639_3.to_639_3());
    supported.iter().find(|c| *c == code).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str, declared: Option<&str>) -> LanguageInfo {
        LanguageStage::default().detect(text, declared)
    }

    fn allowing(codes: &[&str]) -> LanguageStage {
        LanguageStage::new(LanguageSettings {
            allowed: codes.iter().map(|c| (*c).to_owned()).collect(),
            ..LanguageSettings::default()
        })
        .unwrap()
    }

    const NEWSROOM: &[&str] = &["en", "de", "fr", "es", "it", "pt", "ru", "zh", "ar", "ja"];

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
    fn every_supported_language_is_a_bcp47_subtag_that_maps_back() {
        let supported = LanguageStage::supported();
        assert!(supported.len() >= 75, "{}", supported.len());
        for code in supported {
            assert!(code.len() == 2 || code.len() == 3, "{code}");
            assert_eq!(lang_of(code).as_deref(), Some(code.as_str()));
        }
        // whatlang's names for individual languages become the macrolanguage's code.
        assert_eq!(primary_subtag("cmn"), "zh");
        assert_eq!(primary_subtag("pes"), "fa");
        assert_eq!(lang_of("pt-BR").as_deref(), Some("pt"));
        assert_eq!(lang_of("deu").as_deref(), Some("de"));
        assert_eq!(lang_of("nob").as_deref(), Some("nb"));
        // Scripts the n-gram model does not cover still have whatlang's languages.
        assert_eq!(lang_of("km").as_deref(), Some("km"));
    }

    #[test]
    fn empty_whitespace_markup_only_and_short_text_is_und_with_a_reason() {
        let info = detect("", None);
        assert_eq!(
            (info.code.as_str(), info.reason),
            ("und", Some(UndReason::Empty))
        );
        let info = detect("  \n\t 123 !!! ", Some("en"));
        assert_eq!(info.reason, Some(UndReason::Empty));
        assert_eq!(info.declared.as_deref(), Some("en"));
        // Markup-only HTML becomes empty text before this stage.
        let markup = enricher_text::html_to_text(
            "<div><img src=x><br/><script>var x = 'hidden text';</script></div>",
        );
        assert_eq!(detect(&markup, None).reason, Some(UndReason::Empty));
        let info = detect("Hey", None);
        assert_eq!(
            (info.code.as_str(), info.reason),
            ("und", Some(UndReason::TooShort))
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
        assert_eq!(stage.mismatch(&stage.detect(text, Some("de-AT"))), None);
        assert_eq!(stage.mismatch(&stage.detect(text, Some("deu"))), None);
    }

    #[test]
    fn no_warning_for_undetermined_text() {
        let stage = LanguageStage::default();
        let info = stage.detect("Hi", Some("fr"));
        assert_eq!(stage.mismatch(&info), None);
    }

    #[test]
    fn a_script_of_its_own_outside_the_list_is_und_not_forced() {
        let stage = allowing(NEWSROOM);
        for text in [
            "Η Ελλάδα είναι μια χώρα στη νοτιοανατολική Ευρώπη με πλούσια ιστορία.",
            "한국은 동아시아에 위치한 나라로 오랜 역사를 가지고 있습니다.",
            "ประเทศไทยเป็นประเทศในเอเชียตะวันออกเฉียงใต้ที่มีประวัติศาสตร์ยาวนาน",
            "Հայաստանը երկիր է Հարավային Կովկասում, որն ունի հարուստ պատմություն։",
        ] {
            let info = stage.detect(text, None);
            assert_eq!(info.code, "und", "{text}");
            assert_eq!(info.reason, Some(UndReason::NotAllowed));
            assert!(info.hint.is_some(), "the best guess is kept as a hint");
            assert!(!info.reliable);
        }
    }

    #[test]
    fn a_clear_out_of_list_language_in_an_allowed_script_is_und_with_a_hint() {
        let stage = allowing(&["en", "de"]);
        let info = stage.detect(
            "El presidente ruso se reunió el miércoles con el presidente chino en Kazajistán para hablar de la cooperación regional.",
            None,
        );
        assert_eq!(info.code, "und");
        assert_eq!(info.reason, Some(UndReason::NotAllowed));
        assert_eq!(info.hint.as_ref().map(|h| h.code.as_str()), Some("es"));
    }

    #[test]
    fn close_pairs_are_told_apart_within_the_list() {
        let stage = allowing(NEWSROOM);
        let pt = stage.detect("O presidente russo reuniu-se na quarta-feira com o presidente chinês no Cazaquistão para discutir a cooperação.", None);
        assert_eq!(pt.code, "pt");
        let es = stage.detect("El presidente ruso se reunió el miércoles con el presidente chino en Kazajistán para discutir la cooperación.", None);
        assert_eq!(es.code, "es");
        let ru = stage.detect("Президент России встретился в среду с председателем Китая в Казахстане, чтобы обсудить сотрудничество.", None);
        assert_eq!(ru.code, "ru");
    }

    #[test]
    fn close_pairs_outside_whatlangs_reach_are_told_apart() {
        let stage = LanguageStage::default();
        for (code, text) in [
            ("uk", "Президент України зустрівся в середу з головою Китаю, щоб обговорити співпрацю між країнами."),
            ("bg", "Президентът на България се срещна в сряда с председателя на Китай, за да обсъдят сътрудничеството."),
            ("ru", "Президент России встретился в среду с председателем Китая, чтобы обсудить сотрудничество между странами."),
            ("ca", "El president rus es va reunir dimecres amb el president xinès al Kazakhstan per parlar de la cooperació."),
            ("es", "El presidente ruso se reunió el miércoles con el presidente chino en Kazajistán para hablar de la cooperación."),
            ("fa", "رئیس جمهور روسیه روز چهارشنبه با رئیس جمهور چین در قزاقستان دیدار کرد تا درباره همکاری گفتگو کنند."),
            ("ur", "روس کے صدر نے بدھ کے روز قازقستان میں چین کے صدر سے ملاقات کی تاکہ تعاون پر بات کی جا سکے۔"),
            ("ar", "التقى الرئيس الروسي يوم الأربعاء بالرئيس الصيني في كازاخستان لبحث التعاون بين البلدين."),
            ("ja", "東京都は今年度の予算案を発表し、防災対策に重点を置くことを明らかにした。"),
            ("zh", "中国国家主席周三在哈萨克斯坦会见了俄罗斯总统，双方讨论了地区合作问题。"),
        ] {
            let info = stage.detect(text, None);
            assert_eq!(info.code, code, "{text}: {info:?}");
            assert!(info.reliable, "{text}: {info:?}");
        }
    }

    #[test]
    fn languages_whatlang_never_knew_are_detected() {
        let stage = LanguageStage::default();
        for (code, text) in [
            ("bs", "Predsjedništvo Bosne i Hercegovine danas je u Sarajevu razgovaralo o reformama i evropskom putu zemlje."),
            ("eu", "Eusko Jaurlaritzak gaur aurkeztu du datorren urterako aurrekontua, hezkuntza eta osasuna lehenetsiz."),
            ("ga", "Bhí cruinniú ag an Rialtas inniu chun plean nua don tithíocht agus don oideachas a phlé sa tír."),
            ("is", "Ríkisstjórnin kynnti í dag nýja áætlun um húsnæðismál og menntun fyrir næstu fjögur árin."),
        ] {
            let info = stage.detect(text, None);
            assert_eq!(info.code, code, "{text}: {info:?}");
        }
    }

    #[test]
    fn an_out_of_list_language_in_the_same_script_is_und_even_when_close() {
        // Catalan is close to Spanish; Ukrainian to Russian: neither is forced into the list.
        let stage = allowing(NEWSROOM);
        for (hint, text) in [
            ("ca", "El Govern de la Generalitat ha aprovat avui el pressupost per a l'any vinent, amb més diners per a l'educació i la sanitat."),
            ("uk", "Уряд України сьогодні затвердив бюджет на наступний рік, у якому більше коштів передбачено на освіту та охорону здоров'я."),
        ] {
            let info = stage.detect(text, None);
            assert_eq!(info.code, "und", "{text}: {info:?}");
            assert_eq!(info.reason, Some(UndReason::NotAllowed));
            assert_eq!(info.hint.as_ref().map(|h| h.code.as_str()), Some(hint));
        }
    }

    #[test]
    fn a_paragraph_in_another_script_is_reported_too() {
        let stage = LanguageStage::default();
        let text = "The president spoke at length about the summit and the cooperation between the countries of the region, which he called essential for security.\n\
                    Президент заявил, что сотрудничество между странами региона имеет решающее значение для безопасности.\n\
                    Observers said the meeting showed how much the members of the organization still disagree on trade and on security.";
        let info = stage.detect(text, Some("en"));
        assert_eq!(info.code, "en");
        assert_eq!(info.script.as_deref(), Some("Latin"));
        let codes: Vec<&str> = info.others.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, ["ru"], "{:?}", info.others);
    }

    #[test]
    fn a_paragraph_in_a_script_only_whatlang_knows_is_reported_too() {
        let text = "The president spoke at length about the summit and the cooperation between the countries of the region, which he called essential for security.\n\
                    ព្រះរាជាណាចក្រកម្ពុជាគឺជាប្រទេសមួយនៅអាស៊ីអាគ្នេយ៍ដែលមានប្រវត្តិសាស្ត្រយូរលង់ណាស់មកហើយ។\n\
                    Observers said the meeting showed how much the members of the organization still disagree on trade and on security.";
        let info = detect(text, Some("en"));
        assert_eq!(info.code, "en");
        let codes: Vec<&str> = info.others.iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, ["km"], "{:?}", info.others);
        // And alone, whatlang answers for the whole text.
        let khmer = detect(
            "ព្រះរាជាណាចក្រកម្ពុជាគឺជាប្រទេសមួយនៅអាស៊ីអាគ្នេយ៍ដែលមានប្រវត្តិសាស្ត្រយូរលង់ណាស់មកហើយ។",
            None,
        );
        assert_eq!(khmer.code, "km");
        assert_eq!(khmer.script.as_deref(), Some("Khmer"));
    }

    #[test]
    fn title_and_body_are_weighed_by_their_letters() {
        // An English headline over a German article: the article is German, the headline is
        // too short a share of the letters to be listed.
        let text = "Putin meets Xi in Astana\n\n\
                    Der russische Präsident traf sich am Mittwoch mit dem chinesischen Präsidenten in Kasachstan. \
                    Die beiden sprachen über die Zusammenarbeit ihrer Länder und über die Sicherheit in der Region. \
                    Beobachter sagten, das Treffen zeige, wie eng die Beziehungen inzwischen geworden seien.";
        let info = detect(text, Some("de"));
        assert_eq!(info.code, "de");
        assert!(info.reliable);
        assert!(info.others.is_empty(), "{:?}", info.others);
    }

    #[test]
    fn a_quoted_paragraph_in_another_language_is_reported_with_its_share() {
        let stage = allowing(NEWSROOM);
        let text = "The president spoke at length about the summit and the cooperation between the countries of the region, which he called essential for security.\n\
                    Der Präsident sagte, die Zusammenarbeit sei für die Sicherheit der ganzen Region von entscheidender Bedeutung.\n\
                    Observers said the meeting showed how much the members of the organization still disagree on trade and on security.";
        let info = stage.detect(text, Some("en"));
        assert_eq!(info.code, "en");
        assert_eq!(info.others.len(), 1, "{:?}", info.others);
        assert_eq!(info.others[0].code, "de");
        let share = info.others[0].share.unwrap();
        assert!(share > 0.2 && share < 0.5, "{share}");
    }

    #[test]
    fn the_declared_language_settles_an_unsure_detection() {
        let stage = allowing(&["da", "nb"]);
        // The same words in Danish and Norwegian Bokmål.
        let text = "Det er en god dag for alle";
        let undeclared = stage.detect(text, None);
        assert!(
            !undeclared.reliable,
            "a short Danish/Norwegian sentence is a toss-up: {undeclared:?}"
        );
        assert_eq!(stage.detect(text, Some("nb")).code, "nb");
        assert_eq!(stage.detect(text, Some("da")).code, "da");
        // A clear reading of the text overrules the declaration, even in a short text: the
        // declaration is a prior, not an override of every unsure answer.
        let german = "Der russische Präsident traf sich am Mittwoch mit dem chinesischen Präsidenten in Kasachstan.";
        assert_eq!(
            allowing(&["de", "nl"]).detect(german, Some("nl")).code,
            "de"
        );
        let stage = LanguageStage::default();
        for (text, declared, reads_as) in [
            ("Buenos días", "fi", "es"),
            ("Gracias por todo", "de", "es"),
            ("Danke schön", "fi", "de"),
        ] {
            let undeclared = stage.detect(text, None);
            assert!(!undeclared.reliable, "short, so unsure: {undeclared:?}");
            let info = stage.detect(text, Some(declared));
            assert_eq!(info.code, reads_as, "{text}: {info:?}");
        }
    }

    #[test]
    fn names_numbers_and_codes_are_no_evidence_of_a_language() {
        let stage = LanguageStage::default();
        for text in [
            "Maria Lopez, 31, Porto Alegre RS",
            "Kessler Holdings $ 4,200,000",
            "292 Ian Pyke 71 75 75 71, David Gill 69 74 77 72, Peter Holm (Sweden) 70 75 75 72",
            "Given, Breen, Staunton, Irwin, McAteer, Harte, Houghton, Townsend, Quinn.",
        ] {
            let info = stage.detect(text, None);
            assert!(!info.reliable, "{text}: {info:?}");
        }
        // A lede full of names still reads as English: its plain words agree.
        let lede = "Russian President Vladimir Putin and Chinese President Xi Jinping met Wednesday in Kazakhstan for the summit.";
        assert!(stage.detect(lede, None).reliable);
    }

    #[test]
    fn the_script_is_that_of_the_plain_words_not_of_the_names() {
        let stage = LanguageStage::default();
        let text = "Поддерживает Oracle, Sybase, Microsoft SQL Server, DB2 и другие базы данных.";
        let info = stage.detect(text, None);
        assert_eq!(info.script.as_deref(), Some("Cyrillic"), "{info:?}");
        assert_eq!(info.code, "ru", "{info:?}");
    }

    #[test]
    fn languages_written_almost_alike_need_a_wide_margin_to_be_reliable() {
        let stage = LanguageStage::default();
        for (group, text) in [
            (
                &["ms", "id"][..],
                "Pemerintah akan membangun jalan baru di kota itu pada tahun depan.",
            ),
            (
                &["bs", "hr", "sr"][..],
                "Vlada je danas usvojila novi zakon o radu i zapošljavanju.",
            ),
            (
                &["nb", "nn"][..],
                "Kommunen har bestemt at skolen skal bygges i sentrum.",
            ),
        ] {
            let info = stage.detect(text, None);
            assert!(group.contains(&info.code.as_str()), "{text}: {info:?}");
            assert!(!info.reliable, "{text}: {info:?}");
        }
        // A paragraph of clear Nynorsk is still reliable (one sentence is not: the margin grows
        // with the text), and so is a sentence in a language with no close neighbour.
        let nynorsk = "Eg veit ikkje kva dei har tenkt å gjere med skulen, men ho sa at kommunen ikkje har pengar til det. \
                       Foreldra meiner at borna fortener betre, og dei vil ha svar frå politikarane før hausten. \
                       No ventar alle på kva som skjer når kommunestyret møtest neste veke.";
        let info = stage.detect(nynorsk, None);
        assert_eq!(
            (info.code.as_str(), info.reliable),
            ("nn", true),
            "{info:?}"
        );
        let german = "Der russische Präsident traf sich am Mittwoch mit dem chinesischen Präsidenten in Kasachstan.";
        assert!(stage.detect(german, None).reliable);
    }

    #[test]
    fn an_unknown_allowed_language_is_a_configuration_error() {
        let err = LanguageStage::new(LanguageSettings {
            allowed: vec!["en".into(), "klingon".into()],
            ..LanguageSettings::default()
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "language.allowed: `klingon` is not a language the detector supports"
        );
        // whatlang knew these, but their scripts are the model's and the model does not know
        // them (docs/contracts.md says so).
        for code in ["ak", "jv", "ne", "tk", "uz", "yi"] {
            assert!(!LanguageStage::supported().iter().any(|s| s == code));
            assert!(LanguageStage::new(LanguageSettings {
                allowed: vec![code.into()],
                ..LanguageSettings::default()
            })
            .is_err());
        }
        // Their neighbours in script are supported.
        for code in ["hi", "mr", "he", "id", "tr", "km", "si", "am"] {
            assert!(
                LanguageStage::supported().iter().any(|s| s == code),
                "{code}"
            );
        }
    }
}
