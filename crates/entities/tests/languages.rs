//! The entities stage on short news articles written for these tests, one per language, run
//! the way the pipeline runs it: the record's detected language picks the tagger.

use enricher_contracts::{Article, EnrichedRecord, Entity, LanguageInfo, LanguageShare};
use enricher_entities::{EntitySettings, EntityStage, Pass, LANGUAGE_UNSUPPORTED};
use enricher_pipeline::{new_record, Stage};

/// A record of `body` as the language stage would leave it for `code` in `script`.
fn record(code: &str, script: &str, body: &str) -> EnrichedRecord {
    let article = Article::from_json_str(
        &serde_json::json!({"id": format!("test-{code}"), "body": body}).to_string(),
    )
    .unwrap();
    let mut record = new_record(article);
    record.language = Some(LanguageInfo {
        code: code.to_owned(),
        iso639_3: None,
        name: None,
        script: Some(script.to_owned()),
        confidence: 1.0,
        reliable: true,
        declared: None,
        reason: None,
        hint: None,
        others: Vec::new(),
    });
    record
}

/// Runs the stage; returns the entities and the model its report names.
fn enrich(record: EnrichedRecord) -> (EnrichedRecord, String) {
    enrich_without(record, &[])
}

/// [`enrich`] with some passes switched off (to show what a pass does).
fn enrich_without(mut record: EnrichedRecord, off: &[Pass]) -> (EnrichedRecord, String) {
    let stage = EntityStage::new(&EntitySettings::default())
        .unwrap()
        .without_passes(off);
    let done = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(stage.process(&mut record))
        .unwrap();
    (record, done.model.unwrap_or_default())
}

/// The KB id of the entity that has a mention `text`.
fn kb_id(record: &EnrichedRecord, text: &str) -> Option<String> {
    record
        .entities
        .as_deref()
        .unwrap()
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.text == text))
        .and_then(|e| e.kb_id.clone())
}

/// Asserts that each `(mention text, type)` is a mention of an entity of that type, that no
/// entity is one of the `junk` words, and that offsets point at the mentions.
fn assert_entities(record: &EnrichedRecord, expected: &[(&str, &str)], junk: &[&str]) {
    let entities: &[Entity] = record.entities.as_deref().unwrap();
    let summary: Vec<(&str, &str)> = entities
        .iter()
        .map(|e| (e.name.as_str(), e.kind.as_str()))
        .collect();
    for (text, kind) in expected {
        assert!(
            entities
                .iter()
                .any(|e| e.kind.as_str() == *kind && e.mentions.iter().any(|m| m.text == *text)),
            "no {kind} `{text}` in {summary:?}"
        );
    }
    for entity in entities {
        for word in junk {
            assert!(
                !entity.mentions.iter().any(|m| m.text.contains(word)),
                "junk `{word}` in {summary:?}"
            );
        }
    }
    let chars: Vec<char> = record.text.chars().collect();
    for m in entities.iter().flat_map(|e| &e.mentions) {
        assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text);
    }
}

#[test]
fn german() {
    let (record, model) = enrich(record(
        "de",
        "Latin",
        "Die Bundesregierung in Berlin hat am Dienstag neue Hilfen für Landwirte beschlossen. \
         Bundeskanzler Friedrich Merz sagte, das Paket solle vor allem Betrieben in Bayern \
         helfen. Auch die Europäische Union will im Frühjahr beraten, teilte die Kommission \
         in Brüssel mit.",
    ));
    assert_eq!(model, "de");
    assert_entities(
        &record,
        &[
            ("Berlin", "location"),
            ("Friedrich Merz", "person"),
            ("Bayern", "location"),
            ("Europäische Union", "organization"),
            ("Brüssel", "location"),
        ],
        &["Dienstag", "Die ", "Frühjahr", "Bundeskanzler"],
    );
    // The KB's name in the article's language, linked to the same id as in English.
    let brussels = record
        .entities
        .as_ref()
        .unwrap()
        .iter()
        .find(|e| e.mentions[0].text == "Brüssel")
        .unwrap();
    assert_eq!(brussels.name, "Brüssel");
    assert_eq!(brussels.kb_id.as_deref(), Some("geonames:2800866"));
}

#[test]
fn french() {
    let (record, model) = enrich(record(
        "fr",
        "Latin",
        "Le président Emmanuel Macron a ouvert lundi à Lyon un sommet sur le climat. \
         Le secrétaire général de l'ONU a appelé l'Union européenne à agir. Les régions de \
         Bretagne et d'Occitanie recevront les premiers fonds.",
    ));
    assert_eq!(model, "fr");
    assert_entities(
        &record,
        &[
            ("Emmanuel Macron", "person"),
            ("Lyon", "location"),
            ("ONU", "organization"),
            ("Union européenne", "organization"),
            ("Bretagne", "location"),
            ("Occitanie", "location"),
        ],
        &["Les", "lundi", "l'"],
    );
}

#[test]
fn spanish_is_read_by_the_pooled_model_and_the_kb() {
    let (record, model) = enrich(record(
        "es",
        "Latin",
        "El presidente Pedro Sánchez presentó el martes en Madrid un plan de vivienda. \
         La Comisión Europea había pedido cambios. En Barcelona, miles de personas se \
         manifestaron contra el plan.",
    ));
    assert_eq!(model, "latin-pooled");
    assert_entities(
        &record,
        &[
            ("Pedro Sánchez", "person"),
            ("Madrid", "location"),
            ("Comisión Europea", "organization"),
            ("Barcelona", "location"),
        ],
        &["martes", "La ", "En "],
    );
}

#[test]
fn italian_is_read_by_the_pooled_model_and_the_kb() {
    let (record, model) = enrich(record(
        "it",
        "Latin",
        "Il ministro Giancarlo Giorgetti ha detto mercoledì a Roma che le imprese di Milano e \
         Torino riceveranno aiuti. Anche la Commissione europea dovrà dare il suo parere.",
    ));
    assert_eq!(model, "latin-pooled");
    assert_entities(
        &record,
        &[
            ("Giancarlo Giorgetti", "person"),
            ("Roma", "location"),
            ("Milano", "location"),
            ("Torino", "location"),
            ("Commissione europea", "organization"),
        ],
        &["mercoledì", "Il ", "Anche"],
    );
}

#[test]
fn portuguese() {
    let (record, model) = enrich(record(
        "pt",
        "Latin",
        "O ministro Fernando Haddad disse na terça-feira em Brasília que as cidades de São \
         Paulo e Recife serão as primeiras. A Petrobras também vai investir no Rio de Janeiro. \
         O Banco Mundial elogiou o plano.",
    ));
    assert_eq!(model, "pt");
    assert_entities(
        &record,
        &[
            ("Fernando Haddad", "person"),
            ("Brasília", "location"),
            ("Recife", "location"),
            ("Petrobras", "organization"),
            ("Rio de Janeiro", "location"),
            ("Banco Mundial", "organization"),
        ],
        &["terça", "O ", "A "],
    );
}

#[test]
fn dutch() {
    let (record, model) = enrich(record(
        "nl",
        "Latin",
        "Het kabinet in Den Haag heeft dinsdag nieuwe maatregelen aangekondigd. Premier Dick \
         Schoof zei dat vooral Amsterdam en Utrecht daarvan profiteren. Ook de Europese \
         Commissie in Brussel bekijkt de plannen.",
    ));
    assert_eq!(model, "nl");
    assert_entities(
        &record,
        &[
            ("Den Haag", "location"),
            ("Dick Schoof", "person"),
            ("Amsterdam", "location"),
            ("Utrecht", "location"),
            ("Europese Commissie", "organization"),
            ("Brussel", "location"),
        ],
        &["dinsdag", "Het ", "Ook"],
    );
}

#[test]
fn russian_names_in_their_cases_are_linked() {
    let (record, model) = enrich(record(
        "ru",
        "Cyrillic",
        "Президент России Владимир Путин выступил в четверг на форуме в Москве. Он заявил, \
         что торговля с Китаем и Индией вырастет. Генеральный секретарь ООН на форуме не \
         присутствовал.",
    ));
    assert_eq!(model, "ru");
    assert_entities(
        &record,
        &[
            ("Владимир Путин", "person"),
            ("Москве", "location"),
            ("Китаем", "location"),
            ("Индией", "location"),
            ("ООН", "organization"),
        ],
        &["четверг", "Он"],
    );
    let moscow = record
        .entities
        .as_ref()
        .unwrap()
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.text == "Москве"))
        .unwrap();
    assert_eq!(moscow.name, "Москва", "the KB's name, not the case form");
    assert_eq!(moscow.kb_id.as_deref(), Some("geonames:524901"));
}

#[test]
fn russian_names_of_an_adjective_and_a_noun_or_a_soft_sign_are_linked_in_every_case() {
    // The KB lists these names in the nominative; their cases are built from the endings
    // (`data/build-kb.mjs`).
    let body = "Премьера прошла в Большом театре, выставка открылась в Третьяковской галерее. \
         Учёные Российской академии наук выступили в Москве. Президент принял их в Кремле.";
    let (record, _) = enrich(record("ru", "Cyrillic", body));
    for (mention, id, name) in [
        ("Большом театре", "org:bolshoi", "Большой театр"),
        (
            "Третьяковской галерее",
            "org:museum-tretyakov",
            "Третьяковская галерея",
        ),
        (
            "Российской академии наук",
            "org:ras",
            "Российская академия наук",
        ),
        // A name ending in a soft sign, in the prepositional.
        ("Кремле", "org:kremlin", "Кремль"),
    ] {
        assert_eq!(kb_id(&record, mention).as_deref(), Some(id), "{mention}");
        let entity = record
            .entities
            .as_deref()
            .unwrap()
            .iter()
            .find(|e| e.mentions.iter().any(|m| m.text == mention))
            .unwrap();
        assert_eq!(entity.name, name, "the nominative, not the case form");
        assert_eq!(entity.kind.as_str(), "organization");
    }
}

#[test]
fn a_genitive_in_s_is_linked_to_the_name() {
    // (language, text, mention, id, the name the record shows)
    let cases = [
        ("de", "Deutschlands Wirtschaft schrumpft, sagte Frankreichs Präsident Emmanuel Macron in Berlin.", "Deutschlands", "country:DE", "Deutschland"),
        ("de", "Deutschlands Wirtschaft schrumpft, sagte Frankreichs Präsident Emmanuel Macron in Berlin.", "Frankreichs", "country:FR", "Frankreich"),
        ("sv", "Sveriges statsminister Ulf Kristersson sa att Rysslands krig hotar Europas säkerhet.", "Rysslands", "country:RU", "Ryssland"),
        ("da", "Danmarks statsminister Mette Frederiksen sagde, at Ruslands angreb truer Europas sikkerhed.", "Danmarks", "country:DK", "Danmark"),
    ];
    for (language, body, mention, id, name) in cases {
        let (record, _) = enrich(record(language, "Latin", body));
        assert_eq!(
            kb_id(&record, mention).as_deref(),
            Some(id),
            "{mention}: {:?}",
            names(&record)
        );
        let entity = record
            .entities
            .as_deref()
            .unwrap()
            .iter()
            .find(|e| e.mentions.iter().any(|m| m.text == mention))
            .unwrap();
        assert_eq!(entity.name, name);
    }
}

#[test]
fn a_language_without_a_tagger_gets_kb_names_only_and_says_so() {
    let (record, model) = enrich(record(
        "ja",
        "Japanese",
        "トヨタ自動車は水曜日、東京で新型の電気自動車を発表した。同社は日本で販売を始める。",
    ));
    assert_eq!(model, "kb-only");
    let warning = record
        .warnings
        .iter()
        .find(|w| w.code == LANGUAGE_UNSUPPORTED)
        .expect("the unsupported-language warning");
    assert_eq!(warning.stage, "entities");
    assert!(warning.message.contains("`ja`"), "{}", warning.message);
    assert_entities(&record, &[("東京", "location"), ("日本", "location")], &[]);
    let japan = record
        .entities
        .as_ref()
        .unwrap()
        .iter()
        .find(|e| e.mentions[0].text == "日本")
        .unwrap();
    assert_eq!(japan.kb_id.as_deref(), Some("country:JP"));
}

#[test]
fn english_does_not_warn_and_names_its_model() {
    let (record, model) = enrich(record(
        "en",
        "Latin",
        "Chancellor Friedrich Merz met officials in Berlin on Monday.",
    ));
    assert_eq!(model, "en");
    assert!(record.warnings.is_empty(), "{:?}", record.warnings);
    assert_entities(
        &record,
        &[("Friedrich Merz", "person"), ("Berlin", "location")],
        &["Monday", "Chancellor"],
    );
}

#[test]
fn without_the_language_stage_the_declared_language_picks_the_model() {
    let record = |declared: &str| {
        let article = Article::from_json_str(
            &serde_json::json!({"id": "declared", "body": "東京で会議が開かれた。", "language": declared})
                .to_string(),
        )
        .unwrap();
        new_record(article)
    };
    let (japanese, model) = enrich(record("ja-JP"));
    assert_eq!(model, "kb-only");
    assert!(japanese
        .warnings
        .iter()
        .any(|w| w.code == LANGUAGE_UNSUPPORTED));
    let (_, model) = enrich(record("es"));
    assert_eq!(model, "latin-pooled");
}

/// Whether some entity of the record has a mention that is exactly `text`.
fn has_mention(record: &EnrichedRecord, text: &str) -> bool {
    record
        .entities
        .as_deref()
        .unwrap()
        .iter()
        .any(|e| e.mentions.iter().any(|m| m.text == text))
}

/// The `(name, type)` pairs of a record's entities, sorted.
fn names(record: &EnrichedRecord) -> Vec<(String, String)> {
    let mut names: Vec<(String, String)> = record
        .entities
        .as_deref()
        .unwrap()
        .iter()
        .map(|e| (e.name.clone(), e.kind.as_str().to_owned()))
        .collect();
    names.sort();
    names
}

#[test]
fn sentences_are_tagged_alone_however_the_text_breaks_its_lines() {
    // The taggers learnt from single sentences: a paragraph must give the entities its
    // sentences give one a line (the first name after a full stop was lost before).
    let sentences = [
        "Die Landesregierung in Hannover hat am Mittwoch ein Programm für Schulen beschlossen.",
        "Ministerpräsident Olaf Lies sagte, das Geld solle vor allem Schulen in Göttingen helfen.",
        "Die Gewerkschaft Erziehung und Wissenschaft begrüßte den Beschluss.",
    ];
    let (paragraph, _) = enrich(record("de", "Latin", &sentences.join(" ")));
    let (lines, _) = enrich(record("de", "Latin", &sentences.join("\n")));
    assert_eq!(names(&paragraph), names(&lines));
    assert_entities(
        &paragraph,
        &[
            ("Hannover", "location"),
            ("Olaf Lies", "person"),
            ("Göttingen", "location"),
        ],
        &["Mittwoch", "Ministerpräsident"],
    );
}

#[test]
fn a_quoted_name_after_what_it_is_is_the_name() {
    let body = "Компания «Роснефть» в понедельник одобрила дивиденды, сообщил Игорь Сечин в \
                Москве. Движение «Голос» потребовало пересчёта.";
    let (record_with, model) = enrich(record("ru", "Cyrillic", body));
    assert_eq!(model, "ru");
    assert_entities(
        &record_with,
        &[
            ("Роснефть", "organization"),
            ("Голос", "organization"),
            ("Игорь Сечин", "person"),
            ("Москве", "location"),
        ],
        &["«", "Компания", "Движение", "понедельник"],
    );
    // The pass is what makes it so: the Russian tagger, trained on factRuEval, takes the
    // descriptor and the opening quote into the name.
    let (without, _) = enrich_without(record("ru", "Cyrillic", body), &[Pass::QuotedNames]);
    assert!(
        without
            .entities
            .as_deref()
            .unwrap()
            .iter()
            .any(|e| e.mentions.iter().any(|m| m.text.contains('«'))),
        "{:?}",
        names(&without)
    );
}

#[test]
fn acronyms_in_running_text_are_organisations_and_capitals_elsewhere_are_not() {
    let (running, model) = enrich(record(
        "fr",
        "Latin",
        "Le syndicat FSU a appelé mardi à une grève des enseignants à Nantes, et la FNSEA \
         soutient les agriculteurs. Le pape Léon XIV a reçu les évêques.",
    ));
    assert_eq!(model, "fr");
    assert_entities(
        &running,
        &[
            ("FSU", "organization"),
            ("FNSEA", "organization"),
            ("Nantes", "location"),
        ],
        &[],
    );
    // A Roman numeral is no acronym: `XIV` belongs to the pope's name or to nothing.
    assert!(!has_mention(&running, "XIV"));
    // Adverts and weather tables write words in capitals: no acronyms there.
    let (adverts, _) = enrich(record(
        "fr",
        "Latin",
        "A LOUER MAISON avec jardin, s'adresser à la mairie.\nVent NW 3, mer calme.\n\
         VENDRE FERME à céder de suite, prix modéré.",
    ));
    assert_entities(&adverts, &[], &["LOUER", "MAISON", "NW", "VENDRE", "FERME"]);
}

#[test]
fn an_italian_club_named_by_its_town_with_a_feminine_article_is_the_club() {
    // The city takes no article and the region a masculine one; `la Roma`, `la Lazio` are
    // AS Roma and SS Lazio, which the KB lists.
    let body = "La Lazio ha battuto la Roma nel derby. L'allenatore Maurizio Sarri ha dedicato \
         la vittoria ai tifosi.";
    let (with, _) = enrich(record("it", "Latin", body));
    assert_entities(
        &with,
        &[("Lazio", "organization"), ("Roma", "organization")],
        &[],
    );
    let (without, _) = enrich_without(record("it", "Latin", body), &[Pass::TownNames]);
    assert!(
        names(&without).contains(&("Roma".to_owned(), "location".to_owned())),
        "{:?}",
        names(&without)
    );
    // No match reported: the city.
    let body = "Il ministro ha visitato la Roma dei papi con una delegazione di Berlino.";
    let (city, _) = enrich(record("it", "Latin", body));
    assert!(!names(&city).contains(&("Roma".to_owned(), "organization".to_owned())));
}

#[test]
fn a_club_named_after_its_city_is_one_organisation() {
    // The city at the end of a club's name is not a place of its own (the KB knows `München`
    // and `Rom` as cities; the German tagger reads the names whole).
    let (german, _) = enrich(record(
        "de",
        "Latin",
        "Der Trainer von FC Bayern München lobte die Mannschaft nach dem Spiel in Dortmund. \
         Am Sonntag verlor der AS Rom gegen die Gastgeber in Turin.",
    ));
    assert_entities(
        &german,
        &[
            ("FC Bayern München", "organization"),
            ("AS Rom", "organization"),
            ("Dortmund", "location"),
            ("Turin", "location"),
        ],
        &["Trainer", "Sonntag"],
    );
    assert!(!has_mention(&german, "München") && !has_mention(&german, "Rom"));
    // Italian and Spanish name a club by its town with a masculine article, which the town
    // itself never takes; a region or a country does, and so does Cairo.
    let (italian, _) = enrich(record(
        "it",
        "Latin",
        "Ieri il Bologna ha perso contro il Torino, che domenica giocherà a Genova. Il \
         governo ha inviato aiuti al Cairo e il Piemonte ha chiesto fondi.",
    ));
    assert_entities(
        &italian,
        &[
            ("Bologna", "organization"),
            ("Torino", "organization"),
            ("Genova", "location"),
            ("Cairo", "location"),
            ("Piemonte", "location"),
        ],
        &["Ieri", "Il governo"],
    );
    // A club the pooled tagger found, which the KB would make the city.
    let (milan, _) = enrich(record(
        "it",
        "Latin",
        "Sabato la squadra affronterà il Milan davanti a cinquantamila tifosi.",
    ));
    assert_entities(&milan, &[("Milan", "organization")], &[]);
    assert_eq!(kb_id(&milan, "Milan"), None);
    let (spanish, _) = enrich(record(
        "es",
        "Latin",
        "El entrenador del Sevilla elogió a sus jugadores tras el partido en Bilbao.",
    ));
    assert_entities(
        &spanish,
        &[("Sevilla", "organization"), ("Bilbao", "location")],
        &["El entrenador"],
    );
}

#[test]
fn a_holiday_is_no_name_but_the_town_spelt_like_one_is() {
    // (language, script, text, the holiday's word(s) the taggers took for names)
    let cases = [
        (
            "es",
            "Latin",
            "Semana Santa llenó Sevilla de turistas. En Navidad los precios suben.",
            &["Santa", "Navidad"][..],
        ),
        (
            "it",
            "Latin",
            "A Natale e a Pasqua i treni per Napoli sono pieni.",
            &["Natale", "Pasqua"][..],
        ),
        (
            "fr",
            "Latin",
            "À Noël et à Pâques, les trains pour Lyon sont pleins.",
            &["Noël", "Pâques"][..],
        ),
        (
            "pt",
            "Latin",
            "No Natal, as famílias reúnem-se em Lisboa.",
            &["Natal"][..],
        ),
        (
            "ru",
            "Cyrillic",
            "На Пасху и в Рождество поезда в Москву переполнены.",
            &["Пасху", "Рождество"][..],
        ),
    ];
    for (language, script, body, holidays) in cases {
        let (with, _) = enrich(record(language, script, body));
        for holiday in holidays {
            assert!(
                !names(&with).iter().any(|(name, _)| name.contains(holiday))
                    && !has_mention(&with, holiday),
                "{holiday}: {:?}",
                names(&with)
            );
        }
        let (without, _) = enrich_without(record(language, script, body), &[Pass::CommonWords]);
        assert!(
            names(&without)
                .iter()
                .any(|(name, _)| holidays.iter().any(|h| name.contains(h))),
            "the taggers find none of {holidays:?} in {body}: {:?}",
            names(&without)
        );
    }
    // The Brazilian city takes no article.
    let (portuguese, _) = enrich(record(
        "pt",
        "Latin",
        "O voo para Natal atrasou duas horas em Lisboa.",
    ));
    assert_entities(&portuguese, &[("Natal", "location")], &[]);
}

#[test]
fn a_weekday_is_no_name_but_a_surname_spelt_like_one_is() {
    // `Domenica` is Sunday and an Italian first name; starting a sentence it is the day.
    let (italian, _) = enrich(record(
        "it",
        "Latin",
        "Il sindaco di Parma ha inaugurato il nuovo ponte. Domenica la città festeggerà con un \
         concerto in piazza.",
    ));
    assert_entities(&italian, &[("Parma", "location")], &["Domenica"]);
    // `Domingo` is Sunday and a surname: once the article names the man, it is his.
    let (portuguese, _) = enrich(record(
        "pt",
        "Latin",
        "O tenor Plácido Domingo cantará em Lisboa. Segundo Domingo, o concerto está esgotado.",
    ));
    let tenor = portuguese
        .entities
        .as_deref()
        .unwrap()
        .iter()
        .find(|e| e.name == "Plácido Domingo")
        .unwrap_or_else(|| panic!("{:?}", names(&portuguese)));
    assert_eq!(tenor.kind.as_str(), "person");
    assert!(
        tenor.mentions.iter().any(|m| m.text == "Domingo"),
        "{:?}",
        tenor.mentions
    );
}

#[test]
fn a_ministers_portfolio_is_no_organisation_but_the_ministry_is() {
    let (spanish, _) = enrich(record(
        "es",
        "Latin",
        "La consejera de Transportes, Rocío Albert, visitó las obras en Getafe. El Ministerio de \
         Transportes pagará la mitad.",
    ));
    assert_entities(
        &spanish,
        &[
            ("Rocío Albert", "person"),
            ("Getafe", "location"),
            ("Ministerio de Transportes", "organization"),
        ],
        &[],
    );
    assert!(
        !names(&spanish)
            .iter()
            .any(|(name, _)| name == "Transportes"),
        "{:?}",
        names(&spanish)
    );
}

#[test]
fn the_republic_of_a_head_of_states_title_is_no_organisation() {
    let body = "Il presidente della Repubblica Sergio Mattarella ha ricevuto il cancelliere.";
    let (with, _) = enrich(record("it", "Latin", body));
    assert_entities(&with, &[("Sergio Mattarella", "person")], &["Repubblica"]);
    let (without, _) = enrich_without(record("it", "Latin", body), &[Pass::KindWords]);
    assert!(has_mention(&without, "Repubblica"), "{:?}", names(&without));
}

#[test]
fn a_region_after_an_assessors_title_is_its_administration_not_a_portfolio() {
    // `della Regione Lombardia` is no portfolio (`l'assessore allo Sport` is), and the
    // person named right after it is no part of its name.
    let (italian, _) = enrich(record(
        "it",
        "Latin",
        "Una frana ha bloccato la strada statale vicino a Sondrio. L'assessore della Regione \
         Lombardia Romano La Russa ha chiesto lo stato di emergenza.",
    ));
    assert_entities(
        &italian,
        &[
            ("Regione Lombardia", "organization"),
            ("Romano La Russa", "person"),
            ("Sondrio", "location"),
        ],
        &[],
    );
    assert_eq!(names(&italian).len(), 3, "{:?}", names(&italian));
}

#[test]
fn a_name_two_entries_have_in_different_languages_links_to_the_articles_one() {
    // `OM` is the French club and the Dutch public prosecutor; `Tribunal Constitucional` is
    // Spain's court in every language but Portuguese.
    let cases = [
        (
            "fr",
            "Le milieu de terrain de l'OM a prolongé son contrat. Le président Pablo Longoria \
             s'en est félicité.",
            "OM",
            "org:club-olympique-marseille",
        ),
        (
            "nl",
            "Het OM eist vier jaar cel tegen een oud-wethouder uit Tilburg.",
            "OM",
            "org:om-nl",
        ),
        (
            "pt",
            "O Tribunal Constitucional chumbou a lei aprovada pelo parlamento em Lisboa.",
            "Tribunal Constitucional",
            "org:tribunal-constitucional-pt",
        ),
        (
            "es",
            "El Tribunal Constitucional admitió el recurso presentado por el Gobierno.",
            "Tribunal Constitucional",
            "org:tribunal-constitucional-es",
        ),
    ];
    for (language, body, name, id) in cases {
        let (with, _) = enrich(record(language, "Latin", body));
        assert_entities(&with, &[(name, "organization")], &[]);
        assert_eq!(kb_id(&with, name).as_deref(), Some(id), "{language}");
    }
}

#[test]
fn short_names_of_courts_exchanges_and_rescue_services_link_in_their_language() {
    // `el Supremo`, `al Constitucional`: Spain's courts in Spanish; `o Supremo` is Brazil's.
    let cases = [
        (
            "es",
            "El Supremo confirmó la condena del exalcalde. Su abogado anunció que recurrirá al \
             Constitucional. Los bomberos del Infoca siguen en la sierra.",
            &[
                ("Supremo", "org:tribunal-supremo"),
                ("Constitucional", "org:tribunal-constitucional-es"),
                ("Infoca", "org:infoca"),
            ][..],
        ),
        (
            "pt",
            "O Supremo rejeitou o pedido da defesa. As ações da Vale subiram na B3 depois do \
             anúncio.",
            &[("Supremo", "org:stf"), ("B3", "org:b3")][..],
        ),
        (
            "de",
            "Das Rote Kreuz und die DLRG waren mit 40 Helfern im Einsatz.",
            &[("Rote Kreuz", "org:drk"), ("DLRG", "org:dlrg")][..],
        ),
        (
            "nl",
            "De NAM stopt volgend jaar met de gaswinning, zegt de minister.",
            &[("NAM", "org:nam")][..],
        ),
        (
            "es",
            "El delantero llega cedido desde el Tottenham hasta final de temporada.",
            &[("Tottenham", "org:club-tottenham-hotspur")][..],
        ),
        (
            "pt",
            "O plano foi aprovado hoje em Conselho de Ministros.",
            &[("Conselho de Ministros", "org:conselho-de-ministros-pt")][..],
        ),
        // The tagger cut the bank's name before its town.
        (
            "it",
            "Due ex dirigenti della banca Monte dei Paschi di Siena sono stati condannati.",
            &[("Monte dei Paschi di Siena", "org:co-monte-dei-paschi")][..],
        ),
    ];
    for (language, body, names) in cases {
        let (with, _) = enrich(record(language, "Latin", body));
        for (name, id) in names {
            assert_entities(&with, &[(name, "organization")], &[]);
            assert_eq!(kb_id(&with, name).as_deref(), Some(*id), "{language}");
        }
    }
    // The entity carries the full name.
    let (spanish, _) = enrich(record("es", "Latin", "El Supremo confirmó la condena."));
    let entities = spanish.entities.unwrap();
    assert_eq!(entities[0].name, "Tribunal Supremo");
}

#[test]
fn a_land_before_its_ministers_title_is_a_place() {
    // The German tagger takes `Bayerns` at a sentence's start for an organisation.
    let body = "Der Bundesrat hat das Gesetz gebilligt. Bayerns Ministerpräsident Markus Söder \
         stimmte dagegen.";
    let (with, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &with,
        &[("Bayerns", "location"), ("Markus Söder", "person")],
        &[],
    );
    assert_eq!(kb_id(&with, "Bayerns").as_deref(), Some("geonames:2951839"));
    let (without, _) = enrich_without(record("de", "Latin", body), &[Pass::KbTypes]);
    assert!(
        names(&without).contains(&("Bayerns".to_owned(), "organization".to_owned())),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_road_named_by_a_number_is_a_place_not_the_party_of_its_letters() {
    // The KB reads `RN` as the Rassemblement national; traffic news means route nationale 7.
    let body = "Un camion s'est renversé sur la RN 7 près de Fréjus. La circulation reste \
         difficile sur l'A8.";
    let (with, _) = enrich(record("fr", "Latin", body));
    assert_entities(
        &with,
        &[
            ("RN 7", "location"),
            ("A8", "location"),
            ("Fréjus", "location"),
        ],
        &[],
    );
    let party = (
        "Rassemblement national".to_owned(),
        "organization".to_owned(),
    );
    assert!(!names(&with).contains(&party), "{:?}", names(&with));
    let (without, _) = enrich_without(record("fr", "Latin", body), &[Pass::RoadNumbers]);
    assert!(names(&without).contains(&party), "{:?}", names(&without));
    // German: every road of a traffic report, the joined and the spaced, after an article.
    let body = "Auf der A 7 zwischen Kassel und Göttingen staute sich der Verkehr. Auch auf \
         der A7 und der A 44 kam es zu Unfällen, die Bundesstraße 27 war gesperrt.";
    let (with, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &with,
        &[
            ("A 7", "location"),
            ("A7", "location"),
            ("A 44", "location"),
            ("Bundesstraße 27", "location"),
            ("Kassel", "location"),
        ],
        &[],
    );
}

#[test]
fn museums_are_organisations_linked_to_the_kb() {
    let cases = [
        (
            "nl",
            "Latin",
            "Het Rijksmuseum heeft een onbekend schilderij gekocht. Directeur Taco Dibbits is blij.",
            "Rijksmuseum",
            "org:museum-rijksmuseum",
        ),
        (
            "ru",
            "Cyrillic",
            "Директор Эрмитажа Михаил Пиотровский открыл новую выставку.",
            "Эрмитажа",
            "org:museum-hermitage",
        ),
    ];
    for (language, script, body, name, id) in cases {
        let (with, _) = enrich(record(language, script, body));
        assert_entities(&with, &[(name, "organization")], &[]);
        assert_eq!(kb_id(&with, name).as_deref(), Some(id), "{language}");
    }
}

#[test]
fn a_land_by_its_acronym_and_a_region_by_its_german_name_are_places() {
    let body = "Die Wirtschaft in NRW wächst wieder, vor allem im Ruhrgebiet. Das teilte das \
         Statistikamt in Düsseldorf mit.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &german,
        &[("NRW", "location"), ("Ruhrgebiet", "location")],
        &[],
    );
    assert_eq!(kb_id(&german, "NRW").as_deref(), Some("geonames:2861876"));
    assert_eq!(kb_id(&german, "Ruhrgebiet").as_deref(), Some("region:ruhr"));
}

#[test]
fn clubs_are_organisations_linked_to_the_kb_but_a_town_keeps_its_name() {
    let (french, _) = enrich(record(
        "fr",
        "Latin",
        "Le Stade toulousain a battu le Stade rochelais 24-17 samedi soir à Toulouse. Son \
         entraîneur Ugo Mola a salué la défense.",
    ));
    assert_entities(
        &french,
        &[
            ("Stade toulousain", "organization"),
            ("Stade rochelais", "organization"),
            ("Toulouse", "location"),
            ("Ugo Mola", "person"),
        ],
        &[],
    );
    assert_eq!(
        kb_id(&french, "Stade rochelais").as_deref(),
        Some("org:club-stade-rochelais")
    );
    // A club in its cases is one entity (`Спартака` is the genitive).
    let (russian, _) = enrich(record(
        "ru",
        "Cyrillic",
        "«Зенит» обыграл «Спартак» со счетом 2:1. Главный тренер Спартака Деян Станкович \
         недоволен судейством.",
    ));
    assert_entities(
        &russian,
        &[
            ("Зенит", "organization"),
            ("Спартака", "organization"),
            ("Деян Станкович", "person"),
        ],
        &[],
    );
    assert_eq!(kb_id(&russian, "Спартака"), kb_id(&russian, "Спартак"));
    assert_eq!(
        kb_id(&russian, "Спартак").as_deref(),
        Some("org:club-spartak-moskva")
    );
    // `Villarreal` and `Mallorca` name clubs too, but a club's name that is a town is left to
    // the town.
    let (spanish, _) = enrich(record(
        "es",
        "Latin",
        "Las lluvias dejaron más de 50 litros por metro cuadrado en Villarreal y en el norte de \
         Mallorca, según la Aemet.",
    ));
    assert_entities(
        &spanish,
        &[("Villarreal", "location"), ("Mallorca", "location")],
        &[],
    );
}

#[test]
fn parties_are_found_and_linked_but_not_their_words() {
    let (spanish, _) = enrich(record(
        "es",
        "Latin",
        "El PSOE y Sumar votaron a favor, mientras que el PP y Vox se opusieron a la ley. \
         Podemos decir que la votación fue ajustada.",
    ));
    assert_entities(
        &spanish,
        &[
            ("PSOE", "organization"),
            ("PP", "organization"),
            ("Vox", "organization"),
        ],
        &["Podemos"],
    );
    assert_eq!(kb_id(&spanish, "Vox").as_deref(), Some("org:party-vox"));
    assert_eq!(kb_id(&spanish, "PP").as_deref(), Some("org:party-pp-es"));
    // A party's one word beside capitalised words is a word of a longer name the tagger
    // left out, not the party.
    let (spanish, _) = enrich(record(
        "es",
        "Latin",
        "Los alumnos visitaron la exposición Arte Vox Nueva en el centro cultural.",
    ));
    assert!(
        !names(&spanish).iter().any(|(name, _)| name.contains("Vox")),
        "{:?}",
        names(&spanish)
    );
}

#[test]
fn a_stadium_or_an_airport_named_after_a_person_is_a_place() {
    let cases = [
        (
            "pt",
            "Os voos partem do aeroporto Francisco Sá Carneiro, no Porto, às sete horas.",
            "Francisco Sá Carneiro",
        ),
        // The article is the place's too, where the tagger left it out (it found `Cartuja`).
        (
            "es",
            "La final se jugará en el estadio de La Cartuja el próximo sábado.",
            "La Cartuja",
        ),
    ];
    for (language, body, place) in cases {
        let (with, _) = enrich(record(language, "Latin", body));
        assert_entities(&with, &[(place, "location")], &[]);
        let (without, _) = enrich_without(record(language, "Latin", body), &[Pass::KindWords]);
        assert!(
            !names(&without).contains(&(place.to_owned(), "location".to_owned())),
            "{language}: {:?}",
            names(&without)
        );
    }
}

#[test]
fn french_departements_are_places_in_french_articles() {
    let (french, _) = enrich(record(
        "fr",
        "Latin",
        "La préfecture de la Gironde a interdit la baignade. Un lot de tomates avariées a été \
         saisi dans le Lot-et-Garonne.",
    ));
    assert_entities(
        &french,
        &[("Gironde", "location"), ("Lot-et-Garonne", "location")],
        &[],
    );
    // `lot` is a word: the département `Lot` is not found in it.
    assert_eq!(names(&french).len(), 2, "{:?}", names(&french));
    assert_eq!(
        kb_id(&french, "Gironde").as_deref(),
        Some("region:fr-dep-33")
    );
    // A département named like a city is the city's (`Paris`).
    let (paris, _) = enrich(record(
        "fr",
        "Latin",
        "Le maire de Paris a présenté son budget.",
    ));
    assert_ne!(kb_id(&paris, "Paris").as_deref(), Some("region:fr-dep-75"));
    assert!(kb_id(&paris, "Paris").is_some());
}

#[test]
fn a_district_written_with_its_town_is_one_place() {
    let (dutch, _) = enrich(record(
        "nl",
        "Latin",
        "Duizenden huishoudens in Amsterdam-Oost worden aangesloten op het warmtenet.",
    ));
    assert_entities(&dutch, &[("Amsterdam-Oost", "location")], &["Duizenden"]);
    // Not any hyphenated word after a town: `Amsterdam-route` is no district.
    let (dutch, _) = enrich(record(
        "nl",
        "Latin",
        "De bus rijdt vanaf maandag een nieuwe Utrecht-route via Zeist.",
    ));
    assert!(!has_mention(&dutch, "Utrecht-route"), "{:?}", names(&dutch));
}

#[test]
fn german_common_nouns_with_their_capitals_are_not_names() {
    // German writes every noun with a capital; the German tagger reads a list of common nouns
    // (and of words ending in one: `Kapazitätsgründen`) to tell them from names.
    let (record, _) = enrich(record(
        "de",
        "Latin",
        "Die Firma Bayer verschob aus Kapazitätsgründen die Produktion neuer Farben in \
         Leverkusen. Natrium und Chlorid seien knapp, sagte Vorstandschef Bill Anderson am \
         Mittwoch. Aus Sicherheitsgründen blieb die Halle in Dortmund geschlossen, teilte die \
         Polizei mit.",
    ));
    assert_entities(
        &record,
        &[
            ("Bayer", "organization"),
            ("Leverkusen", "location"),
            ("Bill Anderson", "person"),
            ("Dortmund", "location"),
        ],
        &[
            "Kapazitätsgründen",
            "Farben",
            "Natrium",
            "Chlorid",
            "Vorstandschef",
            "Mittwoch",
            "Sicherheitsgründen",
            "Polizei",
        ],
    );
}

#[test]
fn an_adjective_in_lower_case_is_no_name() {
    // GermEval tags adjectives derived from places (`bayerische`) and the German tagger learnt
    // to; a consumer gets no entity made of lower-case words.
    let (record, _) = enrich(record(
        "de",
        "Latin",
        "Der bayerische Ministerpräsident Markus Söder sprach am Montag in München.",
    ));
    assert_entities(
        &record,
        &[("Markus Söder", "person"), ("München", "location")],
        &["bayerische"],
    );
}

#[test]
fn an_organisation_the_kb_lists_keeps_its_type_however_sure_the_tagger() {
    // The Russian tagger is sure `Росстата` is a place; the KB lists Rosstat by that name.
    let body = "По данным Росстата, пассажиропоток в Татарстане вырос на 8 процентов.";
    let (tagger_only, _) = enrich_without(record("ru", "Cyrillic", body), &[Pass::KbTypes]);
    assert!(
        names(&tagger_only).contains(&("Росстата".to_owned(), "location".to_owned())),
        "{:?}",
        names(&tagger_only)
    );
    let (record, _) = enrich(record("ru", "Cyrillic", body));
    assert_entities(&record, &[("Росстата", "organization")], &[]);
    assert_eq!(kb_id(&record, "Росстата").as_deref(), Some("org:rosstat"));
}

#[test]
fn organisations_named_without_a_cue_are_linked() {
    // (language, text, mention, KB id): names with no word before them to say what they are.
    let cases = [
        (
            "es",
            "Greenpeace denunció el vertido frente a la costa de Vigo.",
            "Greenpeace",
            "org:greenpeace",
        ),
        (
            "nl",
            "Milieudefensie stapt naar de rechter om de uitstoot.",
            "Milieudefensie",
            "org:friends-of-the-earth",
        ),
        (
            "it",
            "La Fiom ha proclamato otto ore di sciopero a Melfi.",
            "Fiom",
            "org:fiom",
        ),
        (
            "es",
            "El partido se jugará en la jornada 12 de LaLiga.",
            "LaLiga",
            "org:laliga",
        ),
        (
            "ru",
            "Проверку начала Росавиация после жалоб пассажиров.",
            "Росавиация",
            "org:rosaviatsia",
        ),
        (
            "ru",
            "Рейсы были отменены по решению, согласованному с Росавиацией.",
            "Росавиацией",
            "org:rosaviatsia",
        ),
        (
            "ru",
            "Кредит выдал банк ВТБ, сообщили в пресс-службе.",
            "ВТБ",
            "org:vtb",
        ),
        // Courts and prosecutors: the taggers leave both out.
        (
            "de",
            "Die Richter des Bundesgerichtshofs hoben das Urteil am Dienstag auf.",
            "Bundesgerichtshofs",
            "org:bgh",
        ),
        (
            "nl",
            "Het Openbaar Ministerie eist vier jaar cel tegen de verdachte.",
            "Openbaar Ministerie",
            "org:om-nl",
        ),
        (
            "pt",
            "O time paulista lidera o Brasileirão com três pontos de vantagem.",
            "Brasileirão",
            "org:brasileirao",
        ),
        (
            "nl",
            "Volgens de Douane lag de lading verstopt tussen bloemen.",
            "Douane",
            "org:douane-nl",
        ),
        (
            "es",
            "La UME llegó a la zona por la tarde con doscientos efectivos.",
            "UME",
            "org:ume",
        ),
        (
            "fr",
            "Les syndicats CFTC et Unsa ont quitté la réunion.",
            "Unsa",
            "org:unsa",
        ),
        // Companies no stock index lists (`businesses.jsonl`).
        (
            "de",
            "Eurowings streicht im Winter zwölf Verbindungen ab Hamburg.",
            "Eurowings",
            "org:co-eurowings",
        ),
        // The German tagger reads `Mahle` as a person (`Mahle` is also a form of `Mahl`).
        (
            "de",
            "Der Zulieferer Mahle baut in Stuttgart weitere Stellen ab.",
            "Mahle",
            "org:co-mahle",
        ),
        (
            "fr",
            "Le gestionnaire du réseau Enedis a rétabli le courant dans la nuit.",
            "Enedis",
            "org:co-enedis",
        ),
        (
            "it",
            "Esselunga e Conad aumentano i prezzi, denuncia il Codacons.",
            "Esselunga",
            "org:co-esselunga",
        ),
        (
            "nl",
            "Albert Heijn verhoogt volgende week de prijzen van zuivel.",
            "Albert Heijn",
            "org:co-albert-heijn",
        ),
    ];
    for (language, body, mention, id) in cases {
        let script = if language == "ru" {
            "Cyrillic"
        } else {
            "Latin"
        };
        let (record, _) = enrich(record(language, script, body));
        assert_entities(&record, &[(mention, "organization")], &[]);
        assert_eq!(kb_id(&record, mention).as_deref(), Some(id), "{body}");
    }
}

#[test]
fn national_institutions_are_linked_and_their_acronyms_only_in_their_language() {
    let (dutch, _) = enrich(record(
        "nl",
        "Latin",
        "De NS en het CBS melden dat er vorig jaar meer reizigers waren. De Nederlandsche Bank \
         verwacht dat de groei aanhoudt.",
    ));
    assert_entities(
        &dutch,
        &[
            ("NS", "organization"),
            ("CBS", "organization"),
            ("De Nederlandsche Bank", "organization"),
        ],
        &["vorig"],
    );
    assert_eq!(kb_id(&dutch, "NS").as_deref(), Some("org:ns"));
    assert_eq!(kb_id(&dutch, "CBS").as_deref(), Some("org:cbs-nl"));
    // `CBS` in an English article is not the Dutch statistics office.
    let (english, _) = enrich(record(
        "en",
        "Latin",
        "The interview was broadcast by CBS on Sunday evening.",
    ));
    assert_ne!(kb_id(&english, "CBS").as_deref(), Some("org:cbs-nl"));
    // German agency credits are written in lower case; a lower-case country name from a
    // translation table (`islas Malvinas`) is still never searched.
    let (german, _) = enrich(record(
        "de",
        "Latin",
        "Berlin (dpa) - Die Deutsche Bahn erhöht im Dezember die Preise.",
    ));
    assert_eq!(kb_id(&german, "dpa").as_deref(), Some("org:dpa"));
    assert_eq!(kb_id(&german, "Deutsche Bahn").as_deref(), Some("org:db"));
    let (spanish, _) = enrich(record(
        "es",
        "Latin",
        "El buque zarpó hacia las islas Malvinas el martes.",
    ));
    assert!(
        !has_mention(&spanish, "islas Malvinas"),
        "{:?}",
        names(&spanish)
    );
    // Russian case forms of a one-word name are generated: `Росстата` is Rosstat's genitive.
    let (russian, _) = enrich(record(
        "ru",
        "Cyrillic",
        "По данным Росстата, цены в ноябре выросли. В Банке России это подтвердили.",
    ));
    assert_eq!(kb_id(&russian, "Банке России").as_deref(), Some("org:cbr"));
    assert!(
        has_mention(&russian, "Росстата"),
        "Rosstat's genitive is found: {:?}",
        names(&russian)
    );
}

#[test]
fn regions_are_found_in_their_language_and_cases_but_not_as_common_words() {
    // A German genitive of a Land, and a Land with its article.
    let (german, _) = enrich(record(
        "de",
        "Latin",
        "Die Landesregierung Thüringens beriet am Montag in Erfurt über den Haushalt. Auch das \
         Saarland muss sparen, sagte ein Sprecher in Saarbrücken.",
    ));
    assert_entities(
        &german,
        &[("Thüringens", "location"), ("Saarland", "location")],
        &["Landesregierung", "Haushalt"],
    );
    assert_eq!(
        kb_id(&german, "Thüringens").as_deref(),
        Some("geonames:2822542")
    );
    // A Russian oblast in the genitive; `Во` (Vaud's Russian name) starting a sentence is the
    // preposition.
    let (russian, _) = enrich(record(
        "ru",
        "Cyrillic",
        "Губернатор Свердловской области Евгений Куйвашев провёл совещание в Екатеринбурге. Во \
         время встречи обсуждали бюджет.",
    ));
    assert_entities(&russian, &[("Свердловской области", "location")], &["Во"]);
    assert_eq!(
        kb_id(&russian, "Свердловской области").as_deref(),
        Some("geonames:1490542")
    );
    // A state named like its city leaves the short name to the city.
    let (english, _) = enrich(record(
        "en",
        "Latin",
        "The mayor of New York met the governor of the State of New York in Albany on Monday.",
    ));
    assert_eq!(
        kb_id(&english, "New York").as_deref(),
        Some("geonames:5128581")
    );
    assert_eq!(
        kb_id(&english, "State of New York").as_deref(),
        Some("geonames:5128638")
    );
    // An Italian region, in an article the pooled model reads.
    let (italian, _) = enrich(record(
        "it",
        "Latin",
        "Le esportazioni italiane crescono, mentre la Puglia attende i fondi europei.",
    ));
    assert_entities(&italian, &[("Puglia", "location")], &["Le"]);
    assert_eq!(
        kb_id(&italian, "Puglia").as_deref(),
        Some("geonames:3169778")
    );
    // A province of hyphenated capitalised words is a name wherever it stands, though the
    // Dutch model read it mostly outside names in its OCR corpus.
    let (dutch, _) = enrich(record(
        "nl",
        "Latin",
        "De provincie Noord-Holland moet de vergunning nog verlenen.",
    ));
    assert_entities(&dutch, &[("Noord-Holland", "location")], &["De"]);
    assert_eq!(
        kb_id(&dutch, "Noord-Holland").as_deref(),
        Some("geonames:2749879")
    );
}

#[test]
fn listed_companies_the_tagger_missed_are_organisations_unless_they_are_words() {
    let body = "I sindacati hanno incontrato Stellantis a Torino.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_entities(
        &italian,
        &[("Stellantis", "organization"), ("Torino", "location")],
        &["sindacati"],
    );
    // The pass is what finds it: the pooled tagger leaves it outside any name.
    let (without, _) = enrich_without(record("it", "Latin", body), &[Pass::ListedCompanies]);
    assert!(
        !has_mention(&without, "Stellantis"),
        "{:?}",
        names(&without)
    );
    // `Admiral` is a listed company and a German common noun: a title here.
    let (german, _) = enrich(record(
        "de",
        "Latin",
        "Der Admiral der Flotte besuchte am Montag Kiel.",
    ));
    assert_entities(&german, &[("Kiel", "location")], &["Admiral", "Flotte"]);
    // A listed company the tagger took for a place, where no list holds a place of the name.
    let body = "Les livraisons à Boeing restent freinées par la grève.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert_entities(&french, &[("Boeing", "organization")], &["livraisons"]);
    let (without, _) = enrich_without(record("fr", "Latin", body), &[Pass::ListedCompanies]);
    assert!(
        names(&without).contains(&("Boeing".to_owned(), "location".to_owned())),
        "{:?}",
        names(&without)
    );
}

#[test]
fn newspapers_are_linked_and_a_name_that_is_a_word_only_in_its_language() {
    let (german, _) = enrich(record(
        "de",
        "Latin",
        "Das sagte der Minister der Süddeutschen Zeitung am Sonntag.",
    ));
    assert_entities(
        &german,
        &[("Süddeutschen Zeitung", "organization")],
        &["Minister"],
    );
    assert_eq!(
        kb_id(&german, "Süddeutschen Zeitung").as_deref(),
        Some("org:sueddeutsche")
    );
    let (portuguese, _) = enrich(record(
        "pt",
        "Latin",
        "O treinador disse ao jornal Record que a equipa está pronta.",
    ));
    assert_eq!(
        kb_id(&portuguese, "Record").as_deref(),
        Some("org:record-pt")
    );
    // Regional dailies and broadcasters (tenth session); a broadcaster named with a figure is
    // not the start of a French number (`en France 3 000 emplois`).
    let (italian, _) = enrich(record(
        "it",
        "Latin",
        "Secondo Il Mattino, i lavori dureranno due anni.",
    ));
    assert_eq!(
        kb_id(&italian, "Il Mattino").as_deref(),
        Some("org:il-mattino")
    );
    let (french, _) = enrich(record(
        "fr",
        "Latin",
        "Le groupe va supprimer en France 3 000 emplois, a indiqué jeudi France 3.",
    ));
    let mentions: Vec<(String, String)> = french
        .entities
        .as_deref()
        .unwrap()
        .iter()
        .flat_map(|e| {
            e.mentions
                .iter()
                .map(|m| (m.text.clone(), e.kind.as_str().to_owned()))
        })
        .collect();
    assert_eq!(
        mentions
            .iter()
            .filter(|(text, kind)| text == "France 3" && kind == "organization")
            .count(),
        1,
        "{mentions:?}"
    );
    assert!(
        mentions.contains(&("France".to_owned(), "location".to_owned())),
        "{mentions:?}"
    );
    // `Record` is the Portuguese sports daily in Portuguese only.
    let (english, _) = enrich(record(
        "en",
        "Latin",
        "Record profits were reported by the bank on Monday, the Financial Times said.",
    ));
    assert_entities(
        &english,
        &[("Financial Times", "organization")],
        &["Record"],
    );
}

#[test]
fn a_kind_word_says_what_the_name_after_it_is() {
    // (language, text, the name, its type); the pass finds or types each: without it, none of
    // them comes out with that type.
    let cases = [
        (
            "es",
            "La aerolínea Binter cancelará vuelos desde Bilbao.",
            "Binter",
            "organization",
        ),
        // The club, not the city the KB knows.
        (
            "es",
            "El club Valencia despidió a su entrenador tras la derrota en Sevilla.",
            "Valencia",
            "organization",
        ),
        (
            "it",
            "Il gruppo Danieli ha firmato un accordo a Trieste.",
            "Danieli",
            "organization",
        ),
        (
            "fr",
            "Le syndicat Solidaires appelle à manifester à Nantes.",
            "Solidaires",
            "organization",
        ),
        (
            "nl",
            "Woningcorporatie Vidomes bouwt in de wijk Ypenburg driehonderd woningen.",
            "Vidomes",
            "organization",
        ),
        (
            "nl",
            "Volgens de Veiligheidsregio Hollands Midden is er geen gevaar voor omwonenden.",
            "Veiligheidsregio Hollands Midden",
            "organization",
        ),
        // A hospital named after a person; the run stops before `de Madrid`.
        (
            "es",
            "El hospital Gregorio Marañón de Madrid atendió a los heridos.",
            "Gregorio Marañón",
            "organization",
        ),
        // An institution's own capitalised word takes the place after a linker: the town
        // hall, not the city.
        (
            "es",
            "El Ayuntamiento de Sevilla aprobó el plan contra el calor.",
            "Ayuntamiento de Sevilla",
            "organization",
        ),
        (
            "it",
            "La Procura di Bergamo ha aperto un'inchiesta.",
            "Procura di Bergamo",
            "organization",
        ),
        // An administrative area's word with a capital is its administration; an own word
        // the tagger took alone takes the rest.
        (
            "it",
            "Il Comune di Bergamo ha chiuso le scuole per la neve.",
            "Comune di Bergamo",
            "organization",
        ),
        (
            "pt",
            "A Prefeitura de Campinas anunciou novas linhas de ônibus.",
            "Prefeitura de Campinas",
            "organization",
        ),
        // A region word: the region, not the organisation the French tagger takes it for.
        (
            "fr",
            "Le président de la région Grand Est a salué le projet.",
            "Grand Est",
            "location",
        ),
        // A quoted name is all of it, whatever it holds: the bank, not the city.
        (
            "ru",
            "Суд поддержал иск банка «Санкт-Петербург» к заемщику.",
            "Санкт-Петербург",
            "organization",
        ),
        (
            "ru",
            "Депутаты партии «Новые силы» предложили закон.",
            "Новые силы",
            "organization",
        ),
        (
            "ru",
            "Суд отклонил иск компании «Мираторг» к налоговой службе.",
            "Мираторг",
            "organization",
        ),
        // A club: the Russian tagger read the quoted word as no name.
        (
            "ru",
            "Вчера хоккейный клуб «Трактор» обыграл соперника.",
            "Трактор",
            "organization",
        ),
        // An office or the people of a place: the name after the linker is the place.
        (
            "es",
            "El alcalde de Lugo, José Tomé, inauguró el puente.",
            "Lugo",
            "location",
        ),
        (
            "es",
            "Los vecinos de Lugo denuncian el ruido del tráfico.",
            "Lugo",
            "location",
        ),
        // Each place it lists (the pooled tagger took the second for a person).
        (
            "es",
            "Los vecinos de Onda y Artana denuncian el ruido.",
            "Artana",
            "location",
        ),
        (
            "en",
            "The mayor of Swindon opened the new bridge on Monday.",
            "Swindon",
            "location",
        ),
        // A listed town, though the pooled model learnt the word alone as no name.
        (
            "it",
            "Il sindaco di Parma ha inaugurato il nuovo ponte.",
            "Parma",
            "location",
        ),
        // A title says the two words after it are a person.
        (
            "nl",
            "Directeur Sjoerd Klaver van het museum is blij met de schenking.",
            "Sjoerd Klaver",
            "person",
        ),
        // So does a player's position.
        (
            "nl",
            "AZ heeft doelman Rome-Jayden Owusu-Oduro verkocht.",
            "Rome-Jayden Owusu-Oduro",
            "person",
        ),
        (
            "fr",
            "L'équipementier Mecafil ferme son usine de Châtellerault.",
            "Mecafil",
            "organization",
        ),
        (
            "fr",
            "Le rapport de la Ligue des droits de l'homme dénonce la situation.",
            "Ligue des droits de l'homme",
            "organization",
        ),
        // An adjective before the complement's noun.
        (
            "fr",
            "Le chantier est mené par la Société des grands projets depuis 2021.",
            "Société des grands projets",
            "organization",
        ),
        // A magazine (twelfth session): the tagger took the name for a place or a word.
        (
            "pt",
            "Segundo a revista Piauí, o acordo foi assinado.",
            "Piauí",
            "organization",
        ),
        (
            "de",
            "Das berichtete die Zeitschrift Capital am Freitag.",
            "Capital",
            "organization",
        ),
        // An organisation's own word and its adjectives, which French writes in lower case.
        (
            "fr",
            "Les éleveurs de la Fédération régionale manifestent devant la préfecture.",
            "Fédération régionale",
            "organization",
        ),
        // A consortium's, a metro company's or a provincial government's own word (twelfth
        // session).
        (
            "es",
            "Los técnicos de la Generalitat Valenciana revisaron la presa.",
            "Generalitat Valenciana",
            "organization",
        ),
        (
            "it",
            "I tecnici del Consorzio Bonifica Renana sono al lavoro.",
            "Consorzio Bonifica Renana",
            "organization",
        ),
        (
            "pt",
            "Os passageiros da Metro do Funchal esperaram uma hora.",
            "Metro do Funchal",
            "organization",
        ),
        // A regional government (twentieth session).
        (
            "es",
            "Ayer el Gobierno de Canarias pidió ayuda a Bruselas.",
            "Gobierno de Canarias",
            "organization",
        ),
    ];
    let script = |language| {
        if language == "ru" {
            "Cyrillic"
        } else {
            "Latin"
        }
    };
    for (language, body, name, kind) in cases {
        let (with, _) = enrich(record(language, script(language), body));
        assert_entities(&with, &[(name, kind)], &[]);
        // The small-towns pass finds a town after `di` too (`il sindaco di Parma`), and the
        // quoted-names pass a quoted name's lower-case words (`«Новые силы»`).
        let off = [Pass::KindWords, Pass::SmallTowns, Pass::QuotedNames];
        let (without, _) = enrich_without(record(language, script(language), body), &off);
        assert!(
            !names(&without).contains(&(name.to_owned(), kind.to_owned())),
            "{language}: {:?}",
            names(&without)
        );
    }
    assert_eq!(
        kb_id(&enrich(record("es", "Latin", cases[1].1)).0, "Valencia"),
        None
    );
    // An office's place is no organisation the KB knows and no party's acronym; the person
    // right after an office word stays a person.
    let (bank, _) = enrich(record(
        "es",
        "Latin",
        "El gobernador del Banco de España habló ayer en Madrid. El alcalde Juan Espadas no acudió.",
    ));
    assert_entities(
        &bank,
        &[
            ("Banco de España", "organization"),
            ("Juan Espadas", "person"),
        ],
        &[],
    );
    let (party, _) = enrich(record(
        "pt",
        "Latin",
        "O prefeito do PSDB disse que a cidade de Campinas vai recorrer.",
    ));
    assert!(
        !names(&party).contains(&("PSDB".to_owned(), "location".to_owned())),
        "{:?}",
        names(&party)
    );
    // A title's word alone is no name (the ninth session's build gave `PDG` as an
    // organisation and `SPD-Fraktionschefin` as misc).
    let (ceo, _) = enrich(record(
        "fr",
        "Latin",
        "Le chantier naval a remporté une commande de six navires, a annoncé mercredi son PDG, Marc Olivier.",
    ));
    assert_entities(&ceo, &[("Marc Olivier", "person")], &["PDG"]);
    let (leader, _) = enrich(record(
        "de",
        "Latin",
        "Das kritisierte die SPD-Fraktionschefin am Mittwoch im Landtag in Hannover.",
    ));
    assert_entities(&leader, &[("Hannover", "location")], &["Fraktionschefin"]);
    // A person in Cyrillic after a Russian organisation word is the organisation's person.
    let (director, _) = enrich(record(
        "ru",
        "Cyrillic",
        "Банк снизил ставки по вкладам. Об этом сообщил генеральный директор компании Андрей Ковалёв.",
    ));
    assert_entities(&director, &[("Андрей Ковалёв", "person")], &[]);
    // A German common noun after a kind word is no name (`der Verband Ende April`).
    let (german, _) = enrich(record(
        "de",
        "Latin",
        "Die Bahngewerkschaft GDL hat zu einem Streik aufgerufen, wie der Verband Ende April mitteilte.",
    ));
    assert_entities(
        &german,
        &[("GDL", "organization")],
        &["Ende", "April", "Streik"],
    );
}

#[test]
fn a_paragraph_in_another_language_is_read_by_that_languages_tagger() {
    let body =
        "Dock workers in Rotterdam walked out on Monday, the union FNV said in a statement, \
                and the strike is expected to spread to other ports along the North Sea coast \
                before the weekend.\n\
                „Wir haben keine Geduld mehr“, sagte eine Sprecherin der Gewerkschaft am \
                Donnerstag in Bremen.\n\
                Shipping analysts expect long delays at ports across northern Europe this week.";
    // The German paragraph, as the language stage reports it in `others`.
    let start = body.chars().position(|c| c == '„').unwrap();
    let end = start + body.split('\n').nth(1).unwrap().chars().count();
    let mixed = |paragraphs: Vec<[usize; 2]>| {
        let mut record = record("en", "Latin", body);
        record.language.as_mut().unwrap().others = vec![LanguageShare {
            code: "de".to_owned(),
            share: Some(0.2),
            confidence: None,
            paragraphs,
        }];
        record
    };
    let (read, model) = enrich(mixed(vec![[start, end]]));
    assert_eq!(model, "en", "the article's model is still reported");
    assert_entities(
        &read,
        &[
            ("Rotterdam", "location"),
            ("FNV", "organization"),
            ("Bremen", "location"),
        ],
        &["Wir", "Geduld", "Sprecherin", "Donnerstag"],
    );
    // Without the paragraph's language, the English tagger reads German capitals as names.
    let (english_only, _) = enrich(mixed(Vec::new()));
    assert!(
        ["Wir", "Geduld", "Donnerstag"]
            .iter()
            .any(|word| has_mention(&english_only, word)),
        "{:?}",
        names(&english_only)
    );
}

#[test]
fn a_russian_authoritys_country_in_the_genitive_is_part_of_its_name() {
    let body = "Министерство финансов России разместило облигации. Об этом сообщил министр Антон \
                Силуанов.";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    assert_entities(
        &russian,
        &[
            ("Министерство финансов России", "organization"),
            ("Антон Силуанов", "person"),
        ],
        &[],
    );
    let (tagger_only, _) =
        enrich_without(record("ru", "Cyrillic", body), &[Pass::InstitutionNames]);
    assert!(
        !has_mention(&tagger_only, "Министерство финансов России"),
        "{:?}",
        names(&tagger_only)
    );
}

#[test]
fn a_russian_place_is_named_from_its_adjective_to_its_noun() {
    // `Дворцовый мост`, `Красной площади`: the tagger takes the adjective alone; it misses
    // `Большой кольцевой линии` whole. A new line starting a sentence is no name.
    let body = "Мэр открыл после ремонта Дворцовый мост. Вечером туристы гуляли по Красной \
                площади. Пассажиры Большой кольцевой линии жалуются на задержки. Новая линия \
                откроется весной.";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    assert_entities(
        &russian,
        &[
            ("Дворцовый мост", "location"),
            ("Красной площади", "location"),
            ("Большой кольцевой линии", "location"),
        ],
        &["Новая"],
    );
    let (tagger_only, _) =
        enrich_without(record("ru", "Cyrillic", body), &[Pass::InstitutionNames]);
    for place in ["Дворцовый мост", "Большой кольцевой линии"] {
        assert!(
            !has_mention(&tagger_only, place),
            "{:?}",
            names(&tagger_only)
        );
    }
}

#[test]
fn a_russian_institution_is_named_from_its_capital_to_its_complement() {
    // Russian capitalises an institution's first word only; the tagger stops after it, or
    // never starts.
    let body = "Большой театр представит новую постановку в марте. Об этом сообщили в \
                Министерстве культуры. Эксперты Национального исследовательского университета \
                считают, что зрителей станет больше. Новая сцена открылась в Москве.";
    let (tagger_only, _) =
        enrich_without(record("ru", "Cyrillic", body), &[Pass::InstitutionNames]);
    // The tagger alone: the ministry a place, the university its adjective.
    let tagged = names(&tagger_only);
    assert!(
        !tagged.contains(&(
            "Министерстве культуры".to_owned(),
            "organization".to_owned()
        )) && !has_mention(
            &tagger_only,
            "Национального исследовательского университета"
        ),
        "{tagged:?}"
    );
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    assert_entities(
        &russian,
        &[
            ("Большой театр", "organization"),
            ("Министерстве культуры", "organization"),
            (
                "Национального исследовательского университета",
                "organization",
            ),
            ("Москве", "location"),
        ],
        &["Новая"],
    );
    // A port and a company are institutions too (the adjective alone came out as a place).
    let (port, _) = enrich(record(
        "ru",
        "Cyrillic",
        "Докеры Находкинского морского торгового порта вышли на митинг.",
    ));
    assert_entities(
        &port,
        &[("Находкинского морского торгового порта", "organization")],
        &[],
    );
    assert!(!names(&port).contains(&("Находкинского".to_owned(), "location".to_owned())));
    // A university the tagger took for a place is the organisation, but after a word for
    // `in` or `at`, where WikiNER tags the building a place (`учился в Московском
    // университете`).
    let (university, _) = enrich(record(
        "ru",
        "Cyrillic",
        "Учёные Томского государственного университета создали новый сплав. Он учился в \
         Московском государственном университете.",
    ));
    assert_entities(
        &university,
        &[
            ("Томского государственного университета", "organization"),
            ("Московском государственном университете", "location"),
        ],
        &[],
    );
}

#[test]
fn a_club_or_a_court_named_after_its_town_is_an_organisation_and_the_town_stays_a_place() {
    // (language, text, clubs, the town named alone)
    let cases = [
        (
            "es",
            "El Real Jaén perdió el sábado ante el CD Ourense por dos goles. El alcalde de Jaén \
             pidió calma a la afición.",
            ["Real Jaén", "CD Ourense"],
            "Jaén",
        ),
        (
            "fr",
            "Le SC Bastia a battu l'US Concarneau samedi. À Bastia, les supporters ont fêté la \
             victoire jusqu'à minuit.",
            ["SC Bastia", "US Concarneau"],
            "Bastia",
        ),
        // A German hospital named after its town.
        (
            "de",
            "Das Klinikum Ingolstadt meldete am Montag einen Cyberangriff. In Ingolstadt \
             fielen deshalb alle geplanten Operationen aus.",
            ["Klinikum Ingolstadt", "Klinikum Ingolstadt"],
            "Ingolstadt",
        ),
    ];
    for (language, body, clubs, town) in cases {
        let (without, _) = enrich_without(record(language, "Latin", body), &[Pass::TownNames]);
        assert!(
            clubs.iter().any(|club| !has_mention(&without, club)),
            "{:?}",
            names(&without)
        );
        let (record, _) = enrich(record(language, "Latin", body));
        let mut expected: Vec<(&str, &str)> = clubs.iter().map(|c| (*c, "organization")).collect();
        expected.push((town, "location"));
        assert_entities(&record, &expected, &[]);
    }
    // English writes `US` before places for other things than clubs.
    let (record, _) = enrich(record(
        "en",
        "Latin",
        "Storms hit the US East Coast on Monday, and flights from Boston were cancelled.",
    ));
    assert!(
        record
            .entities
            .as_deref()
            .unwrap()
            .iter()
            .all(|e| e.kind.as_str() != "organization"),
        "{:?}",
        names(&record)
    );
}

#[test]
fn a_german_town_written_without_its_river_is_a_place() {
    // The name lists hold GeoNames' `Ludwigshafen am Rhein` and, since it is how articles
    // write it, `Ludwigshafen`; without the short form the tagger leaves the town outside here.
    let body =
        "Der Chemiekonzern Evonik streicht an seinem Standort in Ludwigshafen weitere 1.200 \
         Stellen.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &german,
        &[("Evonik", "organization"), ("Ludwigshafen", "location")],
        &[],
    );
}

#[test]
fn a_small_town_after_a_preposition_is_a_place() {
    // Towns below the name lists' 15,000 inhabitants: the pooled tagger leaves them outside,
    // or takes one word for a person.
    let cases = [
        (
            "es",
            "La carretera sigue cortada; los conductores deben desviarse en Zalamea de la Serena.",
            "Zalamea de la Serena",
        ),
        (
            "es",
            "Los bomberos trabajan desde el domingo en Artana, donde ardieron cien hectáreas.",
            "Artana",
        ),
        (
            "it",
            "I turisti sono arrivati a Limone Piemonte con il treno.",
            "Limone Piemonte",
        ),
        // Found as a person after its elided first word.
        (
            "it",
            "Il nuovo modello è stato presentato ieri a Sant'Agata Bolognese dal direttore.",
            "Sant'Agata Bolognese",
        ),
    ];
    for (language, body, town) in cases {
        let (with, _) = enrich(record(language, "Latin", body));
        assert_entities(&with, &[(town, "location")], &[]);
        let (without, _) = enrich_without(record(language, "Latin", body), &[Pass::SmallTowns]);
        assert!(
            !names(&without).contains(&(town.to_owned(), "location".to_owned())),
            "{language}: {:?}",
            names(&without)
        );
    }
}

#[test]
fn a_person_right_after_a_known_organisation_is_a_name_of_their_own() {
    // The pooled tagger took the court and its judge for one organisation.
    let body = "El magistrado de la Audiencia Nacional Santiago Gómez decidirá mañana.";
    let (spanish, _) = enrich(record("es", "Latin", body));
    assert_entities(
        &spanish,
        &[
            ("Audiencia Nacional", "organization"),
            ("Santiago Gómez", "person"),
        ],
        &[],
    );
    let (without, _) = enrich_without(record("es", "Latin", body), &[Pass::FirstNames]);
    assert!(
        !names(&without).contains(&("Santiago Gómez".to_owned(), "person".to_owned())),
        "{:?}",
        names(&without)
    );
    // An organisation named after a person keeps the name.
    let (foundation, _) = enrich(record(
        "es",
        "Latin",
        "La Fundación Amancio Ortega donó diez equipos al hospital.",
    ));
    assert!(
        !names(&foundation).contains(&("Amancio Ortega".to_owned(), "person".to_owned())),
        "{:?}",
        names(&foundation)
    );
    // A region in the genitive that the Russian tagger took into the person after it.
    let body = "Суд арестовал заместителя министра строительства Татарстана Рустама Галиева.";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    assert_entities(
        &russian,
        &[("Татарстана", "location"), ("Рустама Галиева", "person")],
        &[],
    );
}

#[test]
fn a_genitive_with_an_apostrophe_is_part_of_the_mention_where_the_language_writes_it_so() {
    // The mentions of one entity's name, in text order.
    fn mentions(record: &EnrichedRecord, name: &str) -> Vec<String> {
        let entities: &[Entity] = record.entities.as_deref().unwrap();
        let entity = entities.iter().find(|e| e.name == name);
        entity.map_or_else(Vec::new, |e| {
            e.mentions.iter().map(|m| m.text.clone()).collect()
        })
    }
    // Danish writes the genitive in the word (`Brøndbys`), with an apostrophe after an
    // abbreviation (`TDC's`): the mention holds it, as DDT annotates it; the name does not.
    let (danish, _) = enrich(record(
        "da",
        "Latin",
        "Aktien i TDC steg kraftigt i går i København. Ifølge TDC's direktør vil selskabet \
         hæve udbyttet.",
    ));
    assert_eq!(mentions(&danish, "TDC"), ["TDC", "TDC's"]);
    // English leaves it out, as CoNLL does.
    let (english, _) = enrich(record(
        "en",
        "Latin",
        "Shares in Tesco rose on Monday in London. Tesco's chief executive said the \
         dividend would rise.",
    ));
    assert_eq!(mentions(&english, "Tesco"), ["Tesco", "Tesco"]);
}

#[test]
fn a_name_ending_in_a_word_for_a_kind_of_place_is_a_place() {
    // The Scandinavian tagger takes these for organisations.
    let cases = [
        ("Bådene ved Det Sorte Hav ligger stille.", "Det Sorte Hav"),
        (
            "Ørestadsbanen skal gå langs Islands Brygge og videre mod syd.",
            "Islands Brygge",
        ),
    ];
    for (body, place) in cases {
        let (with, _) = enrich(record("da", "Latin", body));
        assert_entities(&with, &[(place, "location")], &[]);
        let (without, _) = enrich_without(record("da", "Latin", body), &[Pass::PlaceEnds]);
        assert!(
            names(&without).contains(&(place.to_owned(), "organization".to_owned())),
            "{:?}",
            names(&without)
        );
    }
    // A compound ending in such a word is a place even after a first name (the Dutch tagger
    // takes a stadium named after a player for the player).
    let body = "Het concert vond plaats in het Jan Louwersstadion.";
    let (with, _) = enrich(record("nl", "Latin", body));
    assert_entities(&with, &[("Jan Louwersstadion", "location")], &[]);
    let (without, _) = enrich_without(record("nl", "Latin", body), &[Pass::PlaceEnds]);
    assert!(
        names(&without).contains(&("Jan Louwersstadion".to_owned(), "person".to_owned())),
        "{:?}",
        names(&without)
    );
    // A person whose surname is such a word stays a person.
    let (person, _) = enrich(record(
        "da",
        "Latin",
        "Miljøminister Steen Gade besøgte i går Aarhus.",
    ));
    assert!(
        names(&person).contains(&("Steen Gade".to_owned(), "person".to_owned())),
        "{:?}",
        names(&person)
    );
}

#[test]
fn an_abbreviated_saint_ends_no_name() {
    // The Scandinavian tagger ends a name at `St.` and starts another after it.
    let body = "Hun underviser nu ved Mount St. Vincent University i Halifax.";
    let (record, _) = enrich(record("da", "Latin", body));
    assert_entities(
        &record,
        &[
            ("Mount St. Vincent University", "organization"),
            ("Halifax", "location"),
        ],
        &[],
    );
    assert_eq!(record.entities.as_deref().unwrap().len(), 2);
}

#[test]
fn a_town_after_against_in_a_match_report_is_its_club() {
    let cases = [
        (
            "fr",
            "L'entraîneur a préparé le match de samedi contre Toulon avec soin.",
            "Toulon",
        ),
        (
            "nl",
            "De trainer was tevreden na de wedstrijd tegen Utrecht op zondag.",
            "Utrecht",
        ),
        // After a club's article, where the tagger left the town out.
        (
            "es",
            "El Betis venció 3-1 al Getafe en el estadio. El entrenador destacó la reacción.",
            "Getafe",
        ),
    ];
    for (language, body, club) in cases {
        let (with, _) = enrich(record(language, "Latin", body));
        assert_entities(&with, &[(club, "organization")], &[]);
        let (without, _) = enrich_without(record(language, "Latin", body), &[Pass::TownNames]);
        assert!(
            !names(&without).contains(&(club.to_owned(), "organization".to_owned())),
            "{language}: {:?}",
            names(&without)
        );
    }
    // Not where nothing says a match: the town.
    let (lawsuit, _) = enrich(record(
        "fr",
        "Latin",
        "Les riverains ont porté plainte contre Toulon pour le bruit du port.",
    ));
    assert_entities(&lawsuit, &[("Toulon", "location")], &[]);
}

#[test]
fn a_city_is_not_the_country_that_other_languages_name_alike() {
    // Spanish and Portuguese name Grenada `Granada`, and Spanish articles mean the city.
    let body = "El alcalde de Granada visitó ayer Sevilla con la consejera de Turismo.";
    let (spanish, _) = enrich(record("es", "Latin", body));
    let granada = spanish
        .entities
        .as_deref()
        .unwrap()
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.text == "Granada"))
        .expect("Granada is found");
    assert_eq!(granada.kind.as_str(), "location");
    assert_eq!(granada.name, "Granada");
    assert_ne!(granada.kb_id.as_deref(), Some("country:GD"));
}

#[test]
fn a_currency_is_no_name() {
    // GermEval tags `Euro` as misc, and the German tagger learnt it.
    let body =
        "Der Konzern hat nach Angaben der Staatsanwaltschaft rund zwei Millionen Euro veruntreut.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert!(
        !names(&german).iter().any(|(name, _)| name == "Euro"),
        "{:?}",
        names(&german)
    );
}

#[test]
fn an_institution_noun_alone_at_a_sentence_start_is_no_name() {
    let body = "Суд в Казани арестовал бывшего чиновника. Дума приняла закон.";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    assert!(
        !names(&russian).iter().any(|(name, _)| name == "Суд"),
        "{:?}",
        names(&russian)
    );
    assert!(
        names(&russian)
            .iter()
            .any(|(name, _)| name == "Казани" || name == "Казань"),
        "{:?}",
        names(&russian)
    );
    let (without, _) = enrich_without(record("ru", "Cyrillic", body), &[Pass::InstitutionNames]);
    assert!(
        names(&without).iter().any(|(name, _)| name == "Суд"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn an_institution_the_tagger_ends_inside_its_places_name_takes_the_whole_place() {
    // The pooled tagger reads `Junta de Castilla` and stops at the `y` of the region's name;
    // the KB knows the region `Castilla y León`.
    let body = "La Junta de Castilla y León ha activado el nivel 2 de alerta por los incendios. \
         Los vecinos de Truchas fueron desalojados durante la noche.";
    let (spanish, _) = enrich(record("es", "Latin", body));
    assert_entities(
        &spanish,
        &[("Junta de Castilla y León", "organization")],
        &[],
    );
    assert!(
        !names(&spanish)
            .iter()
            .any(|(name, _)| name == "Castilla y León" || name == "Junta de Castilla"),
        "{:?}",
        names(&spanish)
    );
}

#[test]
fn a_german_institution_named_by_its_word_and_its_place_is_one_organisation() {
    let body = "Die Stadtwerke Leipzig erhöhen zum Jahreswechsel die Preise für Fernwärme. \
         Die Verbraucherzentrale Sachsen rät Kunden, ihre Abschläge zu prüfen. Auch die \
         Kreissparkasse Köln meldet mehr Anfragen. Die Sparkasse will Ende April entscheiden. \
         Über die Klage eines Kunden verhandelt das Landgericht Dresden im Mai.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &german,
        &[
            ("Stadtwerke Leipzig", "organization"),
            ("Verbraucherzentrale Sachsen", "organization"),
            ("Kreissparkasse Köln", "organization"),
            ("Landgericht Dresden", "organization"),
        ],
        &["Ende", "April"],
    );
    let (without, _) = enrich_without(record("de", "Latin", body), &[Pass::KindWords]);
    assert!(
        !names(&without)
            .iter()
            .any(|(name, _)| name == "Stadtwerke Leipzig"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_german_institution_named_by_its_remit_is_one_organisation() {
    let body = "Das Landesamt für Statistik meldet weniger Geburten. Ein Sprecher des \
         Bundesministeriums für Bildung und Forschung verwies auf eine Studie, die das \
         Bayerische Staatsministerium für Unterricht und Kultus in Auftrag gegeben hatte. \
         Geplant ist zudem ein Zentrum für Kinder in Regensburg.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &german,
        &[
            ("Landesamt für Statistik", "organization"),
            (
                "Bundesministeriums für Bildung und Forschung",
                "organization",
            ),
            (
                "Bayerische Staatsministerium für Unterricht und Kultus",
                "organization",
            ),
            ("Regensburg", "location"),
        ],
        &["Zentrum", "Kinder"],
    );
    let (without, _) = enrich_without(record("de", "Latin", body), &[Pass::KindWords]);
    assert!(
        !has_mention(&without, "Landesamt für Statistik"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_german_place_or_person_in_the_genitive_before_a_noun_is_the_place_or_person() {
    let body = "Bremens Bürgermeister eröffnete am Montag die neue Brücke. Wetzlars Trainer \
         zeigte sich zufrieden. Hannovers damaliger Oberbürgermeister hatte das Projekt \
         begonnen. Der Dirigent Kirill Petrenko verlängert in Berlin. Petrenkos neuer Vertrag \
         läuft bis 2030. Über Johannas Kindheit ist wenig bekannt.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &german,
        &[
            ("Bremens", "location"),
            ("Wetzlars", "location"),
            ("Hannovers", "location"),
            ("Petrenkos", "person"),
            ("Johannas", "person"),
        ],
        &["Bürgermeister", "Trainer", "Vertrag"],
    );
    // The record names the place, not its genitive.
    assert!(
        names(&german).contains(&("Wetzlar".to_owned(), "location".to_owned())),
        "{:?}",
        names(&german)
    );
    let (without, _) = enrich_without(record("de", "Latin", body), &[Pass::KbMatches]);
    assert!(!has_mention(&without, "Wetzlars"), "{:?}", names(&without));
    // A place's genitive the tagger took for a person.
    let body = "„Das war ein verdienter Sieg“, sagte Bremens Stürmer Nelson Valdez nach dem 5:1.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &german,
        &[("Bremens", "location"), ("Nelson Valdez", "person")],
        &[],
    );
    let (without, _) = enrich_without(record("de", "Latin", body), &[Pass::KbMatches]);
    assert!(
        names(&without).contains(&("Bremens".to_owned(), "person".to_owned())),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_persons_genitive_is_the_person_where_the_genitive_is_part_of_the_word() {
    let body = "Statsminister Ulf Kristersson talade i Stockholm. Kristerssons regering föreslår \
         nya skatter.";
    let (swedish, _) = enrich(record("sv", "Latin", body));
    let person = swedish
        .entities
        .as_deref()
        .unwrap()
        .iter()
        .find(|e| e.name == "Ulf Kristersson")
        .expect("the person");
    let mentions: Vec<&str> = person.mentions.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(mentions, ["Ulf Kristersson", "Kristerssons"]);
    let (without, _) = enrich_without(record("sv", "Latin", body), &[Pass::DocumentConsistency]);
    assert!(
        !has_mention(&without, "Kristerssons"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_regions_or_towns_own_body_is_one_organisation_with_its_place() {
    let body = "Il Consiglio regionale della Lombardia ha approvato il bilancio. La Protezione \
         civile del Veneto resta in allerta.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_entities(
        &italian,
        &[
            ("Consiglio regionale della Lombardia", "organization"),
            ("Veneto", "location"),
        ],
        &[],
    );
    // The region is no name of its own there.
    assert!(
        !names(&italian).contains(&("Lombardia".to_owned(), "location".to_owned())),
        "{:?}",
        names(&italian)
    );
    let body = "Le Conseil départemental du Nord a voté le budget des collèges.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert_entities(
        &french,
        &[("Conseil départemental du Nord", "organization")],
        &[],
    );
    let (without, _) = enrich_without(record("fr", "Latin", body), &[Pass::KbTypes]);
    assert!(
        !has_mention(&without, "Conseil départemental du Nord"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_company_known_by_a_word_is_linked_only_where_the_tagger_finds_it() {
    // `Continente` is a Portuguese retailer and the word for a continent; `Condor` an airline
    // and a bird: KB variants, never found on their own.
    let body = "O continente europeu e a Ásia. Continente, o maior grupo de supermercados, \
         abriu lojas em Braga.";
    let (portuguese, _) = enrich(record("pt", "Latin", body));
    assert!(
        !names(&portuguese)
            .iter()
            .any(|(name, _)| name.starts_with("Continente")),
        "{:?}",
        names(&portuguese)
    );
    // Where a kind word announces it, the name links the company.
    let body = "Die Fluggesellschaft Condor streicht im Winter Flüge nach Mallorca.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(&german, &[("Condor", "organization")], &[]);
    assert_eq!(kb_id(&german, "Condor").as_deref(), Some("org:co-condor"));
    // So does a party known by a word (`podemos`: we can).
    let body = "El partido Podemos presentó ayer su candidatura en Madrid.";
    let (spanish, _) = enrich(record("es", "Latin", body));
    assert_eq!(
        kb_id(&spanish, "Podemos").as_deref(),
        Some("org:party-podemos")
    );
}

#[test]
fn a_russian_station_or_airport_word_announces_a_place() {
    let body = "Утром вход на станцию метро «Охотный Ряд» закрыли до вечера. Рейс из Сочи \
         задержали, самолёт сел в аэропорту Толмачёво с опозданием на два часа. Пассажиров \
         эвакуировали со станции «Технологический институт».";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    assert_entities(
        &russian,
        &[
            ("Охотный Ряд", "location"),
            ("Толмачёво", "location"),
            // A station named after an institute is no institute.
            ("Технологический институт", "location"),
        ],
        &["метро"],
    );
    let (without, _) = enrich_without(record("ru", "Cyrillic", body), &[Pass::KindWords]);
    assert!(
        !names(&without)
            .iter()
            .any(|(name, kind)| name == "Охотный Ряд" && kind == "location"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_lower_case_kind_word_the_tagger_took_into_a_name_is_cut_off() {
    // The French tagger reads `syndicat FO` as one organisation; the union is `FO`.
    let body = "L'usine de Sochaux va suspendre sa production une semaine. Le syndicat FO \
         dénonce une gestion à courte vue.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert_entities(&french, &[("FO", "organization")], &["syndicat"]);
}

#[test]
fn a_stadium_named_after_a_person_is_a_place() {
    // The taggers take `Benito Villamarín` and `Johan Cruijff ArenA` for people and `Газпром
    // Арене` (a case form) for a person too: the KB's venues say what they are.
    let cases = [
        (
            "es",
            "Latin",
            "El Sevilla perdió el domingo en el Benito Villamarín ante el Betis.",
            "Benito Villamarín",
            "Benito Villamarín",
            "venue:benito-villamarin",
        ),
        (
            "nl",
            "Latin",
            "Ajax speelde zondag in de Johan Cruijff ArenA tegen Feyenoord.",
            "Johan Cruijff ArenA",
            "Johan Cruijff ArenA",
            "venue:johan-cruijff-arena",
        ),
        (
            "ru",
            "Cyrillic",
            "Матч прошёл на «Газпром Арене» в Санкт-Петербурге.",
            "Газпром Арене",
            "Газпром Арена",
            "venue:gazprom-arena",
        ),
    ];
    for (language, script, body, mention, name, id) in cases {
        let (record, _) = enrich(record(language, script, body));
        assert_eq!(kb_id(&record, mention).as_deref(), Some(id), "{body}");
        assert!(
            names(&record).contains(&(name.to_owned(), "location".to_owned())),
            "{body}: {:?}",
            names(&record)
        );
    }
}

#[test]
fn an_organisations_own_word_retypes_the_name_the_tagger_took_for_a_place() {
    // The pooled model reads `Banco Santander` as the city; `Banco`, written with a capital
    // mid-sentence, is the bank's own word.
    let body = "El Banco Santander ganó 3.400 millones de euros en el tercer trimestre. La \
         presidenta Ana Botín destacó el crecimiento en Brasil.";
    let (spanish, _) = enrich(record("es", "Latin", body));
    assert_entities(
        &spanish,
        &[
            ("Banco Santander", "organization"),
            ("Ana Botín", "person"),
            ("Brasil", "location"),
        ],
        &[],
    );
}

#[test]
fn a_companys_word_after_its_name_is_part_of_it() {
    let body = "Die Triebwerke kommen von CFM International, teilte der Hersteller mit.";
    let (with, _) = enrich(record("de", "Latin", body));
    assert_entities(&with, &[("CFM International", "organization")], &[]);
    let (without, _) = enrich_without(record("de", "Latin", body), &[Pass::ListedCompanies]);
    assert!(
        !names(&without)
            .iter()
            .any(|(name, _)| name == "CFM International"),
        "{:?}",
        names(&without)
    );
    // The KB's company, by its name without the word.
    let (portuguese, _) = enrich(record("pt", "Latin", "A Vale SA anunciou lucros recorde."));
    assert_entities(&portuguese, &[("Vale SA", "organization")], &[]);
    assert_eq!(
        kb_id(&portuguese, "Vale SA").as_deref(),
        Some("org:co-vale")
    );
}

#[test]
fn a_german_kind_word_the_tagger_took_into_a_name_is_left_out() {
    // German writes `Fahrgastverband` with a capital, and the tagger takes it into the name;
    // an adjective of the name's own stays (`Verein Deutscher Ingenieure`).
    // A bare kind word may be the name's own (`Stiftung Warentest`).
    let body = "Der Fahrgastverband Pro Bahn kritisierte die Sperrung. Auch der Verein Deutscher \
         Ingenieure meldete sich zu Wort. Der Sportverein Eintracht Lüneburg sagte das Spiel ab. \
         Die Stiftung Warentest hat 20 Fahrräder geprüft.";
    let (with, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &with,
        &[
            ("Pro Bahn", "organization"),
            ("Verein Deutscher Ingenieure", "organization"),
            ("Eintracht Lüneburg", "organization"),
            ("Stiftung Warentest", "organization"),
        ],
        &["Fahrgastverband", "Sportverein"],
    );
    let (without, _) = enrich_without(record("de", "Latin", body), &[Pass::KindWords]);
    assert!(
        names(&without).contains(&(
            "Fahrgastverband Pro Bahn".to_owned(),
            "organization".to_owned()
        )),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_compound_ending_in_a_place_word_is_a_place() {
    // `brug` is one of the short place words no surname ends in (`Vermeer` ends in `meer`).
    let body = "In Utrecht wordt de Catharijnesingel verder vergroend. Het werk begint in maart. \
         Daarna gaat de Wittevrouwenbrug dicht. Het schilderij van Jan Vermeer hangt in het museum. \
         Op de Vrijdagmarkt staan geen auto's meer.";
    let (dutch, _) = enrich(record("nl", "Latin", body));
    assert_entities(
        &dutch,
        &[
            ("Utrecht", "location"),
            ("Catharijnesingel", "location"),
            ("Wittevrouwenbrug", "location"),
            ("Jan Vermeer", "person"),
            ("Vrijdagmarkt", "location"),
        ],
        &[],
    );
    // A German common noun built alike is no name (`Fußballstadion`, `Hauptstraße`).
    let body = "Die Stadt sperrt die Prinzregentenstraße für zwei Wochen. Das neue Fußballstadion \
         an der Hauptstraße ist fast fertig. Der Stadtrat beschloss den Neubau der Carolabrücke.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &german,
        &[
            ("Prinzregentenstraße", "location"),
            ("Carolabrücke", "location"),
        ],
        &["Fußballstadion", "Hauptstraße"],
    );
}

#[test]
fn a_station_word_announces_a_place() {
    // The Dutch tagger takes `Utrecht Centraal` for an organisation.
    let body = "Ook ProRail past de sporen bij station Utrecht Centraal aan.";
    let (dutch, _) = enrich(record("nl", "Latin", body));
    assert_entities(
        &dutch,
        &[
            ("ProRail", "organization"),
            ("Utrecht Centraal", "location"),
        ],
        &[],
    );
}

#[test]
fn a_metropoles_word_with_a_capital_names_its_administration() {
    // `la métropole` in lower case is the area; `la Métropole de Lyon` its council, as
    // `il Comune di Venezia`. `Sytral` is Lyon's transport authority (the KB).
    let body = "À Lyon, la métropole lance un nouveau tramway vers Villeurbanne. Le président de \
         la Métropole de Lyon, Bruno Bernard, a inauguré la ligne avec les représentants du Sytral.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert_entities(
        &french,
        &[
            ("Lyon", "location"),
            ("Villeurbanne", "location"),
            ("Métropole de Lyon", "organization"),
            ("Bruno Bernard", "person"),
            ("Sytral", "organization"),
        ],
        &[],
    );
    assert_eq!(kb_id(&french, "Sytral").as_deref(), Some("org:co-sytral"));
}

#[test]
fn a_river_is_a_place_in_the_languages_where_its_name_is_no_word() {
    let body = "Beim Hochwasser an der Ahr sind mehrere Keller vollgelaufen. Seine Frau fragte, \
         ob die Feuerwehr kommt. Auch am Inn stieg der Pegel.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &german,
        &[("Ahr", "location"), ("Inn", "location")],
        &["Seine"],
    );
    assert_eq!(kb_id(&german, "Ahr").as_deref(), Some("river:ahr"));
    // `Seine` is the river in French, `his` in German.
    let body = "La Seine a débordé à Paris.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert_eq!(kb_id(&french, "Seine").as_deref(), Some("river:seine"));
    // A compound of rivers is a region of its own, not three rivers.
    let body = "Die Metropolregion Rhein-Neckar wächst weiter.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert!(kb_id(&german, "Rhein").is_none(), "{:?}", names(&german));
}

#[test]
fn airlines_and_unions_news_names_without_a_cue_are_organisations() {
    // The French model reads `Air France` as the country after a word it does not know.
    let body = "Air France va supprimer des vols entre Orly et Nice à partir d'avril.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert_entities(
        &french,
        &[("Air France", "organization"), ("Nice", "location")],
        &[],
    );
    assert_eq!(
        kb_id(&french, "Air France").as_deref(),
        Some("org:co-air-france")
    );
    let body = "Die Vereinigung Cockpit hatte mit Streiks gedroht. Auch der Marburger Bund \
         verhandelt in Berlin.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &german,
        &[
            ("Vereinigung Cockpit", "organization"),
            ("Marburger Bund", "organization"),
            ("Berlin", "location"),
        ],
        &[],
    );
}

#[test]
fn a_town_taken_for_its_club_after_a_word_for_in_is_the_town() {
    // The pooled model reads `Bologna` as the club; after `a` (to, at) it is the city.
    let body = "Poste Italiane ha annunciato nuovi investimenti nella logistica a Bologna e a \
         Roma.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_entities(
        &italian,
        &[
            ("Poste Italiane", "organization"),
            ("Bologna", "location"),
            ("Roma", "location"),
        ],
        &[],
    );
}

#[test]
fn a_place_named_by_its_kind_word_first_is_one_place() {
    // The tagger reads `Canal Grande` as an organisation and `Lago` and `Garda` as two; the
    // kind word starts the place's name, and `e il` ends it (two places).
    let body = "I turisti affollano Piazza San Marco e il Ponte Vecchio. Il Lago di Garda è \
         pieno e il traffico sul Canal Grande è intenso.";
    let italian = record("it", "Latin", body);
    let (with, _) = enrich(italian.clone());
    assert_entities(
        &with,
        &[
            ("Piazza San Marco", "location"),
            ("Ponte Vecchio", "location"),
            ("Lago di Garda", "location"),
            ("Canal Grande", "location"),
        ],
        &[],
    );
    assert!(!has_mention(&with, "Garda"), "{:?}", names(&with));
    // Without the pass the tagger's organisation stays (`Lago di Garda` is a KB name now).
    let (without, _) = enrich_without(italian, &[Pass::PlaceEnds]);
    assert_entities(&without, &[("Canal Grande", "organization")], &[]);
    let body = "Os manifestantes ocuparam a Avenida Paulista e a Praça dos Três Poderes.";
    let (portuguese, _) = enrich(record("pt", "Latin", body));
    assert_entities(
        &portuguese,
        &[
            ("Avenida Paulista", "location"),
            ("Praça dos Três Poderes", "location"),
        ],
        &[],
    );
    let body = "Miles de personas cortaron el Paseo de la Castellana en Madrid.";
    let (spanish, _) = enrich(record("es", "Latin", body));
    assert_entities(
        &spanish,
        &[
            ("Paseo de la Castellana", "location"),
            ("Madrid", "location"),
        ],
        &[],
    );
    // Spanish news from Barcelona writes its streets in Catalan.
    let body = "La tienda abrirá en el Passeig de Gràcia, cerca de la Rambla de Catalunya.";
    let (spanish, _) = enrich(record("es", "Latin", body));
    assert_entities(
        &spanish,
        &[
            ("Passeig de Gràcia", "location"),
            ("Rambla de Catalunya", "location"),
        ],
        &[],
    );
    // Italian, Spanish and Portuguese write a street's or a square's word in lower case; not
    // a word that means something else too (`via Twitter`: by).
    let body = "Il corteo è partito da piazza San Carlo. Il ministro lo ha annunciato via Twitter.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_entities(&italian, &[("piazza San Carlo", "location")], &["via"]);
    let body = "Os manifestantes ocuparam a rua Augusta em Lisboa.";
    let (portuguese, _) = enrich(record("pt", "Latin", body));
    assert_entities(
        &portuguese,
        &[("rua Augusta", "location"), ("Lisboa", "location")],
        &[],
    );
    // A name the KB lists as an organisation keeps its type (the broadcaster).
    let body = "La cadena Canal Sur emitirá el partido desde Sevilla.";
    let (spanish, _) = enrich(record("es", "Latin", body));
    assert_entities(&spanish, &[("Canal Sur", "organization")], &[]);
}

#[test]
fn a_person_right_after_an_offices_place_is_no_part_of_the_place() {
    // `il sindaco di` announces a place; a first name and a surname after a listed town are
    // the mayor, not more of the town's name.
    let body = "Il sindaco di Venezia Luigi Brugnaro ha firmato l'ordinanza. Il sindaco di San \
         Giovanni Rotondo ha parlato.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_entities(
        &italian,
        &[
            ("Venezia", "location"),
            ("Luigi Brugnaro", "person"),
            ("San Giovanni Rotondo", "location"),
        ],
        &[],
    );
}

#[test]
fn a_dutch_name_takes_a_capitalised_van_before_it_but_not_from_before_a_town() {
    let body = "Het verkeer op de Van Brienenoordbrug en in de Maastunnel staat stil.";
    let dutch = record("nl", "Latin", body);
    let (with, _) = enrich(dutch.clone());
    assert_entities(
        &with,
        &[
            ("Van Brienenoordbrug", "location"),
            ("Maastunnel", "location"),
        ],
        &[],
    );
    let (without, _) = enrich_without(dutch, &[Pass::PlaceEnds]);
    assert!(
        !has_mention(&without, "Van Brienenoordbrug"),
        "{:?}",
        names(&without)
    );
    // A timetable: `Van` is `from`.
    let body = "Treinen rijden morgen weer. Dienstregeling Van Tilburg naar Breda om 8 uur.";
    let (timetable, _) = enrich(record("nl", "Latin", body));
    assert!(
        has_mention(&timetable, "Tilburg"),
        "{:?}",
        names(&timetable)
    );
    assert!(
        !has_mention(&timetable, "Van Tilburg"),
        "{:?}",
        names(&timetable)
    );
}

#[test]
fn an_island_is_a_place_in_every_language() {
    let body = "Bei einem Sturm sind auf Rügen mehrere Bäume umgestürzt.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(&german, &[("Rügen", "location")], &[]);
    assert_eq!(kb_id(&german, "Rügen").as_deref(), Some("island:rugen"));
    let body = "Il traghetto per Creta è partito da Atene con due ore di ritardo.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_eq!(kb_id(&italian, "Creta").as_deref(), Some("island:crete"));
}

#[test]
fn a_world_region_is_one_entry_in_every_language() {
    // (language, script, text, mention, id): the continent or region an English article
    // links, named in the article's language and case.
    let cases = [
        (
            "de",
            "Latin",
            "Die Exporte nach Asien stiegen, im Nahen Osten fielen sie.",
            "Nahen Osten",
            "region:middle-east",
        ),
        (
            "de",
            "Latin",
            "Israelische Truppen rückten in den Gazastreifen vor.",
            "Gazastreifen",
            "region:gaza",
        ),
        (
            "fr",
            "Latin",
            "Les ventes en Amérique latine ont baissé.",
            "Amérique latine",
            "region:latin-america",
        ),
        (
            "es",
            "Latin",
            "La sequía golpea el Sahel y el Cuerno de África.",
            "Sahel",
            "region:sahel",
        ),
        (
            "nl",
            "Latin",
            "De export naar Azië groeide sterk.",
            "Azië",
            "region:asia",
        ),
        (
            "ru",
            "Cyrillic",
            "Экспорт в Европу вырос, на Ближнем Востоке упал.",
            "Ближнем Востоке",
            "region:middle-east",
        ),
        (
            "ru",
            "Cyrillic",
            "Экспорт в Европу вырос, на Ближнем Востоке упал.",
            "Европу",
            "region:europe",
        ),
    ];
    for (language, script, body, mention, id) in cases {
        let (record, _) = enrich(record(language, script, body));
        assert_entities(&record, &[(mention, "location")], &[]);
        assert_eq!(kb_id(&record, mention).as_deref(), Some(id), "{body}");
    }
}

#[test]
fn a_works_title_in_quotes_is_the_work_not_the_people_it_is_named_after() {
    let body = "Большой театр представил оперу «Евгений Онегин». Спектакль «Анна Каренина» \
         покажут в Москве.";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    assert_entities(
        &russian,
        &[
            ("Евгений Онегин", "misc"),
            ("Анна Каренина", "misc"),
            ("Москве", "location"),
        ],
        &[],
    );
    let body = "Le film « Emilia Pérez » a gagné un prix à Cannes.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert_entities(&french, &[("Emilia Pérez", "misc")], &[]);
    // Without quotes the word announces nothing: the tagger's person stays.
    let body = "Le réalisateur du film Jacques Audiard était présent à Cannes.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert_entities(&french, &[("Jacques Audiard", "person")], &[]);
}

#[test]
fn a_stadium_or_arena_named_by_its_sponsor_is_a_place() {
    let body = "L'Olympique lyonnais a fait match nul au Groupama Stadium. Le concert aura lieu \
         à l'Accor Arena.";
    let french = record("fr", "Latin", body);
    let (with, _) = enrich(french.clone());
    assert_entities(
        &with,
        &[
            ("Groupama Stadium", "location"),
            ("Accor Arena", "location"),
        ],
        &[],
    );
    // Either pass makes the KB's stadium a place: the word `Stadium` or the KB's listing.
    let (without, _) = enrich_without(french, &[Pass::PlaceEnds, Pass::KbTypes]);
    assert_entities(&without, &[("Groupama Stadium", "organization")], &[]);
}

#[test]
fn a_brand_wiktionary_lists_as_a_german_noun_is_the_company() {
    let body = "Der Konzern Facebook hat mehr verdient. Auf Instagram und Twitter wurde das Video \
         geteilt.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &german,
        &[
            ("Facebook", "organization"),
            ("Instagram", "organization"),
            ("Twitter", "organization"),
        ],
        &[],
    );
    assert_eq!(
        kb_id(&german, "Facebook").as_deref(),
        Some("org:co-facebook")
    );
}

#[test]
fn a_listed_company_the_model_knows_as_a_name_starts_a_sentence() {
    // Wiktionary lists `Volkswagen` as a German noun, and the model knows the word: only its
    // weights, which start names with it, let the list vouch for it at a sentence start.
    let body = "Volkswagen verhandelt mit der Gewerkschaft über neue Sparpläne. Box und Ball \
         liegen im Keller.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(&german, &[("Volkswagen", "organization")], &["Box", "Ball"]);
    let (without, _) = enrich_without(record("de", "Latin", body), &[Pass::ListedCompanies]);
    assert!(
        !has_mention(&without, "Volkswagen"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_kind_word_in_lower_case_is_no_part_of_the_name_after_it() {
    let body = "Губернатор открыл новый мост через реку Исеть в Екатеринбурге.";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    assert_entities(
        &russian,
        &[("Исеть", "location"), ("Екатеринбурге", "location")],
        &["реку"],
    );
    let (without, _) = enrich_without(record("ru", "Cyrillic", body), &[Pass::KindWords]);
    assert!(has_mention(&without, "реку Исеть"), "{:?}", names(&without));
}

#[test]
fn a_capitalised_particle_after_a_first_name_is_part_of_the_surname() {
    let body = "Ieri Daniele De Rossi ha parlato a lungo. Il sindaco ha ringraziato Aurelio De \
         Laurentiis e la squadra.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_entities(
        &italian,
        &[
            ("Daniele De Rossi", "person"),
            ("Aurelio De Laurentiis", "person"),
        ],
        &["Ieri"],
    );
    let (without, _) = enrich_without(record("it", "Latin", body), &[Pass::NameParticles]);
    assert!(
        !has_mention(&without, "Daniele De Rossi")
            && !has_mention(&without, "Aurelio De Laurentiis"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_first_name_and_a_particle_make_a_person_of_a_surname_taken_for_a_place() {
    // `Saint-` reads like `Saint-Étienne`: the tagger takes the surname for a place and leaves
    // the first name out. A town named so stays a town (`Santiago de Compostela`).
    let body = "Le directeur commercial Benoît de Saint-Exupéry a salué une étape importante.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert_entities(&french, &[("Benoît de Saint-Exupéry", "person")], &[]);
    assert!(
        !names(&french).contains(&("Saint-Exupéry".to_owned(), "location".to_owned())),
        "{:?}",
        names(&french)
    );
    let (without, _) = enrich_without(record("fr", "Latin", body), &[Pass::NameParticles]);
    assert!(
        !has_mention(&without, "Benoît de Saint-Exupéry"),
        "{:?}",
        names(&without)
    );
    let body = "Los peregrinos llegaron ayer a Santiago de Compostela tras un mes de camino.";
    let (spanish, _) = enrich(record("es", "Latin", body));
    assert_entities(&spanish, &[("Santiago de Compostela", "location")], &[]);
}

#[test]
fn a_known_organisation_at_a_names_end_says_what_the_name_is() {
    // `Аналитики` (analysts) starts the sentence; the tagger took it and the bank for a person.
    // A branch of the academy is an organisation, not the place the tagger took it for.
    let body = "Аналитики Сбербанка ожидали снижения ставки. В Новосибирске открылся новый корпус \
         Сибирского отделения РАН.";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    assert_entities(
        &russian,
        &[
            ("Сбербанка", "organization"),
            ("Новосибирске", "location"),
            ("Сибирского отделения РАН", "organization"),
        ],
        &["Аналитики"],
    );
    let (without, _) = enrich_without(record("ru", "Cyrillic", body), &[Pass::KbTypes]);
    assert!(
        has_mention(&without, "Аналитики Сбербанка"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_listed_company_starting_a_sentence_is_no_surname() {
    let body = "Renault va produire une nouvelle voiture électrique à Douai. Le directeur général \
         François Provost l'a annoncé devant les salariés.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert_entities(
        &french,
        &[
            ("Renault", "organization"),
            ("Douai", "location"),
            ("François Provost", "person"),
        ],
        &[],
    );
    let (without, _) = enrich_without(record("fr", "Latin", body), &[Pass::ListedCompanies]);
    assert!(
        !names(&without).contains(&("Renault".to_owned(), "organization".to_owned())),
        "{:?}",
        names(&without)
    );
    // Where the article names the person, the surname alone is the person.
    let body = "Louis Renault fonde son entreprise en 1899. Renault construit alors ses premières \
         voitures à Boulogne-Billancourt.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert!(
        !names(&french).contains(&("Renault".to_owned(), "organization".to_owned())),
        "{:?}",
        names(&french)
    );
}

#[test]
fn a_listed_company_after_a_preposition_of_belonging_is_no_surname() {
    let body =
        "Les salariés de Renault et de Nissan manifesteront jeudi à Guyancourt. Le syndicat \
         CGT réclame une hausse des salaires.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert_entities(
        &french,
        &[
            ("Renault", "organization"),
            ("Nissan", "organization"),
            ("Guyancourt", "location"),
        ],
        &[],
    );
    let body =
        "Der frühere Chef von Porsche sagte am Montag in Stuttgart aus. Das Gericht vertagte \
         die Verhandlung.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &german,
        &[("Porsche", "organization"), ("Stuttgart", "location")],
        &[],
    );
    // Where the article names the person, the surname after `de` is the person.
    let body = "Louis Renault fonde son entreprise en 1899. Les mémoires de Renault paraissent \
         plus tard.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert!(
        !names(&french).contains(&("Renault".to_owned(), "organization".to_owned())),
        "{:?}",
        names(&french)
    );
}

#[test]
fn a_listed_company_keeps_its_elided_article() {
    let body = "L'Oréal a racheté une marque coréenne. Le directeur général a présenté \
         l'opération aux analystes du groupe L’Oréal à Clichy.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert_entities(
        &french,
        &[("L'Oréal", "organization"), ("L’Oréal", "organization")],
        &[],
    );
    let (without, _) = enrich_without(record("fr", "Latin", body), &[Pass::ListedCompanies]);
    assert!(!has_mention(&without, "L'Oréal"), "{:?}", names(&without));
}

#[test]
fn a_kind_word_in_lower_case_alone_is_no_name_and_a_quoted_name_ends_at_its_quote() {
    let body = "Глава компании Александр Дюков назвал проект стратегическим. В 1999 году он \
         вступил в «Союз правых сил».";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    assert_entities(
        &russian,
        &[
            ("Александр Дюков", "person"),
            ("Союз правых сил", "organization"),
        ],
        &["компании"],
    );
    let (without, _) = enrich_without(
        record("ru", "Cyrillic", body),
        &[Pass::KindWords, Pass::QuotedNames],
    );
    assert!(
        has_mention(&without, "компании") && has_mention(&without, "Союз правых"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_dutch_ministry_is_its_portfolio_after_van() {
    let body = "Minister Dirk Beljaarts van Economische Zaken was bij de opening. Minister Eelco \
         Heinen van Financiën presenteerde de begroting. Het ministerie van Volksgezondheid, \
         Welzijn en Sport zweeg. De ministers van Rutte vergaderden.";
    let (dutch, _) = enrich(record("nl", "Latin", body));
    assert_entities(
        &dutch,
        &[
            ("Dirk Beljaarts", "person"),
            ("Economische Zaken", "organization"),
            ("Eelco Heinen", "person"),
            ("Financiën", "organization"),
            (
                "ministerie van Volksgezondheid, Welzijn en Sport",
                "organization",
            ),
        ],
        &["Heinen van"],
    );
    assert!(
        !names(&dutch).contains(&("Rutte".to_owned(), "organization".to_owned())),
        "{:?}",
        names(&dutch)
    );
    let (without, _) = enrich_without(record("nl", "Latin", body), &[Pass::KindWords]);
    assert!(
        !has_mention(&without, "Economische Zaken") && !has_mention(&without, "Financiën"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_towns_assembly_and_a_states_police_are_organisations() {
    let body = "Der Hamburger Senat hat den Bau beschlossen. Laut Polizei Tirol waren die Männer \
         nicht angeseilt. Die Polizei sperrte die Straße.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &german,
        &[
            ("Hamburger Senat", "organization"),
            ("Polizei Tirol", "organization"),
        ],
        &["Die Polizei"],
    );
    assert!(
        !has_mention(&german, "Polizei"),
        "a kind word alone: {:?}",
        names(&german)
    );
    let (without, _) = enrich_without(record("de", "Latin", body), &[Pass::KindWords]);
    assert!(
        !has_mention(&without, "Hamburger Senat") && !has_mention(&without, "Polizei Tirol"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_government_of_a_person_is_no_name_but_the_person() {
    let body = "Según la sentencia, el Gobierno de Pedro Sánchez actuó dentro de sus competencias.";
    let (spanish, _) = enrich(record("es", "Latin", body));
    assert_entities(&spanish, &[("Pedro Sánchez", "person")], &["Gobierno"]);
}

#[test]
fn a_person_ends_before_a_preposition() {
    let body = "O Flamengo contratou o avançado Pedro Guilherme ao Santos.";
    let (portuguese, _) = enrich(record("pt", "Latin", body));
    assert_entities(
        &portuguese,
        &[("Pedro Guilherme", "person")],
        &["ao Santos"],
    );
    let (without, _) = enrich_without(record("pt", "Latin", body), &[Pass::NameParticles]);
    assert!(
        has_mention(&without, "Pedro Guilherme ao Santos"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_second_surname_before_a_comma_belongs_to_the_person() {
    let body = "Il presidente del gruppo, Marco Tronchetti Provera, si è detto tranquillo.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_entities(&italian, &[("Marco Tronchetti Provera", "person")], &[]);
    let (without, _) = enrich_without(record("it", "Latin", body), &[Pass::FirstNames]);
    assert!(
        !has_mention(&without, "Marco Tronchetti Provera"),
        "{:?}",
        names(&without)
    );
    // A word after the name that goes on with the sentence is no surname.
    let body = "Poi Luca Bianchi Partito ha votato contro la proposta.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert!(
        has_mention(&italian, "Luca Bianchi") && !has_mention(&italian, "Luca Bianchi Partito"),
        "{:?}",
        names(&italian)
    );
}

#[test]
fn a_pipeline_in_quotes_and_the_academy_of_sciences_in_its_cases() {
    let body = "Поставки газа по газопроводу «Сила Сибири» выросли. Об этом сообщил президент \
         Российской академии наук.";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    assert_entities(
        &russian,
        &[
            ("Сила Сибири", "location"),
            ("Российской академии наук", "organization"),
        ],
        &["газопроводу"],
    );
    assert_eq!(
        kb_id(&russian, "Российской академии наук").as_deref(),
        Some("org:ras")
    );
}

#[test]
fn seas_oceans_and_big_lakes_are_places_in_their_languages() {
    let body = "Ein Sturm über der Ostsee hat Fähren nach Schweden gestoppt. Am Bodensee blieb es \
         ruhig.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &german,
        &[("Ostsee", "location"), ("Bodensee", "location")],
        &[],
    );
    assert_eq!(kb_id(&german, "Ostsee").as_deref(), Some("sea:baltic"));
    let body = "Российские корабли вышли в Балтийское море из Кронштадта.";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    assert_eq!(
        kb_id(&russian, "Балтийское море").as_deref(),
        Some("sea:baltic")
    );
    let body = "I migranti hanno attraversato il Mediterraneo su un barcone.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_eq!(
        kb_id(&italian, "Mediterraneo").as_deref(),
        Some("sea:mediterranean")
    );
}

#[test]
fn a_dutch_organisations_capitalised_adjectives_are_its_name() {
    let body = "Studenten van de Vrije Universiteit Amsterdam en de Technische Universiteit \
         Eindhoven protesteren.";
    let dutch = record("nl", "Latin", body);
    let (with, _) = enrich(dutch.clone());
    assert_entities(
        &with,
        &[
            ("Vrije Universiteit Amsterdam", "organization"),
            ("Technische Universiteit Eindhoven", "organization"),
        ],
        &[],
    );
    let (without, _) = enrich_without(dutch, &[Pass::KindWords]);
    assert!(
        !has_mention(&without, "Technische Universiteit Eindhoven"),
        "{:?}",
        names(&without)
    );
    let body = "Gli scienziati del Politecnico di Milano hanno presentato il progetto.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_entities(&italian, &[("Politecnico di Milano", "organization")], &[]);
    assert!(!has_mention(&italian, "Milano"), "{:?}", names(&italian));
}

#[test]
fn a_german_authority_named_by_its_word_and_its_place_is_one_organisation() {
    let body =
        "Die Staatsanwaltschaft Bielefeld ermittelt. Das Gesundheitsamt Frankfurt warnt vor \
         Hitze.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(
        &german,
        &[
            ("Staatsanwaltschaft Bielefeld", "organization"),
            ("Gesundheitsamt Frankfurt", "organization"),
        ],
        &[],
    );
}

#[test]
fn a_ministry_written_in_lower_case_before_its_portfolio_is_one_organisation() {
    let body = "Le ministère de la Culture soutient le projet. Le ministère de l'Économie et des \
         Finances dément.";
    let french = record("fr", "Latin", body);
    let (with, _) = enrich(french.clone());
    assert_entities(
        &with,
        &[
            ("ministère de la Culture", "organization"),
            ("ministère de l'Économie et des Finances", "organization"),
        ],
        &[],
    );
    let (without, _) = enrich_without(french, &[Pass::KindWords]);
    assert!(
        !has_mention(&without, "ministère de la Culture"),
        "{:?}",
        names(&without)
    );
    let body = "Il ministero della Salute ha diffuso i nuovi dati sui ricoveri.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_entities(&italian, &[("ministero della Salute", "organization")], &[]);
    // A minister's ministry: the person stays.
    let body = "Il ministero di Matteo Salvini ha firmato il decreto.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_entities(&italian, &[("Matteo Salvini", "person")], &[]);
}

#[test]
fn an_organisation_before_a_region_or_a_country_is_its_branch_there() {
    let body = "Confcommercio Toscana ha annunciato ricorso al Tar. Secondo Coldiretti Puglia il \
         raccolto è buono.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_entities(
        &italian,
        &[
            ("Confcommercio Toscana", "organization"),
            ("Coldiretti Puglia", "organization"),
            ("Tar", "organization"),
        ],
        &[],
    );
    assert!(!has_mention(&italian, "Toscana"), "{:?}", names(&italian));
    // The branch is not the whole organisation: no link.
    assert_eq!(kb_id(&italian, "Confcommercio Toscana"), None);
    // German puts an object right after its subject: two names.
    let body = "Weil die EU Russland sanktioniert, steigen die Preise.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert!(has_mention(&german, "Russland"), "{:?}", names(&german));
}

#[test]
fn national_armed_forces_are_organisations() {
    let body = "La Marina Militare ha soccorso 40 persone. L'Armada española participa en la \
         misión.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_eq!(
        kb_id(&italian, "Marina Militare").as_deref(),
        Some("org:marina-militare")
    );
    let body = "La Armada rescató a 40 personas frente a las costas de Almería.";
    let (spanish, _) = enrich(record("es", "Latin", body));
    assert_entities(
        &spanish,
        &[("Armada", "organization"), ("Almería", "location")],
        &[],
    );
}

#[test]
fn an_economic_measure_or_a_tax_written_as_an_acronym_is_no_name() {
    let body = "El PIB creció un 0,6% en el tercer trimestre, según el INE.";
    // The acronyms pass took `PIB` for an organisation before it knew the word.
    let (spanish, _) = enrich(record("es", "Latin", body));
    assert_entities(&spanish, &[("INE", "organization")], &[]);
    assert!(!has_mention(&spanish, "PIB"), "{:?}", names(&spanish));
    let body = "Secondo l'Istat il Pil cresce dello 0,5%.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert!(!has_mention(&italian, "Pil"), "{:?}", names(&italian));
    // Brazil's base rate, which the Portuguese tagger took for a person.
    let body =
        "O ministro Fernando Haddad falou em Brasília. O Banco Central manteve a taxa Selic.";
    let (portuguese, _) = enrich(record("pt", "Latin", body));
    assert!(
        !has_mention(&portuguese, "Selic"),
        "{:?}",
        names(&portuguese)
    );
}

#[test]
fn a_train_service_is_a_product_not_an_organisation() {
    let body = "La SNCF a annoncé la suppression de plusieurs TGV entre Paris et Marseille.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert_entities(&french, &[("SNCF", "organization"), ("TGV", "misc")], &[]);
    assert_eq!(kb_id(&french, "TGV").as_deref(), Some("product:tgv"));
    // `ICE` is the train in German only (in English, the US agency).
    let body = "Die Deutsche Bahn streicht mehrere ICE zwischen Berlin und München.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_eq!(kb_id(&german, "ICE").as_deref(), Some("product:ice"));
    let body = "ICE agents detained two men in Chicago.";
    let (english, _) = enrich(record("en", "Latin", body));
    assert_ne!(kb_id(&english, "ICE").as_deref(), Some("product:ice"));
}

#[test]
fn an_italian_institution_goes_on_over_its_lower_case_words() {
    let body = "Secondo l'Istituto nazionale di geofisica e vulcanologia la scossa è stata \
                avvertita fino a Perugia. Il Ministero dell'economia e delle finanze ha \
                stanziato i fondi e la Guardia costiera presidia il porto.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_entities(
        &italian,
        &[
            (
                "Istituto nazionale di geofisica e vulcanologia",
                "organization",
            ),
            ("Perugia", "location"),
            ("Ministero dell'economia e delle finanze", "organization"),
            ("Guardia costiera", "organization"),
        ],
        &[],
    );
    assert_eq!(names(&italian).len(), 4, "{:?}", names(&italian));
    let (without, _) = enrich_without(record("it", "Latin", body), &[Pass::KindWords]);
    assert!(
        !has_mention(&without, "Istituto nazionale di geofisica e vulcanologia"),
        "{:?}",
        names(&without)
    );
    // Not over a verb that ends like an adjective.
    let body = "Il Comune comunica che la Regione prevede nuovi fondi.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert!(
        !has_mention(&italian, "Comune comunica"),
        "{:?}",
        names(&italian)
    );
}

#[test]
fn an_organisation_word_gives_a_common_word_the_kb_knows_its_organisation() {
    // `azul` is a colour: alone, the name is no name; after `companhia aérea` it is the airline.
    let body = "A Embraer entregou o primeiro avião à companhia aérea Azul em Campinas.";
    let (portuguese, _) = enrich(record("pt", "Latin", body));
    assert_entities(
        &portuguese,
        &[
            ("Embraer", "organization"),
            ("Azul", "organization"),
            ("Campinas", "location"),
        ],
        &[],
    );
    let (without, _) = enrich_without(record("pt", "Latin", body), &[Pass::KindWords]);
    assert!(!has_mention(&without, "Azul"), "{:?}", names(&without));
}

#[test]
fn a_quoted_name_right_after_a_role_is_the_organisation_it_heads() {
    let body = "На церемонии присутствовал глава «Метростроя» Николай Александров.";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    assert_entities(
        &russian,
        &[
            ("Метростроя", "organization"),
            ("Николай Александров", "person"),
        ],
        &[],
    );
    let (without, _) = enrich_without(record("ru", "Cyrillic", body), &[Pass::KindWords]);
    assert!(
        !has_mention(&without, "Метростроя"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_party_named_by_a_word_of_the_language_is_found_after_an_article() {
    // `chega` is a verb (`arrives`): alone it is left to the tagger; `o Chega` is the party.
    let body = "O PSD e o Chega votaram contra. O ministro chega hoje a Lisboa.";
    let (portuguese, _) = enrich(record("pt", "Latin", body));
    assert_entities(
        &portuguese,
        &[
            ("PSD", "organization"),
            ("Chega", "organization"),
            ("Lisboa", "location"),
        ],
        &[],
    );
    assert_eq!(
        kb_id(&portuguese, "Chega").as_deref(),
        Some("org:party-chega")
    );
    let (without, _) = enrich_without(record("pt", "Latin", body), &[Pass::KbMatches]);
    assert!(!has_mention(&without, "Chega"), "{:?}", names(&without));
    // Not a word of a longer name.
    let body = "A empresa abriu um escritório no Vale do Silício.";
    let (portuguese, _) = enrich(record("pt", "Latin", body));
    assert_ne!(kb_id(&portuguese, "Vale").as_deref(), Some("org:co-vale"));
    assert!(
        !has_mention(&portuguese, "Vale"),
        "{:?}",
        names(&portuguese)
    );
}

#[test]
fn a_sentences_article_before_a_known_name_is_no_part_of_it() {
    // The French tagger takes `La Bretagne` starting a sentence for an organisation.
    let body = "La Bretagne est placée en alerte orange pour des orages. Les écoles de Rennes \
         restent ouvertes.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert_entities(
        &french,
        &[("Bretagne", "location"), ("Rennes", "location")],
        &["La Bretagne"],
    );
    let (without, _) = enrich_without(record("fr", "Latin", body), &[Pass::KbTypes]);
    assert!(
        has_mention(&without, "La Bretagne"),
        "{:?}",
        names(&without)
    );
    // An organisation too: the pooled model takes the article into it.
    let body = "La Agencia Estatal de Meteorología alerta de lluvias en Galicia.";
    let (spanish, _) = enrich(record("es", "Latin", body));
    assert_entities(
        &spanish,
        &[("Agencia Estatal de Meteorología", "organization")],
        &["La Agencia"],
    );
    assert_eq!(
        kb_id(&spanish, "Agencia Estatal de Meteorología").as_deref(),
        Some("org:aemet")
    );
    let (without, _) = enrich_without(record("es", "Latin", body), &[Pass::KbTypes]);
    assert!(
        has_mention(&without, "La Agencia Estatal de Meteorología"),
        "{:?}",
        names(&without)
    );
    // A name the KB knows with its article keeps it.
    let body = "Le Monde a publié une enquête sur la Bretagne.";
    let (paper, _) = enrich(record("fr", "Latin", body));
    assert!(has_mention(&paper, "Le Monde"), "{:?}", names(&paper));
}

#[test]
fn a_dutch_name_ending_in_station_is_a_place() {
    let body = "Bij het Centraal Station van Utrecht is een nieuwe fietsenstalling geopend.";
    let (dutch, _) = enrich(record("nl", "Latin", body));
    assert_entities(
        &dutch,
        &[("Centraal Station", "location"), ("Utrecht", "location")],
        &[],
    );
    let (without, _) = enrich_without(record("nl", "Latin", body), &[Pass::PlaceEnds]);
    assert!(
        !names(&without).contains(&("Centraal Station".to_owned(), "location".to_owned())),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_listed_stadium_beside_clubs_is_the_place() {
    // Between two clubs the French tagger is sure the ground is an organisation too.
    let body = "Le FC Nantes a battu le Stade Rennais au Roazhon Park dimanche soir.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert_entities(&french, &[("Roazhon Park", "location")], &[]);
    assert_eq!(
        kb_id(&french, "Roazhon Park").as_deref(),
        Some("venue:roazhon-park")
    );
    let (without, _) = enrich_without(record("fr", "Latin", body), &[Pass::KbTypes]);
    assert!(
        !names(&without).contains(&("Roazhon Park".to_owned(), "location".to_owned())),
        "{:?}",
        names(&without)
    );
}

#[test]
fn the_russian_central_bank_by_its_full_name_is_one_organisation() {
    let body = "Центральный банк России снизил ставку. Эксперты ждали решения Центрального банка \
         России.";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    assert_entities(
        &russian,
        &[
            ("Центральный банк России", "organization"),
            ("Центрального банка России", "organization"),
        ],
        &[],
    );
    assert_eq!(
        kb_id(&russian, "Центральный банк России").as_deref(),
        Some("org:cbr")
    );
}

#[test]
fn a_quoted_organisation_the_kb_found_the_start_of_ends_at_its_quote() {
    // The tagger misses the oil company starting the sentence; the KB finds `Газпром` in it.
    let body = "«Газпром нефть» начала добычу на новом месторождении. Акции «Газпрома» выросли.";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    assert_entities(
        &russian,
        &[
            ("Газпром нефть", "organization"),
            ("Газпрома", "organization"),
        ],
        &[],
    );
    assert_eq!(kb_id(&russian, "Газпром нефть"), None);
    assert_eq!(kb_id(&russian, "Газпрома").as_deref(), Some("org:gazprom"));
    let (without, _) = enrich_without(record("ru", "Cyrillic", body), &[Pass::QuotedNames]);
    assert!(
        !has_mention(&without, "Газпром нефть"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_dutch_compound_ending_in_a_word_for_an_organisation_is_one() {
    // Dutch writes common nouns in lower case: mid-sentence, such a compound with a capital is
    // an organisation's name; starting a sentence it is the kind word before a name.
    let body = "De wethouder sprak met het Rijksvastgoedbedrijf over de verbouwing. \
         Energiebedrijf Eneco verhoogt de tarieven.";
    let (dutch, _) = enrich(record("nl", "Latin", body));
    assert_entities(
        &dutch,
        &[
            ("Rijksvastgoedbedrijf", "organization"),
            ("Eneco", "organization"),
        ],
        &["Energiebedrijf"],
    );
    let (without, _) = enrich_without(record("nl", "Latin", body), &[Pass::KindWords]);
    assert!(
        !has_mention(&without, "Rijksvastgoedbedrijf"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_scandinavian_authority_named_by_a_compound_is_an_organisation() {
    let body = "Forinden havde Justitsministeriet sendt lovforslaget i høring, og Finanstilsynet \
         undersøger sagen. Sundhedsstyrelsen sagde til TV 2, at den anbefaler vaccination.";
    let (danish, _) = enrich(record("da", "Latin", body));
    assert_entities(
        &danish,
        &[
            ("Justitsministeriet", "organization"),
            ("Finanstilsynet", "organization"),
            ("Sundhedsstyrelsen", "organization"),
            ("TV 2", "organization"),
        ],
        &[],
    );
    // The KB's: a sentence's first word, and a name with a figure.
    assert_eq!(
        kb_id(&danish, "Sundhedsstyrelsen").as_deref(),
        Some("org:sundhedsstyrelsen")
    );
    assert_eq!(kb_id(&danish, "TV 2").as_deref(), Some("org:tv2-denmark"));
    let body = "Enligt uppgifter till Skatteverket ökar intäkterna, och Finansdepartementet \
         bekräftar.";
    let (swedish, _) = enrich(record("sv", "Latin", body));
    assert_entities(
        &swedish,
        &[
            ("Skatteverket", "organization"),
            ("Finansdepartementet", "organization"),
        ],
        &[],
    );
    let (without, _) = enrich_without(record("sv", "Latin", body), &[Pass::KindWords]);
    assert!(
        !has_mention(&without, "Finansdepartementet"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_danish_title_announces_a_person_and_a_countrys_genitive_is_the_country() {
    let body = "Ukraines præsident Volodymyr Zelenskyj mødtes med Natos generalsekretær i \
         Bruxelles.";
    let (danish, _) = enrich(record("da", "Latin", body));
    assert_entities(
        &danish,
        &[
            ("Ukraines", "location"),
            ("Volodymyr Zelenskyj", "person"),
            ("Natos", "organization"),
        ],
        &["præsident", "generalsekretær"],
    );
    assert_eq!(kb_id(&danish, "Ukraines").as_deref(), Some("country:UA"));
    let (without, _) = enrich_without(record("da", "Latin", body), &[Pass::KindWords]);
    assert!(
        !has_mention(&without, "Volodymyr Zelenskyj"),
        "{:?}",
        names(&without)
    );
    let (without, _) = enrich_without(record("da", "Latin", body), &[Pass::KbMatches]);
    assert!(!has_mention(&without, "Ukraines"), "{:?}", names(&without));
}

#[test]
fn russias_big_cities_are_linked_in_their_cases() {
    let body = "Губернатор посетил завод в Казани, а затем вылетел в Нижний Новгород. В Перми и \
         Ярославле прошли митинги.";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    for (mention, id) in [
        ("Казани", "geonames:551487"),
        ("Нижний Новгород", "geonames:520555"),
        ("Перми", "geonames:511196"),
        ("Ярославле", "geonames:468902"),
    ] {
        assert_eq!(kb_id(&russian, mention).as_deref(), Some(id), "{mention}");
    }
    let body = "Die Delegation reiste von Jekaterinburg nach Sotschi.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_eq!(
        kb_id(&german, "Jekaterinburg").as_deref(),
        Some("geonames:1486209")
    );
}

#[test]
fn a_french_institution_named_like_a_common_noun_is_linked_where_capitalised() {
    let body = "Le Sénat a voté le budget de la Sécurité sociale. La sécurité sociale des \
         indépendants reste un sujet.";
    let (french, _) = enrich(record("fr", "Latin", body));
    assert_eq!(
        kb_id(&french, "Sécurité sociale").as_deref(),
        Some("org:securite-sociale")
    );
    assert!(
        !has_mention(&french, "sécurité sociale"),
        "{:?}",
        names(&french)
    );
}

#[test]
fn a_german_land_named_like_a_noun_is_the_land_after_in() {
    // `Sachsen` is also the Saxons: alone it is left to the tagger, after `in` it is the Land.
    let body = "Der Konzern baut 1000 neue Stellen in Sachsen auf. Die Sachsen feierten das Werk.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(&german, &[("Sachsen", "location")], &[]);
    let mentions: Vec<&str> = german
        .entities
        .as_deref()
        .unwrap()
        .iter()
        .flat_map(|e| e.mentions.iter().map(|m| m.text.as_str()))
        .collect();
    assert_eq!(mentions, ["Sachsen"], "the Saxons are no place");
    let (without, _) = enrich_without(record("de", "Latin", body), &[Pass::KbMatches]);
    assert!(!has_mention(&without, "Sachsen"), "{:?}", names(&without));
}

#[test]
fn a_stadium_named_by_a_word_is_found_after_an_article() {
    // `Metropolitano` is an adjective: alone it is left to the tagger.
    let body = "El Atlético de Madrid presentó a su fichaje en el Metropolitano. El tren \
         Metropolitano llega tarde.";
    let (spanish, _) = enrich(record("es", "Latin", body));
    assert_entities(&spanish, &[("Metropolitano", "location")], &[]);
    assert_eq!(
        kb_id(&spanish, "Metropolitano").as_deref(),
        Some("venue:riyadh-air-metropolitano")
    );
    let stadium_mentions = spanish
        .entities
        .as_deref()
        .unwrap()
        .iter()
        .filter(|e| e.kb_id.as_deref() == Some("venue:riyadh-air-metropolitano"))
        .map(|e| e.mentions.len())
        .sum::<usize>();
    assert_eq!(stadium_mentions, 1, "{:?}", names(&spanish));
    let (without, _) = enrich_without(record("es", "Latin", body), &[Pass::KbMatches]);
    assert!(
        !has_mention(&without, "Metropolitano"),
        "{:?}",
        names(&without)
    );
}

#[test]
fn a_country_after_an_organisations_word_is_the_country() {
    // A plural (`компании` are companies) or a team named by its country: the country, linked.
    let body = "Крупнейшие компании России заявили о росте прибыли. Сборная сыграет с командой \
         Японии в Токио.";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    assert_entities(
        &russian,
        &[("России", "location"), ("Японии", "location")],
        &[],
    );
    assert_eq!(kb_id(&russian, "России").as_deref(), Some("country:RU"));
    assert_eq!(kb_id(&russian, "Японии").as_deref(), Some("country:JP"));
    let body = "Die Unternehmen Deutschlands investieren weniger.";
    let (german, _) = enrich(record("de", "Latin", body));
    assert_entities(&german, &[("Deutschlands", "location")], &[]);
    assert_eq!(
        kb_id(&german, "Deutschlands").as_deref(),
        Some("country:DE")
    );
}

#[test]
fn a_town_a_line_goes_to_is_a_place() {
    let body = "Il sindaco ha discusso con Trenitalia dei ritardi sulla linea per Salerno.";
    let (italian, model) = enrich(record("it", "Latin", body));
    assert_eq!(model, "latin-pooled");
    assert_entities(&italian, &[("Salerno", "location")], &[]);
}

#[test]
fn a_club_named_like_its_island_or_region_is_read_from_a_match_report() {
    // No word of sport: the KB's clubs say the article reports a match.
    let body = "El Real Betis empató con el Villarreal y el Athletic Club venció al Mallorca. \
         Isco marcó de falta.";
    let (spanish, _) = enrich(record("es", "Latin", body));
    assert_entities(
        &spanish,
        &[("Villarreal", "organization"), ("Mallorca", "organization")],
        &[],
    );
    let body = "Club Brugge heeft zondag de topper tegen Anderlecht met 3-0 gewonnen.";
    let (dutch, _) = enrich(record("nl", "Latin", body));
    assert_entities(&dutch, &[("Anderlecht", "organization")], &[]);
    // Italian writes its regions with a masculine article: `il Lazio` stays the region.
    let body = "La Juventus ha vinto contro la Lazio. Il Lazio ha stanziato fondi per le scuole.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_entities(
        &italian,
        &[("Lazio", "organization"), ("Lazio", "location")],
        &[],
    );
    // Outside a match report the island is the island.
    let body = "El turismo en Mallorca creció y el Gobierno balear celebró el dato.";
    let (island, _) = enrich(record("es", "Latin", body));
    assert_entities(&island, &[("Mallorca", "location")], &[]);
}

#[test]
fn a_town_of_two_words_taken_for_a_person_is_the_town() {
    // `Campi` is no first name: the name lists' town, not a person.
    let body = "Il presidente Eugenio Giani ha visitato Prato e Campi Bisenzio insieme ai \
         volontari.";
    let (italian, _) = enrich(record("it", "Latin", body));
    assert_entities(
        &italian,
        &[("Campi Bisenzio", "location"), ("Eugenio Giani", "person")],
        &[],
    );
    let (without, _) = enrich_without(record("it", "Latin", body), &[Pass::FirstNames]);
    assert_entities(&without, &[("Campi Bisenzio", "person")], &[]);
}

#[test]
fn a_russian_town_in_quotes_is_what_is_named_after_it() {
    let body = "Хозяева обыграли «Ростов» со счётом 2:1. Поезд прибыл на станцию «Сокольники». \
         Делегация прилетела в Ростов вечером.";
    let (russian, _) = enrich(record("ru", "Cyrillic", body));
    // The club in quotes, the station after its word, the city without quotes.
    assert_entities(
        &russian,
        &[
            ("Ростов", "organization"),
            ("Сокольники", "location"),
            ("Ростов", "location"),
        ],
        &[],
    );
    let (without, _) = enrich_without(record("ru", "Cyrillic", body), &[Pass::QuotedNames]);
    assert!(
        !without
            .entities
            .as_deref()
            .unwrap()
            .iter()
            .any(|e| e.kind.as_str() == "organization" && e.name == "Ростов"),
        "{:?}",
        names(&without)
    );
}
