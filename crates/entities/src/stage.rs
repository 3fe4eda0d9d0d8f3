//! The `entities` stage: tag, repair with the knowledge base, cluster, link, rank.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use enricher_contracts::{EnrichedRecord, Entity, EntityMention, EntityType, Warning};
use enricher_pipeline::{Stage, StageDone, StageFuture};
use serde::Deserialize;

use crate::clusters::UsualCase;
use crate::conll::{corpus_type, record_type, spans};
use crate::kb::{self, AliasTargets, KbClass, KbEntry, KbError, KnowledgeBase};
use crate::letters;
use crate::model::{Tagged, Tagger, TokenInfo, TAGS};
use crate::models::ModelId;
use crate::nouns::{NounHint, Nouns};
use crate::tagging::{self, Gazetteer};
use crate::tokenize::{closes_quote, name_shaped, opens_quote, tokenize, Token};
use crate::{institutions, kinds, remits, roads, small_towns, town_names};

/// Settings of the entities stage (configuration table `[entities]`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EntitySettings {
    /// A newsroom knowledge base (JSON lines: `id`, `name`, `type`, `aliases`); its entries win
    /// over the default KB's.
    pub kb_path: Option<PathBuf>,
}

/// Why the entity stage cannot start.
#[derive(Debug, thiserror::Error)]
pub enum EntityStageError {
    /// The KB cannot be loaded.
    #[error(transparent)]
    Kb(#[from] KbError),
}

/// The entities stage. Model and KB are loaded once and shared.
#[derive(Clone)]
pub struct EntityStage {
    inner: Arc<Inner>,
}

struct Inner {
    /// The KB's aliases as tagger features, one per model (each language's names).
    gazetteers: HashMap<ModelId, Gazetteer>,
    kb: KnowledgeBase,
    /// Exact, case-sensitive KB aliases that may add entities the tagger missed.
    matcher: AhoCorasick,
    matcher_aliases: Vec<AliasTargets>,
    /// The post-processing passes that run (all but in measurements).
    passes: Vec<Pass>,
    /// Tagger margin from which the tagger's type stands against the KB's.
    confident: f32,
}

/// The tagger margin from which a tag is trusted over the KB's type and spreads to the rest of
/// the article (measured on the English and German dev sets: see BENCHMARKS.md).
pub const CONFIDENT_MARGIN: f32 = 10.0;

/// What the tagger said of the words it left outside any name, kept for the passes.
#[derive(Default)]
struct OutsideNames {
    /// Acronym-shaped tokens, by start: how sure the tagger was ([`Pass::Acronyms`]).
    acronyms: HashMap<usize, f32>,
    /// Capitalised words it was sure are no name, by start, in text order
    /// ([`Pass::DocumentConsistency`]).
    surely_outside: Vec<usize>,
    /// Words the beam outvoted ([`Pass::OutvotedPlaces`]).
    outvoted: Vec<Found>,
    /// Listed companies the tagger left outside ([`Pass::ListedCompanies`]).
    companies: Vec<Found>,
}

/// A mention before clustering.
#[derive(Debug, Clone)]
struct Found {
    start: usize,
    end: usize,
    text: String,
    kind: EntityType,
    kb: Option<usize>,
    /// How sure the tagger was of this name (the smallest margin of its tokens' tags over the
    /// runner-up); 0 for names the tagger did not find.
    margin: f32,
}

impl Found {
    /// A name of one token that a pass found by the words around it, not the tagger (margin 0:
    /// the KB's type and the article's sure mentions may still correct it).
    fn token(token: &Token, kind: EntityType) -> Found {
        Found {
            start: token.start,
            end: token.end,
            text: token.text.clone(),
            kind,
            kb: None,
            margin: 0.0,
        }
    }
}

/// A post-processing pass over the tagger's output. Each is named so the evaluation
/// (`entity-eval --without PASS`) can switch it off and measure what it is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pass {
    /// A name in quotes after the word for what it is is the quoted name: `Компания
    /// «Газпром»` -> `Газпром` (factRuEval tags the descriptor and the opening quote with the
    /// name, and the Russian tagger learnt it); the same for `„...“`, `“...”`, `"..."`. An
    /// organisation right after an opening quote ends at the closing quote where only words in
    /// lower case stand between (`«Союз правых сил»`, which the tagger cut to `Союз правых`;
    /// `«Газпром нефть»`, which the KB found as `Газпром`). In Russian a town in quotes is
    /// what is named after it (`обыграл «Ростов»`: the club), unless a word for a kind of
    /// thing stands before the quotes (`станция «Сокольники»`).
    QuotedNames,
    /// A capitalised word mid-sentence that the beam search left outside any name although
    /// the word's own score said place (a negative margin for `O`: `Bayer verschob die
    /// Produktion in Leverkusen`, where the sequence with `Bayer` as an organisation pulled
    /// `Leverkusen` out), and that the gazetteer knows as a place, is a place.
    OutvotedPlaces,
    /// A name of the listed-companies list (`data/companies.txt`) that the tagger left outside
    /// any name, written as the list writes it, is an organisation (`Analysten der
    /// Commerzbank`, `Stellantis`) where it is not a word: a one-word name not written in lower
    /// case in the article, not a word the model learnt is usually no name (`Next`, `Target`),
    /// not a German common noun (`Admiral`), not at a sentence start when the model knows the
    /// word, unless the model learnt the word starts names (`Volkswagen verhandelt`, which
    /// Wiktionary lists as a noun too). Models that read the name lists only (not English). A listed company the tagger
    /// took for a place is the organisation where no list holds a place of that name (`les
    /// livraisons à Boeing`; not `Sabadell`). In every language, an organisation's name goes
    /// on over a company's word right after it (`CFM International`, `Airbus SE`: see
    /// [`COMPANY_ENDS`]), and links to the KB's entry of the name without it (`Vale SA`). A
    /// listed company starting a sentence or after a preposition of belonging that the tagger
    /// took for a surname is the company where the article names no person so (`Renault va
    /// produire`, `patron de Renault et de Nissan`); a listed company's
    /// elided article is the name's (`L'Oréal`).
    ListedCompanies,
    /// Words capitalised only by their position (sentence start, title-case line) that the
    /// article also writes in lower case are not names: `Die`, `Les`, `For Putin`, `Key
    /// Discussions`; nor is a weekday alone (`Domenica la squadra giocherà`: Sunday, and an
    /// Italian first name; German `Mittwoch`), nor a holiday (`Navidad`, `Pâques`, `Semana
    /// Santa`, Portuguese `no Natal`, not the city `em Natal`), nor an economic measure or a
    /// tax written as an acronym (`el PIB`, `il Pil`, `l'Iva`).
    CommonWords,
    /// Places and organisations inside hyphenated tokens: `Moscow-Beijing`, `U.S.-led`; a
    /// town's district written with a hyphen is one place (`Amsterdam-Oost`).
    Compounds,
    /// Surnames with particles are one person: `Ursula` `von der` `Leyen` (the tagger often
    /// stops at the first name, or takes `der Leyen` alone, or the surname for a place:
    /// `Dennis te` + `Kloese`), `Charles de Gaulle`; a capitalised particle after a listed first
    /// name too, found or not (`Daniele De Rossi`, `Aurelio De Laurentiis`); a listed first name
    /// no name holds, particles and a one-word place the tagger guessed (`Benoît de
    /// Saint-Exupéry`). A person the tagger ran on over a preposition ends before it (`Pedro
    /// Guilherme ao Santos`).
    NameParticles,
    /// A first name from the name lists beside a one-word person is part of the name
    /// (`Roland` + `Lescure`: the tagger took one of the two), unless the other word is a
    /// name already, a KB name or a sentence start; and a sentence's capitalised first word
    /// before a first name is not (`Selon Emmanuel Macron` -> `Emmanuel Macron`). A KB name
    /// followed by a first name and a surname inside one name found is two names (`la
    /// Audiencia Nacional Santiago Gómez`: the court and its judge), and so is a person found
    /// after a KB place that is no first name (`Татарстана Рустама Галиева`). Outside German
    /// and English, a person goes on over a second surname that ends the clause (`Marco
    /// Tronchetti Provera,`). A person of two words or more that the name lists hold whole as
    /// a place, whose first word is no listed first name, is the place (`Campi Bisenzio`).
    FirstNames,
    /// The name right after a word that says what kind of thing it is (`data/kind-words.tsv`:
    /// `die Gewerkschaft Verdi`, `la aerolínea Vueling`, `de wijk Merwede`, `компании
    /// «Лукойл»`; with the word when it is the name's own, `el Ayuntamiento de Sevilla`) is a
    /// name of that kind, where the tagger left it outside any name (and it is
    /// not a word: see [`Pass::ListedCompanies`]) or gave the same words another type (`El
    /// Banco Santander`, taken for the city with the bank's own word): the
    /// kind word wins over the tagger and the KB (`el club Valencia` is the club). Words for a
    /// role say the place after their linker (`il sindaco di Bari`; not the person after a
    /// listed town: `il sindaco di Venezia Luigi Brugnaro`) and a person the tagger
    /// missed right after them (`Directeur Taco Dibbits`); alone, such a word is no name, and
    /// neither is a minister's portfolio (`la consejera de Transportes`) or the republic of a
    /// head of state's title (`il presidente della Repubblica`). A German kind word the tagger
    /// took into the name is left out (`Fahrgastverband Pro Bahn`); the capitalised Dutch
    /// adjectives before an organisation's own word are taken in (`de Technische Universiteit
    /// Eindhoven`); a French or Italian ministry written in lower case before its portfolio
    /// is one organisation (`le ministère de la Culture`, `il ministero della Salute`), and so
    /// is a Dutch portfolio after a minister's `van` (`minister van Economische Zaken`), and a
    /// German town's adjective before its assembly's word (`der Hamburger Senat`), and a German
    /// institution named by its remit (`das Bundesamt für Migration und Flüchtlinge`,
    /// [`crate::remits`]). A kind
    /// word in lower case that the tagger took into a name is cut off it (`через реку Исеть`),
    /// and alone it is no name (`Глава компании Александр Дюков`). In Dutch, Swedish and Danish
    /// a capitalised compound mid-sentence ending in an organisation's word is an organisation
    /// (`het Rijksvastgoedbedrijf`).
    KindWords,
    /// A name of two words or more whose last word is a word for a kind of place
    /// (`data/kind-words.tsv`, `place-end`: `Det Røde Hav`, `Islands Brygge`, `Thüringer
    /// Wald`) is a place, where the tagger took it for an organisation or for a person whose
    /// first word no list holds as a first name (`Steen Gade` stays a person). In the languages
    /// that build compounds, a capitalised compound ending in such a word that no name holds is
    /// a place of its own where it is no word of the article's or German common noun
    /// (`Catharijnesingel`, not `Fußballstadion`). The other way round, in the Romance
    /// languages: a word for a kind of place written with a capital (`place-start`) and the
    /// name after it are one place (`Lago di Garda`, `Canal Grande`, `Paseo de la
    /// Castellana`), unless the KB lists the name as something else (`Canal Sur`). A Dutch
    /// name takes a capitalised `Van` before it (`de Van Brienenoordbrug`).
    PlaceEnds,
    /// Russian institution names capitalise their first word only (`Мариинский театр`,
    /// `Высшей школы экономики`, `Министерство культуры`): the phrase from the capital to
    /// the institution's noun and its genitive complement is an organisation
    /// ([`crate::institutions`]), in place of the names the tagger found inside it. Such a
    /// noun alone starting a sentence is no name (`Суд в Казани арестовал`; not `Дума`). An
    /// authority's country in the genitive right after it is part of it (`Министерство
    /// финансов России`). A capitalised adjective before a place's noun is a place (`Дворцовый
    /// мост`, `Красной площади`, `Большая кольцевая линия`).
    InstitutionNames,
    /// A place with a club's or an institution's word before or after it is the organisation
    /// named after that town (`RC Lens`, `Real Zaragoza`, `Valencia CF`, `Rechtbank Utrecht`:
    /// [`crate::town_names`]); so is a listed town after an Italian or Spanish masculine
    /// article (`il Napoli`, `del Sevilla`: the town itself takes none), and a listed town
    /// right after a word for `against` in a report of a match (`le match contre Toulon`,
    /// `de wedstrijd tegen Utrecht`; not English, whose tagger learnt clubs from CoNLL); in a
    /// report of a match, an Italian town or region after a feminine article where the KB
    /// lists a club of that name (`la Roma`, `la Lazio`: `AS Roma`, `SS Lazio`).
    TownNames,
    /// A town too small for the name lists (`data/small-towns.tsv`), of a country that speaks
    /// the article's language, or a town of the lists, right after a word for `in`, `to` or
    /// `from`, that the tagger left outside any name or took for a person no list knows, is a
    /// place (`en Castuera`, `di Vernante`, `en Artana`: [`crate::small_towns`]); so is a town
    /// the tagger took for its club right after a word for `in` or `to` (`a Bologna`).
    SmallTowns,
    /// Knowledge-base names (countries, regions, organisations, nationalities) the tagger
    /// missed (not a country's code before `$`: `US$ 300` is a price). An organisation's or a
    /// stadium's name that is a word of its language is found only right after a definite
    /// article in pt, es, it (`o Chega`, `en el Metropolitano`; not `o Vale do Silício`); a
    /// German Land whose name is a noun only right after `in`, `aus`, `nach` (`in Sachsen`).
    /// A German place's or person's genitive in `s` before a noun is the place or the person
    /// (`Bremens Bürgermeister`, `Trumps Zölle`), found from the KB and the name lists; so is
    /// a Swedish or Danish KB place's (`Ukraines præsident`).
    KbMatches,
    /// An acronym the tagger left out is an organisation (`CFDT`, `CGIL`, `VNO-NCW`): three
    /// to six capitals in running text (a lower-case word of the same script beside it, no
    /// word in capitals next to it), never written in lower case in the article, not a Roman
    /// numeral, a wind direction (`WNW`) or a German common noun (`ZOLL`), and a word the
    /// tagger knows nothing about or was unsure of; not in a text where such words abound
    /// (adverts, tables, OCR'd pages). The KB's type comes after.
    Acronyms,
    /// A road named by a number (`auf der A 7`, `la RN 7`, `la AP-7`, `трасса М-11`:
    /// [`crate::roads`]) is a place, in place of any name found in it (`RN`, the party).
    RoadNumbers,
    /// Knowledge-base links and types for tagged names: the KB corrects the tagger's type.
    /// In es, it, pt, fr a KB organisation right before a KB region or country is its branch
    /// there (`Confcommercio Toscana`), and a region's or a town's own body before its linker
    /// and place is one organisation (`il Consiglio regionale della Lombardia`, `le Conseil
    /// départemental du Nord`); in German and Dutch, which put an object right after
    /// its subject, such a name found whole is the two (`weil die EU Russland sanktioniert`).
    /// A name the KB knows only the last word of takes its type from it where that word is an
    /// organisation (`Сибирского отделения РАН`; `Аналитики Сбербанка`, a person, is the bank).
    /// A sentence's article before a KB name is no part of it (`La Bretagne est placée`,
    /// taken for an organisation; not `Le Monde`). A stadium the KB lists by two words or more
    /// is a place however sure the tagger (`au Roazhon Park`). A German, Swedish or Danish
    /// genitive in `s` links to the name (`Deutschlands`, `Rysslands`, `Danmarks`).
    KbTypes,
    /// A name tagged once is the same name, with the same type, wherever else it occurs in
    /// the article; in German, Swedish, Danish and Norwegian, a person's surname with the
    /// genitive's `s` is the person (`Kristerssons regering` after `Ulf Kristersson`).
    DocumentConsistency,
    /// A name the tagger is unsure of on a heading line (title case, no sentence, no figures:
    /// a dateline is facts), that the KB does not know and the body never mentions, is a
    /// heading's words (`Key Discussions`); so is a heading line that is one name made of
    /// words written in lower case at least as often as capitalised, however sure the tagger
    /// is (`Summit Goals`).
    UnsureHeadings,
}

impl Pass {
    /// Every pass, in the order they run.
    pub const ALL: [Pass; 18] = [
        Pass::QuotedNames,
        Pass::OutvotedPlaces,
        Pass::ListedCompanies,
        Pass::CommonWords,
        Pass::Compounds,
        Pass::NameParticles,
        Pass::FirstNames,
        Pass::KindWords,
        Pass::PlaceEnds,
        Pass::InstitutionNames,
        Pass::SmallTowns,
        Pass::KbMatches,
        Pass::TownNames,
        Pass::Acronyms,
        Pass::RoadNumbers,
        Pass::KbTypes,
        Pass::DocumentConsistency,
        Pass::UnsureHeadings,
    ];

    /// The pass's name, as `entity-eval --without` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Pass::QuotedNames => "quoted-names",
            Pass::OutvotedPlaces => "outvoted-places",
            Pass::ListedCompanies => "listed-companies",
            Pass::CommonWords => "common-words",
            Pass::Compounds => "compounds",
            Pass::NameParticles => "name-particles",
            Pass::FirstNames => "first-names",
            Pass::KindWords => "kind-words",
            Pass::PlaceEnds => "place-ends",
            Pass::InstitutionNames => "institution-names",
            Pass::TownNames => "town-names",
            Pass::SmallTowns => "small-towns",
            Pass::KbMatches => "kb-matches",
            Pass::Acronyms => "acronyms",
            Pass::RoadNumbers => "road-numbers",
            Pass::KbTypes => "kb-types",
            Pass::DocumentConsistency => "document-consistency",
            Pass::UnsureHeadings => "unsure-headings",
        }
    }

    /// The pass with this name.
    pub fn from_name(name: &str) -> Option<Pass> {
        Self::ALL.into_iter().find(|p| p.name() == name)
    }
}

impl EntityStage {
    /// The stage with the default KB, the newsroom's KB on top, and every model.
    pub fn new(settings: &EntitySettings) -> Result<Self, EntityStageError> {
        let mut kb = KnowledgeBase::default_kb();
        if let Some(path) = &settings.kb_path {
            kb.load_newsroom(path)?;
        }
        let gazetteers = ModelId::TAGGERS
            .into_iter()
            .map(|m| (m, Gazetteer::from_kb(&kb, m)))
            .collect();
        let mut patterns = Vec::new();
        let mut matcher_aliases = Vec::new();
        for (alias, targets) in kb.alias_targets() {
            // Title words are tagger hints, not entities; one-letter aliases are noise; a name
            // starts with a capital (`the West Bank` is `West Bank` after an article), but for
            // one word an organisation writes in lower case in one language (`dpa`).
            let findable: AliasTargets = targets
                .iter()
                .filter(|target| {
                    let entry = &kb.entries[target.entry];
                    let lowercase_brand = entry.class == Some(KbClass::Org)
                        && !target.languages.is_empty()
                        && !alias.contains(' ');
                    entry.class != Some(KbClass::Title)
                        && target.findable
                        && alias.chars().count() >= 2
                        && (!alias.starts_with(letters::lowercase) || lowercase_brand)
                })
                .cloned()
                .collect();
            // An organisation's or a stadium's one-word variant, never found alone, is looked
            // for after an article ([`NAME_ARTICLES`]: `o Chega`, `en el Metropolitano`); only
            // where the alias names nothing findable.
            let targets: AliasTargets = if findable.is_empty() {
                targets
                    .iter()
                    .filter(|target| {
                        matches!(
                            kb.entries[target.entry].class,
                            Some(KbClass::Org | KbClass::Landmark)
                        ) && !alias.contains(' ')
                            && alias.starts_with(letters::uppercase)
                    })
                    .cloned()
                    .collect()
            } else {
                findable
            };
            if targets.is_empty() {
                continue;
            }
            patterns.push(alias.to_owned());
            matcher_aliases.push(targets);
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("KB aliases build an automaton");
        Ok(EntityStage {
            inner: Arc::new(Inner {
                gazetteers,
                kb,
                matcher,
                matcher_aliases,
                passes: Pass::ALL.to_vec(),
                confident: CONFIDENT_MARGIN,
            }),
        })
    }

    /// The same stage without some passes (for measuring what each is worth).
    pub fn without_passes(&self, off: &[Pass]) -> EntityStage {
        let inner = &*self.inner;
        EntityStage {
            inner: Arc::new(Inner {
                gazetteers: inner.gazetteers.clone(),
                kb: inner.kb.clone(),
                matcher: inner.matcher.clone(),
                matcher_aliases: inner.matcher_aliases.clone(),
                passes: inner
                    .passes
                    .iter()
                    .copied()
                    .filter(|p| !off.contains(p))
                    .collect(),
                confident: inner.confident,
            }),
        }
    }

    /// The same stage with another confidence margin (for measurements).
    pub fn with_confident_margin(&self, margin: f32) -> EntityStage {
        let mut stage = self.without_passes(&[]);
        Arc::get_mut(&mut stage.inner)
            .expect("a fresh stage")
            .confident = margin;
        stage
    }

    fn on(&self, pass: Pass) -> bool {
        self.inner.passes.contains(&pass)
    }

    /// The entities of an English text (`title_chars`: how many leading chars are the title).
    pub fn entities(&self, text: &str, title_chars: usize) -> Vec<Entity> {
        self.extract(text, title_chars, Some("en"), ModelId::En)
    }

    /// The entities of a text in `language` (a BCP 47 primary subtag, for the KB's names in
    /// that language), read by `model`.
    pub fn extract(
        &self,
        text: &str,
        title_chars: usize,
        language: Option<&str>,
        model: ModelId,
    ) -> Vec<Entity> {
        self.extract_mixed(text, title_chars, language, model, &[])
    }

    /// [`Self::extract`] for a text with paragraphs in other languages: `[start, end)` char
    /// spans, each read by its language's tagger (a German quote in an English article: the
    /// English tagger takes `Wir` and `Lager` for people).
    pub fn extract_mixed(
        &self,
        text: &str,
        title_chars: usize,
        language: Option<&str>,
        model: ModelId,
        paragraphs: &[([usize; 2], ModelId)],
    ) -> Vec<Entity> {
        let chars: Vec<char> = text.chars().collect();
        let lines = tokenize(text);
        let mut found: Vec<Found> = Vec::new();
        // What the tagger saw besides its names, for the passes.
        let mut seen = OutsideNames::default();
        // The paragraphs with a tagger, by start (they do not overlap): a line's is found by
        // a binary search, however many there are.
        let mut paragraphs: Vec<([usize; 2], ModelId)> = paragraphs
            .iter()
            .filter(|(_, other)| other.tagger().is_some())
            .copied()
            .collect();
        paragraphs.sort_unstable_by_key(|([start, _], _)| *start);
        let model_at = |at: usize| {
            let next = paragraphs.partition_point(|([start, _], _)| *start <= at);
            next.checked_sub(1)
                .map(|k| paragraphs[k])
                .filter(|([_, end], _)| at < *end)
                .map_or(model, |(_, other)| other)
        };
        for line in &lines {
            let model = line.first().map_or(model, |t| model_at(t.start));
            if let Some(tagger) = model.tagger() {
                found.extend(self.tag_line(model, tagger, line, &chars, &mut seen));
            }
        }
        if self.on(Pass::OutvotedPlaces) {
            found.extend(std::mem::take(&mut seen.outvoted));
            found.sort_by_key(|f| f.start);
        }
        // Words the text writes in lower case somewhere (read by three passes).
        let lower = lowercase_words(&lines);
        // Whether a name from a list is a word here (read by two passes).
        let list_names = ListNameCheck::new(&lines, &lower, model);
        if self.on(Pass::ListedCompanies) {
            for company in std::mem::take(&mut seen.companies) {
                if tagging::is_listed_company(&company.text)
                    && list_names.company_stands_alone(&company.text, company.start)
                {
                    found.push(company);
                }
            }
            // A listed company the tagger took for a place, where no list holds a place of
            // that name (`les livraisons à Boeing`; not `Sabadell`, a town too).
            for f in found.iter_mut() {
                if f.kind == EntityType::Location
                    && tagging::is_listed_company(&f.text)
                    && !tagging::is_listed_place(&f.text)
                {
                    f.kind = EntityType::Organization;
                }
            }
            companies_taken_for_surnames(&mut found, &lines);
            take_elided_articles_of_companies(&mut found, &chars);
            found.sort_by_key(|f| f.start);
        }
        if self.on(Pass::CommonWords) {
            drop_common_words(&mut found, &lines, &chars, &lower);
            if let Some(language) = language {
                drop_holidays(&mut found, &lines, language);
            }
        }
        if self.on(Pass::Compounds) {
            found = self.split_compounds(found, &lines);
        }
        if self.on(Pass::NameParticles) {
            cut_persons_at_prepositions(&mut found);
            join_name_particles(&mut found, &lines, &chars, |name| {
                self.inner.kb.lookup(name).is_some()
            });
        }
        if self.on(Pass::FirstNames) {
            split_person_after_known_name(&mut found, |name| {
                self.inner.kb.lookup(name).map(|(entry, _)| kb_kind(entry))
            });
            let tagger = model.tagger();
            if !matches!(language, Some("de" | "en")) {
                extend_persons_by_surnames(
                    &mut found,
                    &lines,
                    &chars,
                    |name| self.inner.kb.lookup(name).is_some(),
                    |word| {
                        let lower = word.to_lowercase();
                        tagger.is_some_and(|t| {
                            t.word_leans_outside(&lower)
                                || t.knows_word(&lower) && !tagging::is_surname(word)
                        })
                    },
                );
            }
            join_first_names(
                &mut found,
                &lines,
                &chars,
                |name| self.inner.kb.lookup(name).is_some(),
                |word| tagger.is_some_and(|t| t.word_leans_outside(&word.to_lowercase())),
            );
            retype_listed_places_without_first_names(&mut found);
        }
        let trusted = self.trusted(model);
        if let Some(language) = language.filter(|_| self.on(Pass::KindWords)) {
            let kb_type = |name: &str| {
                let (entry, _) = self.inner.kb.lookup_in(name, Some(language))?;
                Some(kb_kind(entry))
            };
            if language == "de" {
                trim_german_kind_words(&mut found);
                add_german_place_adjectives(&mut found, &lines, &chars);
                // A place, or its genitive (`Italiens`).
                let place = |word: &str| {
                    let place = |word: &str| {
                        tagging::is_listed_place(word)
                            || kb_type(word) == Some(EntityType::Location)
                    };
                    place(word) || word.strip_suffix('s').is_some_and(place)
                };
                add_german_remits(&mut found, &lines, &chars, place);
            }
            trim_lower_case_kind_words(&mut found, language);
            // A country, or its genitive where the language writes it in the word.
            let country = |name: &str| {
                let country = |name: &str| {
                    self.inner
                        .kb
                        .lookup_in(name, Some(language))
                        .is_some_and(|(entry, _)| entry.class == Some(KbClass::Country))
                };
                country(name)
                    || POSSESSIVE_IN_WORD.contains(&language)
                        && name.strip_suffix('s').is_some_and(country)
            };
            add_announced_names(
                &mut found,
                &lines,
                &chars,
                language,
                &list_names,
                kb_type,
                country,
            );
            if language == "nl" {
                take_dutch_adjectives(&mut found, &lines, &chars);
            }
            if matches!(language, "fr" | "it") {
                add_ministries(&mut found, &lines, &chars, language);
            }
            if language == "nl" {
                add_dutch_portfolios(&mut found, &lines, &chars);
            }
            if matches!(language, "nl" | "sv" | "da") {
                add_compound_organisations(&mut found, &lines, &chars, language, |word| {
                    article_word(&lower, model, word)
                });
            }
            drop_portfolios(&mut found, &lines, language);
            // A title's word alone is no name (`son PDG`), unless it is a surname (`Koning`).
            found.retain(|f| {
                f.kb.is_some()
                    || f.text.contains(' ')
                    || !kinds::is_role_word(&f.text, language)
                    || tagging::is_surname(&f.text)
            });
        }
        if let Some(language) = language.filter(|_| self.on(Pass::PlaceEnds)) {
            add_compound_places(&mut found, &lines, &chars, language, |word| {
                article_word(&lower, model, word)
            });
            type_place_ends(&mut found, language);
            if language == "nl" {
                join_dutch_van(&mut found, &lines, &chars);
            }
            join_place_starts(&mut found, &lines, &chars, language, |name| {
                let (entry, _) = self.inner.kb.lookup_in(name, Some(language))?;
                Some(kb_kind(entry))
            });
        }
        if language == Some("ru") && self.on(Pass::InstitutionNames) {
            let tagger = model.tagger();
            add_institution_names(&mut found, &lines, &chars, |word| {
                let word = word.to_lowercase();
                lower.contains(word.as_str()) || tagger.is_some_and(|t| t.word_leans_outside(&word))
            });
            // An institution's noun alone starting a sentence is the common noun (`Суд в
            // Казани арестовал`).
            let starts: std::collections::HashSet<usize> = lines
                .iter()
                .flatten()
                .filter(|t| t.sentence_start)
                .map(|t| t.start)
                .collect();
            found.retain(|f| {
                !starts.contains(&f.start)
                    || f.text.contains([' ', '-'])
                    || !institutions::is_bare_institution_noun(&f.text)
                    || self.inner.kb.lookup(&f.text).is_some()
            });
        }
        if let Some(language) = language.filter(|_| self.on(Pass::SmallTowns)) {
            add_small_towns(&mut found, &lines, &chars, language, &lower, model);
        }
        if self.on(Pass::KbMatches) {
            self.add_kb_matches(text, &lines, language, model, &list_names, &mut found);
            if let Some(language @ ("de" | "sv" | "da")) = language {
                let kb_place = |name: &str| {
                    let entry = self.inner.kb.lookup_in(name, Some(language));
                    entry.is_some_and(|(entry, _)| {
                        entry.class.is_some_and(KbClass::is_area)
                            || entry.class == Some(KbClass::City)
                    })
                };
                add_genitives(&mut found, &lines, &lower, language, kb_place);
            }
            if self.on(Pass::QuotedNames) {
                extend_quoted_organisations(&mut found, &lines, &chars);
            }
        }
        if self.on(Pass::QuotedNames) && language == Some("ru") {
            let town = |name: &str| {
                tagging::is_listed_place(name)
                    || self
                        .inner
                        .kb
                        .lookup_in(name, Some("ru"))
                        .is_some_and(|(entry, _)| entry.class == Some(KbClass::City))
            };
            quoted_towns_as_organisations(&mut found, &lines, town);
        }
        if self.on(Pass::TownNames) {
            let is_town = |name: &str| {
                let area = self
                    .inner
                    .kb
                    .lookup_in(name, language)
                    .is_some_and(|(entry, _)| entry.class.is_some_and(KbClass::is_area));
                !area && tagging::is_listed_place(name)
            };
            let is_club = |name: &str| {
                town_names::club_named_after(name, |club| {
                    self.inner
                        .kb
                        .lookup(club)
                        .is_some_and(|(entry, _)| entry.class == Some(KbClass::Org))
                })
            };
            let known_club = |name: &str| {
                self.inner
                    .kb
                    .lookup_in(name, language)
                    .is_some_and(|(entry, _)| entry.id.starts_with("org:club-"))
            };
            town_names(
                &mut found, &lines, &chars, language, is_town, is_club, known_club,
            );
        }
        if self.on(Pass::Acronyms) {
            add_acronyms(&mut found, &lines, &lower, &seen.acronyms, model, language);
        }
        if self.on(Pass::ListedCompanies) {
            found.sort_by_key(|f| f.start);
            extend_company_names(&mut found, &lines, &chars);
        }
        if let Some(language) = language.filter(|_| self.on(Pass::RoadNumbers)) {
            add_roads(&mut found, &lines, language);
        }
        if self.on(Pass::KbTypes) {
            let known = |name: &str| self.inner.kb.lookup(name).map(|(entry, _)| kb_kind(entry));
            type_by_known_last_word(&mut found, known);
            cut_articles_before_known_names(&mut found, &lines, known);
            self.link_kb(&mut found, language, trusted);
            if let Some(language) = language {
                self.places_before_roles(&mut found, &lines, language);
                if BRANCH_LANGUAGES.contains(&language) {
                    self.join_branches(&mut found, &chars, language);
                } else if matches!(language, "de" | "nl") {
                    self.split_subject_and_object(&mut found, language);
                }
            }
        }
        if self.on(Pass::DocumentConsistency) {
            if language.is_some_and(|l| POSSESSIVE_IN_WORD.contains(&l)) {
                add_genitives_of_persons(&mut found, &lines);
            }
            document_consistency(
                &mut found,
                &lines,
                &chars,
                &lower,
                &seen.surely_outside,
                self.inner.confident,
            );
        }
        if self.on(Pass::UnsureHeadings) {
            // Words the model's cluster table has in lower case at least as often as
            // capitalised (none for a model without a table).
            let clusters = model.cluster_table().map(|table| table.clusters());
            let common_word = |word: &str| {
                clusters.is_some_and(|c| {
                    matches!(
                        c.usual_case(word),
                        UsualCase::MostlyLower | UsualCase::OnlyLower | UsualCase::Both
                    )
                })
            };
            drop_unsure_headings(&mut found, &lines, text, common_word);
        }
        found.sort_by_key(|f| (f.start, f.end));
        found.dedup_by(|a, b| a.start < b.end && b.start < a.end);
        if language.is_some_and(|l| POSSESSIVE_IN_WORD.contains(&l)) {
            take_possessives(&mut found, &lines);
        }
        self.cluster(found, &chars, text, title_chars, language)
    }

    /// The tagger margin from which its type stands against the KB's. The pooled model reads
    /// languages it was never trained on: the KB's type always wins over it.
    fn trusted(&self, model: ModelId) -> f32 {
        match model {
            ModelId::LatinPooled => f32::INFINITY,
            _ => self.inner.confident,
        }
    }

    /// What the tagger alone finds in a text, before any post-processing: `(start, end, type)`
    /// char spans with `PER`/`ORG`/`LOC`/`MISC` types (for measuring what the passes add).
    pub fn tagger_mentions(&self, text: &str, model: ModelId) -> Vec<(usize, usize, &'static str)> {
        let Some(tagger) = model.tagger() else {
            return Vec::new();
        };
        let chars: Vec<char> = text.chars().collect();
        tokenize(text)
            .iter()
            .flat_map(|line| {
                self.tag_line(model, tagger, line, &chars, &mut OutsideNames::default())
            })
            .map(|f| (f.start, f.end, corpus_type(f.kind)))
            .collect()
    }

    /// The tagger's names in one line, without possessives and punctuation at either end.
    fn tag_line(
        &self,
        model: ModelId,
        tagger: &Tagger,
        line: &[Token],
        chars: &[char],
        seen: &mut OutsideNames,
    ) -> Vec<Found> {
        let words: Vec<&str> = line.iter().map(|t| t.text.as_str()).collect();
        let mut infos: Vec<TokenInfo> = line
            .iter()
            .map(|t| TokenInfo::new(&t.text, t.sentence_start))
            .collect();
        self.inner.gazetteers[&model].annotate(&words, &mut infos);
        let Tagged {
            tags,
            margins,
            runners_up,
        } = tag_sentences(tagger, &infos);
        for (i, token) in line.iter().enumerate() {
            // A capitalised word mid-sentence that the beam left outside although its own
            // score said place, and the gazetteer says place too: kept for
            // [`Pass::OutvotedPlaces`]. Not before another capitalised word (the first word
            // of a longer name: `Crédit Lyonnais`).
            let place = infos[i].gazetteer
                & (tagging::GAZ_PLACE
                    | tagging::GAZ_CITY
                    | tagging::GAZ_COUNTRY
                    | tagging::GAZ_REGION)
                != 0;
            let name_follows = line.get(i + 1).is_some_and(name_shaped);
            if TAGS[tags[i]] == "O"
                && TAGS[runners_up[i]] == "B-LOC"
                && margins[i] < 0.0
                && place
                && !token.sentence_start
                && !name_follows
                && name_shaped(token)
            {
                seen.outvoted
                    .push(Found::token(token, EntityType::Location));
            }
        }
        // Runs of listed-company tokens the tagger left wholly outside ([`Pass::ListedCompanies`]).
        let company = |k: usize| infos[k].gazetteer & tagging::GAZ_COMPANY != 0;
        let capitalised = |t: &Token| t.text.starts_with(letters::uppercase);
        let mut i = 0;
        while i < line.len() {
            if !company(i) || !infos[i].gazetteer_begin {
                i += 1;
                continue;
            }
            let mut end = i + 1;
            while end < line.len() && company(end) && !infos[end].gazetteer_begin {
                end += 1;
            }
            if tags[i..end].iter().all(|&t| t == 0)
                && capitalised(&line[i])
                && capitalised(&line[end - 1])
            {
                let (start, stop) = (line[i].start, line[end - 1].end);
                seen.companies.push(Found {
                    start,
                    end: stop,
                    text: chars[start..stop].iter().collect(),
                    kind: EntityType::Organization,
                    kb: None,
                    margin: 0.0,
                });
            }
            i = end;
        }
        for (i, token) in line.iter().enumerate() {
            if tags[i] == 0 && margins[i] >= self.inner.confident && name_shaped(token) {
                seen.surely_outside.push(token.start);
            }
            if TAGS[tags[i]] == "O" && acronym(&token.text) {
                // A word the model never learnt anything about (`FNSEA`, `KNVB`) is a guess
                // whatever the margin; one it knows (`POUR`, `NIEUWE`: a word in capitals)
                // counts with its margin.
                let known = tagger.knows_word(&infos[i].lower);
                seen.acronyms
                    .insert(token.start, if known { margins[i] } else { 0.0 });
            }
        }
        let mut found = Vec::new();
        // Two person names side by side are one (`Luiz` `Inácio Lula da Silva`), unless the
        // KB knows the first as something else (`России` `Владимир Путин`).
        let known = |s: usize, e: usize| {
            let text: String = chars[line[s].start..line[e - 1].end].iter().collect();
            self.inner.kb.lookup(&text).is_some()
        };
        let mut merged: Vec<(usize, usize, &str)> = Vec::new();
        for span in spans(&tags) {
            match merged.last_mut() {
                Some(last)
                    if last.2 == "PER"
                        && span.2 == "PER"
                        && last.1 == span.0
                        && !known(last.0, last.1) =>
                {
                    last.1 = span.1;
                }
                // `Saint` abbreviated ends no name: the name after it goes on with it (`Mount
                // St.` + `Vincent University`), with the type of its end.
                Some(last) if last.1 == span.0 && line[last.1 - 1].text == "St." => {
                    *last = (last.0, span.1, span.2);
                }
                _ => merged.push(span),
            }
        }
        for (start, end, kind) in merged {
            let (mut start, mut end) = (start, end);
            let no_word = |t: &Token| {
                matches!(t.text.as_str(), "'s" | "\u{2019}s")
                    || !t.text.chars().any(letters::alphanumeric)
            };
            // Nor does a name end in a short lower-case word (`Union will`, `Commissie in`;
            // long ones end names in several languages: `Commission européenne`) or an elided
            // article (`l'`); inside it, both may stand (`Rio de Janeiro`, `Banca d'Italia`).
            let lower = |t: &Token| {
                t.text.chars().next().is_some_and(letters::lowercase) && t.text.chars().count() <= 4
            };
            let elided = |t: &Token| t.text.ends_with(['\'', '\u{2019}']);
            while end > start
                && (no_word(&line[end - 1]) || lower(&line[end - 1]) || elided(&line[end - 1]))
            {
                end -= 1;
            }
            while start < end && (no_word(&line[start]) || elided(&line[start])) {
                start += 1;
            }
            // An acronym that names an organisation is the whole name: the lower-case words
            // before it say what it is (`syndicat FSU`, `partido PSOE`). Before a place they
            // make another name (`администрации США`, the US administration), and before other
            // names they may be part of it (`rue de l'Abbaye`).
            if end - start >= 2
                && acronym(&line[end - 1].text)
                && self
                    .inner
                    .kb
                    .lookup(&line[end - 1].text)
                    .is_none_or(|(entry, _)| entry.kind != EntityType::Location)
                && line[start..end - 1]
                    .iter()
                    .all(|t| t.text.chars().all(letters::lowercase))
            {
                start = end - 1;
            }
            if self.on(Pass::QuotedNames) {
                start = quoted_name_start(&line[..end], start);
                end = quoted_name_end(line, start, end, kind);
            }
            if end == start
                || line[start..end].iter().any(|t| t.text.contains("://"))
                || !line[start..end]
                    .iter()
                    .any(|t| t.text.chars().any(letters::alphabetic))
            {
                continue;
            }
            let kind = record_type(kind);
            // An adjective in lower case is no name, whatever the corpus taught the tagger
            // (GermEval tags `bayerische` as derived from a place, a `misc` here).
            if kind == EntityType::Misc
                && !line[start..end]
                    .iter()
                    .any(|t| t.text.chars().any(letters::uppercase))
            {
                continue;
            }
            // Nor is a currency, which German writes with a capital (GermEval tags `Euro`).
            if kind == EntityType::Misc
                && end - start == 1
                && CURRENCIES.contains(&line[start].text.as_str())
            {
                continue;
            }
            let (first, last) = (line[start].start, line[end - 1].end);
            found.push(Found {
                start: first,
                end: last,
                text: chars[first..last].iter().collect(),
                kind,
                kb: None,
                margin: margins[start..end]
                    .iter()
                    .copied()
                    .fold(f32::INFINITY, f32::min),
            });
        }
        found
    }

    /// Hyphenated tokens whose parts are all KB places or organisations become the parts
    /// (`Moscow-Beijing` -> Moscow, Beijing), tagged or not, whatever the tagger called them;
    /// people keep their hyphens (`Kassym-Jomart`: no part is in the KB).
    fn split_compounds(&self, found: Vec<Found>, lines: &[Vec<Token>]) -> Vec<Found> {
        let hyphenated: HashMap<(usize, usize), &Token> = lines
            .iter()
            .flatten()
            .filter(|t| t.text.contains('-'))
            .map(|t| ((t.start, t.end), t))
            .collect();
        let mut out = Vec::with_capacity(found.len());
        for f in found {
            match hyphenated.get(&(f.start, f.end)) {
                // Every part a KB place or organisation: not a double-barrelled name.
                Some(token) => {
                    let parts = self.compound_parts(token);
                    if parts.is_empty() {
                        out.push(f);
                    } else {
                        out.extend(parts);
                    }
                }
                _ => match self.adjectival_compound(&f) {
                    Some(part) => out.push(part),
                    None => out.push(f),
                },
            }
        }
        // Hyphenated tokens no name covers (the tagger's names do not overlap each other).
        let mut covered: Vec<(usize, usize)> = out.iter().map(|f| (f.start, f.end)).collect();
        covered.sort_unstable();
        let mut tokens: Vec<&&Token> = hyphenated.values().collect();
        tokens.sort_unstable_by_key(|t| t.start);
        for token in tokens {
            let next = covered.partition_point(|(_, end)| *end <= token.start);
            if covered
                .get(next)
                .is_none_or(|(start, _)| *start >= token.end)
            {
                let parts = self.compound_parts(token);
                if parts.is_empty() {
                    out.extend(self.district(token));
                } else {
                    out.extend(parts);
                }
            }
        }
        out
    }

    /// Knowledge-base aliases the tagger missed (countries, regions, organisations,
    /// nationalities), made of whole tokens (not the `US` of `US-Präsident`). Cities come only
    /// through the tagger: too many are also common words.
    fn add_kb_matches(
        &self,
        text: &str,
        lines: &[Vec<Token>],
        language: Option<&str>,
        model: ModelId,
        list_names: &ListNameCheck,
        found: &mut Vec<Found>,
    ) {
        let inner = &*self.inner;
        let trusted = self.trusted(model);
        // Token boundaries, in text order (sorted: looked up by binary search, no hashing of
        // every token).
        let starts: Vec<usize> = lines.iter().flatten().map(|t| t.start).collect();
        let ends: Vec<usize> = lines.iter().flatten().map(|t| t.end).collect();
        // Whether the token before (not starting a sentence) or after a span is capitalised
        // (the tokens' index is built at the first question: most articles ask none).
        let tokens: std::cell::OnceCell<std::collections::HashMap<usize, (usize, usize)>> =
            std::cell::OnceCell::new();
        let capitalised = |t: &Token| t.text.starts_with(letters::uppercase);
        let index_tokens = || {
            lines
                .iter()
                .enumerate()
                .flat_map(|(l, line)| line.iter().enumerate().map(move |(i, t)| (t.start, (l, i))))
                .collect()
        };
        let beside_capitalised = |start: usize, end: usize| {
            let tokens = tokens.get_or_init(index_tokens);
            let Some(&(l, i)) = tokens.get(&start) else {
                return false;
            };
            let line = &lines[l];
            let before = i
                .checked_sub(1)
                .is_some_and(|b| capitalised(&line[b]) && !line[b].sentence_start);
            let after = line[i..]
                .iter()
                .position(|t| t.end == end)
                .and_then(|n| line.get(i + n + 1))
                .is_some_and(capitalised);
            before || after
        };
        // Whether a lower-case linker of the language follows the token ending at `end`.
        let before_linker = |end: usize| {
            let tokens = tokens.get_or_init(index_tokens);
            ends.binary_search(&end)
                .ok()
                .and_then(|n| starts.get(n + 1))
                .is_some_and(|next| {
                    tokens.get(next).is_some_and(|&(l, i)| {
                        kinds::is_linker(&lines[l][i].text, language.unwrap_or(""))
                    })
                })
        };
        // In a line written in capitals, a short alias (`UN`, `AU`) is as likely the word.
        let shouting: Vec<(usize, usize)> = line_spans(lines, capitals_line);
        // The names found so far do not overlap: sorted by start, their ends are sorted too.
        found.sort_by_key(|f| f.start);
        let mut removed = vec![false; found.len()];
        let mut added = Vec::new();
        // Char offset of byte `byte_at`, advanced match by match (matches come in order).
        let (mut byte_at, mut char_at) = (0, 0);
        // The language's definite articles before a name ([`NAME_ARTICLES`]; none for most).
        let articles = NAME_ARTICLES
            .iter()
            .find(|(code, _)| Some(*code) == language)
            .map_or(&[][..], |(_, words)| *words);
        // Whether the token before the one at `start` is one of `words` (lower case).
        let after_word = |start: usize, words: &[&str]| {
            let tokens = tokens.get_or_init(index_tokens);
            tokens.get(&start).is_some_and(|&(l, i)| {
                i.checked_sub(1)
                    .is_some_and(|b| words.contains(&lines[l][b].text.to_lowercase().as_str()))
            })
        };
        let after_article = |start: usize| after_word(start, articles);
        for m in inner.matcher.find_iter(text) {
            let aliases = &inner.matcher_aliases[m.pattern().as_usize()];
            // An organisation's or a stadium's short name that is a word of the language (a
            // `variant`: the party `Chega`, Portuguese for `enough`) after an article is the
            // name (`o PSD e o Chega`): a verb takes no article. Not a word of a longer name
            // (`no Vale do Silício`).
            let named_after_article = |target: &kb::AliasTarget| {
                let start = char_at + text[byte_at..m.start()].chars().count();
                let end = start + text[m.start()..m.end()].chars().count();
                !articles.is_empty()
                    && !target.findable
                    && target.serves(language)
                    && after_article(start)
                    && !beside_capitalised(start, end)
                    && !before_linker(end)
            };
            let Some(target) = kb::target_in(aliases, language)
                .filter(|target| target.findable_in(language) || named_after_article(target))
            else {
                continue;
            };
            let (entry_index, demonym) = (target.entry, target.demonym);
            let entry = &inner.kb.entries[entry_index];
            // A one-word city name in every language may be a word (`Nice`, `Reading`); one of
            // several words, or the city's name in this article's language, is the city.
            let city_name = entry.class == Some(KbClass::City)
                && (text[m.start()..m.end()].contains(' ') || !target.languages.is_empty());
            if !demonym
                && !city_name
                && !matches!(
                    entry.class,
                    Some(
                        KbClass::Country
                            | KbClass::Region
                            | KbClass::Subdivision
                            | KbClass::Landmark
                            | KbClass::Org
                    ) | None
                )
            {
                continue;
            }
            // Scripts written without spaces (Chinese, Japanese, Thai) have no word boundaries
            // to check: their names are found anywhere.
            let unspaced = text[m.start()..m.end()].chars().all(unspaced_script);
            if !unspaced && !word_boundary(text, m.start(), m.end()) {
                continue;
            }
            // `US$ 300`, `HK$`: a currency, not the country.
            if text[m.end()..].starts_with('$') {
                continue;
            }
            char_at += text[byte_at..m.start()].chars().count();
            byte_at = m.start();
            let start = char_at;
            let end = start + text[m.start()..m.end()].chars().count();
            if !unspaced
                && (starts.binary_search(&start).is_err() || ends.binary_search(&end).is_err())
                || (end - start <= 3 && within(&shouting, start, end))
            {
                continue;
            }
            if entry.class == Some(KbClass::Subdivision)
                && !list_names.stands_alone(&text[m.start()..m.end()], start)
                && !(language == Some("de") && after_word(start, GERMAN_PLACE_PREPOSITIONS))
            {
                continue;
            }
            // An organisation's one word listed for a language (a party's `Vox`, a club's
            // `Inter`) next to a capitalised word is a word of a longer name the tagger left
            // out (`o Salão Vox de Humor`). Not one written in lower case (`dpa Hamburg`).
            let name = &text[m.start()..m.end()];
            if entry.class == Some(KbClass::Org)
                && !target.languages.is_empty()
                && !name.contains(' ')
                && name.starts_with(letters::uppercase)
                && beside_capitalised(start, end)
            {
                continue;
            }
            // A KB name of several words replaces the pieces the tagger found inside it
            // (`Group` and `Twenty` of `Group of Twenty`) and unsure names that cross it
            // (`Union will` of `Europäische Union will`); one inside a tagged name, or crossing
            // a sure one, does not.
            let several_words = text[m.start()..m.end()].contains(' ');
            let kind = if demonym {
                EntityType::Misc
            } else {
                kb_kind(entry)
            };
            let place = kind == EntityType::Location;
            let mut replaced = Vec::new();
            let mut blocked = false;
            let mut extended = None;
            let first = found.partition_point(|f| f.end <= start);
            for (i, f) in found.iter().enumerate().skip(first) {
                if end <= f.start {
                    break;
                }
                if removed[i] {
                    continue;
                }
                // An organisation the tagger ended inside a place's name after the place's
                // linker (`Junta de Castilla` of `la Junta de Castilla y León`) is the
                // institution of the whole place: it goes on to the place's end.
                if place && f.kind == EntityType::Organization && f.start < start && f.end < end {
                    let head: String = f.text.chars().take(start - f.start).collect();
                    let linker = head.trim_end().rsplit(' ').next();
                    if head.ends_with(' ')
                        && linker.is_some_and(|w| w.chars().all(letters::lowercase))
                    {
                        extended = Some((i, head));
                        continue;
                    }
                }
                let inside = start <= f.start && f.end <= end && (f.start, f.end) != (start, end);
                let crossing = !(f.start <= start && end <= f.end);
                if inside || (several_words && crossing && f.kb.is_none() && f.margin < trusted) {
                    replaced.push(i);
                } else {
                    blocked = true;
                }
            }
            if let Some((i, head)) = extended {
                // The names inside the rest of the place go into the organisation; one that
                // reaches past the place leaves every name as it was.
                if !blocked && replaced.iter().all(|&r| found[r].end <= end) {
                    for r in replaced {
                        removed[r] = true;
                    }
                    found[i].text = head + &text[m.start()..m.end()];
                    found[i].end = end;
                }
                continue;
            }
            if blocked {
                continue;
            }
            for i in replaced {
                removed[i] = true;
            }
            added.push(Found {
                start,
                end,
                text: text[m.start()..m.end()].to_owned(),
                kind,
                kb: Some(entry_index),
                margin: 0.0,
            });
        }
        let mut index = 0;
        found.retain(|_| {
            index += 1;
            !removed[index - 1]
        });
        found.extend(added);
    }

    /// Links tagged names to the KB by exact alias. The KB's type corrects an unsure tagger,
    /// a `misc`, and any tagger on a name of the KB's organisations; a confident tagger that
    /// says person, organisation or place otherwise keeps its type, unlinked (`New York` the
    /// team is not the city).
    fn link_kb(&self, found: &mut [Found], language: Option<&str>, trusted: f32) {
        let kb = &self.inner.kb;
        for f in found.iter_mut().filter(|f| f.kb.is_none()) {
            // A company by its name and a word of [`COMPANY_ENDS`] (`Airbus SE`) is the
            // company the KB knows by its name.
            let company = || {
                let (name, end) = f.text.rsplit_once(' ')?;
                if !COMPANY_ENDS.contains(&end) {
                    return None;
                }
                let (entry, demonym) = kb.lookup_in(name, language)?;
                (!demonym && entry.class == Some(KbClass::Org)).then_some((entry, demonym))
            };
            // German, Swedish and Danish write a name's genitive with an `s` the KB does not
            // list (`Deutschlands`, `Rysslands krig`, `Natos generalsekretær`).
            let genitive = || {
                if !matches!(language, Some("de" | "sv" | "da")) {
                    return None;
                }
                let name = f
                    .text
                    .strip_suffix('s')
                    .filter(|n| !n.ends_with(['s', 'x', 'z']))?;
                kb.lookup_in(name, language).filter(|(_, demonym)| !demonym)
            };
            if let Some((entry, demonym)) = kb
                .lookup_in(&f.text, language)
                .or_else(company)
                .or_else(genitive)
            {
                if entry.class == Some(KbClass::Title) {
                    continue;
                }
                let kind = if demonym {
                    EntityType::Misc
                } else {
                    kb_kind(entry)
                };
                // `misc` is the tagger's "some other name": the KB knows which.
                // An organisation the KB lists by its own name (`Росстата`, the statistics
                // office, tagged a place) is no place or person, however sure the tagger.
                let listed_org =
                    entry.class == Some(KbClass::Org) && kind == EntityType::Organization;
                // A stadium or a hall the KB lists by a name of two words or more is no
                // organisation, however sure the tagger (`au Roazhon Park` beside two clubs).
                let listed_landmark = entry.class == Some(KbClass::Landmark)
                    && f.kind == EntityType::Organization
                    && f.text.contains(' ');
                if kind == f.kind
                    || f.kind == EntityType::Misc
                    || f.margin < trusted
                    || listed_org
                    || listed_landmark
                {
                    f.kb = self.kb_index(entry);
                    f.kind = kind;
                }
            }
        }
    }

    /// An organisation of the KB right before a region or a country of the KB, one space
    /// apart, is its branch there, one organisation (`Confcommercio Toscana`, `Greenpeace
    /// España`, `Coldiretti Puglia`): not linked to the whole organisation. Only in the
    /// languages whose word order never puts an object right after its subject
    /// ([`BRANCH_LANGUAGES`]: German `weil die EU Russland sanktioniert`).
    fn join_branches(&self, found: &mut Vec<Found>, chars: &[char], language: &str) {
        let class = |f: &Found| f.kb.and_then(|k| self.inner.kb.entries[k].class);
        // A name found whole, of another type (`Coldiretti Puglia`, taken for a person).
        for f in found.iter_mut().filter(|f| f.kb.is_none()) {
            let Some((organisation, area)) = f.text.rsplit_once(' ') else {
                continue;
            };
            if self.org_and_area(organisation, area, language).is_some() {
                f.kind = EntityType::Organization;
            }
        }
        found.sort_by_key(|f| f.start);
        let mut k = 0;
        while k + 1 < found.len() {
            let (f, g) = (&found[k], &found[k + 1]);
            let branch = f.kind == EntityType::Organization
                && class(f) == Some(KbClass::Org)
                && g.kind == EntityType::Location
                && class(g).is_some_and(KbClass::is_area)
                && g.start == f.end + 1
                && chars[f.end] == ' ';
            if branch || self.regional_body(f, g, chars) {
                let end = found[k + 1].end;
                let f = &mut found[k];
                f.end = end;
                f.text = chars[f.start..end].iter().collect();
                f.kind = EntityType::Organization;
                f.kb = None;
                found.remove(k + 1);
            }
            k += 1;
        }
    }

    /// An organisation named by a word and the adjective of a region's or a town's body
    /// ([`LOCAL_BODY_ADJECTIVES`]: `Consiglio regionale`, `Conseil départemental`, `Tribunale
    /// amministrativo regionale`), then a linker and a KB town or area, is that place's body,
    /// one organisation (`il Consiglio regionale della Lombardia`, `le Conseil régional
    /// d'Occitanie`, `a Câmara Municipal de Lisboa`); not a national body's branch (`la
    /// Protezione civile del Veneto`).
    fn regional_body(&self, f: &Found, g: &Found, chars: &[char]) -> bool {
        const LINKERS: &[&str] = &[
            " di ", " del ", " della ", " dello ", " dell'", " de ", " du ", " de la ", " d'",
            " d’", " de l'", " da ", " do ",
        ];
        if f.kind != EntityType::Organization
            || g.kind != EntityType::Location
            || g.start <= f.end
            || g.start - f.end > 7
        {
            return false;
        }
        let adjective = f
            .text
            .rsplit_once(' ')
            .is_some_and(|(_, last)| LOCAL_BODY_ADJECTIVES.contains(&last.to_lowercase().as_str()));
        let place = || {
            g.kb.is_some_and(|k| {
                let class = self.inner.kb.entries[k].class;
                class.is_some_and(KbClass::is_area) || class == Some(KbClass::City)
            })
        };
        let linker =
            || LINKERS.contains(&chars[f.end..g.start].iter().collect::<String>().as_str());
        adjective && place() && linker()
    }

    /// The KB's organisation and area (country, region, subdivision) named `organisation` and
    /// `area` in `language`, where the KB has both so (no demonym).
    fn org_and_area(
        &self,
        organisation: &str,
        area: &str,
        language: &str,
    ) -> Option<(&KbEntry, &KbEntry)> {
        let kb = &self.inner.kb;
        let (org, false) = kb.lookup_in(organisation, Some(language))? else {
            return None;
        };
        let (place, false) = kb.lookup_in(area, Some(language))? else {
            return None;
        };
        (org.class == Some(KbClass::Org) && place.class.is_some_and(KbClass::is_area))
            .then_some((org, place))
    }

    /// German and Dutch put an object right after its subject (`weil die EU Russland
    /// sanktioniert`): a name found whole that is a KB organisation and a KB region or country
    /// one space apart, and no KB name itself, is the two.
    fn split_subject_and_object(&self, found: &mut Vec<Found>, language: &str) {
        let mut split = Vec::new();
        for f in found.iter_mut().filter(|f| f.kb.is_none()) {
            let Some((organisation, area)) = f.text.split_once(' ') else {
                continue;
            };
            if area.contains(' ') {
                continue;
            }
            let Some((org, place)) = self.org_and_area(organisation, area, language) else {
                continue;
            };
            let area_start = f.start + organisation.chars().count() + 1;
            split.push(Found {
                start: area_start,
                end: f.end,
                text: area.to_owned(),
                kind: EntityType::Location,
                kb: self.kb_index(place),
                margin: f.margin,
            });
            f.end = area_start - 1;
            f.text = organisation.to_owned();
            f.kind = EntityType::Organization;
            f.kb = self.kb_index(org);
        }
        found.extend(split);
        found.sort_by_key(|f| f.start);
    }

    /// A KB place right before a word for an office is that place, however sure the tagger
    /// was of another type (`Bayerns Ministerpräsident`, taken for an organisation at the
    /// sentence's start).
    fn places_before_roles(&self, found: &mut [Found], lines: &[Vec<Token>], language: &str) {
        found.sort_by_key(|f| f.start);
        for (k, role) in words_after_names(found, lines) {
            let f = &mut found[k];
            if f.kb.is_some() || !kinds::is_role_word(&role.text, language) {
                continue;
            }
            let Some((entry, false)) = self.inner.kb.lookup_in(&f.text, Some(language)) else {
                continue;
            };
            if matches!(
                entry.class,
                Some(KbClass::Country | KbClass::Subdivision | KbClass::City)
            ) {
                f.kind = EntityType::Location;
                f.kb = self.kb_index(entry);
            }
        }
    }

    /// `U.S.-led`, `Kremlin-backed`: a `misc` name made of a KB place or organisation, a
    /// hyphen and a lower-case word is that place or organisation.
    fn adjectival_compound(&self, f: &Found) -> Option<Found> {
        if f.kind != EntityType::Misc {
            return None;
        }
        let (name, rest) = f.text.rsplit_once('-')?;
        let name = name.trim_end();
        if rest.is_empty() || !rest.chars().all(letters::lowercase) {
            return None;
        }
        let (entry, false) = self.inner.kb.lookup(name)? else {
            return None;
        };
        if !matches!(entry.kind, EntityType::Location | EntityType::Organization) {
            return None;
        }
        Some(Found {
            start: f.start,
            end: f.start + name.chars().count(),
            text: name.to_owned(),
            kind: kb_kind(entry),
            kb: self.kb_index(entry),
            margin: 0.0,
        })
    }

    /// Where an entry of this stage's KB stands in it.
    fn kb_index(&self, entry: &KbEntry) -> Option<usize> {
        self.inner
            .kb
            .entries
            .iter()
            .position(|e| std::ptr::eq(e, entry))
    }

    /// A town's district written `Town-Direction` (`Amsterdam-Oost`, `Eindhoven-Noord`,
    /// `Berlin-Mitte`): a place, where the town is a KB place or a listed one.
    fn district(&self, token: &Token) -> Option<Found> {
        let (town, direction) = token.text.rsplit_once('-')?;
        let town_known = || {
            self.inner
                .kb
                .lookup(town)
                .is_some_and(|(entry, _)| entry.kind == EntityType::Location)
                || tagging::is_listed_place(town)
        };
        (DISTRICT_WORDS.contains(&direction)
            && town.starts_with(letters::uppercase)
            && town_known())
        .then(|| Found::token(token, EntityType::Location))
    }

    /// The KB places and organisations a hyphenated token is made of (`Moscow-Beijing`);
    /// nothing when any part is not one (`US-Präsident` is a title, not the US).
    fn compound_parts(&self, token: &Token) -> Vec<Found> {
        let mut out = Vec::new();
        let mut offset = token.start;
        let parts = token.text.split('-').count();
        for part in token.text.split('-') {
            let len = part.chars().count();
            if let Some((entry, false)) = self.inner.kb.lookup(part) {
                if matches!(
                    entry.class,
                    Some(
                        KbClass::Country
                            | KbClass::City
                            | KbClass::Region
                            | KbClass::Subdivision
                            | KbClass::Org
                    )
                ) {
                    out.push(Found {
                        start: offset,
                        end: offset + len,
                        text: part.to_owned(),
                        kind: kb_kind(entry),
                        kb: self.kb_index(entry),
                        margin: 0.0,
                    });
                }
            }
            offset += len + 1;
        }
        if out.len() < parts {
            out.clear();
        }
        out
    }

    /// Groups mentions into entities: by KB entry, by acronym, by surname, by exact text.
    fn cluster(
        &self,
        found: Vec<Found>,
        chars: &[char],
        text: &str,
        title_chars: usize,
        language: Option<&str>,
    ) -> Vec<Entity> {
        let kb = &self.inner.kb;
        let lead_end = lead_end(text, title_chars);
        let mut clusters: Vec<(Vec<Found>, Option<usize>, EntityType)> = Vec::new();
        let mut by_key: HashMap<String, usize> = HashMap::new();
        // Every key by what follows each of its colons (`organization:Eurasian Regional
        // Forum` by `Eurasian Regional Forum`; the first key wins): where an acronym defined in
        // the text finds its long form.
        let mut by_suffix: HashMap<String, String> = HashMap::new();
        // Surnames with particles, lower-cased, and the person clusters whose names end so.
        let mut surnames: HashMap<String, Vec<usize>> = HashMap::new();
        // The words of the person clusters' names of several words, each with the one cluster
        // that has it (`None`: several do): any word, and first or last words. Looked up, not
        // searched: an article may hold thousands of one-word names.
        let mut person_words: HashMap<String, Option<usize>> = HashMap::new();
        let mut person_ends: HashMap<String, Option<usize>> = HashMap::new();
        let claim = |words: &mut HashMap<String, Option<usize>>, word: &str, cluster: usize| {
            words
                .entry(word.to_owned())
                .and_modify(|owner| {
                    if *owner != Some(cluster) {
                        *owner = None;
                    }
                })
                .or_insert(Some(cluster));
        };
        // Acronyms defined in the text: "Shanghai Cooperation Organization (SCO)".
        let mut acronym_of: HashMap<String, String> = HashMap::new();
        for f in &found {
            let after: String = chars[f.end..chars.len().min(f.end + 12)].iter().collect();
            if let Some(rest) = after.strip_prefix(" (") {
                if let Some(acronym) = rest.split(')').next() {
                    if acronym.len() >= 2
                        && acronym.chars().all(|c| letters::uppercase(c) || c == '.')
                    {
                        acronym_of.insert(acronym.to_owned(), f.text.clone());
                    }
                }
            }
        }
        // Longer mentions first, so "Vladimir Putin" exists before "Putin" looks for it.
        // How often each text is tagged as a person (or misc) and as anything else.
        let mut personal: HashMap<&str, (usize, usize)> = HashMap::new();
        for f in &found {
            let votes = personal.entry(f.text.as_str()).or_default();
            if matches!(f.kind, EntityType::Person | EntityType::Misc) {
                votes.0 += 1;
            } else {
                votes.1 += 1;
            }
        }
        let mut order: Vec<usize> = (0..found.len()).collect();
        order.sort_by_key(|i| std::cmp::Reverse(found[*i].text.split_whitespace().count()));
        for i in order {
            let f = &found[i];
            let key = match f.kb {
                // A nationality is its own entity, linked to its country.
                Some(entry) if f.kind == EntityType::Misc => {
                    format!("kb:{}:{}", kb.entries[entry].id, f.text)
                }
                Some(entry) => format!("kb:{}", kb.entries[entry].id),
                None => match acronym_of.get(&f.text) {
                    Some(long) => by_suffix
                        .get(long.as_str())
                        .cloned()
                        .unwrap_or_else(|| format!("{}:{long}", f.kind)),
                    None => format!("{}:{}", f.kind, normalise(&f.text)),
                },
            };
            let target = by_key.get(&key).copied().or_else(|| {
                // A lone name joins the one person whose name holds it as a word ("Xi" of "Xi
                // Jinping", "Lula" of "Luiz Inácio Lula da Silva"), unless the tagger is sure
                // it is something else, or the text calls it something else more often than
                // a person (`Caire` the place, beside a `Jean Caire`).
                let (as_person, as_other) = personal[f.text.as_str()];
                let unsure = (matches!(f.kind, EntityType::Person | EntityType::Misc)
                    || f.margin < self.inner.confident)
                    && as_person >= as_other;
                // A surname with particles (`Von der Leyen`) is a lone name too.
                let particle_surname = f.kind == EntityType::Person
                    && f.text.split_whitespace().next().is_some_and(name_particle);
                if particle_surname {
                    // Looked up, not searched: an article may hold thousands of them.
                    let clusters = surnames.get(&f.text.to_lowercase())?;
                    return (f.kb.is_none() && unsure && clusters.len() == 1).then(|| clusters[0]);
                }
                if f.kb.is_some() || f.text.contains(' ') || !unsure {
                    return None;
                }
                // Any word for a name tagged as a person; the first or last for one tagged
                // otherwise.
                let words = if f.kind == EntityType::Person {
                    &person_words
                } else {
                    &person_ends
                };
                words.get(f.text.as_str()).copied().flatten().or_else(|| {
                    // A person's genitive in `s` (`Petrenkos` of `Kirill Petrenko`).
                    let stem = f.text.strip_suffix('s')?;
                    let genitive = language.is_some_and(|l| POSSESSIVE_IN_WORD.contains(&l));
                    let person = f.kind == EntityType::Person;
                    (genitive && person).then(|| person_ends.get(stem).copied().flatten())?
                })
            });
            let cluster = target.unwrap_or(clusters.len());
            if f.kind == EntityType::Person {
                // The surnames with particles this name ends with (`von der Leyen` of `Ursula
                // von der Leyen`), lower-cased, for the mentions that use them alone.
                let words: Vec<&str> = f.text.split_whitespace().collect();
                for k in 1..words.len().saturating_sub(1) {
                    if name_particle(words[k]) {
                        let entry = surnames
                            .entry(words[k..].join(" ").to_lowercase())
                            .or_default();
                        if !entry.contains(&cluster) {
                            entry.push(cluster);
                        }
                    }
                }
            }
            match target {
                Some(c) => clusters[c].0.push(f.clone()),
                None => {
                    for (at, _) in key.match_indices(':') {
                        by_suffix
                            .entry(key[at + 1..].to_owned())
                            .or_insert_with(|| key.clone());
                    }
                    by_key.insert(key, clusters.len());
                    clusters.push((vec![f.clone()], f.kb, f.kind));
                }
            }
            let words: Vec<&str> = f.text.split_whitespace().collect();
            if clusters[cluster].2 == EntityType::Person && words.len() > 1 {
                for word in &words {
                    claim(&mut person_words, word, cluster);
                }
                claim(&mut person_ends, words[0], cluster);
                claim(&mut person_ends, words[words.len() - 1], cluster);
            }
        }
        let weight = |m: &Found| {
            if m.start < title_chars {
                3.0
            } else if m.start < lead_end {
                2.0
            } else {
                1.0
            }
        };
        let mut entities: Vec<(Entity, f64, usize)> = clusters
            .into_iter()
            .map(|(mut mentions, entry, kind)| {
                mentions.sort_by_key(|m| m.start);
                let score: f64 = mentions.iter().map(weight).sum();
                let entry: Option<&KbEntry> = entry.map(|e| &kb.entries[e]);
                let name = match entry {
                    Some(_) if kind == EntityType::Misc => mentions[0].text.clone(),
                    // The KB's name in the article's language, where it has one that is not an
                    // acronym (the canonical name is English).
                    Some(e) => language
                        .filter(|l| *l != "en")
                        .and_then(|l| e.names.get(l))
                        .and_then(|names| {
                            names.iter().find(|n| {
                                !n.chars().any(letters::uppercase)
                                    || n.chars().any(letters::lowercase)
                            })
                        })
                        .unwrap_or(&e.name)
                        .clone(),
                    None => {
                        let name = mentions
                            .iter()
                            .map(|m| without_possessive(&m.text).to_owned())
                            .max_by_key(|t| (t.split_whitespace().count(), t.len()))
                            .unwrap_or_default();
                        place_without_genitive(name, kind, language)
                    }
                };
                let first = mentions[0].start;
                let entity = Entity {
                    name,
                    kind: entry.map_or(kind, |e| {
                        if kind == EntityType::Misc {
                            EntityType::Misc
                        } else {
                            kb_kind(e)
                        }
                    }),
                    count: mentions.len() as u32,
                    mentions: mentions
                        .into_iter()
                        .map(|m| EntityMention {
                            start: m.start,
                            end: m.end,
                            text: m.text,
                        })
                        .collect(),
                    salience: 0.0,
                    kb_id: entry.map(|e| e.id.clone()),
                };
                (entity, score, first)
            })
            .collect();
        let top = entities.iter().map(|e| e.1).fold(0.0, f64::max);
        for (entity, score, _) in &mut entities {
            entity.salience = if top > 0.0 {
                (*score / top * 1000.0).round() / 1000.0
            } else {
                0.0
            };
        }
        entities.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
        entities.into_iter().map(|e| e.0).collect()
    }
}

/// Adds the acronyms no other name covers as organisations (the `acronyms` pass); not a
/// title's (`son PDG`).
fn add_acronyms(
    found: &mut Vec<Found>,
    lines: &[Vec<Token>],
    lower: &std::collections::HashSet<&str>,
    outside: &HashMap<usize, f32>,
    model: ModelId,
    language: Option<&str>,
) {
    // Sorted by start (the names so far do not overlap), for `overlaps`.
    found.sort_by_key(|f| f.start);
    // A text with many words in capitals that are no names yet (adverts, tables, OCR'd pages)
    // writes words that way, not only acronyms.
    let (mut words, mut in_capitals) = (0usize, 0usize);
    for token in lines.iter().flatten() {
        if token.text.chars().any(letters::alphabetic) {
            words += 1;
            in_capitals +=
                usize::from(acronym(&token.text) && !overlaps(found, token.start, token.end));
        }
    }
    if in_capitals >= 3 && in_capitals * 100 > words * CAPITALS_PERCENT {
        return;
    }
    let mut added = Vec::new();
    // A word in capitals next to another is a heading's or an advert's (`A LOUER`, `PRESS
    // DIGEST`), not an acronym in running text.
    let capitals = |t: Option<&Token>| {
        t.is_some_and(|t| {
            t.text.chars().filter(|c| letters::alphabetic(*c)).count() >= 2
                && !t.text.chars().any(letters::lowercase)
        })
    };
    // Running text: a word in lower case on one side at least (`le syndicat CGT a`), not
    // a table's or a weather report's column (`Wind NW 3`).
    // In the same script: Latin capitals in Cyrillic text are mostly technical terms (`OSI`,
    // `JIT`), not organisations.
    let lowercase = |t: Option<&Token>, acronym: &Token| {
        let script = |c: char| {
            if ('\u{0400}'..='\u{052f}').contains(&c) {
                1
            } else {
                0
            }
        };
        let first = |t: &Token| t.text.chars().next().unwrap_or(' ');
        t.is_some_and(|t| {
            letters::lowercase(first(t)) && script(first(t)) == script(first(acronym))
        })
    };
    for line in lines.iter().filter(|line| !capitals_line(line)) {
        for (i, token) in line.iter().enumerate() {
            if outside
                .get(&token.start)
                .is_some_and(|&margin| margin < ACRONYM_MARGIN)
                && !capitals(i.checked_sub(1).and_then(|p| line.get(p)))
                && !capitals(line.get(i + 1))
                && (lowercase(i.checked_sub(1).and_then(|p| line.get(p)), token)
                    || lowercase(line.get(i + 1), token))
                && !lower.contains(token.text.to_lowercase().as_str())
                && !german_common_noun(model, &token.text.to_lowercase())
                && !COMPASS_POINTS.contains(&token.text.as_str())
                && !ECONOMIC_TERMS.contains(&token.text.as_str())
                && !language.is_some_and(|l| kinds::is_role_word(&token.text, l))
                && !overlaps(found, token.start, token.end)
            {
                added.push(Found {
                    start: token.start,
                    end: token.end,
                    text: token.text.clone(),
                    kind: EntityType::Organization,
                    kb: None,
                    margin: 0.0,
                });
            }
        }
    }
    found.extend(added);
}

/// Above this share of words (and from three of them on) acronym-shaped words that are no
/// names yet mark a text that writes words in capitals: the acronyms pass stays off.
const CAPITALS_PERCENT: usize = 2;

/// Up to this margin of "outside any name" over its runner-up, the tagger's word on an
/// acronym is a guess the acronyms pass may overrule.
const ACRONYM_MARGIN: f32 = 5.0;

/// Three to six capital letters, possibly in parts of two or more joined by `-` or `&`
/// (`CGIL`, `VNO-NCW`; not OCR debris such as `MUL-H`), and not a Roman numeral (`XVI`).
fn acronym(word: &str) -> bool {
    // Cheap tests first: this runs on every token.
    if !word.chars().next().is_some_and(letters::uppercase)
        || !word.chars().last().is_some_and(letters::uppercase)
    {
        return false;
    }
    let alphabetic = word.chars().filter(|c| letters::alphabetic(*c)).count();
    (3..=6).contains(&alphabetic)
        && word
            .chars()
            .all(|c| letters::uppercase(c) || c == '-' || c == '&')
        && !word.chars().all(|c| "IVXLCDM".contains(c))
        && word.split(['-', '&']).all(|part| part.chars().count() >= 2)
}

/// Economic measures and taxes news writes as acronyms or like names (`el PIB`, `das BIP`, `il
/// Pil`, `l'Iva`, `la TVA`, Brazil's base rate `a taxa Selic`): common nouns, no organisations
/// or people.
const ECONOMIC_TERMS: &[&str] = &[
    "PIB", "BIP", "Pil", "PIL", "GDP", "IVA", "Iva", "TVA", "MwSt", "IPC", "Irpef", "IRPF",
    "IRPEF", "Imu", "IMU", "Selic", "ВВП", "НДС",
];

/// Wind directions of a weather report (`WNW`; German writes east `O`: `SSO`), not acronyms.
const COMPASS_POINTS: &[&str] = &[
    "NNE", "ENE", "ESE", "SSE", "SSW", "WSW", "WNW", "NNW", "NNO", "ONO", "OSO", "SSO",
];

/// Where a name that holds an opening quote followed by a capitalised word really starts:
/// after the last such quote (`Компания « Газпром` -> `Газпром`); `start` if there is none.
fn quoted_name_start(line: &[Token], start: usize) -> usize {
    let capitalised = |t: &Token| t.text.chars().next().is_some_and(letters::uppercase);
    (start + 1..line.len().saturating_sub(1))
        .rev()
        .find(|&i| opens_quote(&line[i].text) && capitalised(&line[i + 1]))
        .map_or(start, |i| i + 1)
}

/// Where an organisation's name that starts right after an opening quote really ends: at the
/// closing quote, where only words in lower case stand between (`«Газпром нефть»`, the oil
/// company, not `Газпром`); `end` where the quote does not close within four words.
fn quoted_name_end(line: &[Token], start: usize, end: usize, kind: &str) -> usize {
    if kind != "ORG" || start == 0 || !opens_quote(&line[start - 1].text) {
        return end;
    }
    let lower_word = |t: &Token| t.text.chars().all(letters::lowercase);
    line[end..]
        .iter()
        .take(5)
        .position(|t| closes_quote(&t.text))
        .filter(|&n| n > 0 && line[end..end + n].iter().all(lower_word))
        .map_or(end, |n| end + n)
}

/// [`Pass::QuotedNames`] for the names the KB found (the tagger's go through
/// [`quoted_name_end`] as they are read): an organisation right after an opening quote ends at
/// the closing quote, where only lower-case words stand between (`«Газпром нефть» начала`, the
/// oil company, which the KB found as `Газпром`). The longer name is not the KB's entry.
fn extend_quoted_organisations(found: &mut [Found], lines: &[Vec<Token>], chars: &[char]) {
    for line in lines {
        for (i, quote) in line.iter().enumerate() {
            if !opens_quote(&quote.text) || i + 1 >= line.len() {
                continue;
            }
            let start = line[i + 1].start;
            let Some(f) = found
                .iter_mut()
                .find(|f| f.start == start && f.kind == EntityType::Organization)
            else {
                continue;
            };
            let Some(last) = line[i + 1..].iter().position(|t| t.end == f.end) else {
                continue;
            };
            let end = i + 1 + last + 1;
            let extended = quoted_name_end(line, i + 1, end, "ORG");
            if extended > end {
                f.end = line[extended - 1].end;
                f.text = chars[f.start..f.end].iter().collect();
                f.kb = None;
            }
        }
    }
}

/// [`Pass::QuotedNames`], Russian: a town in quotes is what is named after it, a club or a
/// company (`обыграл «Ростов»`, `болельщики «Урала»`), where no word for a kind of thing
/// stands before the quotes (`станция метро «Сокольники»`, `аэропорт «Домодедово»` are
/// places; `клуб «Ахмат»` is the kind-words pass's). Neither the KB's city, the tagger nor
/// the town's other mentions override it.
fn quoted_towns_as_organisations(
    found: &mut [Found],
    lines: &[Vec<Token>],
    town: impl Fn(&str) -> bool,
) {
    for line in lines {
        for (i, quote) in line.iter().enumerate() {
            if !opens_quote(&quote.text) || i + 2 >= line.len() {
                continue;
            }
            let start = line[i + 1].start;
            // A place, or an organisation the tagger was unsure of (the unquoted town
            // elsewhere in the article would outvote it).
            let Some(f) = found.iter_mut().find(|f| {
                f.start == start
                    && matches!(f.kind, EntityType::Location | EntityType::Organization)
            }) else {
                continue;
            };
            let closed = line[i + 2..]
                .iter()
                .position(|t| t.start >= f.end)
                .is_some_and(|n| {
                    let after = &line[i + 2 + n];
                    after.start == f.end && closes_quote(&after.text)
                });
            // Lower-cased only for a quoted name (this runs on every quote).
            let announced =
                || i > 0 && kinds::announces_name(&line[i - 1].text.to_lowercase(), "ru");
            if closed && town(&f.text) && !announced() {
                f.kind = EntityType::Organization;
                f.kb = None;
                f.margin = ANNOUNCED;
            }
        }
    }
}

/// Tags a line one sentence at a time: the taggers learnt from sentences of their own, so a
/// sentence's first word must not see the previous sentence's words and tags as context
/// (`beschlossen . Bundeskanzler Friedrich Merz` tagged as a paragraph lost the first name).
fn tag_sentences(tagger: &Tagger, infos: &[TokenInfo]) -> Tagged {
    let mut tagged = Tagged::default();
    let mut start = 0;
    while start < infos.len() {
        let end = (start + 1..infos.len())
            .find(|&i| infos[i].sentence_start)
            .unwrap_or(infos.len());
        let sentence = tagger.tag_with_margins(&infos[start..end]);
        tagged.tags.extend(sentence.tags);
        tagged.margins.extend(sentence.margins);
        tagged.runners_up.extend(sentence.runners_up);
        start = end;
    }
    tagged
}

fn kb_kind(entry: &KbEntry) -> EntityType {
    entry.kind
}

fn normalise(text: &str) -> String {
    let text = text.replace('\u{2019}', "'");
    without_possessive(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Languages whose genitive is part of the word (`Brøndbys`, `Deutschlands`), with an
/// apostrophe after an abbreviation or a name that ends in s (`TEBA's`, `Miller's`): their
/// corpora (DDT, GermEval) annotate the whole word, where English (CoNLL) leaves `'s` out.
const POSSESSIVE_IN_WORD: &[&str] = &["da", "de", "nb", "nn", "no", "sv"];

/// In a language of [`POSSESSIVE_IN_WORD`], a name's mention takes the `'s` written right after
/// it (the tokenizer splits it off, as English needs); the entity's name goes without it
/// ([`without_possessive`]), so `TEBA's` and `TEBA` are one entity. `found` is sorted by start
/// and holds no overlaps (as the passes leave it).
fn take_possessives(found: &mut [Found], lines: &[Vec<Token>]) {
    for line in lines {
        for pair in line.windows(2) {
            let (word, ending) = (&pair[0], &pair[1]);
            if word.end != ending.start || !matches!(ending.text.as_str(), "'s" | "’s") {
                continue;
            }
            let k = found.partition_point(|f| f.start < word.end);
            if let Some(f) = k.checked_sub(1).map(|k| &mut found[k]) {
                if f.end == word.end {
                    f.end = ending.end;
                    f.text.push_str(&ending.text);
                }
            }
        }
    }
}

/// An unlinked place's name without the genitive's `s` where the language writes it in the
/// word ([`POSSESSIVE_IN_WORD`]) and the name lists hold the place without it (`Bremens
/// Bürgermeister` is `Bremen`; not `Paris`, a place as written).
fn place_without_genitive(name: String, kind: EntityType, language: Option<&str>) -> String {
    if kind != EntityType::Location
        || name.contains(' ')
        || !language.is_some_and(|l| POSSESSIVE_IN_WORD.contains(&l))
        || tagging::is_listed_place(&name)
    {
        return name;
    }
    match name.strip_suffix('s') {
        Some(stem) if tagging::is_listed_place(stem) => stem.to_owned(),
        _ => name,
    }
}

/// A name without the possessive `'s` a mention may end in (`TEBA's` -> `TEBA`).
fn without_possessive(name: &str) -> &str {
    name.strip_suffix("'s")
        .or_else(|| name.strip_suffix("’s"))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(name)
}

/// Characters of scripts written without spaces between words.
fn unspaced_script(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}' // Hiragana, Katakana
        | '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' // Han
        | '\u{ff66}'..='\u{ff9f}' // half-width Katakana
        | '\u{0e00}'..='\u{0eff}' // Thai, Lao
        | '\u{1000}'..='\u{109f}' // Myanmar
        | '\u{1780}'..='\u{17ff}' // Khmer
    )
}

/// Whether `start..end` is a whole word run: no letter or figure on either side, and a name
/// that ends in a figure not followed by more figures after a space (French writes thousands
/// apart: `supprimer en France 3 000 emplois` holds no `France 3`).
fn word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let mut rest = text[end..].chars();
    let after = rest.next();
    let number_goes_on = text[..end]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_digit())
        && matches!(after, Some(' ' | '\u{a0}' | '\u{202f}'))
        && rest.next().is_some_and(|c| c.is_ascii_digit());
    !before.is_some_and(letters::alphanumeric)
        && !after.is_some_and(letters::alphanumeric)
        && !number_goes_on
}

/// Lower-cased words the text writes in lower case somewhere: evidence that a capitalised
/// occurrence of the same word is an ordinary word capitalised by its position.
fn lowercase_words(lines: &[Vec<Token>]) -> std::collections::HashSet<&str> {
    lines
        .iter()
        .flatten()
        .filter(|t| {
            t.text.chars().next().is_some_and(letters::lowercase)
                && t.text.chars().all(|c| !letters::uppercase(c))
        })
        .map(|t| t.text.as_str())
        .collect()
}

/// The char spans of the lines `pred` picks, in text order.
fn line_spans(lines: &[Vec<Token>], pred: fn(&[Token]) -> bool) -> Vec<(usize, usize)> {
    lines
        .iter()
        .filter(|l| pred(l))
        .map(|l| (l[0].start, l[l.len() - 1].end))
        .collect()
}

/// Whether `start..end` lies inside one of `intervals` (sorted, not overlapping).
fn within(intervals: &[(usize, usize)], start: usize, end: usize) -> bool {
    let next = intervals.partition_point(|(_, e)| *e < end);
    intervals
        .get(next)
        .is_some_and(|(s, e)| *s <= start && end <= *e)
}

/// Whether `start..end` overlaps one of `found` (sorted by start, not overlapping).
fn overlaps(found: &[Found], start: usize, end: usize) -> bool {
    let next = found.partition_point(|f| f.end <= start);
    found.get(next).is_some_and(|f| f.start < end)
}

/// What tells a name from a list (a region, a listed company) that the tagger missed from a
/// word, in one text.
struct ListNameCheck<'a> {
    /// Words the text writes in lower case.
    lower: &'a std::collections::HashSet<&'a str>,
    /// Char offsets of the tokens that start a sentence.
    sentence_starts: std::collections::HashSet<usize>,
    model: ModelId,
}

impl<'a> ListNameCheck<'a> {
    fn new(
        lines: &[Vec<Token>],
        lower: &'a std::collections::HashSet<&'a str>,
        model: ModelId,
    ) -> Self {
        let sentence_starts = lines
            .iter()
            .flatten()
            .filter(|t| t.sentence_start)
            .map(|t| t.start)
            .collect();
        ListNameCheck {
            lower,
            sentence_starts,
            model,
        }
    }

    /// Whether the list name at char `start` is the name. Not a one-word name the article
    /// writes in lower case, nor one the model learnt is usually no name (`Marken`: the Marche
    /// in German, and brands; `Next`), nor a German common noun (`Admiral`), nor one at a
    /// sentence start that the model knows as a word (`Во время`: Vaud is `Во` in Russian;
    /// `Центр`): there the tagger decides alone. Names of several words are names, and so
    /// are capitalised words joined by hyphens (`Noord-Holland`: the Dutch model read it
    /// mostly outside names in its OCR corpus, yet no word is written so).
    fn stands_alone(&self, name: &str, start: usize) -> bool {
        if name.contains(' ') || hyphenated_name(name) {
            return true;
        }
        let lowered = name.to_lowercase();
        let written_lower = self.lower.contains(lowered.as_str());
        let common = self.model.tagger().is_some_and(|tagger| {
            tagger.word_leans_outside(&lowered)
                || (self.sentence_starts.contains(&start) && tagger.knows_word(&lowered))
        });
        !written_lower && !common && !german_common_noun(self.model, &lowered)
    }

    /// [`ListNameCheck::stands_alone`] for a listed company, which the model's word may vouch
    /// for: a company name the model learnt starts names is the name at a sentence start and
    /// where Wiktionary lists it as a German noun too (`Volkswagen`, `Siemens`; not `Box`,
    /// which it learnt as a word), unless the article writes it in lower case.
    fn company_stands_alone(&self, name: &str, start: usize) -> bool {
        let lowered = name.to_lowercase();
        self.stands_alone(name, start)
            || (!self.lower.contains(lowered.as_str())
                && self
                    .model
                    .tagger()
                    .is_some_and(|tagger| tagger.word_starts_names(&lowered)))
    }
}

/// Two or more capitalised words joined by hyphens (`Noord-Holland`, `Nordrhein-Westfalen`,
/// `Auvergne-Rhône-Alpes`): written so, a name, never an ordinary word.
fn hyphenated_name(name: &str) -> bool {
    let mut parts = name.split('-');
    let capitalised = |part: &str| part.chars().next().is_some_and(letters::uppercase);
    parts.clone().count() >= 2 && parts.all(capitalised)
}

/// The margin of a name a kind word announces: surer than any tagger's (measured: retyping
/// only the names the tagger was unsure of found 6 fewer of the hand-written dev articles' 323
/// names, GermEval −0.05, WikiNER −0.08, DDT −0.27), so neither the KB's type (`el club
/// Valencia` is no city) nor another mention's overrides it, and it spreads to the article's
/// other mentions.
const ANNOUNCED: f32 = f32::INFINITY;

/// A name a pass found by the words around it ([`ANNOUNCED`]: neither the KB nor the tagger
/// overrides its type).
fn announced(start: usize, end: usize, chars: &[char], kind: EntityType) -> Found {
    Found {
        start,
        end,
        text: chars[start..end].iter().collect(),
        kind,
        kb: None,
        margin: ANNOUNCED,
    }
}

/// Currencies as German and the corpora write them with a capital: a unit, no name.
const CURRENCIES: &[&str] = &[
    "Euro", "Euros", "Dollar", "Dollars", "Franken", "Pfund", "Rubel", "Yen", "Yuan", "Kronen",
    "Kronor", "Kroner", "Zloty", "Forint", "Lira",
];

/// Drops the names marked `replaced` and adds `added`, in text order.
fn replace_names(found: &mut Vec<Found>, replaced: Vec<bool>, added: Vec<Found>) {
    let mut replaced = replaced.into_iter();
    found.retain(|_| !replaced.next().unwrap_or(false));
    found.extend(added);
    found.sort_by_key(|f| f.start);
}

/// Adds names in place of every name they overlap; leaves `found` sorted by start.
fn replace_overlapped(found: &mut Vec<Found>, added: Vec<Found>) {
    found.retain(|f| !added.iter().any(|a| a.start < f.end && f.start < a.end));
    found.extend(added);
    found.sort_by_key(|f| f.start);
}

/// Words that end a company's name after the name the tagger found (`CFM International`,
/// `Airbus SE`, `Lufthansa Group`).
const COMPANY_ENDS: &[&str] = &[
    "AB",
    "AG",
    "ASA",
    "Airlines",
    "Airways",
    "BV",
    "Corporation",
    "GmbH",
    "Group",
    "Holding",
    "Holdings",
    "Inc",
    "International",
    "Ltd",
    "NV",
    "SA",
    "SE",
    "SpA",
    "plc",
];

/// [`Pass::RoadNumbers`]: each road of the text is a place, in place of the names found
/// inside it or across it (`la RN 7` is no party).
fn add_roads(found: &mut Vec<Found>, lines: &[Vec<Token>], language: &str) {
    let mut added = false;
    for line in lines {
        for (first, last) in roads::find_roads(line, language) {
            let (start, end) = (line[first].start, line[last].end);
            found.retain(|f| f.end <= start || end <= f.start);
            found.push(Found {
                start,
                end,
                text: crate::tokenize::written(&line[first..=last]),
                kind: EntityType::Location,
                kb: None,
                margin: 0.0,
            });
            added = true;
        }
    }
    if added {
        found.sort_by_key(|f| f.start);
    }
}

/// [`Pass::ListedCompanies`]: an organisation's name goes on over a word of
/// [`COMPANY_ENDS`] right after it.
fn extend_company_names(found: &mut [Found], lines: &[Vec<Token>], chars: &[char]) {
    for (k, next) in words_after_names(found, lines) {
        if next.sentence_start
            || found[k].kind != EntityType::Organization
            || !COMPANY_ENDS.contains(&next.text.as_str())
            || found.get(k + 1).is_some_and(|f| f.start < next.end)
        {
            continue;
        }
        let f = &mut found[k];
        f.end = next.end;
        f.text = chars[f.start..f.end].iter().collect();
    }
}

/// Each name of `found` (sorted by start, not overlapping) that ends a token with another
/// token after it in its line: the name's index and that token. One walk over both.
fn words_after_names<'a>(found: &[Found], lines: &'a [Vec<Token>]) -> Vec<(usize, &'a Token)> {
    let mut after = Vec::new();
    let mut k = 0;
    for pair in lines.iter().flat_map(|line| line.windows(2)) {
        while found.get(k).is_some_and(|f| f.end < pair[0].end) {
            k += 1;
        }
        if found.get(k).is_some_and(|f| f.end == pair[0].end) {
            after.push((k, &pair[1]));
        }
    }
    after
}

/// Kind words that are never an organisation's own first word (`Firma Grünenthal`); others
/// alone often are (`Stiftung Warentest`), and only a compound of them is cut off
/// (`Fahrgastverband Pro Bahn`).
const GERMAN_DESCRIPTORS: &[&str] = &["firma", "konzern", "unternehmen", "gewerkschaft"];

/// [`Pass::KindWords`], German: a name the tagger took with the word for what it is in front
/// (`Fahrgastverband Pro Bahn`, `Firma Grünenthal`: German writes that noun with a capital
/// too) is the name after it, an organisation. Not where the word alone may be the name's own
/// (`Stiftung Warentest`: [`GERMAN_DESCRIPTORS`]), nor where the next word is an adjective of
/// the name (`Verein Deutscher Ingenieure`, `Bundesverband Deutscher Banken`, `Verein
/// Berliner Presse`).
fn trim_german_kind_words(found: &mut [Found]) {
    let adjective = |word: &str| {
        let town = word.strip_suffix("er").is_some_and(|stem| {
            tagging::is_listed_place(stem) || tagging::is_listed_place(&format!("{stem}en"))
        });
        town || [
            "sche", "scher", "schen", "sches", "liche", "licher", "lichen", "liches",
        ]
        .iter()
        .any(|end| word.ends_with(end))
    };
    for f in found.iter_mut() {
        let Some((first, rest)) = f.text.split_once(char::is_whitespace) else {
            continue;
        };
        let rest = rest.trim_start();
        let lower = first.to_lowercase();
        if rest.starts_with(letters::uppercase)
            && !rest.split_whitespace().next().is_some_and(adjective)
            && kinds::announces_organization(&lower, "de")
            && (!kinds::is_listed_kind_word(&lower, "de")
                || GERMAN_DESCRIPTORS.contains(&lower.as_str()))
        {
            f.start = f.end - rest.chars().count();
            f.text = rest.to_owned();
            f.kind = EntityType::Organization;
            f.kb = None;
        }
    }
}

/// [`Pass::KindWords`]: a name the tagger took with the kind word written in lower case in
/// front (`через реку Исеть`) is the name after it; the kind word then announces it. A kind
/// word in lower case alone is no name (`Глава компании Александр Дюков`: factRuEval tags the
/// descriptor with the company's name, and the Russian tagger learnt it).
fn trim_lower_case_kind_words(found: &mut Vec<Found>, language: &str) {
    found.retain(|f| {
        f.text.contains(' ')
            || !f.text.starts_with(letters::lowercase)
            || !kinds::announces_name(&f.text, language)
    });
    for f in found.iter_mut() {
        let Some((first, rest)) = f.text.split_once(' ') else {
            continue;
        };
        if first.starts_with(letters::lowercase)
            && rest.starts_with(letters::uppercase)
            && kinds::announces_name(first, language)
        {
            f.start = f.end - rest.chars().count();
            f.text = rest.to_owned();
            f.kb = None;
        }
    }
}

/// [`Pass::FirstNames`]: a person of two words or more that the name lists hold whole as a
/// place, whose first word no list holds as a first name, is the place (`ha visitato Campi
/// Bisenzio`, taken for a person; not `Jordan Henderson`).
fn retype_listed_places_without_first_names(found: &mut [Found]) {
    for f in found
        .iter_mut()
        .filter(|f| f.kind == EntityType::Person && f.kb.is_none() && f.text.contains(' '))
    {
        let first = f.text.split(' ').next().unwrap_or_default();
        if !tagging::is_first_name(first) && tagging::is_listed_place(&f.text) {
            f.kind = EntityType::Location;
        }
    }
}

/// [`Pass::KindWords`]: the names kind words announce, added where the tagger left them
/// outside any name and given the kind word's type where the tagger found the same words.
/// Not where the kind word is part of a name found already (`Deutsche Bank`); the name starts
/// at the kind word where that is the name's own ([`kinds::Announced::own_word`]: `El Banco
/// Santander`, `el Ayuntamiento de Sevilla`). An office's or a people's place
/// ([`kinds::Announced::place_of`]) is no acronym and no name the KB (`kb_type`) gives another
/// type; a title's person is added only where the tagger found no name. A country
/// (`country`) after an organisation's word is the country, not what the word announces: the
/// word is plural or the country names a team (`компании России`, `die Unternehmen
/// Deutschlands`, `с командой Японии`).
fn add_announced_names(
    found: &mut Vec<Found>,
    lines: &[Vec<Token>],
    chars: &[char],
    language: &str,
    list_names: &ListNameCheck,
    kb_type: impl Fn(&str) -> Option<EntityType>,
    country: impl Fn(&str) -> bool,
) {
    let german_noun = |t: &Token| german_common_noun(list_names.model, &t.text.to_lowercase());
    // The names so far, sorted by start, do not overlap: the ones a span overlaps are a range
    // found by two binary searches (a text of 40,000 kind words stays linear).
    found.sort_by_key(|f| f.start);
    let mut added = Vec::new();
    let mut replaced = vec![false; found.len()];
    let announced = |start: usize, end: usize, kind: EntityType| announced(start, end, chars, kind);
    // A line in capitals is a heading's or an advert's (`SOCIETE PRIVEE`).
    for line in lines.iter().filter(|line| !capitals_line(line)) {
        for named in kinds::announced_names(line, language, german_noun) {
            let overlapping = |start: usize, end: usize| {
                found.partition_point(|f| f.end <= start)..found.partition_point(|f| f.start < end)
            };
            // The kind word inside a name found already: that name is the whole, unless it is
            // the kind word alone and the word is the name's own (`Prefeitura` of `A
            // Prefeitura de São Paulo`), or it is the kind word in lower case and the name
            // after it (`syndicat Sud Chimie`, `пресс-служба Следственного комитета`): the
            // name replaces it.
            let kind_word = &line[named.kind_word];
            let name_end = line[named.end - 1].end;
            let alone = |k: &usize| {
                let f = &found[*k];
                f.start == kind_word.start
                    && if named.own_word {
                        f.end == kind_word.end
                    } else {
                        f.end == name_end
                            && !named.quoted
                            && kind_word.text.starts_with(letters::lowercase)
                    }
            };
            if let Some(k) = overlapping(kind_word.start, kind_word.end).find(|&k| {
                found[k].start <= kind_word.start && kind_word.end <= found[k].end && !alone(&k)
            }) {
                // The tagger took the same words, the organisation's own word first, for
                // something else (`El Banco Santander`, taken for the city): the word says
                // what it is.
                let f = &mut found[k];
                if named.own_word
                    && named.kind == EntityType::Organization
                    && f.start == kind_word.start
                    && f.end == name_end
                {
                    f.kind = EntityType::Organization;
                }
                continue;
            }
            let own_alone = overlapping(kind_word.start, kind_word.end).find(alone);
            // The names found in a span, but the one the kind word's name replaces.
            let overlapping = |start: usize, end: usize| {
                let mut names = overlapping(start, end);
                if own_alone == Some(names.start) {
                    names.start += 1;
                }
                names
            };
            let first = &line[named.first];
            let start = if named.own_word {
                kind_word.start
            } else {
                first.start
            };
            if named.quoted {
                // Quoted: the whole is the name (`партия «Новый свет Мьянмы»`), in place of
                // any names found inside it, unless a name reaches out of the quotes.
                let end = line[named.end - 1].end;
                let inner = overlapping(start, end);
                if inner
                    .clone()
                    .all(|k| start <= found[k].start && found[k].end <= end)
                {
                    inner.for_each(|k| replaced[k] = true);
                    own_alone.inspect(|&k| replaced[k] = true);
                    added.push(announced(start, end, named.kind));
                }
                continue;
            }
            // The whole run, or the run cut before a particle where what follows is a name
            // found already (`La Paz` of `el hospital La Paz de Madrid`), or before a person
            // found already (`della Regione Lombardia Romano La Russa`).
            let person_at = |p: usize| {
                let at = found.partition_point(|f| f.start < line[p].start);
                found
                    .get(at)
                    .is_some_and(|f| f.start == line[p].start && f.kind == EntityType::Person)
            };
            let cuts = (named.first + 1..named.end)
                .rev()
                .filter(|&p| line[p].text.starts_with(letters::lowercase) || person_at(p));
            let Some(end) = std::iter::once(named.end)
                .chain(cuts)
                .map(|e| line[e - 1].end)
                .find(|&end| {
                    let names = overlapping(start, end);
                    names.is_empty()
                        || names.len() == 1
                            && found[names.start].end == end
                            && (found[names.start].start <= first.start
                                || named.kind == EntityType::Location)
                })
            else {
                continue;
            };
            let name = || chars[first.start..end].iter().collect::<String>();
            if named.kind == EntityType::Organization && !named.own_word && country(&name()) {
                continue;
            }
            // Not a party's or a company's acronym either (`o prefeito do PSDB`).
            if named.place_of && {
                let name = name();
                kb_type(&name).is_some_and(|k| k != EntityType::Location)
                    || !name.chars().any(letters::lowercase)
            } {
                continue;
            }
            let names = overlapping(start, end);
            if names.is_empty() {
                let name = name();
                // A listed town after a word for a place is the town, whatever the model
                // learnt of the word alone (the pooled model reads `Parma` as no name: the
                // name lists did the work in training).
                let listed_place =
                    named.kind == EntityType::Location && tagging::is_listed_place(&name);
                // An organisation's own word and its adjectives (`la Confédération paysanne`):
                // the capital says it is a name.
                let own_adjectives = named.own_word && first.text.starts_with(letters::lowercase);
                // The tagger took the lower-case kind word into the name (`syndicat FO`): the
                // name after it is one, whatever the lists say of it alone.
                let tagged_with_word = own_alone.is_some() && !named.own_word;
                // An organisation's word and a name the KB knows as one: the word is the
                // context the KB's common-word name needs (`companhia aérea Azul`).
                let known_organisation = named.kind == EntityType::Organization
                    && kb_type(&name) == Some(EntityType::Organization);
                if list_names.stands_alone(&name, first.start)
                    || listed_place
                    || known_organisation
                    || own_adjectives
                    || tagged_with_word
                {
                    own_alone.inspect(|&k| replaced[k] = true);
                    added.push(announced(start, end, named.kind));
                }
            } else {
                // The same words, the name without its own kind word (`Santander` of
                // `Banco Santander`, taken for the city), or the name with the linker before
                // it (`di Bari` of `il sindaco di Bari`, taken for a person); an office's
                // place is no organisation of several words found there (`el gobernador del
                // Banco de España`).
                let k = names.start;
                let linker = &line[named.first - 1];
                let with_linker = named.first > named.kind_word + 1
                    && found[k].start == linker.start
                    && linker.text.starts_with(letters::lowercase);
                let organisation = named.place_of
                    && found[k].kind == EntityType::Organization
                    && found[k].text.contains(' ');
                // Russian names an organisation after its word in quotes, as an acronym or in
                // Latin letters (`авиакомпании Korean Air`): a person in Cyrillic there is the
                // organisation's (`директор компании Сергей Иванов`).
                let russian_person = language == "ru"
                    && found[k].kind == EntityType::Person
                    && found[k].text.split(' ').all(institutions::is_cyrillic_word);
                // A title's person only where the tagger found no name: after a title stands
                // what it heads too (`председатель Верховной Рады`).
                let title = named.kind == EntityType::Person;
                // An organisation's own word, a linker and a person is the person's
                // organisation, no name of its own (`el Gobierno de Pedro Sánchez`; not
                // `Fundación Amancio Ortega`, named after him).
                let persons = named.own_word
                    && named.first > named.kind_word + 1
                    && found[k].kind == EntityType::Person;
                // A place's name is the whole run after its place word, its article too
                // (`Almozara` of `el barrio de La Almozara`).
                let place_tail = named.kind == EntityType::Location && found[k].start > first.start;
                if (found[k].start == start
                    || found[k].start == first.start
                    || with_linker
                    || place_tail)
                    && !organisation
                    && !russian_person
                    && !title
                    && !persons
                {
                    replaced[k] = true;
                    own_alone.inspect(|&k| replaced[k] = true);
                    added.push(announced(start, end, named.kind));
                }
            }
        }
    }
    replace_names(found, replaced, added);
}

/// [`Pass::SmallTowns`]: towns after a preposition, where the tagger found no name over them,
/// the same words as a person no name list knows, or (after a word for `in` or `to`) the same
/// words as an organisation no KB entry is, and their first word is no word of the article's
/// (written in lower case in it, or a German common noun: `in Zukunft`).
fn add_small_towns(
    found: &mut Vec<Found>,
    lines: &[Vec<Token>],
    chars: &[char],
    language: &str,
    lower: &std::collections::HashSet<&str>,
    model: ModelId,
) {
    found.sort_by_key(|f| f.start);
    let is_word = |t: &Token| article_word(lower, model, &t.text);
    let mut added = Vec::new();
    for line in lines {
        let towns = small_towns::towns_after_prepositions(line, language, is_word);
        // A line in capitals is a heading's or an advert's.
        if towns.is_empty() || capitals_line(line) {
            continue;
        }
        for (first, end) in towns {
            let (start, end) = (line[first].start, line[end - 1].end);
            let at = found.partition_point(|f| f.end <= start);
            let inside = found[at..].iter().take_while(|f| f.start < end).count();
            // Names found inside the town after its first word, which the tagger left out,
            // are the town's words (`a Sant'Agata Bolognese`, a person `Agata Bolognese`).
            let within = inside > 0 && found[at].start > start && found[at + inside - 1].end <= end;
            match found.get_mut(at) {
                // The place takes their place.
                _ if within => {
                    found.drain(at..at + inside);
                    added.push(announced(start, end, chars, EntityType::Location));
                }
                // A name found over the town: only the same words taken for a person no list
                // knows become the place (`en Artana`), or taken for an organisation, the
                // town's club, right after a word that says a place follows (`a Bologna`).
                Some(f) if f.start < end => {
                    let person = f.kind == EntityType::Person
                        && !tagging::is_first_name(&f.text)
                        && !tagging::is_surname(&f.text);
                    let club = f.kind == EntityType::Organization
                        && f.kb.is_none()
                        && small_towns::is_place_preposition(
                            &line[first - 1].text.to_lowercase(),
                            language,
                        );
                    if f.start == start && f.end == end && (person || club) {
                        f.kind = EntityType::Location;
                    }
                }
                _ => added.push(announced(start, end, chars, EntityType::Location)),
            }
        }
    }
    found.extend(added);
    found.sort_by_key(|f| f.start);
}

/// [`Pass::PlaceEnds`]: a capitalised compound ending in a word for a kind of place
/// (`Catharijnesingel`, `Volksparkstadion`) that no name holds is a place, in the languages
/// that build compounds; not a word the article writes in lower case or a German common noun
/// (`Fußballstadion`, `Hauptstraße`), which `is_word` says.
fn add_compound_places(
    found: &mut Vec<Found>,
    lines: &[Vec<Token>],
    chars: &[char],
    language: &str,
    is_word: impl Fn(&str) -> bool,
) {
    let ends_in_kind = |token: &Token| kinds::is_compound_place_end(&token.text, language);
    let kind = EntityType::Location;
    add_compound_names(found, lines, chars, kind, ends_in_kind, is_word);
}

/// [`Pass::KindWords`], in the compounding languages that write common nouns in lower case
/// (nl, sv, da): a capitalised compound ending in a word for a kind of organisation that no
/// name holds is an organisation (`het Rijksvastgoedbedrijf`, `de Nierstichting`); not the
/// kind word alone, nor a word the article writes in lower case, nor one starting a sentence
/// (`Energiebedrijf Eneco`: the kind word before a name).
fn add_compound_organisations(
    found: &mut Vec<Found>,
    lines: &[Vec<Token>],
    chars: &[char],
    language: &str,
    is_word: impl Fn(&str) -> bool,
) {
    let ends_in_kind = |token: &Token| {
        if token.sentence_start {
            return false;
        }
        let lower = token.text.to_lowercase();
        kinds::announces_organization(&lower, language)
            && !kinds::is_listed_kind_word(&lower, language)
    };
    let kind = EntityType::Organization;
    add_compound_names(found, lines, chars, kind, ends_in_kind, is_word);
}

/// A capitalised compound that `ends_in_kind` says ends in a word for a kind of name, and that
/// no name holds, is a name of that kind where `is_word` says it is no word.
fn add_compound_names(
    found: &mut Vec<Found>,
    lines: &[Vec<Token>],
    chars: &[char],
    kind: EntityType,
    ends_in_kind: impl Fn(&Token) -> bool,
    is_word: impl Fn(&str) -> bool,
) {
    found.sort_by_key(|f| f.start);
    let mut added = Vec::new();
    for line in lines.iter().filter(|line| !capitals_line(line)) {
        for token in line {
            // Cheap tests first (this runs on every token): eight bytes or more, a capital, and
            // a kind word long enough to say so at the end.
            let mut written = token.text.chars();
            if token.text.len() < 8
                || !written.next().is_some_and(letters::uppercase)
                || !written.all(|c| letters::alphabetic(c) || c == '-')
                || !token.text.chars().any(letters::lowercase)
                || !ends_in_kind(token)
            {
                continue;
            }
            let at = found.partition_point(|f| f.end <= token.start);
            if found.get(at).is_some_and(|f| f.start < token.end) || is_word(&token.text) {
                continue;
            }
            added.push(announced(token.start, token.end, chars, kind));
        }
    }
    found.extend(added);
    found.sort_by_key(|f| f.start);
}

/// [`Pass::PlaceEnds`]: names ending in a word for a kind of place are places.
fn type_place_ends(found: &mut [Found], language: &str) {
    for f in found.iter_mut() {
        let mut words = f.text.split_whitespace();
        let (Some(first), Some(last)) = (words.next(), words.next_back()) else {
            continue;
        };
        let retype = match f.kind {
            EntityType::Organization => true,
            // A first name says a person (`Steen Gade`), unless a compound says a place (`Jan
            // Louwersstadion`).
            EntityType::Person => {
                !tagging::is_first_name(first) || kinds::is_compound_place_end(last, language)
            }
            _ => false,
        };
        if retype && last.starts_with(letters::uppercase) && kinds::is_place_end(last, language) {
            f.kind = EntityType::Location;
        }
    }
}

/// [`Pass::PlaceEnds`], Dutch: a name right after `Van` written with a capital mid-sentence
/// (with `de`, `der`, `den` after it) takes it, as places and firms named after a person do
/// (`de Van Brienenoordbrug`, `de Van Baerlestraat`); the tagger and the compound test find
/// the rest alone. Not a listed town: `Van` is `from` there (`Van Tilburg naar Breda`, in a
/// timetable without sentences).
fn join_dutch_van(found: &mut [Found], lines: &[Vec<Token>], chars: &[char]) {
    found.sort_by_key(|f| f.start);
    for line in lines {
        for (i, van) in line.iter().enumerate() {
            if van.text != "Van" || van.sentence_start {
                continue;
            }
            let particles = line[i + 1..]
                .iter()
                .take_while(|t| matches!(t.text.as_str(), "de" | "der" | "den"))
                .count();
            let Some(k) = line
                .get(i + 1 + particles)
                .and_then(|t| found.binary_search_by_key(&t.start, |f| f.start).ok())
            else {
                continue;
            };
            // `Van Tilburg naar Breda` is `from`.
            let f = &mut found[k];
            if tagging::is_listed_place(&f.text) {
                continue;
            }
            f.start = van.start;
            f.text = chars[f.start..f.end].iter().collect();
        }
    }
}

/// The names found (sorted by start, none overlapping) that lie within chars `start..stop`, by
/// index; `None` where one reaches out of it (a longer name holds the span's words).
fn names_within(found: &[Found], start: usize, stop: usize) -> Option<std::ops::Range<usize>> {
    let inside =
        found.partition_point(|f| f.end <= start)..found.partition_point(|f| f.start < stop);
    found[inside.clone()]
        .iter()
        .all(|f| start <= f.start && f.end <= stop)
        .then_some(inside)
}

/// German prepositions that take a region's bare name (`in Sachsen`, `aus Hessen`): after
/// one, a region's name that is also a noun (`Sachsen`, Saxons) is the region.
const GERMAN_PLACE_PREPOSITIONS: &[&str] = &["in", "aus", "nach"];

/// Definite articles, alone and joined to a preposition, of the languages that write one
/// before an organisation's name (`o Chega`, `do Livre`, `la Lega`): a word of the language
/// that is also a name is the name after one ([`EntityStage::add_kb_matches`]).
const NAME_ARTICLES: &[(&str, &[&str])] = &[
    (
        "pt",
        &[
            "o", "os", "do", "dos", "no", "nos", "ao", "aos", "pelo", "pelos",
        ],
    ),
    ("es", &["el", "del", "al"]),
    (
        "it",
        &[
            "la", "il", "della", "del", "alla", "al", "nella", "nel", "dalla", "dal",
        ],
    ),
];

/// Articles between a linker and a place's name (`Paseo de la Castellana`).
const PLACE_ARTICLES: &[&str] = &["la", "las", "los", "le", "les", "lo", "l'", "l’"];

/// Words for a street or a square that Italian, Spanish and Portuguese news write in lower
/// case before the street's name (`in piazza San Carlo` is a square, not the saint; `in piazza
/// del Plebiscito`). Not the words that are something else too: Italian `via` (`via Twitter`:
/// by) and `corso` (`nel corso di`: during), French `place` (`à la place de`: instead of),
/// Spanish `plaza` (`la quinta plaza de LaLiga`: fifth place), Italian and Portuguese `largo`
/// (`al largo di Lampedusa`: off the coast).
const STREETS_IN_LOWER_CASE: &[(&str, &[&str])] = &[
    ("it", &["viale", "piazza", "piazzale", "vicolo"]),
    ("es", &["calle", "avenida", "paseo"]),
    ("pt", &["rua", "avenida", "praça", "travessa", "alameda"]),
];

/// [`Pass::PlaceEnds`]: in the Romance languages a place's own name may start with a word for
/// its kind written with a capital (`data/kind-words.tsv`, `place-start`): that word, a name
/// right after it (or after a linker and perhaps an article: `Lago di Garda`, `Paseo de la
/// Castellana`) and the capitalised words that go on from there are one place, in place of the
/// names found inside it (`Garda`, `Castellana`) and of the type the tagger gave the whole
/// (`Canal Grande` as an organisation). Not where a name found reaches out of it, nor a name the
/// KB lists as no place (`Canal Sur`, `Monte dei Paschi di Siena`, `kb_kind`); a new name does
/// not start a sentence (the word may start one as a common noun). A street's or a square's
/// word in lower case starts one too ([`STREETS_IN_LOWER_CASE`]: `in piazza San Carlo`).
fn join_place_starts(
    found: &mut Vec<Found>,
    lines: &[Vec<Token>],
    chars: &[char],
    language: &str,
    kb_kind: impl Fn(&str) -> Option<EntityType>,
) {
    let capitalised = |t: &Token| name_shaped(t) && !t.sentence_start;
    // A linker, then perhaps an article (`de la`, `dos`): never `and` (`Piazza San Marco e il
    // Ponte Vecchio` are two).
    let linked = |words: &[Token]| match words {
        [linker, ..] if !kinds::is_linker(&linker.text, language) => None,
        [_, article, name, ..] if PLACE_ARTICLES.contains(&article.text.as_str()) => {
            capitalised(name).then_some(3)
        }
        [_, name, ..] => capitalised(name).then_some(2),
        _ => None,
    };
    // This language's street words written in lower case, if any.
    let streets = STREETS_IN_LOWER_CASE
        .iter()
        .find(|&&(l, _)| l == language)
        .map_or(&[][..], |&(_, words)| words);
    found.sort_by_key(|f| f.start);
    let mut replaced = vec![false; found.len()];
    let mut added = Vec::new();
    for line in lines.iter().filter(|line| !capitals_line(line)) {
        let mut i = 0;
        while i < line.len() {
            let token = &line[i];
            i += 1;
            let place_word = if token.text.starts_with(letters::uppercase) {
                kinds::is_place_start(&token.text, language)
            } else {
                streets.contains(&token.text.as_str())
            };
            if !place_word {
                continue;
            }
            // The name: capitalised words, across one or two linkers before another one.
            let mut end = i;
            loop {
                if line.get(end).is_some_and(capitalised) {
                    end += 1;
                } else if let Some(n) = linked(&line[end..]) {
                    end += n;
                } else {
                    break;
                }
            }
            if end == i {
                continue;
            }
            let (start, stop) = (token.start, line[end - 1].end);
            let Some(inside) = names_within(found, start, stop) else {
                continue;
            };
            let place = announced(start, stop, chars, EntityType::Location);
            if kb_kind(&place.text).is_some_and(|kind| kind != EntityType::Location) {
                continue;
            }
            let whole = found[inside.clone()]
                .iter()
                .any(|f| f.start == start && f.end == stop);
            if token.sentence_start && !whole {
                continue;
            }
            replaced[inside].fill(true);
            added.push(place);
            i = end;
        }
    }
    replace_names(found, replaced, added);
}

/// Russian words for `in`, `at`, `from`, `near`: a building's name after one may be the place
/// (see [`add_institution_names`]).
const PLACE_PREPOSITIONS_RU: &[&str] = &["в", "во", "на", "из", "у", "около", "возле"];

/// [`Pass::InstitutionNames`]: Russian institution names by their shape, as organisations,
/// in place of the names found inside them (and of one that only adds lower-case words before
/// it); not where another name found reaches out of one. A
/// sentence's first word starts one where the tagger found a name there or `common_word`
/// says it is no common word (see [`institutions::institution_names`]).
fn add_institution_names(
    found: &mut Vec<Found>,
    lines: &[Vec<Token>],
    chars: &[char],
    common_word: impl Fn(&str) -> bool,
) {
    found.sort_by_key(|f| f.start);
    let mut added = Vec::new();
    let mut replaced = vec![false; found.len()];
    for line in lines {
        let overlapping = |start: usize, end: usize| {
            found.partition_point(|f| f.end <= start)..found.partition_point(|f| f.start < end)
        };
        let tagged = |i: usize| !overlapping(line[i].start, line[i].end).is_empty();
        let common_word = |i: usize| common_word(&line[i].text);
        for mut name in institutions::institution_names(line, tagged, common_word) {
            // An authority's country, a place the tagger found in the genitive right after the
            // name, is the name's (`Министерство финансов России`, as factRuEval tags it).
            if name.authority {
                let country = line.get(name.end).filter(|t| {
                    let at = overlapping(t.start, t.end);
                    at.len() == 1
                        && found[at.start].start == t.start
                        && found[at.start].end == t.end
                        && found[at.start].kind == EntityType::Location
                        && institutions::place_in_genitive(&t.text)
                });
                if country.is_some() {
                    name.end += 1;
                }
            }
            let (start, end) = (line[name.first].start, line[name.end - 1].end);
            let inside = overlapping(start, end);
            // A name found that holds the institution's and only lower-case words before it
            // (`пресс-служба Следственного комитета`) is cut to it.
            let lower_case_before = |k: usize| {
                found[k].end == end
                    && line
                        .iter()
                        .filter(|t| found[k].start <= t.start && t.end <= start)
                        .all(|t| t.text.starts_with(letters::lowercase))
            };
            if inside
                .clone()
                .all(|k| start <= found[k].start && found[k].end <= end || lower_case_before(k))
            {
                // A place the tagger found over a building's noun stays a place after a word
                // for `in` or `at`: the Russian tagger learnt from WikiNER that a university
                // or a museum may be one (`учился в Московском университете`; WikiNER −0.46
                // when the pass made them all organisations, −0.41 with this exception).
                // Elsewhere it is the organisation (`Учёные Томского университета`), as
                // factRuEval, modern news, tags it. A ministry is never a place.
                let noun = &line[name.noun];
                let at_place = name.first > 0
                    && PLACE_PREPOSITIONS_RU
                        .contains(&line[name.first - 1].text.to_lowercase().as_str());
                // So does one a kind word announced (`станцию метро «Горный институт»`, a
                // station named after the institute).
                let kind = inside
                    .clone()
                    .find(|&k| found[k].start <= noun.start && noun.end <= found[k].end)
                    .filter(|&k| {
                        found[k].kind == EntityType::Location
                            && (name.building && at_place || found[k].margin == ANNOUNCED)
                    })
                    .map_or(EntityType::Organization, |k| found[k].kind);
                let kind = if name.place {
                    EntityType::Location
                } else {
                    kind
                };
                inside.for_each(|k| replaced[k] = true);
                added.push(announced(start, end, chars, kind));
            }
        }
    }
    replace_names(found, replaced, added);
}

/// [`Pass::TownNames`]: a place with a club's or an institution's word right before it (after
/// a linker, `Olympique de Marseille`) or right after it, in the same sentence, becomes the
/// organisation, in place of a name the word was (`Real` as a person); so does a place whose
/// own first or last word is one. Not in a line of capitals, nor (English) after `US` or `AS`.
/// An article reports a match where it has a word of sport or names a club the KB lists
/// (`known_club`: `El Real Betis empató con el Villarreal`).
fn town_names(
    found: &mut Vec<Found>,
    lines: &[Vec<Token>],
    chars: &[char],
    language: Option<&str>,
    is_town: impl Fn(&str) -> bool,
    is_club: impl Fn(&str) -> bool,
    known_club: impl Fn(&str) -> bool,
) {
    // A token by its start: its line by binary search over the lines' starts, then the token
    // in its line (no table built for every article).
    let token_at = |start: usize| {
        let l = lines
            .partition_point(|line| line.first().is_some_and(|t| t.start <= start))
            .checked_sub(1)?;
        let i = lines[l].binary_search_by_key(&start, |t| t.start).ok()?;
        Some((l, i))
    };
    found.sort_by_key(|f| f.start);
    let mut clubs = Vec::new();
    // Whether the article reports a match, read the first time a town follows `against`.
    let mut sport = None;
    let mut sport_article = || {
        *sport.get_or_insert_with(|| {
            town_names::sport_article(lines.iter().flatten().map(|t| t.text.as_str()))
                || found
                    .iter()
                    .any(|f| f.kind == EntityType::Organization && known_club(&f.text))
        })
    };
    // After a word for `against`: a town, or a name the KB lists a club of.
    let opponent_club = |name: &str| is_town(name) || is_club(name);
    // Italian and Spanish name a club by its town with a masculine article, which the
    // town itself never takes (`il Napoli`, `al Sevilla`); countries, regions and rivers
    // do (`il Brasile`, `il Piemonte`, `el Ebro`): a listed town only, or in Spanish,
    // which writes its regions and islands without one, a name the KB lists a club of in
    // a match report (`al Mallorca`, `RCD Mallorca`; Italian `il Lazio` is the region).
    let club_by_article = |name: &str, sport: &mut dyn FnMut() -> bool| {
        (is_town(name) || language == Some("es") && is_club(name) && sport())
            && !town_names::takes_article(name)
    };
    for (k, place) in found.iter().enumerate() {
        // An organisation too: the pooled model's type gives way to the KB's later (`il Milan`
        // would become the city), the club's does not.
        if !matches!(place.kind, EntityType::Location | EntityType::Organization) {
            continue;
        }
        let Some((l, first)) = token_at(place.start) else {
            continue;
        };
        let line = &lines[l];
        let Some(last) = (first..line.len()).find(|&i| line[i].end == place.end) else {
            continue;
        };
        // In a line of capitals `AS` and `US` are words (`AS ENGLAND`).
        if capitals_line(line) {
            continue;
        }
        let mut start = first;
        if first > 0 && !line[first].sentence_start {
            if town_names::before_town(&line[first - 1].text, language) {
                start = first - 1;
            } else if first > 1
                && town_names::linker(&line[first - 1].text)
                && town_names::before_town(&line[first - 2].text, language)
                && !line[first - 1].sentence_start
            {
                start = first - 2;
            }
        }
        let mut end = last + 1;
        if line
            .get(end)
            .is_some_and(|t| !t.sentence_start && town_names::after_town(&t.text))
        {
            end += 1;
        }
        let own_word = last > first
            && (town_names::before_town(&line[first].text, language)
                || town_names::after_town(&line[last].text));
        // Italian and Spanish name a club by its town with a masculine article.
        let by_article = first > 0
            && last == first
            && !line[first].sentence_start
            && town_names::club_article(&line[first - 1].text, language)
            && club_by_article(&place.text, &mut sport_article);
        // An Italian club by its town or region with a feminine article (`la Roma`, `la
        // Lazio`), where the KB lists the club (`AS Roma`), in a report of a match.
        let by_feminine_article = first > 0
            && last == first
            && !line[first].sentence_start
            && town_names::feminine_club_article(&line[first - 1].text, language)
            && is_club(&place.text)
            && sport_article();
        // A town, or a name the KB lists a club of, right after a word for `against`, in a
        // report of a match.
        let by_opponent = first > 0
            && !line[first].sentence_start
            && town_names::opponent_word(&line[first - 1].text, language)
            && opponent_club(&place.text)
            && sport_article();
        let place_words =
            place.kind == EntityType::Location && (start < first || end > last + 1 || own_word);
        if place_words || by_article || by_opponent || by_feminine_article {
            clubs.push((k, line[start].start, line[end - 1].end));
        }
    }
    // A one-word listed town the tagger left outside any name, right after `against` or a
    // club's article in a match report, is the club too (`tegen Utrecht`, `venció al Getafe`).
    let mut added = Vec::new();
    for line in lines.iter().filter(|line| !capitals_line(line)) {
        for (i, town) in line.iter().enumerate().skip(1) {
            let before = &line[i - 1].text;
            if town.sentence_start || !town.text.starts_with(letters::uppercase) {
                continue;
            }
            let opponent = town_names::opponent_word(before, language);
            if !opponent && !town_names::club_article(before, language) {
                continue;
            }
            let at = found.partition_point(|f| f.end <= town.start);
            let outside = found.get(at).is_none_or(|f| f.start >= town.end);
            let club = if opponent {
                opponent_club(&town.text) && sport_article()
            } else {
                club_by_article(&town.text, &mut sport_article) && sport_article()
            };
            if outside && club {
                added.push(announced(
                    town.start,
                    town.end,
                    chars,
                    EntityType::Organization,
                ));
            }
        }
    }
    if clubs.is_empty() {
        found.extend(added);
        found.sort_by_key(|f| f.start);
        return;
    }
    let mut replaced = vec![false; found.len()];
    for (k, start, end) in clubs {
        // The club's word may be a name of its own (`Real` as a person): the club replaces
        // it; not a name that reaches out of the club.
        let others: Vec<usize> = (0..found.len())
            .filter(|&o| o != k && found[o].start < end && start < found[o].end)
            .collect();
        if others
            .iter()
            .any(|&o| found[o].start < start || end < found[o].end)
        {
            continue;
        }
        replaced[k] = true;
        others.into_iter().for_each(|o| replaced[o] = true);
        added.push(announced(start, end, chars, EntityType::Organization));
    }
    replace_names(found, replaced, added);
}

/// Whether the German model reads this word (lower-cased) as a German common noun: German
/// writes its nouns with a capital (`Admiral`, `Ende`) and a heading's in capitals (`ZOLL`).
fn german_common_noun(model: ModelId, lowered: &str) -> bool {
    model == ModelId::De
        && Nouns::german().hint(lowered) == Some(NounHint::Noun)
        && !BRANDS_LISTED_AS_NOUNS.contains(&lowered)
}

/// Names Wiktionary lists as German common nouns (with no gender and no plural), that news
/// writes for the company or the site: no word for the passes (`Der Konzern Facebook`). The
/// tagger keeps its hint (the shipped model was trained with it).
const BRANDS_LISTED_AS_NOUNS: &[&str] = &["facebook", "twitter", "whatsapp", "wikipedia"];

/// Whether a capitalised word is a word, not a name: the article writes it in lower case
/// (`lower`), or it is a German common noun (`in Zukunft`, `Fußballstadion`).
fn article_word(lower: &std::collections::HashSet<&str>, model: ModelId, word: &str) -> bool {
    let lowered = word.to_lowercase();
    lower.contains(lowered.as_str()) || german_common_noun(model, &lowered)
}

/// A line written in capitals (at least three words, four in five of them all capitals;
/// scripts without case have none).
fn capitals_line(line: &[Token]) -> bool {
    // One walk, no allocation: every pass asks this of every line.
    let (mut words, mut capitals) = (0, 0);
    for t in line {
        let mut cased = false;
        let mut lower = false;
        for c in t.text.chars() {
            if letters::lowercase(c) {
                lower = true;
                cased = true;
                break;
            }
            cased |= letters::uppercase(c);
        }
        if cased {
            words += 1;
            capitals += usize::from(!lower);
        }
    }
    words >= 3 && capitals * 5 >= words * 4
}

/// A line most of whose words are capitalised: a heading, a headline, a caption.
fn title_case_line(line: &[Token]) -> bool {
    let words: Vec<&Token> = line
        .iter()
        .filter(|t| t.text.chars().any(letters::alphabetic))
        .collect();
    let capitalised = words
        .iter()
        .filter(|t| t.text.chars().next().is_some_and(letters::uppercase))
        .count();
    words.len() >= 2 && capitalised * 3 >= words.len() * 2
}

/// [`Pass::CommonWords`]: leading words of a name that are capitalised only by their position
/// (sentence start, title-case line) and that the text also writes in lower case are not part
/// of it; a name made only of such words is dropped.
fn drop_common_words(
    found: &mut Vec<Found>,
    lines: &[Vec<Token>],
    chars: &[char],
    lower: &std::collections::HashSet<&str>,
) {
    let headings: Vec<(usize, usize)> = line_spans(lines, title_case_line);
    let tokens: Vec<&Token> = lines.iter().flatten().collect();
    // A weekday that ends a name of several words is a surname (`Thomas Freitag`, `Plácido
    // Domingo`), and so is the same word alone.
    let surnames = last_words(found);
    found.retain_mut(|f| {
        if f.kb.is_some()
            || f.text.starts_with('L') && tagging::is_listed_company(&f.text.replace('’', "'"))
        {
            // The KB says it is a name as written, or the company list does with the elided
            // article (`L'Oréal`: `l'` is an ordinary word).
            return true;
        }
        if weekday(&f.text) && !surnames.contains(&f.text) {
            return false;
        }
        if ECONOMIC_TERMS.contains(&f.text.as_str()) {
            return false;
        }
        let in_heading = within(&headings, f.start, f.end);
        let first = tokens.partition_point(|t| t.start < f.start);
        let mut start = f.start;
        for token in tokens[first..].iter().take_while(|t| t.end <= f.end) {
            let positional = token.sentence_start || in_heading;
            let lowered = token.text.to_lowercase();
            if positional && token.text != lowered && lower.contains(lowered.as_str()) {
                start = token.end;
                // The next word starts a sentence only if this one was a heading word.
                continue;
            }
            break;
        }
        if start == f.start {
            return true;
        }
        let Some(next) = tokens[first..]
            .iter()
            .find(|t| t.start >= start && t.end <= f.end)
        else {
            return false; // every word was an ordinary word
        };
        // A rest that starts in lower case is a name's particle: the word before it belongs to
        // the name (`Rue de Siam`, `Gare du Nord`).
        if next.text.chars().next().is_some_and(letters::lowercase) {
            return true;
        }
        f.start = next.start;
        f.text = chars[f.start..f.end].iter().collect();
        true
    });
}

/// Titles whose linker and capitalised words after them name a portfolio, not an
/// organisation (`la consejera de Transportes`, `l'assessore alla Mobilità`, `le ministre de
/// l'Intérieur`): the ministry has a name (`Ministerio de Transportes`), the minister's
/// portfolio is none. Not Portuguese: Bosque tags the portfolio as the ministry (`ministro da
/// Justiça`; with Portuguese here, Bosque −0.25).
const PORTFOLIO_TITLES: &[(&str, &[&str])] = &[
    (
        "es",
        &[
            "consejero",
            "consejera",
            "conseller",
            "consellera",
            "conselleiro",
            "conselleira",
            "ministro",
            "ministra",
            "concejal",
            "concejala",
        ],
    ),
    ("it", &["assessore", "assessora", "ministro", "ministra"]),
    ("fr", &["ministre", "adjoint", "adjointe"]),
];

/// The word for a republic in the languages whose head of state's title names it; not French
/// `République`, which Europeana French tags after `président de la` (French OCR −0.09 with it).
const REPUBLICS: &[&str] = &["Repubblica", "República"];

/// Titles of a head of state, whose `of the Republic` is part of the title.
const PRESIDENTS: &[&str] = &["presidente", "presidenta"];

/// The languages in which an organisation right before a region or a country is its branch
/// there ([`EntityStage::join_branches`]).
const BRANCH_LANGUAGES: &[&str] = &["es", "it", "pt", "fr"];

/// Adjectives of a region's, a province's or a town's own bodies in es, it, pt, fr
/// (`Consiglio regionale`, `Conseil départemental`, `Câmara Municipal`).
const LOCAL_BODY_ADJECTIVES: &[&str] = &[
    "regionale",
    "comunale",
    "provinciale",
    "metropolitana",
    "régional",
    "départemental",
    "municipal",
    "communal",
    "métropolitain",
    "regional",
    "provincial",
    "autonómico",
];

/// Words for a ministry that French and Italian write in lower case before its capitalised
/// portfolio (`le ministère de la Culture`, `il ministero dell'Economia`).
const MINISTRY_WORDS: &[(&str, &[&str])] = &[("fr", &["ministère"]), ("it", &["ministero"])];

/// Linkers between a ministry's word and its portfolio, an article included.
const MINISTRY_LINKERS: &[&str] = &[
    "de", "du", "des", "d'", "d’", "la", "l'", "l’", "della", "dello", "dei", "degli", "delle",
    "dell'", "dell’", "del", "di", "et", "e",
];

/// [`Pass::KindWords`], French and Italian: a ministry written with its word in lower case and
/// its portfolio capitalised is one organisation from the word on (`le ministère de la
/// Culture`, `le ministère de l'Économie et des Finances`, `il ministero della Salute`), in
/// place of the names found inside it (`Culture` alone, as the kind word left it).
fn add_ministries(found: &mut Vec<Found>, lines: &[Vec<Token>], chars: &[char], language: &str) {
    let Some((_, words)) = MINISTRY_WORDS.iter().find(|(code, _)| *code == language) else {
        return;
    };
    let linker = |t: &Token| MINISTRY_LINKERS.contains(&t.text.as_str());
    found.sort_by_key(|f| f.start);
    let mut replaced = vec![false; found.len()];
    let mut added = Vec::new();
    for line in lines.iter().filter(|line| !capitals_line(line)) {
        for (i, token) in line.iter().enumerate() {
            // Cheap test first (this runs on every token of a French or Italian article).
            if !token.text.starts_with(['m', 'M'])
                || !words.contains(&token.text.to_lowercase().as_str())
            {
                continue;
            }
            // Linkers, then capitalised words; again after `et`/`e` and a linker.
            let mut end = i + 1;
            let mut last = None;
            loop {
                let linkers = line[end..].iter().take(3).take_while(|t| linker(t)).count();
                let names = line[end + linkers..]
                    .iter()
                    .take_while(|t| name_shaped(t) && !t.sentence_start)
                    .count();
                if linkers == 0 || names == 0 {
                    break;
                }
                end += linkers + names;
                last = Some(end);
            }
            let Some(end) = last else {
                continue;
            };
            let (start, stop) = (token.start, line[end - 1].end);
            let Some(inside) = replaceable_by_organisation(found, start, stop) else {
                continue;
            };
            replaced[inside].fill(true);
            added.push(announced(start, stop, chars, EntityType::Organization));
        }
    }
    replace_names(found, replaced, added);
}

/// German words for a town's or a state's assembly, which its adjective names (`der Hamburger
/// Senat`); not the services of a town (`die Wülfrather Polizei`, `die Dürener
/// Kreisverwaltung`: GermEval tags the town's adjective alone, and so does the tagger).
const GERMAN_ASSEMBLIES: &[&str] = &["Senat", "Stadtrat", "Gemeinderat", "Landtag", "Magistrat"];

/// [`Pass::KindWords`], German: a town's adjective (`Hamburger`, `Berliner`: a listed place
/// and `-er`) right before the word for its assembly is one organisation with it (`der
/// Hamburger Senat`), in place of the adjective the tagger found alone.
fn add_german_place_adjectives(found: &mut Vec<Found>, lines: &[Vec<Token>], chars: &[char]) {
    found.sort_by_key(|f| f.start);
    let mut added = Vec::new();
    for line in lines.iter().filter(|line| !capitals_line(line)) {
        for i in 1..line.len() {
            let (adjective, word) = (&line[i - 1], &line[i]);
            // Cheap tests first (this runs on every token of a German article).
            let Some(town) = adjective.text.strip_suffix("er") else {
                continue;
            };
            if adjective.sentence_start
                || !name_shaped(adjective)
                || !name_shaped(word)
                || town.chars().count() < 4
                || !GERMAN_ASSEMBLIES.contains(&word.text.as_str())
                || !tagging::is_listed_place(town)
            {
                continue;
            }
            let inside = found.partition_point(|f| f.end <= adjective.start)
                ..found.partition_point(|f| f.start < word.end);
            if found[inside]
                .iter()
                .any(|f| f.start != adjective.start || f.end != adjective.end)
            {
                continue;
            }
            added.push(announced(
                adjective.start,
                word.end,
                chars,
                EntityType::Organization,
            ));
        }
    }
    replace_overlapped(found, added);
}

/// [`Pass::KindWords`], German: an institution named by its remit ([`crate::remits`]: `das
/// Bundesamt für Migration und Flüchtlinge`) is one organisation, in place of the names found
/// inside it (the institution's word alone, the remit taken for a place); not where a person
/// is inside (`die Stiftung für Helmut Schmidt`) or a name found crosses its ends. `place`:
/// a word is a place (a second noun of the remit, `für Umwelt Brandenburg`).
fn add_german_remits(
    found: &mut Vec<Found>,
    lines: &[Vec<Token>],
    chars: &[char],
    place: impl Fn(&str) -> bool,
) {
    found.sort_by_key(|f| f.start);
    let mut replaced = vec![false; found.len()];
    let mut added = Vec::new();
    for line in lines.iter().filter(|line| !capitals_line(line)) {
        let found_ends_at = |i: usize| found.iter().any(|f| f.end == line[i].end);
        for name in remits::remit_names(line, found_ends_at, &place) {
            let (start, stop) = (line[name.first].start, line[name.last].end);
            // A name found that ends at the institution's word may start before it.
            let start = found
                .iter()
                .filter(|f| f.start < start && start < f.end)
                .map(|f| f.start)
                .min()
                .unwrap_or(start);
            let Some(inside) = replaceable_by_organisation(found, start, stop) else {
                continue;
            };
            replaced[inside].fill(true);
            added.push(announced(start, stop, chars, EntityType::Organization));
        }
    }
    replace_names(found, replaced, added);
}

/// The names found in `start..stop` that an organisation named there replaces: none may cross
/// its ends, and none may be a person (`il ministero di Salvini`: the minister's, not one).
fn replaceable_by_organisation(
    found: &[Found],
    start: usize,
    stop: usize,
) -> Option<std::ops::Range<usize>> {
    let inside = names_within(found, start, stop)?;
    let person = found[inside.clone()]
        .iter()
        .any(|f| f.kind == EntityType::Person);
    (!person).then_some(inside)
}

/// Dutch words for a minister or a ministry: the capitalised words after their `van` are the
/// ministry (`minister van Economische Zaken`, `het ministerie van Buitenlandse Zaken`).
const DUTCH_MINISTRY_WORDS: &[&str] = &["minister", "ministers", "ministerie", "staatssecretaris"];

/// [`Pass::KindWords`], Dutch: a ministry named by its portfolio, capitalised after a
/// minister's or a ministry's `van` (and the minister's name, if any) is an organisation:
/// `Minister Dirk Beljaarts van Economische Zaken`, `het ministerie van Volksgezondheid,
/// Welzijn en Sport`. The portfolio's words run on over `en` and commas before a capitalised
/// word. A person the tagger took on over `van` and the portfolio ends before `van`; a
/// portfolio that is a person, a KB place or one word of the name lists is not one, nor one
/// word after the plural (`de ministers van Rutte`).
fn add_dutch_portfolios(found: &mut Vec<Found>, lines: &[Vec<Token>], chars: &[char]) {
    found.sort_by_key(|f| f.start);
    let mut added = Vec::new();
    let mut cut = Vec::new();
    for line in lines.iter().filter(|line| !capitals_line(line)) {
        for (i, token) in line.iter().enumerate() {
            // Cheap test first (this runs on every token of a Dutch article).
            if !token.text.starts_with(['m', 'M', 's', 'S'])
                || !DUTCH_MINISTRY_WORDS.contains(&token.text.to_lowercase().as_str())
            {
                continue;
            }
            // The minister's name, if any, then `van`.
            let name = line[i + 1..]
                .iter()
                .take(4)
                .take_while(|t| name_shaped(t) && !t.sentence_start)
                .count();
            let at = i + 1 + name;
            if line.get(at).is_none_or(|t| t.text != "van") {
                continue;
            }
            // Capitalised words, on over `en` or a comma before another. Four letters at
            // least: OCR splits words (`Bui tenlandsche Zaken`).
            let portfolio_word = |t: &Token| {
                name_shaped(t)
                    && !t.sentence_start
                    && t.text != "Van"
                    && t.text.chars().count() >= 4
            };
            let mut end = at + 1;
            let mut words = 0;
            while let Some(t) = line.get(end) {
                if portfolio_word(t) {
                    end += 1;
                    words += 1;
                } else if words > 0
                    && matches!(t.text.as_str(), "en" | ",")
                    && line.get(end + 1).is_some_and(portfolio_word)
                {
                    end += 1;
                } else {
                    break;
                }
            }
            // One word after a plural may be whose they are (`de ministers van Rutte`).
            let plural = token.text.ends_with('s');
            let surname =
                |t: &Token| tagging::is_surname(&t.text) || tagging::is_first_name(&t.text);
            if words == 0 || words == 1 && (plural || surname(&line[at + 1])) {
                continue;
            }
            let (start, stop) = (line[at + 1].start, line[end - 1].end);
            let next = found.partition_point(|f| f.end <= start);
            let inside = &found[next..found.partition_point(|f| f.start < stop)];
            let portfolio_is_a_name = inside.iter().any(|f| {
                f.start >= start
                    && (f.kind == EntityType::Person
                        || f.kind == EntityType::Location && f.kb.is_some())
            });
            if portfolio_is_a_name {
                continue;
            }
            // A person that runs on over `van` into the portfolio ends before it.
            for (k, f) in found.iter().enumerate().skip(next).take(inside.len()) {
                if f.kind == EntityType::Person && f.start < line[at].start {
                    cut.push((k, line[at - 1].end));
                }
            }
            added.push(announced(
                line[if token.text.to_lowercase() == "ministerie" {
                    i
                } else {
                    at + 1
                }]
                .start,
                stop,
                chars,
                EntityType::Organization,
            ));
        }
    }
    for (k, end) in cut {
        let f = &mut found[k];
        f.end = end;
        f.text = chars[f.start..end].iter().collect();
    }
    // The portfolios replace what they overlap (the tagger's pieces of them).
    replace_overlapped(found, added);
}

/// [`Pass::KindWords`], Dutch: the capitalised adjectives right before an organisation's own
/// word are the name's (`de Technische Universiteit Eindhoven`, `de Vrije Universiteit
/// Amsterdam`), where the tagger or the kind word started the name after them. Dutch writes an adjective before its noun with `-e`; mid-sentence, only a name's is
/// capitalised.
fn take_dutch_adjectives(found: &mut [Found], lines: &[Vec<Token>], chars: &[char]) {
    found.sort_by_key(|f| f.start);
    for line in lines {
        for (i, token) in line.iter().enumerate() {
            let Ok(k) = found.binary_search_by_key(&token.start, |f| f.start) else {
                continue;
            };
            let lower = token.text.to_lowercase();
            let own_word = kinds::is_listed_kind_word(&lower, "nl")
                || kinds::announces_organization(&lower, "nl");
            if found[k].kind != EntityType::Organization || !own_word {
                continue;
            }
            let mut first = i;
            while let Some(before) = first.checked_sub(1).map(|b| &line[b]) {
                let adjective = before.text.chars().count() >= 4
                    && before.text.ends_with('e')
                    && name_shaped(before)
                    && !before.sentence_start
                    && before.text.chars().all(letters::alphabetic);
                let taken = k > 0 && found[k - 1].end > before.start;
                if !adjective || taken {
                    break;
                }
                first -= 1;
            }
            if first < i {
                let f = &mut found[k];
                f.start = line[first].start;
                f.text = chars[f.start..f.end].iter().collect();
            }
        }
    }
}

/// [`Pass::KindWords`]: drops an organisation or a misc name that is a portfolio, the
/// capitalised words right after a title of [`PORTFOLIO_TITLES`] and its linker (short words in
/// lower case: `de`, `alla`, `de l'`). A KB name stays (`ministro de Francia` is rare, but a
/// country is never a portfolio). So is the republic of a head of state's title (`presidente
/// della Repubblica`).
fn drop_portfolios(found: &mut Vec<Found>, lines: &[Vec<Token>], language: &str) {
    let titles = PORTFOLIO_TITLES
        .iter()
        .find(|(code, _)| *code == language)
        .map_or(&[][..], |(_, titles)| *titles);
    let linker = |t: &Token| {
        t.text.chars().count() <= 5
            && t.text
                .chars()
                .all(|c| letters::lowercase(c) || c == '\'' || c == '\u{2019}')
    };
    let mut portfolios = std::collections::HashSet::new();
    for line in lines {
        for (i, token) in line.iter().enumerate() {
            // The republic of a head of state's title is the title's (`il presidente della
            // Repubblica`, `o Presidente da República`).
            if REPUBLICS.contains(&token.text.as_str())
                && i >= 2
                && linker(&line[i - 1])
                && (1..=2).any(|back| {
                    i.checked_sub(1 + back)
                        .and_then(|j| line.get(j))
                        .is_some_and(|t| PRESIDENTS.iter().any(|p| p.eq_ignore_ascii_case(&t.text)))
                })
            {
                portfolios.insert(token.start);
            }
            // The titles are ASCII: no lower-cased copy of every token.
            if !titles.iter().any(|t| t.eq_ignore_ascii_case(&token.text)) {
                continue;
            }
            let links = line[i + 1..]
                .iter()
                .take(2)
                .take_while(|t| linker(t))
                .count();
            if links > 0 {
                // An administration is no portfolio (`l'assessore della Regione Lombardia`).
                if let Some(next) = line
                    .get(i + 1 + links)
                    .filter(|next| !kinds::is_administration(&next.text))
                {
                    portfolios.insert(next.start);
                }
            }
        }
    }
    found.retain(|f| {
        f.kb.is_some()
            || !matches!(f.kind, EntityType::Organization | EntityType::Misc)
            || !portfolios.contains(&f.start)
    });
}

/// The words after a town's name and a hyphen that make it one of its districts.
const DISTRICT_WORDS: &[&str] = &[
    "Noord", "Oost", "Zuid", "West", "Centrum", "Nord", "Ost", "Süd", "Mitte", "Zentrum",
];

/// The days of the week in the languages with a tagger (Russian in the cases a date takes:
/// `в среду`, `в пятницу`).
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonnabend",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
    "lunedì",
    "martedì",
    "mercoledì",
    "giovedì",
    "venerdì",
    "sabato",
    "domenica",
    "segunda-feira",
    "terça-feira",
    "quarta-feira",
    "quinta-feira",
    "sexta-feira",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    "måndag",
    "tisdag",
    "onsdag",
    "torsdag",
    "fredag",
    "lördag",
    "söndag",
    "mandag",
    "tirsdag",
    "lørdag",
    "søndag",
    "понедельник",
    "вторник",
    "среда",
    "среду",
    "четверг",
    "пятница",
    "пятницу",
    "суббота",
    "субботу",
    "воскресенье",
];

/// The last words of the names of several words (the surnames of `Thomas Freitag`, `Charles
/// Pasqua`): such a word alone is the person's, not a weekday or a holiday.
fn last_words(found: &[Found]) -> std::collections::HashSet<String> {
    found
        .iter()
        .filter_map(|f| f.text.rsplit_once(' ').map(|(_, last)| last.to_owned()))
        .collect()
}

/// Holidays by language, lower-cased (Russian in their cases), and the holidays of two words
/// (`Semana Santa`, whose `Santa` the tagger takes for a place). English is left to its
/// tagger, which CoNLL taught.
fn holidays(language: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match language {
        "de" => (
            &[
                "weihnachten",
                "ostern",
                "pfingsten",
                "silvester",
                "neujahr",
                "karneval",
                "fasching",
                "heiligabend",
                "ostermontag",
                "karfreitag",
                "pfingstmontag",
                "fronleichnam",
                "allerheiligen",
            ],
            &[],
        ),
        "fr" => (
            &[
                "noël",
                "pâques",
                "toussaint",
                "pentecôte",
                "carême",
                "réveillon",
                "saint-sylvestre",
            ],
            &["nouvel an"],
        ),
        "es" => (
            &[
                "navidad",
                "navidades",
                "nochebuena",
                "nochevieja",
                "pascua",
                "cuaresma",
                "carnaval",
            ],
            &["semana santa", "año nuevo"],
        ),
        "it" => (
            &[
                "natale",
                "pasqua",
                "pasquetta",
                "ferragosto",
                "capodanno",
                "epifania",
                "carnevale",
                "quaresima",
                "ognissanti",
            ],
            &[],
        ),
        "pt" => (
            &["páscoa", "carnaval", "réveillon", "quaresma"],
            &["semana santa", "ano novo"],
        ),
        "nl" => (
            &[
                "kerstmis",
                "kerst",
                "pasen",
                "pinksteren",
                "oudjaar",
                "nieuwjaar",
                "carnaval",
                "koningsdag",
                "kerstavond",
            ],
            &[],
        ),
        "sv" => (&["jul", "påsk", "midsommar", "nyår", "pingst"], &[]),
        "da" => (&["jul", "påske", "pinse", "nytår", "fastelavn"], &[]),
        "ru" => (
            &[
                "пасха",
                "пасху",
                "пасхи",
                "пасхе",
                "пасхой",
                "рождество",
                "рождества",
                "рождеству",
                "рождеством",
                "рождестве",
                "масленица",
                "масленицу",
                "масленицы",
                "масленице",
            ],
            &["новый год", "нового года", "новым годом", "новом году"],
        ),
        _ => (&[], &[]),
    }
}

/// Words before Portuguese `Natal` that make it Christmas, not the Brazilian city (`no Natal`,
/// `Feliz Natal`; the city takes no article: `em Natal`).
const CHRISTMAS_ARTICLES: &[&str] = &[
    "o", "no", "do", "ao", "pelo", "este", "neste", "deste", "próximo", "último", "feliz",
];

/// [`Pass::CommonWords`]: a holiday is no name, however the tagger typed it (`Navidad`,
/// `Pâques`, `Pasqua`, `Semana Santa`), unless the KB knows it or it ends a name of several
/// words (a surname: `Charles Pasqua`).
fn drop_holidays(found: &mut Vec<Found>, lines: &[Vec<Token>], language: &str) {
    let (words, phrases) = holidays(language);
    if words.is_empty() && phrases.is_empty() {
        return;
    }
    let tokens: Vec<&Token> = lines.iter().flatten().collect();
    let surnames = last_words(found);
    // A phrase of two words, without building the pair (`semana` + `santa`).
    let phrase = |first: &str, second: &str| {
        phrases
            .iter()
            .any(|p| p.split_once(' ') == Some((first, second)))
    };
    found.retain(|f| {
        if f.kb.is_some() || surnames.contains(&f.text) {
            return true;
        }
        let lower = f.text.to_lowercase();
        if words.contains(&lower.as_str()) || phrases.contains(&lower.as_str()) {
            return false;
        }
        // A holiday the tagger ran on over the next words in lower case (`Рождество поезда`).
        let run_on = lower.split_once(' ').is_some_and(|(first, _)| {
            words.contains(&first)
                && f.text
                    .split(' ')
                    .skip(1)
                    .all(|w| !w.starts_with(letters::uppercase))
        });
        if run_on {
            return false;
        }
        // The words around the name, read only for a phrase's word or Portuguese `Natal`.
        let in_a_phrase = phrases.iter().any(|p| p.split(' ').any(|w| w == lower));
        let natal = language == "pt" && lower == "natal";
        if !in_a_phrase && !natal {
            return true;
        }
        let at = tokens.partition_point(|t| t.start < f.start);
        let before = at.checked_sub(1).map(|k| tokens[k].text.to_lowercase());
        let end = tokens.partition_point(|t| t.end <= f.end);
        let after = tokens.get(end).map(|t| t.text.to_lowercase());
        let in_phrase = before.as_deref().is_some_and(|b| phrase(b, &lower))
            || after.as_deref().is_some_and(|a| phrase(&lower, a));
        let christmas = natal
            && before
                .as_deref()
                .is_some_and(|b| CHRISTMAS_ARTICLES.contains(&b));
        !(in_phrase || christmas)
    });
}

/// Whether a name is one word that is a day of the week (any case).
fn weekday(name: &str) -> bool {
    !name.contains(' ') && WEEKDAYS.contains(&name.to_lowercase().as_str())
}

/// Words that begin the particles between a first name and a surname (`von`, `van`, `de`,
/// `da`, `bin`): Dutch, German, French, Spanish, Portuguese, Italian and Arabic names.
const NAME_PARTICLES: &[&str] = &[
    "von", "van", "de", "del", "della", "di", "da", "do", "dos", "du", "te", "ter", "ten", "zu",
    "vom", "bin", "ibn", "al",
];

/// Prepositions (with their article, where a language writes them as one word) that no
/// person's name holds, unlike the particles: a person the tagger ran on over one ends before
/// it (`contratou o avançado Pedro Guilherme ao Santos`: to Santos).
const NO_NAME_PREPOSITIONS: &[&str] = &[
    "ao", "aos", "à", "às", "no", "na", "nos", "nas", "pelo", "pela", "em", "com", "para", "por",
    "en", "con", "au", "aux", "chez", "avec", "pour", "sur", "nel", "nella", "alla", "allo",
    "agli", "alle", "per", "to", "at", "in", "on", "from", "with", "for", "im", "am", "an", "auf",
    "mit", "für", "bei", "aus", "nach", "в", "на", "из", "с", "к", "у", "от", "для",
];

/// [`Pass::NameParticles`]: a person of three words or more with a preposition inside is the
/// words before it (`Pedro Guilherme ao Santos`), where those are two names at least.
fn cut_persons_at_prepositions(found: &mut [Found]) {
    for f in found.iter_mut().filter(|f| f.kind == EntityType::Person) {
        let Some(k) = f
            .text
            .split(' ')
            .position(|word| NO_NAME_PREPOSITIONS.contains(&word))
            .filter(|&k| k >= 2)
        else {
            continue;
        };
        let kept: usize = f
            .text
            .split(' ')
            .take(k)
            .map(|w| w.len() + 1)
            .sum::<usize>()
            - 1;
        f.text.truncate(kept);
        f.end = f.start + f.text.chars().count();
        f.margin = 0.0;
    }
}

/// Whether a word (any case) begins a name's particles.
fn name_particle(word: &str) -> bool {
    NAME_PARTICLES.contains(&word.to_lowercase().as_str())
}

/// Articles that may follow a leading particle (`von der`, `van den`, `de la`, `dos`), never
/// a name's particle alone: German `den`, `das` are ordinary articles.
const PARTICLE_ARTICLES: &[&str] = &["der", "den", "de", "la", "le", "las", "los", "van", "te"];

/// The longest run of particles in a name (`van de`, `de la`, `von und zu` would be three).
const MAX_PARTICLES: usize = 3;

/// [`Pass::NameParticles`]: a one-word person that is a first name of the name lists followed
/// by name particles and a capitalised word becomes one person (not `Mister Cox von
/// Birmingham`), and so does a person name that starts with a particle (`der Leyen`) with the
/// particles and the capitalised word before it (`Von der Leyen` at a sentence start). The joined names replace what they cover. Not when the capitalised word
/// is a place or organisation already (`Franz von Österreich`, `Merkel von der CDU`): tagged
/// so, or a name the KB knows.
fn join_name_particles(
    found: &mut Vec<Found>,
    lines: &[Vec<Token>],
    chars: &[char],
    known: impl Fn(&str) -> bool,
) {
    let lowered = |t: &Token| t.text.to_lowercase();
    let lead = |t: &Token| name_particle(&t.text);
    let article = |t: &Token| PARTICLE_ARTICLES.contains(&lowered(t).as_str());
    let is_lower = |t: &Token| t.text.chars().next().is_some_and(letters::lowercase);
    let surname = name_shaped;
    // Particles from `from`: a lead particle, then lead particles or articles, all lower-case
    // (the first may be capitalised at a sentence start, or after a first name of the lists:
    // Italian writes `Daniele De Rossi`, `Luigi Di Maio`); how many.
    let after_first_name = |line: &[Token], at: usize| {
        at > 0 && name_shaped(&line[at - 1]) && tagging::is_first_name(&line[at - 1].text)
    };
    let particles = |line: &[Token], from: usize, sentence_start_ok: bool| -> usize {
        let first = &line[from];
        if !lead(first)
            || !(is_lower(first)
                || sentence_start_ok && first.sentence_start
                || after_first_name(line, from))
        {
            return 0;
        }
        1 + line[from + 1..]
            .iter()
            .take(MAX_PARTICLES - 1)
            .take_while(|t| is_lower(t) && (lead(t) || article(t)))
            .count()
    };
    // Places and organisations found so far that are surely no surname, sorted, to look up by
    // position: KB names and names of several words (the tagger takes a surname it never saw
    // for a place: `Dennis te` + `Kloese`).
    let mut others: Vec<(usize, usize)> = found
        .iter()
        .filter(|f| f.kind != EntityType::Person && (f.kb.is_some() || f.text.contains(' ')))
        .map(|f| (f.start, f.end))
        .collect();
    others.sort_unstable();
    let other = |t: &Token| {
        let next = others.partition_point(|&(_, end)| end <= t.start);
        others.get(next).is_some_and(|&(start, _)| start < t.end) || known(&t.text)
    };
    // Every token by its start offset: (line, index in the line).
    let tokens: Vec<(usize, usize, usize)> = lines
        .iter()
        .enumerate()
        .flat_map(|(l, line)| line.iter().enumerate().map(move |(i, t)| (t.start, l, i)))
        .collect();
    let mut joined: Vec<(usize, usize, f32)> = Vec::new();
    for f in found.iter().filter(|f| f.kind == EntityType::Person) {
        let Ok(at) = tokens.binary_search_by_key(&f.start, |&(start, _, _)| start) else {
            continue;
        };
        let (_, l, first) = tokens[at];
        let line = &lines[l];
        let Some(last) = line[first..]
            .iter()
            .position(|t| t.end == f.end)
            .map(|n| first + n)
        else {
            continue;
        };
        // Forward: `Ursula` + `von der` + `Leyen`.
        if first == last && last + 1 < line.len() {
            let i = last + 1 + particles(line, last + 1, false);
            if i > last + 1
                && i < line.len()
                && surname(&line[i])
                && !other(&line[i])
                && tagging::is_first_name(&line[first].text)
            {
                joined.push((line[first].start, line[i].end, f.margin));
                continue;
            }
        }
        // Backward, a capitalised particle: `Daniele De` + `Rossi`.
        if first == last
            && first >= 2
            && !is_lower(&line[first - 1])
            && particles(line, first - 1, false) == 1
            && !other(&line[first - 2])
        {
            joined.push((line[first - 2].start, f.end, f.margin));
            continue;
        }
        // Backward: `der Leyen` + the particles before it and the name (or the sentence
        // start) before them.
        if !is_lower(&line[first]) || !(lead(&line[first]) || article(&line[first])) {
            continue;
        }
        let Some(start) = (first.saturating_sub(MAX_PARTICLES)..=first)
            .rev()
            .find(|&s| particles(line, s, true) > first - s)
        else {
            continue;
        };
        if line[start].sentence_start && !is_lower(&line[start]) {
            joined.push((line[start].start, f.end, f.margin));
        } else if start > 0 && surname(&line[start - 1]) {
            joined.push((line[start - 1].start, f.end, f.margin));
        }
    }
    // None of the three found: a first name of the lists, a capitalised particle, a
    // capitalised word (`ha ringraziato Aurelio De Laurentiis`).
    found.sort_by_key(|f| f.start);
    let free = |t: &Token| !overlaps(found, t.start, t.end);
    for line in lines {
        for i in 1..line.len().saturating_sub(1) {
            if surname(&line[i + 1])
                && !is_lower(&line[i])
                && particles(line, i, false) == 1
                && [&line[i - 1], &line[i], &line[i + 1]].into_iter().all(free)
                && !other(&line[i + 1])
            {
                joined.push((line[i - 1].start, line[i + 1].end, 0.0));
            }
        }
    }
    // A first name of the lists no name holds, particles in lower case, and a capitalised word
    // the tagger took for a one-word place or organisation no list knows (`Benoît de
    // Saint-Exupéry`: `Saint-` reads like `Saint-Étienne`).
    let guessed_other = |t: &Token| {
        let at = found.partition_point(|f| f.end <= t.start);
        found.get(at).is_some_and(|f| {
            f.start == t.start && f.end == t.end && f.kind != EntityType::Person && f.kb.is_none()
        })
    };
    for line in lines {
        for i in 1..line.len().saturating_sub(1) {
            if !is_lower(&line[i]) || !name_shaped(&line[i - 1]) || !free(&line[i - 1]) {
                continue;
            }
            let j = i + particles(line, i, false);
            if j > i
                && j < line.len()
                && surname(&line[j])
                && guessed_other(&line[j])
                && !other(&line[j])
                && !tagging::is_listed_place(&line[j].text)
                && tagging::is_first_name(&line[i - 1].text)
            {
                joined.push((line[i - 1].start, line[j].end, 0.0));
            }
        }
    }
    apply_joins(found, joined, chars);
}

/// Replaces the names inside each joined person span `(start, end, margin)` by the person
/// (the first of overlapping spans wins); leaves `found` sorted by start.
fn apply_joins(found: &mut Vec<Found>, mut joined: Vec<(usize, usize, f32)>, chars: &[char]) {
    if joined.is_empty() {
        return;
    }
    joined.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    joined.dedup_by(|a, b| a.0 < b.1 && b.0 < a.1);
    found.retain(|f| {
        let next = joined.partition_point(|&(_, end, _)| end <= f.start);
        joined.get(next).is_none_or(|&(start, _, _)| start >= f.end)
    });
    found.extend(joined.into_iter().map(|(start, end, margin)| Found {
        start,
        end,
        text: chars[start..end].iter().collect(),
        kind: EntityType::Person,
        kb: None,
        margin,
    }));
    found.sort_by_key(|f| f.start);
}

/// Part of the `first-names` pass: a name found that is a KB name, then a first name of the
/// name lists and one more capitalised word, is the two names (`la Audiencia Nacional Santiago
/// Pedraz`: the court and its judge, which the pooled tagger took for one organisation). Not
/// where the words before the first name are no KB name: an organisation named after a person
/// keeps the person's name (`Fundación Amancio Ortega`). A person found so, whose first words
/// are a KB place or organisation that is no first name, is the two names whatever the case of
/// the first name (`министра строительства Татарстана Рустама Галиева`: the region in the
/// genitive, then the deputy minister). `known`: the KB's type of a name.
fn split_person_after_known_name(
    found: &mut Vec<Found>,
    known: impl Fn(&str) -> Option<EntityType>,
) {
    let mut split = Vec::new();
    for f in found.iter_mut() {
        // Three words at least (no allocation for the many shorter names).
        if f.text.matches(' ').nth(1).is_none() {
            continue;
        }
        let words: Vec<&str> = f.text.split(' ').collect();
        let n = words.len();
        let (first_name, surname) = (words[n - 2], words[n - 1]);
        let head = words[..n - 2].join(" ");
        if !surname.starts_with(letters::uppercase) || !first_name.starts_with(letters::uppercase) {
            continue;
        }
        let head_kind = if f.kind == EntityType::Person {
            known(&head)
                .filter(|kind| *kind != EntityType::Person && !tagging::is_first_name(&head))
        } else {
            known(&head).filter(|_| tagging::is_first_name(first_name))
        };
        let Some(head_kind) = head_kind else {
            continue;
        };
        let head_end = f.start + head.chars().count();
        let (head_start, tail_start) = (f.start, head_end + 1);
        let tail = Found {
            start: tail_start,
            end: f.end,
            text: words[n - 2..].join(" "),
            kind: EntityType::Person,
            kb: None,
            margin: 0.0,
        };
        if f.kind == EntityType::Person {
            *f = tail;
            split.push(Found {
                start: head_start,
                end: head_end,
                text: head,
                kind: head_kind,
                kb: None,
                margin: 0.0,
            });
        } else {
            f.end = head_end;
            f.text = head;
            split.push(tail);
        }
    }
    found.extend(split);
    found.sort_by_key(|f| f.start);
}

/// Part of [`Pass::ListedCompanies`]: a name right after an elided `L'` that a listed company
/// writes as its own first letters is the company with it (`L'Oréal`, `L’Oréal`: the stage
/// leaves an elided article out of names, `l'Europa`).
fn take_elided_articles_of_companies(found: &mut [Found], chars: &[char]) {
    for f in found.iter_mut() {
        let Some(apostrophe) = f.start.checked_sub(1).map(|at| chars[at]) else {
            continue;
        };
        if f.start < 2 || chars[f.start - 2] != 'L' || !matches!(apostrophe, '\'' | '’') {
            continue;
        }
        if tagging::is_listed_company(&format!("L'{}", f.text)) {
            f.start -= 2;
            f.text = chars[f.start..f.end].iter().collect();
            f.kind = EntityType::Organization;
        }
    }
}

/// Part of [`Pass::ListedCompanies`]: a listed company that starts a sentence or follows a
/// preposition of belonging or place, and that the tagger took for a one-word person, is the
/// company where no person of the article has it as a surname and no name list holds it as a
/// first name (`Renault va produire`, `Porsche hat`, `l'ancien patron de Renault et de
/// Nissan`, `Chef von Siemens`: surnames too, so a sentence's subject or an owner reads like
/// one; not where `Louis Renault` is in the article, nor `erklärte Gates` inside a sentence).
fn companies_taken_for_surnames(found: &mut [Found], lines: &[Vec<Token>]) {
    let candidates: Vec<usize> = found
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.kind == EntityType::Person
                && !f.text.contains(' ')
                && tagging::is_listed_company(&f.text)
                && !tagging::is_first_name(&f.text)
        })
        .map(|(i, _)| i)
        .collect();
    if candidates.is_empty() {
        return;
    }
    // The tokens, in text order: a line's first token starts a sentence.
    let tokens: Vec<&Token> = lines.iter().flatten().collect();
    let opens = |start: usize| {
        let Ok(k) = tokens.binary_search_by_key(&start, |t| t.start) else {
            return false;
        };
        tokens[k].sentence_start
            || k > 0 && OWNER_PREPOSITIONS.contains(&tokens[k - 1].text.as_str())
    };
    let surnames: Vec<&str> = person_surnames(found).collect();
    let companies: Vec<usize> = candidates
        .into_iter()
        .filter(|&i| opens(found[i].start) && !surnames.contains(&found[i].text.as_str()))
        .collect();
    for i in companies {
        found[i].kind = EntityType::Organization;
    }
}

/// The surnames of the persons found by two words or more (`Petrenko` of `Kirill Petrenko`).
fn person_surnames(found: &[Found]) -> impl Iterator<Item = &str> {
    found
        .iter()
        .filter(|f| f.kind == EntityType::Person)
        .filter_map(|f| f.text.rsplit_once(' ').map(|(_, last)| last))
}

/// Prepositions after which a company's name reads like a person's (`patron de Renault`,
/// `bei Siemens`, `CEO of Ford`).
const OWNER_PREPOSITIONS: &[&str] = &[
    "de", "du", "des", "chez", "of", "at", "von", "bei", "di", "del", "della", "presso", "da",
    "do", "dos", "van", "bij", "av", "hos",
];

/// Words before a German genitive that make it no place's (`des Peters`).
const GERMAN_ARTICLES: &[&str] = &[
    "der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "einem", "einen",
];

/// Part of [`Pass::KbMatches`], German, Swedish and Danish: a place's or (German) a person's
/// genitive in `s` right before a noun is the place or the person (`Bremens Bürgermeister`,
/// `Hannovers damaliger Oberbürgermeister`, `Trumps Zölle`, `Nerudas Gedichte`, `Ukraines
/// præsident`: the taggers learnt few genitives), where no name holds the word, the word is
/// no German common noun, no article stands before it and the article never writes it in
/// lower case. A place is one the KB knows (a town, a
/// country, a region) or, for a word of the name lists no first name or surname, a listed
/// place; a person's name is a listed first name or surname, or the last word of a person
/// found in the article. A place's genitive the tagger took for a one-word person, and no
/// person's name, is the place (`sagte Bremens Stürmer`). The KB links a place to its entry
/// ([`Pass::KbTypes`]).
fn add_genitives(
    found: &mut Vec<Found>,
    lines: &[Vec<Token>],
    lower: &std::collections::HashSet<&str>,
    language: &str,
    kb_place: impl Fn(&str) -> bool,
) {
    let german = language == "de";
    let surnames: Vec<&str> = person_surnames(found).collect();
    let mut added = Vec::new();
    let mut retyped = Vec::new();
    for line in lines.iter().filter(|line| !capitals_line(line)) {
        for (i, word) in line.iter().enumerate() {
            // Cheap tests first (this runs on every token of a German article).
            let Some(stem) = word.text.strip_suffix('s') else {
                continue;
            };
            // The noun, after an adjective if any (`Hannovers damaliger Oberbürgermeister`);
            // Swedish and Danish write it in lower case (`Ukraines præsident`).
            let adjective = german
                && line.get(i + 1).is_some_and(|t| {
                    t.text.chars().all(letters::lowercase)
                        && ["e", "er", "en", "es"].iter().any(|e| t.text.ends_with(e))
                });
            let Some(next) = line.get(i + 1 + usize::from(adjective)) else {
                continue;
            };
            let noun = if german {
                name_shaped(next)
            } else {
                next.text.chars().all(letters::lowercase)
            };
            if stem.chars().count() < 3
                || stem.ends_with('s')
                || !name_shaped(word)
                || !noun
                || next.sentence_start
                || german
                    && i > 0
                    && GERMAN_ARTICLES.contains(&line[i - 1].text.to_lowercase().as_str())
            {
                continue;
            }
            let lower_case = word.text.to_lowercase();
            if lower.contains(lower_case.as_str())
                || german && Nouns::german().hint(&lower_case) == Some(NounHint::Noun)
            {
                continue;
            }
            let person_name = [word.text.as_str(), stem]
                .iter()
                .any(|w| tagging::is_first_name(w) || tagging::is_surname(w));
            let overlapping = found
                .iter()
                .position(|f| f.start < word.end && word.start < f.end);
            if let Some(at) = overlapping {
                // A place's genitive the tagger took for a person (`sagte Bremens Stürmer`).
                let f = &found[at];
                let place = kb_place(stem) || german && tagging::is_listed_place(stem);
                if f.kind == EntityType::Person
                    && f.start == word.start
                    && f.end == word.end
                    && place
                    && !person_name
                {
                    retyped.push(at);
                }
                continue;
            }
            let kind = if kb_place(stem) {
                EntityType::Location
            } else if !german {
                // Swedish and Danish: the KB's places only.
                continue;
            } else if person_name || surnames.contains(&stem) {
                EntityType::Person
            } else if tagging::is_listed_place(stem) {
                EntityType::Location
            } else {
                continue;
            };
            added.push(Found::token(word, kind));
        }
    }
    for at in retyped {
        found[at].kind = EntityType::Location;
    }
    found.extend(added);
    found.sort_by_key(|f| f.start);
}

/// Articles that start a sentence and are capitalised by their place alone.
const SENTENCE_ARTICLES: &[&str] = &[
    "La", "Le", "Les", "El", "Los", "Las", "Il", "Lo", "Gli", "O", "Os", "As", "De", "Het", "Die",
    "Der", "Das", "The",
];

/// Part of [`Pass::KbTypes`]: a name the KB does not know whole that is a sentence's article
/// and a KB name is that name, of the KB's type (`La Bretagne est placée en vigilance rouge`,
/// an organisation to the French tagger; `La Agencia Estatal de Meteorología alerta`); a name
/// with its article the KB knows whole stays (`El Salvador`, `Le Monde`).
fn cut_articles_before_known_names(
    found: &mut [Found],
    lines: &[Vec<Token>],
    known: impl Fn(&str) -> Option<EntityType>,
) {
    // Most articles have no such name: the sentence starts are read at the first one.
    let sentence_starts: std::cell::OnceCell<Vec<usize>> = std::cell::OnceCell::new();
    let starts_sentence = |start: usize| {
        let starts = sentence_starts.get_or_init(|| {
            let starts = lines.iter().flatten().filter(|t| t.sentence_start);
            starts.map(|t| t.start).collect()
        });
        starts.binary_search(&start).is_ok()
    };
    for f in found.iter_mut().filter(|f| f.kb.is_none()) {
        let Some((article, rest)) = f.text.split_once(' ') else {
            continue;
        };
        if !SENTENCE_ARTICLES.contains(&article)
            || !starts_sentence(f.start)
            || known(&f.text).is_some()
        {
            continue;
        }
        if let Some(kind) = known(rest) {
            f.start += article.chars().count() + 1;
            f.text = rest.to_owned();
            f.kind = kind;
            f.margin = 0.0;
        }
    }
}

/// Part of [`Pass::KbTypes`], for names the KB does not know whole but knows the last word of:
/// a two-word person whose second word is a KB organisation and whose first is no first name
/// of the lists is that organisation alone (`Аналитики Сбербанка`: `analysts` starting the
/// sentence, then the bank in the genitive; not a KB place, which is a surname too often:
/// `S. Rhodes`, `MaliVai Washington`, `José-Augusto França`); a place
/// of several words ending in a KB organisation is a part of it, an organisation
/// (`Сибирского отделения РАН`, the academy's Siberian branch), unless a noun of a place says
/// it is one (`Ивановской площади Кремля`). `known`: the KB's type of a name.
fn type_by_known_last_word(found: &mut [Found], known: impl Fn(&str) -> Option<EntityType>) {
    for f in found.iter_mut() {
        if !matches!(f.kind, EntityType::Person | EntityType::Location) || f.kb.is_some() {
            continue;
        }
        let Some((head, last)) = f.text.rsplit_once(' ') else {
            continue;
        };
        if !last.starts_with(letters::uppercase) {
            continue;
        }
        match (f.kind, known(last)) {
            (EntityType::Person, Some(EntityType::Organization))
                if !head.contains(' ') && !tagging::is_first_name(head) =>
            {
                f.start += head.chars().count() + 1;
                f.text = last.to_owned();
                f.kind = EntityType::Organization;
                f.margin = 0.0;
            }
            // Not a place named by its noun (`Ивановской площади Кремля`, a square of the
            // Kremlin).
            (EntityType::Location, Some(EntityType::Organization))
                if known(&f.text).is_none()
                    && !head.split(' ').any(institutions::is_place_noun) =>
            {
                f.kind = EntityType::Organization;
            }
            _ => {}
        }
    }
}

/// Part of the `first-names` pass: a person of two words or more goes on over a capitalised
/// word right after it that ends the clause (punctuation or the line's end after it), that no
/// name holds, the KB does not know and is no first name (a second surname: `il presidente,
/// Marco Tronchetti Provera, si è detto`; not OCR's `Léon Lesage Questions diverses`, where a
/// heading follows a signature). Not in German, which capitalises every noun (`gab Angela
/// Merkel Blumen`), nor in English, which capitalises weekdays and months (`told Tony Blair
/// Thursday`). `known`: a KB name; `common`: a word the model learnt is usually no name, or one
/// it learnt that no name list holds as a surname (`Isso`, `Baron`): a second surname is
/// mostly rare.
fn extend_persons_by_surnames(
    found: &mut [Found],
    lines: &[Vec<Token>],
    chars: &[char],
    known: impl Fn(&str) -> bool,
    common: impl Fn(&str) -> bool,
) {
    found.sort_by_key(|f| f.start);
    let mut extended = Vec::new();
    for line in lines.iter().filter(|line| !capitals_line(line)) {
        for i in 1..line.len() {
            let (before, word) = (&line[i - 1], &line[i]);
            let closes = line
                .get(i + 1)
                .is_none_or(|t| matches!(t.text.as_str(), "," | "." | ";" | ":" | ")"));
            if !closes || word.sentence_start || !name_shaped(word) || before.end + 1 != word.start
            {
                continue;
            }
            let at = found.partition_point(|f| f.end < before.end);
            let Some(person) = found.get(at) else {
                continue;
            };
            if person.end != before.end
                || person.kind != EntityType::Person
                || !person.text.contains(' ')
                || chars[before.end] != ' '
                || overlaps(found, word.start, word.end)
                || tagging::is_first_name(&word.text)
                || known(&word.text)
                || common(&word.text)
            {
                continue;
            }
            extended.push((at, word.end));
        }
    }
    for (at, end) in extended {
        let f = &mut found[at];
        f.end = end;
        f.text = chars[f.start..end].iter().collect();
    }
}

/// The `first-names` pass: a one-word person and a first name of the name lists next to it,
/// or a first name and the capitalised word after it, are one person. `known`: a KB name;
/// `common`: a word the model learnt is usually no name (`Selon`, `Laut`).
fn join_first_names(
    found: &mut Vec<Found>,
    lines: &[Vec<Token>],
    chars: &[char],
    known: impl Fn(&str) -> bool,
    common: impl Fn(&str) -> bool,
) {
    // A word that may be a name: capitalised, with lower-case letters, not at a sentence
    // start (where function words are capitalised too: `Secondo`, `Selon`).
    let name_word = |t: &Token| !t.sentence_start && name_shaped(t);
    found.sort_by_key(|f| f.start);
    // Every name found so far, sorted, to look up by position.
    let spans: Vec<(usize, usize)> = found.iter().map(|f| (f.start, f.end)).collect();
    let free = |t: &Token| {
        let next = spans.partition_point(|&(_, end)| end <= t.start);
        spans.get(next).is_none_or(|&(start, _)| start >= t.end) && !known(&t.text)
    };
    let mut joined: Vec<(usize, usize, f32)> = Vec::new();
    // Persons whose first word goes: (start of the person, its new start).
    let mut trimmed: Vec<(usize, usize)> = Vec::new();
    let mut line_of = lines.iter().peekable();
    for f in found.iter().filter(|f| f.kind == EntityType::Person) {
        // Persons come sorted by start, as lines do: advance to the line that holds `f`.
        while line_of
            .peek()
            .is_some_and(|line| line.last().is_some_and(|t| t.end <= f.start))
        {
            line_of.next();
        }
        let Some(line) = line_of.peek() else {
            break;
        };
        // Tokens are sorted by start and by end: looked up, not scanned (a line may be an
        // article of thousands of names).
        let Ok(first) = line.binary_search_by_key(&f.start, |t| t.start) else {
            continue;
        };
        let Ok(last) = line.binary_search_by_key(&f.end, |t| t.end) else {
            continue;
        };
        // A common word starting a sentence before a first name is not part of the name
        // (`Selon Emmanuel Macron`, `Laut Olaf Scholz`; `Elden Paulo Durante` is a name).
        if last >= first + 2
            && line[first].sentence_start
            && common(&line[first].text)
            && !tagging::is_first_name(&line[first].text)
            && tagging::is_first_name(&line[first + 1].text)
        {
            trimmed.push((f.start, line[first + 1].start));
            continue;
        }
        if first != last {
            continue;
        }
        // Backward: `Jaume` + `Collboni`.
        if let Some(before) = first.checked_sub(1).map(|i| &line[i]) {
            if name_word(before) && free(before) && tagging::is_first_name(&before.text) {
                joined.push((before.start, f.end, f.margin));
                continue;
            }
        }
        // Forward: `Roland` + `Lescure`.
        if let Some(after) = line.get(last + 1) {
            if name_word(after) && free(after) && tagging::is_first_name(&f.text) {
                joined.push((f.start, after.end, f.margin));
            }
        }
    }
    for (start, new_start) in trimmed {
        if let Ok(at) = found.binary_search_by_key(&start, |f| f.start) {
            let f = &mut found[at];
            f.start = new_start;
            f.text = chars[new_start..f.end].iter().collect();
        }
    }
    apply_joins(found, joined, chars);
}

/// Below this tagger margin a tag is a guess: a guessed name on a heading line may be dropped
/// and a guessed non-person may join a person (measured: dropping heading guesses up to 5
/// costs nothing on the dev sets, up to 10 costs 1.8 points on factRuEval's lists of names).
const GUESS_MARGIN: f32 = 5.0;

/// A heading line: short, title case, and it does not end as a sentence does.
fn heading_line(line: &[Token]) -> bool {
    let last = line.last().map(|t| t.text.as_str()).unwrap_or_default();
    let words = line
        .iter()
        .filter(|t| t.text.chars().any(letters::alphabetic))
        .count();
    // A list entry or a results line (`• 4 : 4 — 54 : 46 Ковальчук ( Прошкин )`, `1. Smith`)
    // holds names, not a heading's words.
    let list_entry = line.first().is_some_and(|t| {
        matches!(t.text.as_str(), "•" | "·" | "-" | "–" | "—" | "*" | "▪")
            || t.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    });
    // A dateline, a score or a telephone number (`MONTE CARLO 1996-08-22`, `Bucharest
    // Newsroom 40-1-3120264`) makes a line of facts, not a section title.
    let figures = line
        .iter()
        .any(|t| t.text.chars().any(|c| c.is_ascii_digit()));
    words <= 8
        && !list_entry
        && !figures
        && title_case_line(line)
        && !matches!(last, "." | "!" | "?" | ":" | "\"" | "\u{201d}")
}

/// [`Pass::UnsureHeadings`]: unsure, unknown names on heading lines that the rest of the text
/// never mentions are dropped, unless the name is the whole line.
fn drop_unsure_headings(
    found: &mut Vec<Found>,
    lines: &[Vec<Token>],
    text: &str,
    common_word: impl Fn(&str) -> bool,
) {
    let headings: Vec<(usize, usize)> = line_spans(lines, heading_line);
    if headings.is_empty() {
        return;
    }
    // A line that is one name and nothing else (a list entry, a caption, a byline) stays,
    // unless the beam chose the name against the tagger's own score for its words (a
    // negative margin: `Looking Ahead` as a person).
    let word_extent = |line: &Vec<Token>| {
        let words: Vec<&Token> = line
            .iter()
            .filter(|t| t.text.chars().any(letters::alphanumeric))
            .collect();
        words.first().map(|w| (w.start, words[words.len() - 1].end))
    };
    let whole_lines: Vec<(usize, usize)> = lines.iter().filter_map(word_extent).collect();
    // The text outside headings, to look the names up in.
    let mut body = String::new();
    let mut last = 0;
    let chars: Vec<char> = text.chars().collect();
    for (start, end) in &headings {
        body.extend(&chars[last..*start]);
        body.push('\n');
        last = *end;
    }
    body.extend(&chars[last..]);
    found.retain(|f| {
        if !within(&headings, f.start, f.end) || f.kb.is_some() || body.contains(&f.text) {
            return true;
        }
        let whole_line = whole_lines.contains(&(f.start, f.end));
        // A line that is one "person" without a first name the lists know is a section title
        // (`Key Discussions`, margin 5.5 with the averaged English tagger), however sure the
        // tagger is; a byline or a caption names someone's first name (`eng.testa` −0.02).
        let first_name = f
            .text
            .split_whitespace()
            .next()
            .is_some_and(tagging::is_first_name);
        if whole_line && f.kind == EntityType::Person && !first_name {
            return false;
        }
        // A line that is one name made of words written in lower case at least as often as
        // capitalised is a section title however sure the tagger is (`Summit Goals` as an
        // organisation).
        if whole_line && f.text.split_whitespace().all(&common_word) {
            return false;
        }
        f.margin >= GUESS_MARGIN || (whole_line && f.margin > 0.0)
    });
}

/// Part of [`Pass::DocumentConsistency`], in a language of [`POSSESSIVE_IN_WORD`]: the
/// surname of a person found by two words or more, with the genitive's `s` and no name found
/// there, is the person (`Kristerssons regering`, `Petrenkos Vertrag`).
fn add_genitives_of_persons(found: &mut Vec<Found>, lines: &[Vec<Token>]) {
    let genitives: Vec<String> = person_surnames(found)
        .filter(|last| !last.ends_with('s') && last.chars().count() >= 3)
        .map(|last| format!("{last}s"))
        .collect();
    if genitives.is_empty() {
        return;
    }
    let mut added = Vec::new();
    for t in lines.iter().flatten() {
        if t.text.ends_with('s')
            && genitives.contains(&t.text)
            && !found.iter().any(|f| f.start < t.end && t.start < f.end)
        {
            added.push(Found::token(t, EntityType::Person));
        }
    }
    found.extend(added);
    found.sort_by_key(|f| f.start);
}

/// A confidently found name: its words, its type votes weighted by margin, its KB entry.
type ConfidentName = (Vec<String>, HashMap<EntityType, f32>, Option<usize>);
/// A name to spread: its words, its type, its KB entry.
type Spread<'a> = (&'a Vec<String>, EntityType, Option<usize>);

/// [`Pass::DocumentConsistency`]: a name the tagger found confidently (or the KB linked) is
/// found wherever else the same words occur in the text, and unsure mentions of a name take the
/// type its confident mentions have.
fn document_consistency(
    found: &mut Vec<Found>,
    lines: &[Vec<Token>],
    chars: &[char],
    lower: &std::collections::HashSet<&str>,
    surely_outside: &[usize],
    confident: f32,
) {
    // Confident names: text -> (words, type votes weighted by margin, kb).
    let mut names: HashMap<String, ConfidentName> = HashMap::new();
    // The article's tokens in text order: a name's words are the tokens it spans.
    let tokens: Vec<&Token> = lines.iter().flatten().collect();
    for f in found.iter() {
        let sure = f.kb.is_some() || f.margin >= confident;
        let capitalised = f.text.chars().next().is_some_and(letters::uppercase);
        // A one-word name the text also writes in lower case (`La`) is not spread, nor a
        // two-letter one the KB does not know (Swedish `Du`, `you`, written with a capital).
        let common = !f.text.contains(' ') && lower.contains(f.text.to_lowercase().as_str());
        let short = f.text.chars().count() < if f.kb.is_some() { 2 } else { 3 };
        if !sure || !capitalised || common || short {
            continue;
        }
        if !names.contains_key(&f.text) {
            // The tokens it spans, or, for a name inside a token (`Moscow` of
            // `Moscow-Beijing`), its own.
            let first = tokens.partition_point(|t| t.start < f.start);
            let spanned: Vec<&Token> = tokens[first..]
                .iter()
                .take_while(|t| t.end <= f.end)
                .copied()
                .collect();
            let exact = spanned.first().is_some_and(|t| t.start == f.start)
                && spanned.last().is_some_and(|t| t.end == f.end);
            let words: Vec<String> = if exact {
                spanned.iter().map(|t| t.text.clone()).collect()
            } else {
                tokenize(&f.text)
                    .into_iter()
                    .flatten()
                    .map(|t| t.text)
                    .collect()
            };
            if words.is_empty() {
                continue;
            }
            names.insert(f.text.clone(), (words, HashMap::new(), f.kb));
        }
        let entry = names.get_mut(&f.text).expect("inserted above");
        *entry.1.entry(f.kind).or_default() += f.margin.clamp(1.0, 2.0 * confident);
    }
    if names.is_empty() {
        return;
    }
    let majority = |votes: &HashMap<EntityType, f32>| -> EntityType {
        // Ties go to the type first in alphabetical order, whatever the map's order.
        votes
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.as_str().cmp(a.0.as_str())))
            .map(|(kind, _)| *kind)
            .unwrap_or(EntityType::Misc)
    };
    for f in found.iter_mut() {
        if f.kb.is_none() && f.margin < confident {
            if let Some((_, votes, _)) = names.get(&f.text) {
                f.kind = majority(votes);
            }
        }
    }
    // Names by their words (joined by a separator no token holds), and the lengths of the
    // names each first word starts, longest first: a token tries a few lengths, it does not
    // scan every name that starts with it (an article may hold thousands of `Anna ...`).
    let mut by_words: HashMap<String, Spread> = HashMap::new();
    let mut lengths: HashMap<&str, Vec<usize>> = HashMap::new();
    for (words, votes, kb) in names.values() {
        by_words.insert(words.join("\u{1}"), (words, majority(votes), *kb));
        let known = lengths.entry(words[0].as_str()).or_default();
        if !known.contains(&words.len()) {
            known.push(words.len());
            known.sort_unstable_by(|a, b| b.cmp(a));
        }
    }
    found.sort_by_key(|f| f.start);
    let mut added = Vec::new();
    let mut key = String::new();
    for line in lines {
        let mut i = 0;
        while i < line.len() {
            let best = lengths.get(line[i].text.as_str()).and_then(|lengths| {
                lengths
                    .iter()
                    .filter(|&&n| i + n <= line.len())
                    .find_map(|&n| {
                        key.clear();
                        for (k, t) in line[i..i + n].iter().enumerate() {
                            if k > 0 {
                                key.push('\u{1}');
                            }
                            key.push_str(&t.text);
                        }
                        by_words.get(&key)
                    })
            });
            let Some((words, kind, kb)) = best else {
                i += 1;
                continue;
            };
            let (start, end) = (line[i].start, line[i + words.len() - 1].end);
            // Where the tagger was sure the word is no name, it is none (`Java` the language
            // beside `Java` the island, `Estado` the newspaper beside the state).
            let refused = surely_outside.binary_search(&start).is_ok();
            if !refused && !overlaps(found, start, end) {
                added.push(Found {
                    start,
                    end,
                    text: chars[start..end].iter().collect(),
                    kind: *kind,
                    kb: *kb,
                    margin: 0.0,
                });
            }
            i += words.len();
        }
    }
    found.extend(added);
}

/// Where the lead ends: the end of the first body paragraph (line) after the title.
fn lead_end(text: &str, title_chars: usize) -> usize {
    let body: String = text.chars().skip(title_chars).collect();
    let trimmed = body.trim_start_matches('\n');
    let skipped = body.chars().count() - trimmed.chars().count();
    let first_line = trimmed
        .split('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count();
    title_chars + skipped + first_line
}

impl Stage for EntityStage {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn cpu_bound(&self) -> bool {
        true
    }

    fn process<'a>(&'a self, record: &'a mut EnrichedRecord) -> StageFuture<'a> {
        let title_chars = match record.article.title.as_deref().map(str::trim) {
            Some(title) if !title.is_empty() => title.chars().count(),
            _ => 0,
        };
        // The language stage's answer; without it, what the CMS declared.
        let (code, script): (Option<String>, Option<String>) = match &record.language {
            Some(language) => (
                Some(language.code.clone()),
                Some(language.script.clone().unwrap_or_default()),
            ),
            None => (
                record
                    .article
                    .language
                    .as_deref()
                    .map(|l| l.split(['-', '_']).next().unwrap_or(l).to_ascii_lowercase()),
                None,
            ),
        };
        let model = ModelId::for_language(code.as_deref(), script.as_deref());
        // A text with letters (a script), or a declared language, that no tagger reads; an
        // empty text is no news.
        let known = script.as_deref().is_some_and(|s| !s.is_empty())
            || (script.is_none() && code.as_deref().is_some_and(|c| c != "und"));
        if model == ModelId::KbOnly && known {
            let language = match code.as_deref() {
                Some(code) if code != "und" => format!("`{code}`"),
                _ => "this text's language".to_owned(),
            };
            record.warnings.push(Warning {
                stage: "entities".to_owned(),
                code: LANGUAGE_UNSUPPORTED.to_owned(),
                message: format!(
                    "no entity tagger reads {language}: only knowledge-base names were matched"
                ),
            });
        }
        let language = code.as_deref().filter(|c| *c != "und");
        // Paragraphs the language stage read as another language (a quote), with that
        // language's model.
        let paragraphs: Vec<([usize; 2], ModelId)> = record
            .language
            .iter()
            .flat_map(|l| &l.others)
            .flat_map(|other| {
                let other_model = ModelId::for_language(Some(&other.code), None);
                other
                    .paragraphs
                    .iter()
                    .map(move |span| (*span, other_model))
            })
            .collect();
        record.entities =
            Some(self.extract_mixed(&record.text, title_chars, language, model, &paragraphs));
        Box::pin(std::future::ready(Ok(StageDone::with_model(model.name()))))
    }
}

/// Warning code: the article's language has no tagger, only KB names were matched.
pub const LANGUAGE_UNSUPPORTED: &str = "entities_language_unsupported";

#[cfg(test)]
mod tests {
    use super::*;

    /// A person found at the first occurrence of `name` in `text`.
    fn person(text: &str, name: &str) -> Found {
        let byte = text.find(name).expect("the name is in the text");
        let start = text[..byte].chars().count();
        Found {
            start,
            end: start + name.chars().count(),
            text: name.to_owned(),
            kind: EntityType::Person,
            kb: None,
            margin: 1.0,
        }
    }

    /// The persons `join_first_names` leaves of `found` in `text`; `known`: the KB's names;
    /// the common words are those of the French model.
    fn first_names(text: &str, found: Vec<Found>, known: &[&str]) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut found = found;
        let french = ModelId::Fr.tagger().unwrap();
        join_first_names(
            &mut found,
            &tokenize(text),
            &chars,
            |name| known.contains(&name),
            |word| french.word_leans_outside(&word.to_lowercase()),
        );
        found.into_iter().map(|f| f.text).collect()
    }

    #[test]
    fn a_line_with_figures_is_no_heading() {
        let heading = |line: &str| heading_line(&tokenize(line)[0]);
        assert!(heading("Summit Goals"));
        assert!(heading("Harbour Budget and Port Fees"));
        // A dateline, a telephone number: names there stay however unsure the tagger is.
        assert!(!heading("MONTE CARLO 2026-08-22"));
        assert!(!heading("Lisbon Newsroom 351 21 555 0100"));
        assert!(!heading("The budget passed on Monday."));
    }

    #[test]
    fn a_first_name_beside_a_one_word_person_joins_it() {
        let text = "Le ministre Roland Lescure est venu, et le maire Pedro Collboni aussi.";
        let found = vec![person(text, "Roland"), person(text, "Collboni")];
        assert_eq!(
            first_names(text, found, &[]),
            ["Roland Lescure", "Pedro Collboni"]
        );
    }

    #[test]
    fn a_first_name_does_not_take_a_place_a_kb_name_or_a_sentence_start() {
        // `Paris` is a KB name; `Sophie` ends a sentence before `Martin` starts one; `Anna`
        // is not next to the person.
        let text = "Il a vu Roland Paris hier. Il vit avec Sophie. Martin est parti, Anna dit.";
        let found = vec![
            person(text, "Roland"),
            person(text, "Sophie"),
            person(text, "Martin"),
        ];
        assert_eq!(
            first_names(text, found, &["Paris"]),
            ["Roland", "Sophie", "Martin"]
        );
    }

    #[test]
    fn a_sentence_start_before_a_first_name_is_not_the_name() {
        let text = "Selon Emmanuel Macron, le plan est prêt. Anna Maria Rossi a signé.";
        let found = vec![
            person(text, "Selon Emmanuel Macron"),
            person(text, "Anna Maria Rossi"),
        ];
        assert_eq!(
            first_names(text, found, &[]),
            ["Emmanuel Macron", "Anna Maria Rossi"]
        );
        // A word the model does not know as a common word is the name's first word.
        let text = "Elden Paulo Durante a signé.";
        let found = vec![person(text, "Elden Paulo Durante")];
        assert_eq!(first_names(text, found, &[]), ["Elden Paulo Durante"]);
    }

    #[test]
    fn a_confident_name_does_not_spread_where_the_tagger_was_sure_of_no_name() {
        let text = "Java fica na Indonésia. Java é uma linguagem. Em Java chove.";
        let lines = tokenize(text);
        let chars: Vec<char> = text.chars().collect();
        let mut island = person(text, "Java");
        island.kind = EntityType::Location;
        island.margin = 30.0;
        let char_at = |byte: usize| text[..byte].chars().count();
        let second = char_at(text.find("Java é").unwrap());
        let third = char_at(text.find("Em Java").unwrap()) + 3;
        let spread = |surely_outside: &[usize]| -> Vec<usize> {
            let mut found = vec![island.clone()];
            document_consistency(
                &mut found,
                &lines,
                &chars,
                &lowercase_words(&lines),
                surely_outside,
                10.0,
            );
            found.iter().map(|f| f.start).collect()
        };
        assert_eq!(spread(&[]), [0, second, third]);
        // The tagger was sure the second `Java` is no name: only the third is spread to.
        assert_eq!(spread(&[second]), [0, third]);
    }
}
