//! Words that say what kind of thing the name right after them is (`die Gewerkschaft Verdi`,
//! `la compagnie Iberia`, `de wijk Merwede`, `компании «Лукойл»`), from
//! `data/kind-words.tsv`. A tagger trained on another language's text (the pooled model reads
//! Spanish and Italian) or on old newspapers does not know `aerolínea` or `woningcorporatie`;
//! the word before a name it has never seen says what the name is.

use std::collections::HashMap;
use std::sync::OnceLock;

use enricher_contracts::EntityType;

use crate::letters;
use crate::tagging;
use crate::tokenize::{closes_quote, name_shaped, opens_quote, written, Token};

const TABLE: &str = include_str!("../data/kind-words.tsv");

/// Languages that write compounds as one word: a word ending in a kind word is one too
/// (`Chemiekonzern`, `bouwbedrijf`).
const COMPOUNDING: &[&str] = &["de", "nl", "sv", "da"];

/// Place words that, written with a capital mid-sentence, name the area's administration.
/// Not Dutch `Gemeente`, which old newspapers write so for the town (`Gemeente Dalfsen`:
/// Europeana Dutch −0.36), and modern Dutch in lower case.
const ADMINISTRATIONS: &[&str] = &[
    "comune",
    "provincia",
    "regione",
    "région",
    "département",
    "métropole",
];

/// Whether a word (any case) names an administrative area whose administration it names
/// when written with a capital (`il Comune di Venezia`, `la Regione Lombardia`).
pub fn is_administration(word: &str) -> bool {
    ADMINISTRATIONS.contains(&word.to_lowercase().as_str())
}

/// Languages whose adjectives follow the noun: one may stand between a kind word and its name.
const ADJECTIVE_AFTER_NOUN: &[&str] = &["es", "fr", "it", "pt"];

/// Lower-case words of four letters or more that stand between a noun and a name but are no
/// adjectives.
const NOT_ADJECTIVES: &[&str] = &[
    "ainda", "anche", "aussi", "avec", "come", "comme", "como", "contra", "contre", "dans",
    "depuis", "desde", "después", "dopo", "durante", "encore", "entre", "hasta", "junto", "même",
    "mientras", "para", "pour", "prima", "sans", "secondo", "segundo", "según", "selon", "sobre",
    "también", "também", "tras", "vers",
];

/// A word that may be an adjective after its noun: lower-case letters, four or more, none of
/// [`NOT_ADJECTIVES`].
fn adjective_shaped(t: &Token) -> bool {
    t.text.chars().count() >= 4
        && t.text.chars().all(letters::lowercase)
        && !NOT_ADJECTIVES.contains(&t.text.as_str())
}

/// Endings of French adjectives (`paysanne`, `socialiste`, `nationale`, `européenne`,
/// `toulousain`, `constitutionnel`, `fédéral`); a prefix of a compound adjective
/// (`anti-stupéfiants`).
const FRENCH_ADJECTIVE_ENDINGS: &[&str] = &[
    "al", "ale", "aux", "ales", "el", "elle", "els", "elles", "ien", "ienne", "ain", "aine", "ais",
    "aise", "ique", "iques", "iste", "istes", "aire", "aires", "if", "ive", "eux", "euse", "anne",
    "ois", "oise", "ier", "ière", "enne",
];
const FRENCH_ADJECTIVE_PREFIXES: &[&str] = &["anti-", "inter-", "pro-"];

/// French adjectives written before their noun (`des grands projets`, `des jeunes
/// agriculteurs`).
const FRENCH_ADJECTIVES_BEFORE: &[&str] = &[
    "bons",
    "bonnes",
    "grand",
    "grande",
    "grands",
    "grandes",
    "haut",
    "haute",
    "hauts",
    "hautes",
    "jeunes",
    "nouveaux",
    "nouvelle",
    "nouvelles",
    "petits",
    "petites",
    "premiers",
    "premières",
];

/// Verbs an organisation does that end like those adjectives (`la Fédération explique`).
const FRENCH_VERBS: &[&str] = &[
    "applique",
    "arrive",
    "communique",
    "critique",
    "explique",
    "indique",
    "prive",
    "revendique",
];

/// A lower-case word shaped like a French adjective (see [`FRENCH_ADJECTIVE_ENDINGS`]).
fn french_adjective(t: &Token) -> bool {
    t.text.chars().count() >= 4
        && t.text.chars().all(|c| letters::lowercase(c) || c == '-')
        && !NOT_ADJECTIVES.contains(&t.text.as_str())
        && !FRENCH_VERBS.contains(&t.text.as_str())
        && (FRENCH_ADJECTIVE_ENDINGS.iter().any(|e| t.text.ends_with(e))
            || FRENCH_ADJECTIVE_PREFIXES
                .iter()
                .any(|p| t.text.starts_with(p)))
}

/// Where a French organisation's name that starts with its own word ends, from token `at`
/// after it: up to two adjectives, then up to two complements of `de`, `du`, `des` (an
/// article allowed) with a lower-case noun and an adjective (`la Confédération paysanne`, `la
/// Cour des comptes`, `la Ligue des droits de l'homme`, `la Compagnie des transports
/// strasbourgeois`). `at` itself when no lower-case word follows.
fn french_name_end(line: &[Token], at: usize) -> usize {
    let lower_word = |i: usize| {
        line.get(i).is_some_and(|t| {
            !t.sentence_start
                && t.text.chars().count() >= 3
                && t.text
                    .chars()
                    .all(|c| letters::lowercase(c) || c == '-' || c == '\'' || c == '’')
                && !NOT_ADJECTIVES.contains(&t.text.as_str())
                && !FRENCH_VERBS.contains(&t.text.as_str())
        })
    };
    let adjective = |i: usize| {
        line.get(i)
            .is_some_and(|t| !t.sentence_start && french_adjective(t))
    };
    let text = |i: usize| line.get(i).map_or("", |t| t.text.as_str());
    let mut end = at;
    while end < at + 2 && adjective(end) {
        end += 1;
    }
    // An association's aim, after `pour` right after its word (`la Ligue pour la protection
    // des oiseaux`, `l'Association pour la recherche sur le cancer` up to `recherche`).
    let aim = end == at
        && at > 0
        && PURPOSE_WORDS.contains(&line[at - 1].text.as_str())
        && text(at) == "pour";
    for k in 0..2 {
        let purpose = k == 0 && aim;
        if !purpose && !matches!(text(end), "de" | "du" | "des") {
            break;
        }
        let mut noun = end + 1;
        if matches!(text(noun), "la" | "l'" | "l’")
            || (purpose && matches!(text(noun), "le" | "les"))
        {
            noun += 1;
        }
        // An adjective French writes before its noun (`la Société des grands projets`).
        if FRENCH_ADJECTIVES_BEFORE.contains(&text(noun)) && lower_word(noun + 1) {
            noun += 1;
        }
        if !lower_word(noun) {
            break;
        }
        end = noun + 1;
        if adjective(end) {
            end += 1;
        }
    }
    end
}

/// Endings of Italian adjectives (`nazionale`, `civile`, `europea`, `costiera`, `superiore`,
/// `italiano`, `pubblica`, `polacco`).
const ITALIAN_ADJECTIVE_ENDINGS: &[&str] = &[
    "ale", "ali", "ile", "ili", "ano", "ana", "ani", "ane", "ico", "ica", "ici", "iche", "ese",
    "esi", "eo", "ea", "ei", "ee", "ivo", "iva", "ivi", "ive", "ario", "aria", "ari", "arie",
    "iera", "iero", "iere", "ore", "ori", "are", "acco", "acca",
];

/// Verbs an institution does that end like those adjectives (`il Comune comunica`, `la Regione
/// replica`, `l'Istituto ricorda`).
const ITALIAN_VERBS: &[&str] = &[
    "annuncia", "applica", "avvisa", "comunica", "critica", "denuncia", "dichiara", "indica",
    "lavora", "pubblica", "replica", "rilancia", "ricorda", "segnala", "spiega", "verifica",
];

/// Italian linkers of a complement inside an institution's name (`la Corte dei conti`,
/// `l'Agenzia delle entrate`, `il Ministero dell'economia`).
const ITALIAN_LINKERS: &[&str] = &[
    "di", "del", "dello", "della", "dei", "degli", "delle", "dell'", "dell’",
];

/// Where an Italian institution's name that starts with its own word ends, from token `at`
/// after it: Italian writes the rest in lower case (`la Protezione civile`, `l'Istituto
/// nazionale di geofisica e vulcanologia`, `il Consiglio superiore della magistratura`). Up
/// to two adjectives, then up to three complements after a linker (the second and third may
/// follow `e`), each a lower-case noun, an adjective, or a second noun after `e`. `at` itself
/// when no lower-case word follows.
fn italian_name_end(line: &[Token], at: usize) -> usize {
    let lower_word = |i: usize| {
        line.get(i).is_some_and(|t| {
            !t.sentence_start
                && t.text.chars().count() >= 3
                && t.text.chars().all(letters::lowercase)
                && !NOT_ADJECTIVES.contains(&t.text.as_str())
                && !ITALIAN_VERBS.contains(&t.text.as_str())
        })
    };
    let adjective = |i: usize| {
        lower_word(i)
            && line[i].text.chars().count() >= 4
            && ITALIAN_ADJECTIVE_ENDINGS
                .iter()
                .any(|e| line[i].text.ends_with(e))
    };
    let text = |i: usize| line.get(i).map_or("", |t| t.text.as_str());
    let mut end = at;
    while end < at + 2 && adjective(end) {
        end += 1;
    }
    for k in 0..3 {
        // A second complement may follow `e` (`dell'economia e delle finanze`).
        let and = usize::from(k > 0 && text(end) == "e");
        if !ITALIAN_LINKERS.contains(&text(end + and)) || !lower_word(end + and + 1) {
            break;
        }
        end += and + 2;
        if adjective(end) {
            end += 1;
        }
        // Or a second noun (`di geofisica e vulcanologia`).
        if text(end) == "e" && lower_word(end + 1) && !lower_word(end + 2) {
            end += 2;
        }
    }
    end
}

/// French organisations whose name may go on with their aim (`pour la protection des
/// oiseaux`).
const PURPOSE_WORDS: &[&str] = &[
    "Ligue",
    "Association",
    "Fondation",
    "Comité",
    "Union",
    "Fédération",
    "Mouvement",
    "Collectif",
    "Alliance",
    "Coalition",
];

/// Most tokens a name after a kind word takes (`Ferrovie dello Stato Italiane`).
const LONGEST_NAME: usize = 6;

/// Words for `and` and `or` by language: a place word announces each of the places it lists
/// (`los vecinos de Eslida y Artana`, `die Städte Hof und Selb`).
const COORDINATORS: &[(&str, &[&str])] = &[
    ("da", &["og", "eller"]),
    ("de", &["und", "oder"]),
    ("en", &["and", "or"]),
    ("es", &["y", "e", "o"]),
    ("fr", &["et", "ou"]),
    ("it", &["e", "ed", "o"]),
    ("nl", &["en", "of"]),
    ("pt", &["e", "ou"]),
    ("ru", &["и", "или"]),
    ("sv", &["och", "eller"]),
];

/// What a kind word says about the name after it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// The name right after it (or after a linker, for a place) is of this type.
    Names(EntityType),
    /// A word for a person's role: the names it announces are a place after a linker (an
    /// office or the people of a place: `il sindaco di Bari`, `los vecinos de Vigo`) and a
    /// person right after it (a title: `directeur Taco Dibbits`, `il sindaco Vito Leccese`).
    Role {
        place_after_linker: bool,
        person_after: bool,
    },
    /// An organisation's word that is its name's own first word in any case: an institution
    /// named by its word and its place (`die Stadtwerke Leipzig`, `die Sparkasse Hannover`),
    /// where German, which capitalises every noun, cannot tell by the capital.
    OwnWord,
}

/// One language's kind words.
#[derive(Default)]
struct Language {
    kinds: HashMap<&'static str, Kind>,
    /// For a language that builds compounds: its kind words by their last three chars.
    endings: HashMap<&'static str, Vec<(&'static str, Kind)>>,
    linkers: Vec<&'static str>,
    /// Words for a kind of place that end a place's name (`Det Røde Hav`, `Thüringer Wald`).
    place_ends: Vec<&'static str>,
    /// Words for a kind of place that start a place's name (`Canal Grande`, `Plaza Mayor`).
    place_starts: Vec<&'static str>,
    /// The language's genitive adds `-s` or `-es` to a kind word (German).
    genitive_s: bool,
}

impl Language {
    /// The kind of name a word (lower-cased) announces, if it is a kind word (or, in German,
    /// its genitive: `des Haushaltsgeräteherstellers Miele`).
    fn kind_of(&self, lower: &str) -> Option<Kind> {
        self.kind_of_form(lower).or_else(|| {
            let stem = lower.strip_suffix('s').filter(|_| self.genitive_s)?;
            self.kind_of_form(stem)
                .or_else(|| self.kind_of_form(stem.strip_suffix('e')?))
        })
    }

    fn kind_of_form(&self, lower: &str) -> Option<Kind> {
        if let Some(kind) = self.kinds.get(lower) {
            return Some(*kind);
        }
        let ending = last_chars(lower, 3)?;
        self.endings.get(ending)?.iter().find_map(|&(word, kind)| {
            (lower.len() > word.len() + 2 && lower.ends_with(word)).then_some(kind)
        })
    }
}

/// The last `n` chars of `word`, if it has that many.
fn last_chars(word: &str, n: usize) -> Option<&str> {
    let (at, _) = word.char_indices().rev().nth(n - 1)?;
    Some(&word[at..])
}

/// Every language's kind words, read from [`TABLE`] the first time an article needs them.
fn table() -> &'static HashMap<&'static str, Language> {
    static TABLE_BY_LANGUAGE: OnceLock<HashMap<&'static str, Language>> = OnceLock::new();
    TABLE_BY_LANGUAGE.get_or_init(|| {
        let mut by_language: HashMap<&str, Language> = HashMap::new();
        for line in TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let mut fields = line.split('\t');
            let (Some(language), Some(kind), Some(word)) =
                (fields.next(), fields.next(), fields.next())
            else {
                panic!("kind-words.tsv: `{line}` is not language, kind, word");
            };
            let entry = by_language.entry(language).or_default();
            entry.genitive_s = language == "de";
            let kind = match kind {
                "organization" => Kind::Names(EntityType::Organization),
                "own-organization" => Kind::OwnWord,
                "location" => Kind::Names(EntityType::Location),
                "work" => Kind::Names(EntityType::Misc),
                "place-of" => Kind::Role {
                    place_after_linker: true,
                    person_after: false,
                },
                "office" => Kind::Role {
                    place_after_linker: true,
                    person_after: true,
                },
                "title" => Kind::Role {
                    place_after_linker: false,
                    person_after: true,
                },
                "linker" => {
                    entry.linkers.push(word);
                    continue;
                }
                "place-end" => {
                    entry.place_ends.push(word);
                    continue;
                }
                "place-start" => {
                    entry.place_starts.push(word);
                    continue;
                }
                other => panic!("kind-words.tsv: unknown kind `{other}`"),
            };
            entry.kinds.insert(word, kind);
            if COMPOUNDING.contains(&language) {
                let ending = last_chars(word, 3).expect("kind words have three chars or more");
                entry.endings.entry(ending).or_default().push((word, kind));
            }
        }
        by_language
    })
}

/// Whether `word` (lower case) is a word for a kind of organisation in `language` that is no
/// name's own first word (`gewerkschaft`, `fahrgastverband`; not `stadtwerke`).
pub fn announces_organization(word: &str, language: &str) -> bool {
    table()
        .get(language)
        .is_some_and(|words| words.kind_of(word) == Some(Kind::Names(EntityType::Organization)))
}

/// Whether `word` (lower case) announces a name after it in `language`: a word for a kind of
/// organisation, place or work, or a role's (`реку`, `компании`, `directeur`; not an
/// organisation's own first word, `stadtwerke`).
pub fn announces_name(word: &str, language: &str) -> bool {
    table()
        .get(language)
        .and_then(|words| words.kind_of(word))
        .is_some_and(|kind| kind != Kind::OwnWord)
}

/// Whether `word` (lower case) is a kind word of `language` as the table lists it, not a
/// compound ending in one (`stiftung`, not `kulturstiftung`).
pub fn is_listed_kind_word(word: &str, language: &str) -> bool {
    table()
        .get(language)
        .is_some_and(|words| words.kinds.contains_key(word))
}

/// Whether `word` is a title's or an office's word in `language` (`PDG`,
/// `Grünen-Fraktionschefin`): alone, it is no name.
pub fn is_role_word(word: &str, language: &str) -> bool {
    let lower = word.to_lowercase();
    table().get(language).is_some_and(|words| {
        matches!(
            words.kind_of(&lower),
            Some(Kind::Role {
                person_after: true,
                ..
            })
        )
    })
}

/// Whether `word` is a word for a kind of place that ends a place's name in `language`
/// (`Hav` in `Det Røde Hav`, `Wald` in `Thüringer Wald`, `Square` in `Trafalgar Square`).
pub fn is_place_end(word: &str, language: &str) -> bool {
    let lower = word.to_lowercase();
    table()
        .get(language)
        .is_some_and(|words| words.place_ends.contains(&lower.as_str()))
        || is_compound_place_end(word, language)
}

/// Whether `word`, written with a capital, is a word for a kind of place that starts a place's
/// own name in `language` (`Lago` in `Lago di Garda`, `Praça` in `Praça dos Três Poderes`).
pub fn is_place_start(word: &str, language: &str) -> bool {
    if !word.starts_with(letters::uppercase) {
        return false;
    }
    table().get(language).is_some_and(|words| {
        !words.place_starts.is_empty() && words.place_starts.contains(&word.to_lowercase().as_str())
    })
}

/// Whether `word` (lower case) links a kind word to its name in `language` (`di`, `de`, `do`):
/// `data/kind-words.tsv`'s `linker` kind.
pub fn is_linker(word: &str, language: &str) -> bool {
    table()
        .get(language)
        .is_some_and(|words| words.linkers.contains(&word))
}

/// Place words shorter than five letters that still say a place at a compound's end: no
/// surname ends in them (`Erasmusbrug`, `Vondelpark`, `Nytorv`), unlike `berg`, `wald` or
/// `meer` (`Steinberg`, `Grunewald`, `Vermeer`).
const SHORT_COMPOUND_ENDS: &[&str] = &["brug", "park", "laan", "torv", "gade", "gata", "torg"];

/// Whether a word is a compound ending in a place word long enough to say so, in a language
/// that builds compounds (`Breydelstadion`, `Bismarckstraße`): no surname ends so, unlike the
/// short words (`Steinberg`, `Grunewald`, `Lindstrand`).
pub fn is_compound_place_end(word: &str, language: &str) -> bool {
    if !COMPOUNDING.contains(&language) {
        return false;
    }
    let lower = word.to_lowercase();
    table().get(language).is_some_and(|words| {
        words.place_ends.iter().any(|end| {
            (end.chars().count() >= 5 || SHORT_COMPOUND_ENDS.contains(end))
                && *end != "strand"
                && lower.len() > end.len() + 2
                && lower.ends_with(end)
        })
    })
}

/// A name that a kind word announces.
#[derive(Debug, Clone, PartialEq)]
pub struct Announced {
    /// Index of the kind word in its line.
    pub kind_word: usize,
    /// Index of the name's first token.
    pub first: usize,
    /// Index after the name's last token.
    pub end: usize,
    /// What the kind word says the name is.
    pub kind: EntityType,
    /// The name stands in quotes: all of it is the name, whatever names it holds.
    pub quoted: bool,
    /// The kind word is the name's own first word: a capitalised organisation word
    /// mid-sentence (`El Banco Santander`, `el Ayuntamiento de Sevilla`), or a capitalised
    /// word for an administrative area, which names its administration (`il Comune di
    /// Venezia`, [`ADMINISTRATIONS`]); never in German, which capitalises every noun.
    pub own_word: bool,
    /// The kind word is an office or the people of a place, and a linker follows it (`il
    /// sindaco di Bari`): the name is a place, and not an organisation the tagger or the KB
    /// found there (`el gobernador del Banco de España`). A title's person (kind
    /// [`EntityType::Person`]) is a name of two words or more right after it.
    pub place_of: bool,
}

/// The names kind words announce in one line: the capitalised words right after a kind word
/// (after a linker for a place, `la ville de Lyon`, and for an organisation word that is the
/// name's own, `la Procura di Milano`), or the words in the quotes right after it (`компании
/// «Лукойл»`). Short lower-case particles may stand inside a name (`Ferrovie
/// dello Stato`); a capitalised word that `is_word` says is a common word (a German noun)
/// ends it.
pub fn announced_names(
    line: &[Token],
    language: &str,
    is_word: impl Fn(&Token) -> bool,
) -> Vec<Announced> {
    let Some(words) = table().get(language) else {
        return Vec::new();
    };
    let capitalised = |t: &Token| {
        t.text
            .chars()
            .find(|c| letters::alphanumeric(*c))
            .is_some_and(letters::uppercase)
    };
    let particle = |t: &Token| {
        t.text.chars().count() <= 5 && t.text.chars().all(|c| letters::lowercase(c) || c == '\'')
    };
    // Cheap test first (this runs on every token): a name may start one or two tokens on.
    let name_may_follow = |i: usize| {
        line[i + 1..]
            .iter()
            .take(2)
            .any(|t| capitalised(t) || opens_quote(&t.text))
    };
    let coordinators = COORDINATORS
        .iter()
        .find(|(code, _)| *code == language)
        .map_or(&[][..], |(_, words)| *words);
    let mut found = Vec::new();
    let mut lower = String::new();
    for (i, token) in line.iter().enumerate() {
        // French and Italian write the rest of an organisation's name after its own word in
        // lower case: no capital need follow.
        let lower_case_tail =
            matches!(language, "fr" | "it") && capitalised(token) && !token.sentence_start;
        if !name_may_follow(i) && !lower_case_tail {
            continue;
        }
        // A kind word in capitals is a heading's (`CONSEIL DE GUERRE`).
        if !token.text.chars().any(letters::lowercase) {
            continue;
        }
        lower.clear();
        lower.extend(token.text.chars().flat_map(char::to_lowercase));
        let Some(word_kind) = words.kind_of(&lower) else {
            continue;
        };
        let linked = || {
            line.get(i + 1)
                .is_some_and(|t| words.linkers.contains(&t.text.to_lowercase().as_str()))
        };
        // Written with a capital mid-sentence (German capitalises every noun): the word is the
        // name's own, or a name's (`Premier League`).
        let capital_mid_sentence = language != "de" && !token.sentence_start && name_shaped(token);
        let mut first = i + 1;
        let (kind, own_word, place_of) = match word_kind {
            Kind::Names(mut kind) => {
                // An administrative area's word written with a capital is its administration's
                // name (`il Comune di Venezia`, `la Région Grand Est`); other place words are
                // not (`Ilha do Tesouro`, `Stad Vollenhove`).
                if capital_mid_sentence
                    && kind == EntityType::Location
                    && ADMINISTRATIONS.contains(&lower.as_str())
                {
                    kind = EntityType::Organization;
                }
                let own_word = capital_mid_sentence && kind == EntityType::Organization;
                if (kind == EntityType::Location || own_word) && linked() {
                    first += 1;
                } else if kind == EntityType::Organization
                    && !own_word
                    && ADJECTIVE_AFTER_NOUN.contains(&language)
                    && line.get(first).is_some_and(adjective_shaped)
                {
                    // The adjective after the noun (`la organización agraria Asaja`, `la
                    // compagnie aérienne Corsair`).
                    first += 1;
                }
                (kind, own_word, false)
            }
            Kind::OwnWord => (EntityType::Organization, true, false),
            Kind::Role {
                place_after_linker,
                person_after,
            } => {
                let linked = linked();
                if line.get(i + 1).is_some_and(|t| opens_quote(&t.text)) {
                    // A name in quotes right after a role is what the role heads (`глава
                    // «Метростроя»`, `директор «Эрмитажа»`): people are not quoted.
                    (EntityType::Organization, false, false)
                } else if linked && place_after_linker {
                    first += 1;
                    (EntityType::Location, false, true)
                } else if linked || !person_after || capital_mid_sentence {
                    continue;
                } else {
                    (EntityType::Person, false, false)
                }
            }
        };
        let Some(next) = line.get(first) else {
            continue;
        };
        if next.sentence_start {
            continue;
        }
        // French and Italian write the adjectives of an organisation's name in lower case: the
        // name is its own word and them (`la Confédération paysanne`, `le Parti socialiste`,
        // `l'Office anti-stupéfiants`, `la Protezione civile`).
        if own_word && matches!(language, "fr" | "it") {
            let end = if language == "fr" {
                french_name_end(line, i + 1)
            } else {
                italian_name_end(line, i + 1)
            };
            if end > i + 1 {
                found.push(Announced {
                    kind_word: i,
                    first: i + 1,
                    end,
                    kind,
                    quoted: false,
                    own_word,
                    place_of: false,
                });
                continue;
            }
        }
        let quoted = opens_quote(&next.text);
        // A work's word announces its title in quotes only (`оперу «Евгений Онегин»`).
        if kind == EntityType::Misc && !quoted {
            continue;
        }
        let end = if quoted {
            // A quoted name: up to the closing quote, if it closes soon.
            let close = line[first + 1..]
                .iter()
                .take(LONGEST_NAME + 1)
                .position(|t| closes_quote(&t.text));
            match close {
                Some(n) if n > 0 && capitalised(&line[first + 1]) => {
                    first += 1;
                    first + n
                }
                _ => continue,
            }
        } else {
            // An institution named by its word and its place takes a place that is also a
            // word (`die Verbraucherzentrale Sachsen`: the Saxons).
            let is_word = |t: &Token| {
                is_word(t) && !(word_kind == Kind::OwnWord && tagging::is_listed_place(&t.text))
            };
            if !capitalised(next) || is_word(next) {
                continue;
            }
            // A listed place, then a first name and another capitalised word: the place's
            // person (`il sindaco di Venezia Luigi Brugnaro`), not the place's name.
            let person_after_place = |end: usize| {
                kind == EntityType::Location
                    && tagging::is_first_name(&line[end].text)
                    && line.get(end + 1).is_some_and(capitalised)
                    && tagging::is_listed_place(&written(&line[first..end]))
            };
            let mut end = first + 1;
            while end < line.len() && end - first < LONGEST_NAME {
                let t = &line[end];
                if t.sentence_start || person_after_place(end) {
                    break;
                }
                if capitalised(t) && !is_word(t) {
                    end += 1;
                } else if particle(t)
                    && !(kind == EntityType::Location && coordinators.contains(&t.text.as_str()))
                    && line
                        .get(end + 1)
                        .is_some_and(|n| capitalised(n) && !is_word(n))
                {
                    end += 2;
                } else {
                    break;
                }
            }
            end
        };
        // A person after a title has a first name and a surname at least: a single word
        // there is the tagger's to judge (`minister Habeck`, `trainer Ajax`).
        if kind == EntityType::Person && (quoted || end - first < 2) {
            continue;
        }
        found.push(Announced {
            kind_word: i,
            first,
            end,
            kind,
            quoted,
            own_word,
            place_of,
        });
        // Each place it lists is one (`los vecinos de Eslida y Artana`): one capitalised word
        // after `and` (a person's name has two: `il sindaco di Bari e Antonio Decaro`).
        if kind == EntityType::Location && !quoted {
            let mut end = end;
            while let [and, name, rest @ ..] = &line[end..] {
                let single = rest.first().is_none_or(|t| !capitalised(t) && !particle(t));
                if !coordinators.contains(&and.text.as_str())
                    || !capitalised(name)
                    || name.sentence_start
                    || is_word(name)
                    || !single
                {
                    break;
                }
                found.push(Announced {
                    kind_word: i,
                    first: end + 1,
                    end: end + 2,
                    kind,
                    quoted: false,
                    own_word: false,
                    place_of,
                });
                end += 2;
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize::tokenize;

    fn names(text: &str, language: &str) -> Vec<(String, EntityType)> {
        let lines = tokenize(text);
        lines
            .iter()
            .flat_map(|line| {
                announced_names(line, language, |t| t.text == "Kosten")
                    .into_iter()
                    .map(|a| {
                        let first = if a.own_word { a.kind_word } else { a.first };
                        let words: Vec<&str> =
                            line[first..a.end].iter().map(|t| t.text.as_str()).collect();
                        (words.join(" "), a.kind)
                    })
            })
            .collect()
    }

    #[test]
    fn a_kind_word_announces_the_name_after_it_in_its_language() {
        use EntityType::{Location, Organization, Person};
        // (language, text, the names announced in it)
        type Case = (
            &'static str,
            &'static str,
            &'static [(&'static str, EntityType)],
        );
        let cases: [Case; 28] = [
            // An association's aim after `pour`.
            (
                "fr",
                "La Ligue pour la protection des oiseaux a saisi la justice.",
                &[("Ligue pour la protection des oiseaux", Organization)],
            ),
            // A parliament's own capitalised word starts its name.
            (
                "es",
                "El Parlamento de Andalucía aprobó la ley.",
                &[("Parlamento de Andalucía", Organization)],
            ),
            // Industries' nouns name the company after them.
            (
                "pt",
                "A siderúrgica Usiminas vai investir na fábrica.",
                &[("Usiminas", Organization)],
            ),
            (
                "it",
                "La casa automobilistica Lamborghini ha chiuso il trimestre.",
                &[("Lamborghini", Organization)],
            ),
            (
                "fr",
                "Selon l'énergéticien Engie, les prix baissent.",
                &[("Engie", Organization)],
            ),
            (
                "de",
                "Der Mobilfunkbetreiber Telefónica senkt die Preise.",
                &[("Telefónica", Organization)],
            ),
            // French writes a name's adjectives in lower case; a verb is none.
            (
                "fr",
                "Selon la Confédération paysanne et l'Office anti-fraude, les prix baissent.",
                &[
                    ("Confédération paysanne", Organization),
                    ("Office anti-fraude", Organization),
                ],
            ),
            ("fr", "Hier la Fédération explique sa grève.", &[]),
            // And its complements, written in lower case too.
            (
                "fr",
                "Selon la Caisse des dépôts et la Compagnie des transports strasbourgeois, non.",
                &[
                    ("Caisse des dépôts", Organization),
                    ("Compagnie des transports strasbourgeois", Organization),
                ],
            ),
            // A place word announces each place it lists, not one name of both.
            (
                "es",
                "Los vecinos de Chóvar y Azuébar volvieron a casa.",
                &[("Chóvar", Location), ("Azuébar", Location)],
            ),
            (
                "es",
                "La aerolínea Vueling cancelará vuelos en el barrio de Benimaclet.",
                &[("Vueling", Organization), ("Benimaclet", Location)],
            ),
            (
                "it",
                "Il gruppo Ferrovie dello Stato ha firmato.",
                &[("Ferrovie dello Stato", Organization)],
            ),
            // Compounds, and a common noun ends the name.
            (
                "de",
                "Der Chemiekonzern BASF will Kosten sparen, sagt die Bahngewerkschaft GDL.",
                &[("BASF", Organization), ("GDL", Organization)],
            ),
            (
                "ru",
                "Суд отклонил иск компании «Лукойл» к налоговой службе.",
                &[("Лукойл", Organization)],
            ),
            // A place word may take a linker; a quoted name is all the quotes hold.
            (
                "fr",
                "Les dockers du port de Brest et du quartier Saint-Michel.",
                &[("Brest", Location), ("Saint-Michel", Location)],
            ),
            (
                "ru",
                "Депутаты партии «Новые люди» предложили закон.",
                &[("Новые люди", Organization)],
            ),
            // An organisation's own capitalised word takes a linker; a lower-case one does
            // not (`la mairie de Paris` is about the city).
            (
                "es",
                "El Ayuntamiento de Sevilla aprobó el plan.",
                &[("Ayuntamiento de Sevilla", Organization)],
            ),
            ("fr", "Le maire a parlé à la mairie de Paris.", &[]),
            // A capitalised word for an administrative area is its administration; the place
            // word of another kind stays one.
            (
                "it",
                "Il Comune di Venezia e il quartiere Mestre.",
                &[("Comune di Venezia", Organization), ("Mestre", Location)],
            ),
            (
                "fr",
                "La région Grand Est et la Préfecture du Bas-Rhin.",
                &[
                    ("Grand Est", Location),
                    ("Préfecture du Bas-Rhin", Organization),
                ],
            ),
            // An adjective may follow the kind word where adjectives follow nouns; not a
            // preposition.
            (
                "es",
                "La organización agraria Asaja y la empresa para Madrid.",
                &[("Asaja", Organization)],
            ),
            ("de", "Der Konzern heute Bayer.", &[]),
            // An office or the people of a place announce the place after a linker; an office
            // or a title, a person of two words or more right after it; not a capitalised
            // title mid-sentence, not the people's word.
            (
                "it",
                "Il sindaco di Lecce e gli abitanti di Nardò; il sindaco Carlo Salvemini.",
                &[
                    ("Lecce", Location),
                    ("Nardò", Location),
                    ("Carlo Salvemini", Person),
                ],
            ),
            (
                "nl",
                "Directeur Sjoerd Klaver, minister Habeck, de Premier League Darts en inwoners Jan Smit.",
                &[("Sjoerd Klaver", Person)],
            ),
            (
                "de",
                "Die Oberbürgermeisterin von Pfaffenhofen sprach.",
                &[("Pfaffenhofen", Location)],
            ),
            // Not in another language, not a lower-case word, not a new sentence, not a noun.
            ("fr", "La aerolínea Vueling cancela.", &[]),
            (
                "fr",
                "Le groupe de travail se réunit. Le syndicat. Paris attend.",
                &[],
            ),
            ("de", "Der Konzern Kosten.", &[]),
        ];
        for (language, text, expected) in cases {
            let expected: Vec<(String, EntityType)> = expected
                .iter()
                .map(|(name, kind)| (name.to_string(), *kind))
                .collect();
            assert_eq!(names(text, language), expected, "{text}");
        }
    }
}
