//! Russian institution names, which capitalise their first word only: `Мариинский театр`,
//! `Высшей школы экономики`, `Московский метрополитен`, `Министерство культуры`. The taggers
//! see a capitalised word followed by common nouns and stop after the first word, or never
//! start (a tagger reads `Высшей` as an adjective beside a name); the shape of the phrase
//! (a capitalised adjective, then lower-case adjectives, then the noun of an institution, then
//! its complement in the genitive) says where the name ends. Places named so are found alike
//! (`Дворцовый мост`, `Красная площадь`, `Невский проспект`).

use crate::letters;
use crate::tokenize::{name_shaped, Token};

/// Stems of nouns that head an institution's name (`театр`, `школ-а`, `министерств-о`); a
/// token is the noun if it is a stem followed by one of [`NOUN_ENDINGS`] (`суд-а` is the
/// court, `судья` and `судно` are not).
const INSTITUTION_STEMS: &[&str] = &[
    "агентств",
    "академи",
    "ассоциаци",
    "аэропорт",
    "банк",
    "библиотек",
    "бирж",
    "ведомств",
    "дум",
    "завод",
    "инспекци",
    "институт",
    "клуб",
    "комбинат",
    "комисси",
    "комитет",
    "компани",
    "концерн",
    "консерватори",
    "корпораци",
    "лиг",
    "метрополитен",
    "министерств",
    "музе",
    "оркестр",
    "палат",
    "парти",
    "порт",
    "прокуратур",
    "служб",
    "собрани",
    "совет",
    "союз",
    "суд",
    "театр",
    "университет",
    "управлени",
    "федераци",
    "филармони",
    "фонд",
    "школ",
];

/// Stems of [`INSTITUTION_STEMS`] whose institutions stand in a building of their own name, which
/// a corpus may tag as a place (WikiNER's universities and museums).
const BUILDING_STEMS: &[&str] = &[
    "академи",
    "аэропорт",
    "библиотек",
    "завод",
    "институт",
    "консерватори",
    "метрополитен",
    "музе",
    "порт",
    "театр",
    "университет",
    "филармони",
    "школ",
];

/// Stems of [`INSTITUTION_STEMS`] of authorities: capitalised, with a complement, one is a
/// name even where a sentence starts with it (`Министерство культуры выделило`), however often
/// the word is a common noun.
const AUTHORITY_STEMS: &[&str] = &[
    "агентств",
    "ведомств",
    "инспекци",
    "комисси",
    "комитет",
    "министерств",
    "прокуратур",
    "служб",
    "управлени",
    "федераци",
];

/// Nouns of places named by an adjective before them (`Дворцовый мост`, `Красная площадь`,
/// `Невский проспект`, `Казанский вокзал`), in their cases: the phrase is a place.
const PLACE_NOUNS: &[&str] = &[
    "бульвар",
    "бульвара",
    "бульваре",
    "бульвару",
    "бульваром",
    "вокзал",
    "вокзала",
    "вокзале",
    "вокзалу",
    "вокзалом",
    "дворец",
    "дворца",
    "дворце",
    "дворцу",
    "дворцом",
    "залив",
    "залива",
    "заливе",
    "заливу",
    "заливом",
    "канал",
    "канала",
    "канале",
    "каналу",
    "каналом",
    "кольцо",
    "кольца",
    "кольце",
    "кольцу",
    "кольцом",
    "кремль",
    "кремля",
    "кремле",
    "кремлю",
    "кремлём",
    "линия",
    "линии",
    "линию",
    "линией",
    "море",
    "моря",
    "морю",
    "морем",
    "мост",
    "моста",
    "мосте",
    "мосту",
    "мостом",
    "набережная",
    "набережной",
    "набережную",
    "океан",
    "океана",
    "океане",
    "океану",
    "океаном",
    "остров",
    "острова",
    "острове",
    "острову",
    "островом",
    "парк",
    "парка",
    "парке",
    "парку",
    "парком",
    "переулок",
    "переулка",
    "переулке",
    "переулку",
    "переулком",
    "площадь",
    "площади",
    "площадью",
    "пролив",
    "пролива",
    "проливе",
    "проливу",
    "проливом",
    "проспект",
    "проспекта",
    "проспекте",
    "проспекту",
    "проспектом",
    "сад",
    "сада",
    "саде",
    "саду",
    "садом",
    "собор",
    "собора",
    "соборе",
    "собору",
    "собором",
    "улица",
    "улицы",
    "улице",
    "улицу",
    "улицей",
    "шоссе",
];

/// Case endings a stem of [`INSTITUTION_STEMS`] takes (the empty ending for `театр`, `суд`).
const NOUN_ENDINGS: &[&str] = &[
    "", "а", "ам", "ами", "ах", "е", "ей", "ем", "и", "й", "о", "ов", "ой", "ом", "у", "ы", "ю",
    "я", "ям", "ями", "ях", "ев", "ие", "ии", "ий", "ию", "ия", "ией", "ью",
];

/// Adjective endings, every gender, number and case (`Московский`, `Высшей`, `Российская`).
/// The prepositional `-ом` only after `-ск-` and `-н-` (`Московском`, `Национальном`): nouns
/// end in it too (`Синдром`).
const ADJECTIVE_ENDINGS: &[&str] = &[
    "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ому", "ему", "ым", "им",
    "ском", "ном", "ую", "юю", "ых", "их", "ыми", "ими", "ей",
];

/// Endings of a lower-case word in the genitive after the institution's noun (`культуры`,
/// `экономики`, `иностранных дел`, `высшего образования`).
const GENITIVE_ENDINGS: &[&str] = &[
    "ы", "и", "а", "я", "ов", "ев", "ей", "ого", "его", "ых", "их", "ой", "ий",
];

/// Endings of verbs that a genitive ending would take in (`сообщили`, `заявила`, `идти`).
const VERB_ENDINGS: &[&str] = &["ли", "ла", "ти", "ся", "сь"];

/// Genitives that follow a name without being part of it (`Министерство культуры страны`).
const NOT_IN_NAMES: &[&str] = &[
    "года",
    "города",
    "области",
    "района",
    "края",
    "региона",
    "республики",
    "страны",
    "компании",
];

/// Most lower-case adjectives between the first word and the noun (`Московский
/// государственный университет`), and most words of the complement (`науки и высшего
/// образования` is four).
const MAX_INNER: usize = 2;
const MAX_COMPLEMENT: usize = 4;

/// A name found by its shape: tokens `first..end` of its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstitutionName {
    /// Index of the name's capitalised first token.
    pub first: usize,
    /// Index of the institution's noun (`театр`, `Министерство`).
    pub noun: usize,
    /// The noun names a building too (`театр`, `университет`; not `министерство`).
    pub building: bool,
    /// The noun is a place's (`мост`, `площадь`: [`PLACE_NOUNS`]): the name is a place's.
    pub place: bool,
    /// The noun is an authority's (`министерство`, `служба`: [`AUTHORITY_STEMS`]): a country
    /// in the genitive after its name is the name's (`Министерство финансов России`).
    pub authority: bool,
    /// Index after the name's last token.
    pub end: usize,
}

/// The institution names of one Russian line: a capitalised adjective, at most
/// [`MAX_INNER`] lower-case adjectives and a lower-case institution noun (`Мариинский
/// театр`), or a capitalised institution noun with a lower-case complement in the genitive
/// (`Министерство культуры`), the complement taken after either. A capitalised word starting
/// a sentence counts where `tagged(i)` says the tagger found a name there, or where
/// `common_word(i)` says it is no word the article or the model knows as a common one and it
/// is the institution's noun (an authority's noun always: [`AUTHORITY_STEMS`]), an adjective
/// made from a place (`-ский`: `Мариинский театр`) or one that starts institutions' names
/// (`Центральный банк`), not `Новая школа открылась`.
pub fn institution_names(
    line: &[Token],
    tagged: impl Fn(usize) -> bool,
    common_word: impl Fn(usize) -> bool,
) -> Vec<InstitutionName> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < line.len() {
        let token = &line[i];
        if !name_shaped(token) || !is_cyrillic_word(&token.text) {
            i += 1;
            continue;
        }
        let lower = token.text.to_lowercase();
        let stem = stem_of(&lower);
        let starts_name = !token.sentence_start
            || tagged(i)
            || stem.is_some_and(|stem| AUTHORITY_STEMS.contains(&stem))
            || !common_word(i) && (stem.is_some() || place_or_institution_adjective(&lower));
        let noun = if !starts_name {
            None
        } else if stem.is_some() {
            // The noun itself: only with a complement (`Суд` alone is any court).
            Some(i).filter(|&noun| complement_end(line, noun + 1) > noun + 1)
        } else if has_ending(&lower, ADJECTIVE_ENDINGS) {
            (i + 1..line.len())
                .take(MAX_INNER + 1)
                .take_while(|&j| lower_case_word(&line[j]))
                .find(|&j| {
                    is_institution_noun(&line[j].text)
                        || PLACE_NOUNS.contains(&line[j].text.as_str())
                })
                .filter(|&j| {
                    line[i + 1..j]
                        .iter()
                        .all(|t| has_ending(&t.text, ADJECTIVE_ENDINGS))
                })
        } else {
            None
        };
        match noun {
            Some(noun) => {
                // A place's name takes no complement (`Красная площадь города`).
                let place = PLACE_NOUNS.contains(&line[noun].text.as_str());
                let stem = stem_of(&line[noun].text.to_lowercase());
                let end = if place {
                    noun + 1
                } else {
                    complement_end(line, noun + 1)
                };
                found.push(InstitutionName {
                    first: i,
                    noun,
                    building: stem.is_some_and(|stem| BUILDING_STEMS.contains(&stem)),
                    place,
                    authority: stem.is_some_and(|stem| AUTHORITY_STEMS.contains(&stem)),
                    end,
                });
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

/// Where a genitive complement starting at `from` ends (`from` itself if there is none).
fn complement_end(line: &[Token], from: usize) -> usize {
    let mut end = from;
    let genitive = |t: &Token| {
        lower_case_word(t)
            && has_ending(&t.text, GENITIVE_ENDINGS)
            && !has_ending(&t.text, VERB_ENDINGS)
            && !NOT_IN_NAMES.contains(&t.text.as_str())
    };
    while end < line.len() && end - from < MAX_COMPLEMENT {
        if genitive(&line[end]) {
            end += 1;
        } else if line[end].text == "и" && end > from && line.get(end + 1).is_some_and(genitive) {
            end += 2;
        } else {
            break;
        }
    }
    // An acronym in the genitive closes it (`комитет ФИФА`, `Министерство обороны РФ`).
    if line.get(end).is_some_and(|t| acronym(&t.text)) {
        end += 1;
    }
    end
}

/// Two to six Cyrillic capitals.
fn acronym(text: &str) -> bool {
    (2..=6).contains(&text.chars().count()) && text.chars().all(|c| matches!(c, 'А'..='Я' | 'Ё'))
}

/// Adjectives that start institutions' names (`Центральный банк`, `Верховный суд`,
/// `Государственная дума`), by stem.
const INSTITUTION_ADJECTIVES: &[&str] = &[
    "арбитражн",
    "верховн",
    "всемирн",
    "высш",
    "генеральн",
    "государственн",
    "конституционн",
    "международн",
    "национальн",
    "следственн",
    "счетн",
    "счётн",
    "федеральн",
    "центральн",
];

/// An adjective made from a place's name, `-ск-` or `-цк-` before its ending (`Московский`,
/// `Мариинская`, `Санкт-Петербургского`), or one of [`INSTITUTION_ADJECTIVES`].
fn place_or_institution_adjective(lower: &str) -> bool {
    ADJECTIVE_ENDINGS.iter().any(|ending| {
        lower.strip_suffix(ending).is_some_and(|stem| {
            stem.ends_with("ск")
                || stem.ends_with("цк")
                || *ending == "ском"
                || INSTITUTION_ADJECTIVES.contains(&stem)
        })
    })
}

/// Whether `word`, alone, is only the common noun of an institution (`Суд`, `Театр`: a
/// sentence's first word, which the tagger may take for a name); not `Дума`, which names the
/// State Duma alone.
pub fn is_bare_institution_noun(word: &str) -> bool {
    stem_of(&word.to_lowercase()).is_some_and(|stem| stem != "дум")
}

/// A stem of [`INSTITUTION_STEMS`] with one of [`NOUN_ENDINGS`] (lower-cased word).
fn is_institution_noun(lower: &str) -> bool {
    stem_of(lower).is_some()
}

/// The stem of [`INSTITUTION_STEMS`] of an institution's noun (lower-cased word).
fn stem_of(lower: &str) -> Option<&'static str> {
    INSTITUTION_STEMS.iter().copied().find(|stem| {
        lower
            .strip_prefix(stem)
            .is_some_and(|ending| NOUN_ENDINGS.contains(&ending))
    })
}

fn has_ending(word: &str, endings: &[&str]) -> bool {
    word.chars().count() > 3 && endings.iter().any(|e| word.ends_with(e))
}

/// Whether a word is a noun of a place named by an adjective (`площади` of `Ивановской
/// площади`): see [`PLACE_NOUNS`].
pub fn is_place_noun(word: &str) -> bool {
    PLACE_NOUNS.contains(&word.to_lowercase().as_str())
}

/// Whether a place's name is in the genitive (`России`, `Германии`, `Пакистана`): after an
/// authority's name it is the name's country.
pub fn place_in_genitive(word: &str) -> bool {
    ["и", "ы", "а", "я"].iter().any(|e| word.ends_with(e))
}

/// A word of Cyrillic letters in lower case.
fn lower_case_word(t: &Token) -> bool {
    is_cyrillic_word(&t.text) && t.text.chars().all(letters::lowercase)
}

/// A word of Russian letters (and hyphens) only.
pub(crate) fn is_cyrillic_word(text: &str) -> bool {
    text.chars()
        .all(|c| matches!(c, 'а'..='я' | 'А'..='Я' | 'ё' | 'Ё' | '-'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn names(text: &str) -> Vec<String> {
        tokenize(text)
            .iter()
            .flat_map(|line| {
                institution_names(line, |_| false, |_| false)
                    .into_iter()
                    .map(|n| {
                        let words: Vec<&str> = line[n.first..n.end]
                            .iter()
                            .map(|t| t.text.as_str())
                            .collect();
                        words.join(" ")
                    })
            })
            .collect()
    }

    #[test]
    fn an_institution_name_runs_from_its_capital_to_the_end_of_its_complement() {
        let cases: [(&str, &[&str]); 11] = [
            (
                "Акции компании выросли на Московской бирже.",
                &["Московской бирже"],
            ),
            (
                "Об этом сообщили в Высшей школы экономики.",
                &["Высшей школы экономики"],
            ),
            (
                "Спектакль покажет Мариинский театр в мае.",
                &["Мариинский театр"],
            ),
            (
                "Пресс-служба Московский метрополитен закроет станции.",
                &["Московский метрополитен"],
            ),
            (
                "Он окончил Московский государственный университет и уехал.",
                &["Московский государственный университет"],
            ),
            (
                "Об этом заявили в Министерстве науки и высшего образования.",
                &["Министерстве науки и высшего образования"],
            ),
            // An acronym closes it; a verb, a genitive that is no part of the name, a
            // capitalised word end it.
            (
                "Судейский комитет ФИФА отклонил жалобу.",
                &["Судейский комитет ФИФА"],
            ),
            (
                "Решение приняли в Министерстве культуры страны и Министерстве обороны России.",
                &["Министерстве культуры", "Министерстве обороны"],
            ),
            // An authority's noun starting a sentence.
            (
                "Министерство культуры выделило театру средства.",
                &["Министерство культуры"],
            ),
            // Not a sentence's first word the tagger left alone, not a noun without
            // complement, not an adjective without an institution's noun.
            ("Новая школа открылась. Суд отказал.", &[]),
            ("В Москве прошла Большая встреча друзей.", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(names(text), expected, "{text}");
        }
    }
}
