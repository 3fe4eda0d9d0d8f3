//! The `language` stage: which language an article is written in, with `whatlang`.
//!
//! Reports a BCP 47 primary subtag (ISO 639-1 where one exists), the ISO 639-3 code, the
//! script, a confidence and whether it is reliable. Honest about what it does not know:
//! - text too short to judge is `und` with a reason, not a guess;
//! - with an allow-list (`language.allowed`), text in another language is `und` with reason
//!   `not_allowed` and the best guess as a `hint`: never forced into an allowed language; text
//!   in a script no allowed language uses is `und` at once;
//! - paragraphs in other languages are reported in `others` with their share of the text;
//! - the CMS's declared language is a prior: it settles an unreliable detection in the same
//!   script, and a confident disagreement is a warning.

use enricher_contracts::{EnrichedRecord, LanguageInfo, LanguageShare, Warning};
use enricher_pipeline::{Stage, StageFuture};
use serde::Deserialize;
use whatlang::{Detector, Lang, Script};

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
    /// An out-of-list language must win with at least this confidence (and be reliable) for
    /// the text to be `und`; below it, the best allowed language stands, marked unreliable.
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
            min_chars: 20,
            min_confidence: 0.0,
            reject_confidence: 0.5,
            mixed_min_share: 0.15,
            mismatch_confidence: 0.5,
        }
    }
}

/// Letters per chunk when looking for paragraphs in other languages.
const CHUNK_LETTERS: usize = 1500;

/// A configuration that names a language the detector does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("language.allowed: `{0}` is not a language the detector supports")]
pub struct UnknownLanguage(pub String);

/// The language stage.
#[derive(Debug, Clone)]
pub struct LanguageStage {
    settings: LanguageSettings,
    /// Empty: every language.
    allowed: Vec<Lang>,
    allowed_detector: Option<Detector>,
}

impl Default for LanguageStage {
    fn default() -> Self {
        LanguageStage::new(LanguageSettings::default()).expect("no allow-list")
    }
}

/// One detection, before it becomes a [`LanguageInfo`].
struct Guess {
    lang: Lang,
    script: Script,
    confidence: f64,
    reliable: bool,
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
        let allowed_detector =
            (!allowed.is_empty()).then(|| Detector::with_allowlist(allowed.clone()));
        Ok(LanguageStage {
            settings,
            allowed,
            allowed_detector,
        })
    }

    /// Every language the detector supports, as BCP 47 primary subtags.
    pub fn supported() -> Vec<String> {
        Lang::all()
            .iter()
            .map(|l| primary_subtag(l.code()))
            .collect()
    }

    fn is_allowed(&self, lang: Lang) -> bool {
        self.allowed.is_empty() || self.allowed.contains(&lang)
    }

    /// The best language for one piece of text, honouring the allow-list; `Err` carries the
    /// reason for `und` and, when there is one, the out-of-list guess.
    fn guess(&self, text: &str) -> Result<Guess, (&'static str, Option<Guess>)> {
        let Some(script) = whatlang::detect_script(text) else {
            return Err(("undetectable", None));
        };
        let to_guess = |info: whatlang::Info| Guess {
            lang: info.lang(),
            script: info.script(),
            confidence: info.confidence(),
            reliable: info.is_reliable(),
        };
        let Some(detector) = &self.allowed_detector else {
            return whatlang::detect(text)
                .map(to_guess)
                .ok_or(("undetectable", None));
        };
        // A script none of the allowed languages is written in: nothing to choose from.
        if !script.langs().iter().any(|l| self.allowed.contains(l)) {
            return Err(("not_allowed", whatlang::detect(text).map(to_guess)));
        }
        let overall = whatlang::detect(text).map(to_guess);
        match overall {
            Some(best) if self.is_allowed(best.lang) => Ok(best),
            Some(best) if best.reliable && best.confidence >= self.settings.reject_confidence => {
                Err(("not_allowed", Some(best)))
            }
            best => match detector.detect(text).map(to_guess) {
                // The overall winner is out of the list but unsure: the allowed answer stands,
                // and cannot be reliable.
                Some(allowed) => Ok(Guess {
                    reliable: false,
                    ..allowed
                }),
                None => Err(("not_allowed", best)),
            },
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
            |reason: &str, script: Option<String>, hint: Option<Guess>| LanguageInfo {
                code: "und".to_owned(),
                iso639_3: None,
                name: None,
                script,
                confidence: 0.0,
                reliable: false,
                declared: declared.clone(),
                reason: Some(reason.to_owned()),
                hint: hint.map(|g| LanguageShare {
                    code: primary_subtag(g.lang.code()),
                    share: None,
                    confidence: Some(round3(g.confidence)),
                }),
                others: Vec::new(),
            };
        if letters == 0 {
            return undetermined("empty", None, None);
        }
        let script = whatlang::detect_script(text).map(|s| s.name().to_owned());
        if letters < self.settings.min_chars {
            return undetermined("too_short", script, None);
        }
        let mut guess = match self.guess(text) {
            Ok(guess) => guess,
            Err((reason, hint)) => return undetermined(reason, script, hint),
        };
        // The CMS's declaration settles an unsure detection in the same script.
        if !guess.reliable {
            if let Some(lang) = declared.as_deref().and_then(lang_of) {
                if self.is_allowed(lang) && guess.script.langs().contains(&lang) {
                    guess.lang = lang;
                }
            }
        }
        if guess.confidence < self.settings.min_confidence {
            return undetermined("low_confidence", script, Some(guess));
        }
        LanguageInfo {
            code: primary_subtag(guess.lang.code()),
            iso639_3: Some(guess.lang.code().to_owned()),
            name: Some(guess.lang.eng_name().to_owned()),
            script: Some(guess.script.name().to_owned()),
            confidence: round3(guess.confidence),
            reliable: guess.reliable,
            declared,
            reason: None,
            hint: None,
            others: self.others(text, guess.lang),
        }
    }

    /// Languages of whole paragraphs other than the main one, with their share of the letters.
    ///
    /// Paragraphs are checked in chunks of about [`CHUNK_LETTERS`] letters (each detector call
    /// has a fixed cost, so one call per short paragraph would cost several times the main
    /// detection); only a chunk that does not read reliably as the main language is looked at
    /// paragraph by paragraph.
    fn others(&self, text: &str, main: Lang) -> Vec<LanguageShare> {
        let paragraphs: Vec<(&str, usize)> = text
            .split('\n')
            .map(|p| (p, p.chars().filter(|c| c.is_alphabetic()).count()))
            .filter(|(_, letters)| *letters > 0)
            .collect();
        if paragraphs.len() < 2 {
            return Vec::new();
        }
        let total: usize = paragraphs.iter().map(|(_, n)| n).sum();
        let mut letters_by_lang: Vec<(Lang, usize)> = Vec::new();
        let mut chunk_start = 0;
        let mut chunk_letters = 0;
        for (i, (_, letters)) in paragraphs.iter().enumerate() {
            chunk_letters += letters;
            if chunk_letters < CHUNK_LETTERS && i + 1 < paragraphs.len() {
                continue;
            }
            let chunk = &paragraphs[chunk_start..=i];
            chunk_start = i + 1;
            chunk_letters = 0;
            let joined: String = chunk.iter().map(|(p, _)| *p).collect::<Vec<_>>().join("\n");
            if matches!(self.guess(&joined), Ok(g) if g.reliable && g.lang == main) {
                continue;
            }
            for (paragraph, letters) in chunk {
                if *letters < self.settings.min_chars * 2 {
                    continue;
                }
                if let Ok(g) = self.guess(paragraph) {
                    if g.reliable && g.lang != main {
                        match letters_by_lang.iter_mut().find(|(l, _)| *l == g.lang) {
                            Some((_, n)) => *n += letters,
                            None => letters_by_lang.push((g.lang, *letters)),
                        }
                    }
                }
            }
        }
        letters_by_lang.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        letters_by_lang
            .into_iter()
            .map(|(lang, n)| (lang, n as f64 / total as f64))
            .filter(|(_, share)| *share >= self.settings.mixed_min_share)
            .map(|(lang, share)| LanguageShare {
                code: primary_subtag(lang.code()),
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

    fn process<'a>(&'a self, record: &'a mut EnrichedRecord) -> StageFuture<'a> {
        let info = self.detect(&record.text, record.article.language.as_deref());
        record.warnings.extend(self.mismatch(&info));
        record.language = Some(info);
        Box::pin(std::future::ready(Ok(())))
    }
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

/// The detector's language for a BCP 47 tag (`pt-BR` -> Portuguese) or ISO 639-3 code.
pub fn lang_of(tag: &str) -> Option<Lang> {
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    Lang::all()
        .iter()
        .copied()
        .find(|l| primary_subtag(l.code()) == primary || l.code() == primary)
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
    fn every_whatlang_language_has_a_valid_primary_subtag() {
        for lang in Lang::all() {
            let tag = primary_subtag(lang.code());
            assert!(
                tag.len() == 2 || tag == lang.code(),
                "{} -> {tag}",
                lang.code()
            );
            assert_eq!(lang_of(&tag), Some(*lang), "{tag} maps back");
        }
        assert_eq!(primary_subtag("cmn"), "zh");
        assert_eq!(primary_subtag("pes"), "fa");
        assert_eq!(primary_subtag("nob"), "nb");
        assert_eq!(lang_of("pt-BR"), Some(Lang::Por));
    }

    #[test]
    fn empty_whitespace_markup_only_and_short_text_is_und_with_a_reason() {
        let info = detect("", None);
        assert_eq!(
            (info.code.as_str(), info.reason.as_deref()),
            ("und", Some("empty"))
        );
        let info = detect("  \n\t 123 !!! ", Some("en"));
        assert_eq!(info.reason.as_deref(), Some("empty"));
        assert_eq!(info.declared.as_deref(), Some("en"));
        // Markup-only HTML becomes empty text before this stage.
        let markup = enricher_text::html_to_text(
            "<div><img src=x><br/><script>var x = 'hidden text';</script></div>",
        );
        assert_eq!(detect(&markup, None).reason.as_deref(), Some("empty"));
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
            assert_eq!(info.reason.as_deref(), Some("not_allowed"));
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
        assert_eq!(info.reason.as_deref(), Some("not_allowed"));
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
        let text = "Regeringen vil i år bruge flere penge på skoler";
        let undeclared = stage.detect(text, None);
        assert!(
            !undeclared.reliable,
            "a short Danish/Norwegian sentence is a toss-up: {undeclared:?}"
        );
        assert_eq!(stage.detect(text, Some("nb")).code, "nb");
        assert_eq!(stage.detect(text, Some("da")).code, "da");
        // A reliable detection is never overridden by the declaration.
        let german = "Der russische Präsident traf sich am Mittwoch mit dem chinesischen Präsidenten in Kasachstan.";
        assert_eq!(
            allowing(&["de", "nl"]).detect(german, Some("nl")).code,
            "de"
        );
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
    }
}
