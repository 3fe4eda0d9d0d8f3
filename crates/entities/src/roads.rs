//! Roads named by a number (`auf der A 7`, `la RN 7`, `la AP-7`, `na IP 3`, `трасса М-11`).
//! Traffic news names them all the time; the taggers know few of them and the KB reads the
//! prefix as an acronym (`RN`, France's Rassemblement national). A road is a place, as
//! CoNLL-2003 and GermEval tag it.

use crate::letters;
use crate::tokenize::Token;

/// How a language writes its road numbers: the network's letters, and the words a road's
/// number follows (`Bundesstraße 27`); whether the number may stand apart (`A 7`), be joined
/// on (`A7`) or follow a hyphen (`AP-7`). Spain and Russia always write the hyphen, which
/// elsewhere makes a model's name (`B-52`).
struct Style {
    prefixes: &'static [&'static str],
    spaced: bool,
    joined: bool,
    hyphen: bool,
}

fn style(language: &str) -> Option<Style> {
    let (prefixes, spaced, joined, hyphen): (&'static [&'static str], _, _, _) = match language {
        "de" => (
            &[
                "A",
                "B",
                "L",
                "Bundesstraße",
                "Bundesautobahn",
                "Landesstraße",
            ],
            true,
            true,
            false,
        ),
        "fr" => (&["A", "N", "RN", "D", "RD"], true, true, false),
        "it" => (&["A", "SS", "SP", "SR", "SGC"], true, true, false),
        "nl" => (&["A", "N"], true, true, false),
        "pt" => (&["A", "IP", "IC", "EN", "BR"], true, true, true),
        "es" => (&["A", "AP", "N", "M", "AG"], false, false, true),
        "ru" => (&["М", "Р", "А"], false, false, true),
        _ => return None,
    };
    Some(Style {
        prefixes,
        spaced,
        joined,
        hyphen,
    })
}

/// Words a figure is counted in, not a road's number (`A 9 h.`: OCR's `à 9 h.`).
const UNITS: &[&str] = &[
    "%", "Prozent", "Uhr", "h", "h.", "heure", "heures", "hora", "horas", "ore", "uur", "km", "m",
    "kg", "ans", "anni", "anos", "años", "jaar", "Jahre", "€", "Euro", "euros", "euro",
];

/// A road number: one to three digits. Airbus models (`A 380`, `A350`) read as roads after
/// `A`, so `A` takes no number from 300 to 399 (Germany's few `A 3xx` are spurs).
fn is_number_of(prefix: &str, number: &str) -> bool {
    if number.is_empty() || number.len() > 3 || !number.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let aircraft = matches!(prefix, "A" | "А") && number.len() == 3 && number.starts_with('3');
    !aircraft && !number.starts_with('0')
}

/// Whether the token before a road lets it be one: a word in lower case (`auf der`, `sur
/// l'`), or a capitalised word starting the sentence (`Die A 7 ist gesperrt`); never the
/// line's first token (`A 1 de maio`). A capitalised word before it names something else
/// (`Airbus A 320`, `Vitamin B 12`, `DIN A 4`). Russian says the road first (`трасса
/// М-11`, `по автодороге А-290`): numbered rockets and aircraft read alike (`Р-7`).
fn may_follow(before: Option<&Token>, language: &str) -> bool {
    let Some(before) = before else {
        return false;
    };
    let word = before.text.trim_end_matches(['\'', '\u{2019}']);
    if language == "ru" {
        let word = word.to_lowercase();
        return ["трасс", "автодорог", "автомагистрал", "дорог", "шосс"]
            .iter()
            .any(|stem| word.starts_with(stem));
    }
    let lower = word
        .chars()
        .all(|c| !letters::alphabetic(c) || c.is_lowercase())
        && word.chars().any(letters::alphabetic);
    lower || before.sentence_start && word.chars().next().is_some_and(letters::alphabetic)
}

/// The roads of a line, as `(first token, last token)` index pairs.
pub fn find_roads(line: &[Token], language: &str) -> Vec<(usize, usize)> {
    let Some(style) = style(language) else {
        return Vec::new();
    };
    let mut roads = Vec::new();
    let mut k = 0;
    while k < line.len() {
        let token = &line[k].text;
        // `A 7`: the prefix, white space, the number.
        let spaced = style.spaced
            && style.prefixes.contains(&token.as_str())
            && line.get(k + 1).is_some_and(|number| {
                number.start > line[k].end && is_number_of(token, &number.text)
            });
        // `A7`, `AP-7`: one token.
        let joined = style.prefixes.iter().any(|prefix| {
            token
                .strip_prefix(prefix)
                .is_some_and(|rest| match rest.strip_prefix('-') {
                    Some(number) => style.hyphen && is_number_of(prefix, number),
                    None => style.joined && is_number_of(prefix, rest),
                })
        });
        let last = if spaced { k + 1 } else { k };
        let counted = line
            .get(last + 1)
            .is_some_and(|next| UNITS.contains(&next.text.as_str()));
        if (spaced || joined)
            && !counted
            && may_follow(k.checked_sub(1).map(|b| &line[b]), language)
        {
            roads.push((k, last));
            k = last + 1;
        } else {
            k += 1;
        }
    }
    roads
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn roads(text: &str, language: &str) -> Vec<String> {
        tokenize(text)
            .iter()
            .flat_map(|line| {
                find_roads(line, language)
                    .into_iter()
                    .map(|(first, last)| crate::tokenize::written(&line[first..=last]))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn a_number_after_a_road_network_letter_is_a_road() {
        assert_eq!(
            roads("Stau auf der A 7 und der B27. Die A 44 ist frei.", "de"),
            ["A 7", "B27", "A 44"]
        );
        assert_eq!(
            roads("Sur l'A7 et la RN 7, puis la D 906.", "fr"),
            ["A7", "RN 7", "D 906"]
        );
        assert_eq!(
            roads("Cortada la AP-7 y la N-340.", "es"),
            ["AP-7", "N-340"]
        );
        assert_eq!(roads("Перекрыта трасса М-11 под Тверью.", "ru"), ["М-11"]);
        assert_eq!(
            roads("Trânsito cortado na BR-116 e na A1.", "pt"),
            ["BR-116", "A1"]
        );
        assert_eq!(roads("Op de A2 bij Utrecht.", "nl"), ["A2"]);
    }

    #[test]
    fn a_number_after_a_name_a_hyphen_or_a_year_is_no_road() {
        // A model after its maker, a vitamin, a paper size, an aircraft after an article.
        assert!(roads("Der Airbus A 320 und Vitamin B 12 im Format DIN A4.", "de").is_empty());
        assert!(roads("Die Lufthansa setzt die A380 wieder ein.", "de").is_empty());
        // German and French write no hyphen in a road's number: `B-52` is the bomber.
        assert!(roads("Die B-52 flog über die Ostsee.", "de").is_empty());
        // Four digits are a year, a leading zero a code, a decimal no road.
        assert!(roads("la N 2024 et la A 07", "fr").is_empty());
        // Spain always writes the hyphen; a unit after the figure counts something.
        assert!(roads("el BMW de la serie M3 llegó", "es").is_empty());
        assert!(roads("Concert de tenberg A 9 h. 1/2", "fr").is_empty());
        // Russian numbers rockets and star clusters alike: only a road's word says the road.
        assert!(roads("Ракета Р-7 и скопление M3, трасса M3", "ru").is_empty());
        // A language without a list has no roads.
        assert!(roads("on the A1 near Leeds", "en").is_empty());
        // A sentence starting with the prefix alone is no road (`A 1 de maio`).
        assert!(roads("A 1 de maio houve greve.", "pt").is_empty());
    }
}
