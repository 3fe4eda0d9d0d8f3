//! Sports clubs named after their town: `RC Lens`, `Real Zaragoza`, `Valencia CF`, `ФК
//! Ростов`. A tagger that does not know the club reads the town and leaves the club's word
//! out; the word before or after the town says the whole is a club.

/// Words and abbreviations written before a club's town (`FC Porto`, `Olympique de
/// Marseille` takes a linker, see [`LINKERS`]).
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
];

/// Abbreviations written after a club's town (`Sevilla FC`, `Valencia CF`, `Hertha BSC`).
const AFTER: &[&str] = &["AFC", "BSC", "CF", "FC"];

/// Words between a club's word and its town (`Olympique de Marseille`, `Sporting de Gijón`).
const LINKERS: &[&str] = &["de", "di"];

/// Whether `word` is written before a club's town.
pub fn before_town(word: &str) -> bool {
    BEFORE.contains(&word)
}

/// Whether `word` is written after a club's town.
pub fn after_town(word: &str) -> bool {
    AFTER.contains(&word)
}

/// Whether `word` may stand between a club's word and its town.
pub fn linker(word: &str) -> bool {
    LINKERS.contains(&word)
}
