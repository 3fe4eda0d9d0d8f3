//! German institutions named by their remit: `das Bundesamt für Migration und Flüchtlinge`,
//! `die Bundeszentrale für politische Bildung`, `das Bayerische Staatsministerium für
//! Unterricht und Kultus`, `die Bundesstiftung zur Aufarbeitung der SED-Diktatur`. German
//! capitalises every noun, so the taggers see a run of capitalised words and stop at the
//! institution's own word or take the remit alone; the shape of the phrase (the institution's
//! word, `für`, `zur` or `zum`, then nouns joined by `und`) says where the name ends.

use crate::letters;
use crate::tokenize::{name_shaped, Token};

/// Endings of the words that name an institution (`Bundesamt`, `Staatsministerium`,
/// `Hochschule`), before a genitive's `s` or `es`.
const INSTITUTION_WORDS: &[&str] = &[
    "akademie",
    "agentur",
    "amt",
    "anstalt",
    "behörde",
    "büro",
    "gesellschaft",
    "hochschule",
    "institut",
    "kammer",
    "kommission",
    "ministerium",
    "museum",
    "stelle",
    "stiftung",
    "universität",
    "verband",
    "verein",
    "zentrale",
    "zentrum",
];

/// Prefixes that make an institution's word a public body's (`Bundesamt`, `Landesamt`,
/// `Staatsministerium`): such a word before its remit is a name without an article.
const PUBLIC_PREFIXES: &[&str] = &["bundes", "landes", "staats", "reichs"];

/// Definite articles, alone and joined to a preposition: `das Institut für Weltwirtschaft`
/// names one institution, `ein Zentrum für Kinder` does not.
const DEFINITE: &[&str] = &[
    "der", "die", "das", "dem", "den", "des", "vom", "beim", "zum", "zur", "im", "am", "ins",
];

/// Words that open an institution's remit.
const REMIT_OPENERS: &[&str] = &["für", "zur", "zum"];

/// A name found by its remit: its first and last token (the first is a capitalised adjective
/// before the institution's word where there is one, `Bayerische`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemitName {
    /// The first token.
    pub first: usize,
    /// The last token.
    pub last: usize,
}

/// Whether a lower-cased word names an institution (`bundesamtes`, `hochschule`, `instituts`).
fn is_institution_word(lower: &str) -> bool {
    let institution = |stem: &str| INSTITUTION_WORDS.iter().any(|w| stem.ends_with(w));
    institution(lower)
        || lower.strip_suffix('s').is_some_and(institution)
        || lower.strip_suffix("es").is_some_and(institution)
}

/// A capitalised adjective before an institution's word (`Deutsche`, `Bayerischen`): it
/// starts the name.
fn capitalised_adjective(t: &Token) -> bool {
    name_shaped(t)
        && ["e", "en", "er", "es"].iter().any(|e| t.text.ends_with(e))
        && !DEFINITE.contains(&t.text.to_lowercase().as_str())
}

/// Determiners and pronouns shaped like adjectives: `ein Verein für seine Mitglieder` names
/// no remit.
const DETERMINERS: &[&str] = &[
    "eine", "einen", "einer", "eines", "seine", "seinen", "seiner", "seines", "ihre", "ihren",
    "ihrer", "ihres", "unsere", "unseren", "unserer", "meine", "meinen", "deine", "diese",
    "diesen", "dieser", "dieses", "jene", "jenen", "alle", "allen", "aller", "keine", "keinen",
    "andere", "anderen", "viele", "vielen", "einige", "einigen", "solche", "solchen", "welche",
    "die", "der", "den", "des",
];

/// A lower-case adjective inside a remit (`politische`, `nukleare`).
fn lower_case_adjective(t: &Token) -> bool {
    t.text.chars().all(letters::lowercase)
        && ["e", "en", "er", "es"].iter().any(|e| t.text.ends_with(e))
        && !DETERMINERS.contains(&t.text.as_str())
}

/// A noun of the remit: capitalised, inside the sentence.
fn remit_noun(t: &Token) -> bool {
    name_shaped(t) && !t.sentence_start
}

/// The end (exclusive) of one part of a remit starting at `from`: lower-case adjectives, then
/// one noun, then a second noun where `place` says it is a place (`für Umwelt Brandenburg`;
/// German puts the object right after the subject, `dass das Institut für Weltwirtschaft
/// Prognosen senkt`, so a second noun is no part of the name otherwise).
fn remit_part(line: &[Token], from: usize, place: &impl Fn(&str) -> bool) -> Option<usize> {
    let adjectives = line[from..]
        .iter()
        .take(2)
        .take_while(|t| lower_case_adjective(t))
        .count();
    let noun = from + adjectives;
    if !line.get(noun).is_some_and(remit_noun) {
        return None;
    }
    let after = noun + 1;
    Some(match line.get(after) {
        Some(next) if remit_noun(next) && place(&next.text) => after + 1,
        _ => after,
    })
}

/// The names a line gives by their remit. `found_ends_at(token)`: a name the tagger found
/// ends with this token (the institution's word), which admits it without an article.
pub fn remit_names(
    line: &[Token],
    found_ends_at: impl Fn(usize) -> bool,
    place: impl Fn(&str) -> bool,
) -> Vec<RemitName> {
    let mut names = Vec::new();
    for (i, word) in line.iter().enumerate() {
        // Cheap tests first (this runs on every token of a German article).
        let Some(opener) = line.get(i + 1) else {
            continue;
        };
        if !REMIT_OPENERS.contains(&opener.text.as_str()) || !name_shaped(word) {
            continue;
        }
        let lower = word.text.to_lowercase();
        if !is_institution_word(&lower) {
            continue;
        }
        let before = i.checked_sub(1).map(|b| &line[b]);
        let adjective = before.filter(|t| capitalised_adjective(t)).is_some();
        let public = PUBLIC_PREFIXES.iter().any(|p| lower.starts_with(p));
        let article = before.is_some_and(|t| DEFINITE.contains(&t.text.to_lowercase().as_str()));
        if !(adjective || public || article || found_ends_at(i)) {
            continue;
        }
        let Some(mut end) = remit_part(line, i + 2, &place) else {
            continue;
        };
        // More parts after `und`, `sowie`, `in der`; a list with commas ends with `und`.
        let mut pending = None;
        loop {
            let linker = match line.get(end).map(|t| t.text.as_str()) {
                Some("und" | "sowie") => 1,
                Some(",") => 1,
                Some("in") if line.get(end + 1).is_some_and(|t| t.text == "der") => 2,
                _ => 0,
            };
            if linker == 0 {
                break;
            }
            let comma = line[end].text == ",";
            let Some(next) = remit_part(line, end + linker, &place) else {
                break;
            };
            if comma {
                pending.get_or_insert(end);
            } else {
                pending = None;
            }
            end = next;
        }
        if let Some(cut) = pending {
            end = cut;
        }
        // A genitive ends the remit: `des Saarlandes`, `der SED-Diktatur`.
        if matches!(line.get(end).map(|t| t.text.as_str()), Some("des" | "der")) {
            if let Some(next) = remit_part(line, end + 1, &place) {
                end = next;
            }
        }
        let first = if adjective { i - 1 } else { i };
        names.push(RemitName {
            first,
            last: end - 1,
        });
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn names(text: &str) -> Vec<String> {
        let lines = tokenize(text);
        let line = &lines[0];
        remit_names(line, |_| false, |w| w == "Brandenburg")
            .into_iter()
            .map(|n| {
                line[n.first..=n.last]
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn an_institution_runs_over_its_remit() {
        assert_eq!(
            names("Das Bundesamt für Migration und Flüchtlinge hat mehr Anträge bearbeitet."),
            ["Bundesamt für Migration und Flüchtlinge"]
        );
        assert_eq!(
            names("Laut der Bundeszentrale für politische Bildung steigt die Zahl."),
            ["Bundeszentrale für politische Bildung"]
        );
        assert_eq!(
            names("Das Bayerische Staatsministerium für Unterricht und Kultus widersprach."),
            ["Bayerische Staatsministerium für Unterricht und Kultus"]
        );
        assert_eq!(
            names("Das Bundesamt für Sicherheit in der Informationstechnik warnt."),
            ["Bundesamt für Sicherheit in der Informationstechnik"]
        );
        assert_eq!(
            names("Das Landesamt für Umwelt Brandenburg misst die Werte."),
            ["Landesamt für Umwelt Brandenburg"]
        );
        assert_eq!(
            names("Das Ministerium für Umwelt, Naturschutz und Verkehr plant neue Regeln."),
            ["Ministerium für Umwelt , Naturschutz und Verkehr"]
        );
        assert_eq!(
            names("Die Hochschule für Technik und Wirtschaft des Saarlandes bietet Kurse an."),
            ["Hochschule für Technik und Wirtschaft des Saarlandes"]
        );
    }

    #[test]
    fn a_remit_ends_where_the_sentence_goes_on() {
        // German puts the object right after the subject.
        assert_eq!(
            names("Er sagte, dass das Institut für Weltwirtschaft Prognosen senkt."),
            ["Institut für Weltwirtschaft"]
        );
        // A list with commas that no `und` closes is the sentence's.
        assert_eq!(
            names("Laut dem Amt für Statistik, Zahlen zufolge, stieg die Miete."),
            ["Amt für Statistik"]
        );
        // Without an article, an adjective or a public body's prefix: a common noun.
        assert!(names("Geplant ist ein Zentrum für Kinder und Jugendliche.").is_empty());
        assert!(names("Die Stadt baut ein Museum für Kunst.").is_empty());
        assert!(names("Der Verein sammelt für seine Mitglieder.").is_empty());
    }
}
