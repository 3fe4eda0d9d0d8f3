//! The entities stage on small fixtures written for these tests, and on the sample article.

use std::io::Write;

use enricher_contracts::{Entity, EntityType};
use enricher_entities::{EntitySettings, EntityStage};

fn entities(text: &str) -> Vec<Entity> {
    EntityStage::new(&EntitySettings::default())
        .unwrap()
        .entities(text, 0)
}

fn find<'a>(entities: &'a [Entity], name: &str) -> &'a Entity {
    entities.iter().find(|e| e.name == name).unwrap_or_else(|| {
        panic!(
            "no entity {name} in {:#?}",
            entities
                .iter()
                .map(|e| (&e.name, &e.kind))
                .collect::<Vec<_>>()
        )
    })
}

fn mention_texts(entity: &Entity) -> Vec<&str> {
    entity.mentions.iter().map(|m| m.text.as_str()).collect()
}

fn assert_offsets_round_trip(text: &str, entities: &[Entity]) {
    let chars: Vec<char> = text.chars().collect();
    for entity in entities {
        for m in &entity.mentions {
            let slice: String = chars[m.start..m.end].iter().collect();
            assert_eq!(slice, m.text, "offsets of {m:?}");
        }
    }
}

#[test]
fn possessives_and_hyphenated_compounds() {
    let text = "Belarus’s membership and Putin's plan strengthen Moscow-Beijing ties against the U.S.-led order, Vladimir Putin said.";
    let found = entities(text);
    assert_offsets_round_trip(text, &found);
    assert_eq!(mention_texts(find(&found, "Belarus")), ["Belarus"]);
    let putin = find(&found, "Vladimir Putin");
    assert_eq!(putin.kind, EntityType::Person);
    assert_eq!(mention_texts(putin), ["Putin", "Vladimir Putin"]);
    assert_eq!(find(&found, "Moscow").kind, EntityType::Location);
    assert_eq!(find(&found, "Beijing").kind, EntityType::Location);
    let us = find(&found, "United States");
    assert_eq!(
        (us.kind, us.kb_id.as_deref()),
        (EntityType::Location, Some("country:US"))
    );
    assert_eq!(mention_texts(us), ["U.S."]);
}

#[test]
fn acronyms_join_their_organisation() {
    let text = "Leaders met at the summit of the Eurasian Regional Forum (ERF) on Monday. The ERF was founded in 2001. The Shanghai Cooperation Organization and the SCO secretariat agreed.";
    let found = entities(text);
    let erf = find(&found, "Eurasian Regional Forum");
    assert_eq!(
        mention_texts(erf),
        ["Eurasian Regional Forum", "ERF", "ERF"]
    );
    let sco = find(&found, "Shanghai Cooperation Organization");
    assert_eq!(sco.kb_id.as_deref(), Some("org:sco"));
    assert_eq!(sco.count, 2);
}

#[test]
fn headings_are_not_people_and_do_not_glue_to_the_next_line() {
    let text = "Key Discussions and Challenges\nCountering terrorism is a central focus for Kazakhstan.\nSummit Goals\nPutin aims to show strength.";
    let found = entities(text);
    assert!(
        found
            .iter()
            .all(|e| !e.name.contains("Discussions") && !e.name.contains("Goals")),
        "{found:#?}"
    );
    assert!(found.iter().all(|e| !e.name.contains('\n')));
    assert!(found.iter().all(|e| e.name != "Challenges Countering"));
    assert_eq!(find(&found, "Kazakhstan").kind, EntityType::Location);
}

#[test]
fn a_line_that_is_one_person_stays_when_it_names_a_first_name() {
    // A byline is a heading-shaped line with a person's first name: it stays; a section title
    // the tagger takes for a person (`Key Discussions` in the sample article) has none.
    let text = "Harbour Budget\nThe port authority approved the budget on Monday after a long debate.\nMaria Lindqvist\nThe author covers shipping and public finance.";
    let found = entities(text);
    assert_eq!(find(&found, "Maria Lindqvist").kind, EntityType::Person);
    assert!(
        found.iter().all(|e| !e.name.contains("Harbour")),
        "{found:#?}"
    );
}

#[test]
fn title_cues_mark_people() {
    let text = "Prime Minister Shehbaz Sharif spoke after President Kassym-Jomart Tokayev and Secretary-General António Guterres.";
    let found = entities(text);
    assert_offsets_round_trip(text, &found);
    for name in [
        "Shehbaz Sharif",
        "Kassym-Jomart Tokayev",
        "António Guterres",
    ] {
        assert_eq!(find(&found, name).kind, EntityType::Person, "{name}");
    }
    assert!(found
        .iter()
        .all(|e| e.name != "Prime Minister" && e.name != "President"));
}

#[test]
fn lists_of_countries_are_locations_linked_to_the_kb() {
    let text = "Its members include Iran, India, Pakistan, Kazakhstan, Kyrgyzstan, Tajikistan, and Uzbekistan.";
    let found = entities(text);
    for (name, code) in [
        ("Iran", "IR"),
        ("India", "IN"),
        ("Pakistan", "PK"),
        ("Kazakhstan", "KZ"),
        ("Kyrgyzstan", "KG"),
        ("Tajikistan", "TJ"),
        ("Uzbekistan", "UZ"),
    ] {
        let e = find(&found, name);
        assert_eq!(e.kind, EntityType::Location, "{name}");
        assert_eq!(e.kb_id.as_deref(), Some(format!("country:{code}").as_str()));
    }
}

#[test]
fn a_newsroom_kb_entry_wins_over_the_default_kb() {
    let mut file = tempfile_path("newsroom-kb.jsonl");
    writeln!(
        file.1,
        r#"{{"id": "heed:topic/sco", "name": "SCO (Shanghai bloc)", "type": "organization", "aliases": ["SCO", "Shanghai Cooperation Organization"]}}"#
    )
    .unwrap();
    writeln!(file.1, r#"{{"id": "heed:person/guterres", "name": "António Guterres", "type": "person", "aliases": ["Guterres"]}}"#).unwrap();
    let stage = EntityStage::new(&EntitySettings {
        kb_path: Some(file.0.clone()),
    })
    .unwrap();
    let text = "The SCO met. U.N. chief António Guterres attended; Guterres spoke.";
    let found = stage.entities(text, 0);
    let sco = find(&found, "SCO (Shanghai bloc)");
    assert_eq!(sco.kb_id.as_deref(), Some("heed:topic/sco"));
    let guterres = find(&found, "António Guterres");
    assert_eq!(guterres.kb_id.as_deref(), Some("heed:person/guterres"));
    assert_eq!(guterres.count, 2);
    let bad = tempfile_path("bad-kb.jsonl");
    writeln!(&bad.1, r#"{{"id": "x", "name": "X", "type": "planet"}}"#).unwrap();
    let err = EntityStage::new(&EntitySettings {
        kb_path: Some(bad.0.clone()),
    })
    .err()
    .unwrap();
    assert!(
        err.to_string()
            .contains("line 1: unknown variant `planet`, expected one of `person`, `organization`, `location`, `misc`"),
        "{err}"
    );
}

#[test]
fn offsets_round_trip_on_non_ascii_text() {
    let text = "«Élysée» — “António Guterres” met Zürich’s mayor in São Paulo; Guterres’ aides and ÅSA’s staff watched.";
    let found = entities(text);
    assert_offsets_round_trip(text, &found);
    let guterres = find(&found, "António Guterres");
    assert_eq!(guterres.count, 2);
    assert_eq!(
        guterres.mentions[0].start,
        text.chars().position(|c| c == 'A').unwrap()
    );
}

#[test]
fn salience_favours_the_title_and_lead() {
    let stage = EntityStage::new(&EntitySettings::default()).unwrap();
    let text = "Kazakhstan hosts summit\n\nLeaders arrived in Astana on Wednesday.\nLater, officials from Egypt and Egypt's neighbours met.";
    let found = stage.entities(text, "Kazakhstan hosts summit".chars().count());
    assert_eq!(found[0].name, "Kazakhstan");
    assert_eq!(found[0].salience, 1.0);
    let egypt = find(&found, "Egypt");
    assert!(egypt.salience < 1.0 && egypt.salience > 0.0);
}

#[test]
fn the_sample_article_comes_out_right() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/summit-report.txt"
    ))
    .unwrap();
    let found = entities(&text);
    assert_offsets_round_trip(&text, &found);
    for person in [
        "Recep Tayyip Erdogan",
        "Luiz Inácio Lula da Silva",
        "Anthony Albanese",
        "Mark Carney",
        "Friedrich Merz",
        "Bola Tinubu",
        "Li Qiang",
        "Xi Jinping",
        "Cyril Ramaphosa",
        "Narendra Modi",
        "António Guterres",
        "Javier Milei",
    ] {
        assert_eq!(find(&found, person).kind, EntityType::Person, "{person}");
    }
    // All of Lula's mentions, the short form included, are one person.
    let lula = find(&found, "Luiz Inácio Lula da Silva");
    assert!(
        mention_texts(lula).contains(&"Lula"),
        "{:?}",
        mention_texts(lula)
    );
    let ramaphosa = find(&found, "Cyril Ramaphosa");
    assert!(
        ramaphosa.count >= 4,
        "every Ramaphosa mention, possessives included: {:?}",
        mention_texts(ramaphosa)
    );
    assert!(mention_texts(find(&found, "Xi Jinping")).contains(&"Xi"));
    let g20 = find(&found, "Group of Twenty");
    assert!(mention_texts(g20).contains(&"G20"));
    assert_eq!(g20.kind, EntityType::Organization);
    assert_eq!(
        find(&found, "International Monetary Fund").kb_id.as_deref(),
        Some("org:imf")
    );
    assert_eq!(find(&found, "African Union").kind, EntityType::Organization);
    for place in [
        "Johannesburg",
        "Ankara",
        "Japan",
        "Germany",
        "India",
        "Indonesia",
        "Mexico",
        "Argentina",
        "Australia",
        "Nigeria",
        "Egypt",
        "Beijing",
        "Kazakhstan",
        "South Africa",
        "Nairobi",
        "Sudan",
        "Brussels",
        "Zambia",
        "Kenya",
        "London",
        "United States",
    ] {
        assert_eq!(find(&found, place).kind, EntityType::Location, "{place}");
    }
    for entity in &found {
        assert!(!entity.name.contains('\n'), "{}", entity.name);
        for heading in [
            "Key Discussions",
            "Summit Goals",
            "Looking Ahead",
            "Trade and Debt",
        ] {
            assert!(
                !entity.name.contains(heading),
                "a heading is not an entity: {}",
                entity.name
            );
        }
        assert!(
            !entity.mentions.iter().any(|m| m.text.contains("http")),
            "no entity inside a URL"
        );
    }
}

/// A file in the system temp dir that is removed on drop.
struct TempFile(std::path::PathBuf, std::fs::File);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn tempfile_path(name: &str) -> TempFile {
    let path = std::env::temp_dir().join(format!("{}-{name}", std::process::id()));
    let file = std::fs::File::create(&path).unwrap();
    TempFile(path, file)
}

#[test]
fn newsroom_names_in_one_language_are_found_only_in_that_language() {
    let mut file = tempfile_path("newsroom-names.jsonl");
    writeln!(
        file.1,
        r#"{{"id": "desk:port", "name": "Port of Rotterdam", "type": "location", "aliases": ["Rotterdam port"], "names": {{"de": ["Hafen Rotterdam"]}}, "variants": ["Havenbedrijf"]}}"#
    )
    .unwrap();
    let stage = EntityStage::new(&EntitySettings {
        kb_path: Some(file.0.clone()),
    })
    .unwrap();
    let kb_only = enricher_entities::models::ModelId::KbOnly;
    let text = "Streik im Hafen Rotterdam. Havenbedrijf schweigt.";
    let german = stage.extract(text, 0, Some("de"), kb_only);
    let port = find(&german, "Hafen Rotterdam");
    assert_eq!(port.kb_id.as_deref(), Some("desk:port"));
    assert!(
        german.iter().all(|e| e.name != "Havenbedrijf"),
        "a variant links a tagged name but is never found on its own: {german:?}"
    );
    let english = stage.extract(text, 0, Some("en"), kb_only);
    assert!(
        english
            .iter()
            .all(|e| e.kb_id.as_deref() != Some("desk:port")),
        "German names are not looked for in English: {english:?}"
    );
    let english = stage.extract("Strike at the Rotterdam port.", 0, Some("en"), kb_only);
    assert_eq!(
        find(&english, "Port of Rotterdam").kb_id.as_deref(),
        Some("desk:port")
    );
}

#[test]
fn surnames_with_particles_are_one_person() {
    let found = entities(
        "Commission President Ursula von der Leyen met the Dutch delegation in Brussels. \
         Von der Leyen said the talks went well.",
    );
    let ursula = find(&found, "Ursula von der Leyen");
    assert_eq!(ursula.kind, EntityType::Person);
    assert_eq!(
        mention_texts(ursula),
        ["Ursula von der Leyen", "Von der Leyen"]
    );
    assert!(
        found
            .iter()
            .all(|e| e.name != "Ursula" && e.name != "Leyen"),
        "{found:?}"
    );

    // A surname the tagger took for a place (`Dennis te` + `Kloese`) is the person's.
    let stage = EntityStage::new(&EntitySettings::default()).unwrap();
    let dutch = stage.extract(
        "Technisch directeur Dennis te Kloese zei dinsdag dat de club in gesprek is.",
        0,
        Some("nl"),
        enricher_entities::models::ModelId::Nl,
    );
    assert_eq!(find(&dutch, "Dennis te Kloese").kind, EntityType::Person);
    assert!(dutch.iter().all(|e| e.name != "Kloese"), "{dutch:?}");

    // German `von der` + a party, and `den` + a noun, are no name particles.
    let stage = EntityStage::new(&EntitySettings::default()).unwrap();
    let german = stage.extract(
        "Die Kanzlerin Angela Merkel sprach in Berlin. Merkel von der CDU traf Karl von Habsburg. \
         Der Minister dankte Müller den Vertretern der Bauern.",
        0,
        Some("de"),
        enricher_entities::models::ModelId::De,
    );
    assert_eq!(find(&german, "CDU").kind, EntityType::Organization);
    assert_eq!(find(&german, "Karl von Habsburg").kind, EntityType::Person);
    assert!(
        german
            .iter()
            .flat_map(|e| &e.mentions)
            .all(|m| !m.text.contains("von der CDU") && !m.text.contains("den Vertretern")),
        "{german:?}"
    );

    // Dutch `te` before a surname; `te` before a place is `in` (`geboren te Utrecht`).
    let dutch = stage.extract(
        "Directeur Dennis te Kloese maakte het bekend. Willem te Utrecht sprak later.",
        0,
        Some("nl"),
        enricher_entities::models::ModelId::Nl,
    );
    assert_eq!(find(&dutch, "Dennis te Kloese").kind, EntityType::Person);
    assert!(
        dutch.iter().all(|e| e.name != "Willem te Utrecht"),
        "{dutch:?}"
    );
}
