//! Language codes: the BCP 47 primary subtags records carry, from whatlang's ISO 639-3 codes and
//! from what a CMS declares (`pt-BR`, `deu`).

use crate::LanguageStage;

/// The BCP 47 primary subtag for an ISO 639-3 code: the ISO 639-1 code where one exists.
/// whatlang names two individual languages where BCP 47 uses the macrolanguage's code.
pub(crate) fn primary_subtag(iso639_3: &str) -> String {
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
