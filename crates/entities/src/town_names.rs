//! Organisations named after their town: sports clubs (`RC Lens`, `Real Zaragoza`, `Valencia
//! CF`, `ФК Ростов`), German and Dutch universities and Dutch courts (`Universität Gießen`,
//! `Rechtbank Utrecht`), and Italian and Spanish clubs named by their town with an article
//! (`il Napoli`, `el Sevilla`). A tagger that
//! does not know the organisation reads the town and leaves the word out; the word before or
//! after the town says the whole is an organisation.

/// Words and abbreviations written before the town of a club or an institution (`FC Porto`;
/// `Olympique de Marseille` takes a linker, see [`LINKERS`]).
const BEFORE: &[&str] = &[
    "AC",
    "AS",
    "AZ",
    "Athletic",
    "Atlético",
    "Borussia",
    "CD",
    "CF",
    "Dinamo",
    "Dynamo",
    "FC",
    "FK",
    "NAC",
    "OGC",
    "Olympique",
    "RC",
    "RCD",
    "RSC",
    "Racing",
    "Real",
    "SC",
    "SD",
    "SS",
    "SSC",
    "SV",
    "Sporting",
    "TSG",
    "UD",
    "US",
    "VfB",
    "VfL",
    "ФК",
    "ХК",
    "ПФК",
    // German and Dutch institutions: the word, then the town (other languages put a linker
    // between, and the kind-words pass reads them: `la Procura di Milano`). German courts,
    // utilities and savings banks are the kind-words pass's (`own-organization` in
    // `kind-words.tsv`, which also takes a region: `Verbraucherzentrale Sachsen`); not
    // prosecutors, which GermEval tags as a word and a place (`Staatsanwaltschaft Bayreuth`).
    "Hochschule",
    "Klinikum",
    "Universität",
    "Universitätsklinikum",
    "Gerechtshof",
    "Hogeschool",
    "Omroep",
    "Rechtbank",
    "Universiteit",
];

/// Abbreviations written after a club's town (`Sevilla FC`, `Valencia CF`, `Hertha BSC`).
const AFTER: &[&str] = &["AFC", "BSC", "CF", "FC"];

/// Words between a club's word and its town (`Olympique de Marseille`, `Sporting de Gijón`).
const LINKERS: &[&str] = &["de", "di"];

/// Abbreviations of [`BEFORE`] that English writes before a place for other things (`US East
/// Coast`, `SC` for South Carolina).
const NOT_IN_ENGLISH: &[&str] = &["AS", "CD", "SC", "SD", "SS", "UD", "US"];

/// Whether `word` is written before a club's town in an article in `language`.
pub fn before_town(word: &str, language: Option<&str>) -> bool {
    BEFORE.contains(&word) && !(language == Some("en") && NOT_IN_ENGLISH.contains(&word))
}

/// Whether `word` is written after a club's town.
pub fn after_town(word: &str) -> bool {
    AFTER.contains(&word)
}

/// Masculine articles (alone and joined to a preposition) that Italian and Spanish write
/// before a club named by its town and never before the town (`il Napoli`, `del Sevilla`).
const CLUB_ARTICLES: &[(&str, &[&str])] = &[
    (
        "it",
        &[
            "il", "lo", "del", "dello", "al", "allo", "dal", "dallo", "nel", "nello", "col", "sul",
        ],
    ),
    ("es", &["el", "del", "al"]),
];

/// Italian feminine articles: a club named by its town or region with one is the club (`la
/// Roma`, `contro la Lazio`), where the KB lists a club of that name (`AS Roma`, `SS Lazio`):
/// the city takes no article, the region a masculine one (`il Lazio`).
const FEMININE_CLUB_ARTICLES: &[&str] = &["la", "della", "alla", "dalla", "nella", "sulla"];

/// Whether `word`, in an Italian article, is a feminine article that names a club after it.
pub fn feminine_club_article(word: &str, language: Option<&str>) -> bool {
    language == Some("it") && FEMININE_CLUB_ARTICLES.contains(&word.to_lowercase().as_str())
}

/// Whether some club is named by a word of [`BEFORE`] and `name` (`AS Roma`) or by `name` and
/// a word of [`AFTER`] (`Villarreal CF`), as `known` (the KB's organisations) says.
pub fn club_named_after(name: &str, known: impl Fn(&str) -> bool) -> bool {
    BEFORE.iter().any(|word| known(&format!("{word} {name}")))
        || AFTER.iter().any(|word| known(&format!("{name} {word}")))
}

/// Words for `against` by language: in a report of a match, a town right after one is its club
/// (`le match contre Toulon`, `das Spiel gegen Freiburg`). English is left to its tagger, which
/// learnt clubs from CoNLL's results.
const OPPONENT_WORDS: &[(&str, &[&str])] = &[
    ("da", &["mod"]),
    ("de", &["gegen"]),
    ("es", &["contra"]),
    ("fr", &["contre"]),
    ("it", &["contro"]),
    ("nl", &["tegen"]),
    ("pt", &["contra"]),
    ("sv", &["mot"]),
];

/// Words, lower-cased, that only a report of a match or a season uses so often: one in the
/// article makes `contre Toulon` the club.
const SPORT_WORDS: &[&str] = &[
    "match",
    "matchs",
    "spiel",
    "wedstrijd",
    "kamp",
    "partido",
    "partita",
    "jogo",
    "partida",
    "trainer",
    "entraîneur",
    "allenatore",
    "entrenador",
    "treinador",
    "coach",
    "tränare",
    "træner",
    "stade",
    "stadion",
    "stadio",
    "estadio",
    "estádio",
    "championnat",
    "campionato",
    "campeonato",
    "bundesliga",
    "eredivisie",
    "liga",
    "ligue",
    "fußball",
    "football",
    "calcio",
    "fútbol",
    "futebol",
    "voetbal",
    "fodbold",
    "fotboll",
    "rugby",
];

/// Whether `word`, before a town in an article in `language`, says the town's club is the
/// opponent.
pub fn opponent_word(word: &str, language: Option<&str>) -> bool {
    listed_for(OPPONENT_WORDS, word, language)
}

/// Whether a table of words by language holds `word` (any case) for `language`. The words are
/// ASCII: no lower-cased copy of every word before a capital.
fn listed_for(table: &[(&str, &[&str])], word: &str, language: Option<&str>) -> bool {
    table.iter().any(|(code, words)| {
        language == Some(*code) && words.iter().any(|w| w.eq_ignore_ascii_case(word))
    })
}

/// Whether the article reports on a sport (one of [`SPORT_WORDS`] in it).
pub fn sport_article<'a>(mut words: impl Iterator<Item = &'a str>) -> bool {
    words.any(|w| w.len() <= 12 && SPORT_WORDS.contains(&w.to_lowercase().as_str()))
}

/// Towns whose name takes a masculine article in Italian or Spanish (`il Cairo`, `el
/// Havre`): there the article is the town's.
const TOWNS_WITH_ARTICLE: &[&str] = &["Cairo", "Callao", "Pireo", "Havre", "Ferrol"];

/// Whether `word`, before a town in an article in `language`, says the town's club.
pub fn club_article(word: &str, language: Option<&str>) -> bool {
    listed_for(CLUB_ARTICLES, word, language)
}

/// Whether a town's own name takes a masculine article (`il Cairo`).
pub fn takes_article(town: &str) -> bool {
    TOWNS_WITH_ARTICLE.contains(&town)
}

/// Whether `word` may stand between a club's word and its town.
pub fn linker(word: &str) -> bool {
    LINKERS.contains(&word)
}
