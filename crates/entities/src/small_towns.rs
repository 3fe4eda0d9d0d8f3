//! Towns too small for the name lists the taggers read (`data/small-towns.tsv`: GeoNames places
//! of about 1,000 to 15,000 inhabitants), found where the sentence says a place: right after a
//! word for `in`, `to` or `from` (`en Castuera`, `di Vernante`, `a Limone Piemonte`). A tagger
//! leaves such a name outside: no list it learnt from holds it, and its weights for an unknown
//! capitalised word mid-sentence lean to no name. A town of the lists a tagger left outside
//! there is one too (the pooled model learnt `Parma` alone as no name: the lists did the work
//! in training).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::letters;
use crate::tokenize::Token;

const TOWNS: &str = include_str!("../data/small-towns.tsv");

/// The countries of the table, each a bit of a town's country set.
const COUNTRIES: [&str; 13] = [
    "AT", "BE", "BR", "CH", "DE", "DK", "ES", "FR", "IT", "LU", "NL", "PT", "SE",
];

/// The bit of a country of [`COUNTRIES`].
fn bit(country: &str) -> u16 {
    COUNTRIES
        .iter()
        .position(|c| *c == country)
        .map_or(0, |i| 1 << i)
}

/// The countries whose towns an article in `language` names without saying where they are.
fn countries(language: &str) -> u16 {
    let codes: &[&str] = match language {
        "da" => &["DK"],
        "de" => &["DE", "AT", "CH", "LU"],
        "es" => &["ES"],
        "fr" => &["FR", "BE", "CH", "LU"],
        "it" => &["IT", "CH"],
        "nl" => &["NL", "BE"],
        "pt" => &["PT", "BR"],
        "sv" => &["SE"],
        _ => &[],
    };
    codes.iter().fold(0, |set, c| set | bit(c))
}

/// Words after which a place stands, by language (`in`, `to`, `from`; `for` where it says
/// where a train or a flight goes: `la linea per Salerno`, `el tren para Cáceres`).
fn prepositions(language: &str) -> &'static [&'static str] {
    match language {
        "da" => &["i", "fra", "til"],
        "de" => &["in", "aus", "nach", "bei"],
        "es" => &["en", "a", "de", "desde", "hasta", "hacia", "para"],
        "fr" => &["à", "de", "depuis", "vers", "pour"],
        "it" => &["a", "ad", "in", "di", "da", "per"],
        "nl" => &["in", "uit", "naar", "bij"],
        "pt" => &["em", "de", "para"],
        "sv" => &["i", "från", "till"],
        _ => &[],
    }
}

/// Whether `word` (lower case) says that a place follows (`in`, `to`), not where it comes
/// from or whose it is: a town the tagger took for its club after one is the town (`a
/// Bologna`), unlike after `de` (`el entrenador de Osasuna`) or Spanish `a`, which also marks
/// an object (`ganó a Osasuna`).
pub fn is_place_preposition(word: &str, language: &str) -> bool {
    let words: &[&str] = match language {
        "da" => &["i", "til"],
        "de" => &["in", "nach"],
        "es" => &["en"],
        "fr" => &["à"],
        "it" => &["a", "ad", "in"],
        "nl" => &["in", "naar"],
        "pt" => &["em"],
        "sv" => &["i", "till"],
        _ => &[],
    };
    words.contains(&word)
}

/// Whether `name` is a small town of a country that speaks `language`.
pub fn is_small_town(name: &str, language: &str) -> bool {
    // A town's name and the countries that have a town of that name (a bit set: a worker
    // keeps ~36,700 of them).
    static TABLE: OnceLock<HashMap<&'static str, u16>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table: HashMap<&str, u16> = HashMap::new();
        for (country, town) in TOWNS.lines().filter_map(|l| l.split_once('\t')) {
            *table.entry(town).or_default() |= bit(country);
        }
        table
    });
    table
        .get(name)
        .is_some_and(|set| set & countries(language) != 0)
}

/// Longest name a town's run may have, in tokens (`Zalamea de la Serena`).
const LONGEST_TOWN: usize = 4;

/// The towns right after a preposition in one line, as token ranges: the longest run of
/// capitalised words (short lower-case particles inside) that `is_small_town` or the name
/// lists know. Not at a sentence start; `is_word` vetoes a run's first word (a German common
/// noun: `in Zukunft`).
pub fn towns_after_prepositions(
    line: &[Token],
    language: &str,
    is_word: impl Fn(&Token) -> bool,
) -> Vec<(usize, usize)> {
    let prepositions = prepositions(language);
    if prepositions.is_empty() {
        return Vec::new();
    }
    let capitalised = |t: &Token| t.text.starts_with(letters::uppercase);
    let particle =
        |t: &Token| t.text.chars().count() <= 3 && t.text.chars().all(letters::lowercase);
    let preposition = |word: &str| {
        word.len() <= 6
            && prepositions
                .iter()
                .any(|p| word.chars().flat_map(char::to_lowercase).eq(p.chars()))
    };
    let mut towns = Vec::new();
    let mut i = 0;
    while i + 1 < line.len() {
        let first = &line[i + 1];
        // Cheap tests first (this runs on every token): a capital after a short word.
        if !capitalised(first)
            || first.sentence_start
            || !preposition(&line[i].text)
            || is_word(first)
        {
            i += 1;
            continue;
        }
        // Every run end after a capitalised word, longest first.
        let mut ends = Vec::new();
        let mut end = i + 1;
        while end < line.len() && end - i <= LONGEST_TOWN && !line[end].sentence_start {
            if capitalised(&line[end]) {
                ends.push(end + 1);
            } else if !particle(&line[end]) {
                break;
            }
            end += 1;
        }
        let town = ends.into_iter().rev().find(|&end| {
            let name = crate::tokenize::written(&line[i + 1..end]);
            is_small_town(&name, language) || crate::tagging::is_listed_place(&name)
        });
        match town {
            Some(end) => {
                towns.push((i + 1, end));
                i = end;
            }
            None => i += 1,
        }
    }
    towns
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn towns(text: &str, language: &str) -> Vec<String> {
        let lines = tokenize(text);
        lines
            .iter()
            .flat_map(|line| {
                towns_after_prepositions(line, language, |t| t.text == "Zukunft")
                    .into_iter()
                    .map(|(first, end)| crate::tokenize::written(&line[first..end]))
            })
            .collect()
    }

    #[test]
    fn a_town_after_a_preposition_in_a_country_of_the_language() {
        assert_eq!(
            towns(
                "La feria se celebra en Castuera y termina en Zalamea de la Serena.",
                "es"
            ),
            ["Castuera", "Zalamea de la Serena"]
        );
        assert_eq!(
            towns("Il rifugio sopra Vernante, poi a Vernante.", "it"),
            ["Vernante"]
        );
        // Where a line goes (`per`, `para`, `pour`).
        assert_eq!(
            towns("Il treno per Vernante è in ritardo.", "it"),
            ["Vernante"]
        );
        assert_eq!(
            towns("El autobús para Castuera sale a las diez.", "es"),
            ["Castuera"]
        );
        // Italian `ad`, `a` before a vowel.
        assert_eq!(towns("Il vertice si è tenuto ad Aosta.", "it"), ["Aosta"]);
        // Written as the list writes it: the elided `Sant'` touches the next word.
        assert_eq!(
            towns("La fabbrica è a Sant'Agata Bolognese da sempre.", "it"),
            ["Sant'Agata Bolognese"]
        );
        // A Spanish town in an Italian article, a town at a sentence start, a word.
        assert!(towns("Il sindaco è nato a Castuera.", "it").is_empty());
        assert!(towns("Castuera celebra la feria.", "es").is_empty());
        assert!(towns("Wir sehen uns in Zukunft.", "de").is_empty());
        // No table for Russian or English.
        assert!(towns("The fair opens in Castuera.", "en").is_empty());
    }
}
