//! Hostile input, systematically: property tests over arbitrary article bytes and arbitrary
//! bodies (text, HTML, Markdown) run through the real pipeline (language, entities, link
//! extraction; checking off). Whatever the input: an error or a record, never a panic; every
//! offset in the record is a valid span of its `text` and names what it says; the record
//! matches the published schema.
//!
//! `PROPTEST_CASES=N cargo test -p enricher --test properties` tries more inputs.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use enricher::config::Settings;
use enricher_contracts::Article;
use enricher_tests::schema_validator;
use proptest::prelude::*;

/// Inputs per property: 300 in the test suite, `PROPTEST_CASES` for a longer hunt.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300)
}

fn pipeline() -> &'static enricher_pipeline::Pipeline {
    static PIPELINE: OnceLock<enricher_pipeline::Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let mut settings = Settings::default();
        // Never any traffic: links are extracted and judged offline only.
        settings.links.check = false;
        enricher::stages::build_pipeline(&settings).expect("default pipeline")
    })
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(enricher_tests::runtime)
}

/// Pieces hostile and ordinary: markup, entities, URLs, names, scripts, controls.
const PIECES: &[&str] = &[
    "<p>",
    "</p>",
    "<a href=\"",
    "\">",
    "</a>",
    "<script>",
    "</script>",
    "<!--",
    "-->",
    "<b>",
    "<br/>",
    "&amp;",
    "&#x1F600;",
    "&#0;",
    "&lt;",
    "[link](",
    ")",
    "](http://",
    "**",
    "# ",
    "\n\n",
    "\n",
    " ",
    ". ",
    ", ",
    "http://127.0.0.2/",
    "https://example.org/a?b=c#:~:text=x",
    "/wp-admin/post.php?post=1&action=edit",
    "mailto:x@y",
    "javascript:alert(1)",
    "Putin",
    "Vladimir Putin",
    "Xi Jinping",
    "NATO",
    "New York",
    "München",
    "Москва",
    "東京",
    "l'ONU",
    "Dr.",
    "Mr. ",
    "U.S.",
    "Ursula von der Leyen",
    "'s",
    "-",
    "—",
    "\u{200B}",
    "\u{FEFF}",
    "\u{0301}",
    "\u{202E}",
    "\t",
    "\r",
    "\u{0}",
    "é",
    "ß",
    "İ",
    "ﬁ",
    "👩‍👩‍👧",
    "a",
    "The",
    "said",
    "in",
    "und",
    "der",
    "el",
    "de",
];

fn body() -> impl Strategy<Value = String> {
    prop_oneof![
        // Arbitrary Unicode.
        prop::collection::vec(any::<char>(), 0..400).prop_map(|c| c.into_iter().collect()),
        // Arbitrary sequences of hostile and ordinary pieces.
        prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|p| p.concat()),
    ]
}

fn format() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&["text", "html", "markdown"][..])
}

/// Checks a record's spans against its text.
fn check_record(record: &enricher_contracts::EnrichedRecord) -> Result<(), TestCaseError> {
    let chars: Vec<char> = record.text.chars().collect();
    for entity in record.entities.iter().flatten() {
        for mention in &entity.mentions {
            prop_assert!(mention.start < mention.end && mention.end <= chars.len());
            let span: String = chars[mention.start..mention.end].iter().collect();
            prop_assert_eq!(&span, &mention.text);
        }
    }
    for link in record.links.iter().flatten() {
        for mention in &link.mentions {
            prop_assert!(mention.start < mention.end && mention.end <= chars.len());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Any bytes at all: an article or a clear error, never a panic.
    #[test]
    fn any_bytes_parse_to_an_article_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Err(e) = Article::from_slice(&bytes, 1 << 20) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    /// Any body in any format: a record whose every span is valid, matching the schema, in
    /// time bounded by its size.
    #[test]
    fn any_body_gives_a_record_with_valid_spans(
        body in body(),
        title in prop::option::of(body()),
        format in format(),
    ) {
        let mut json = serde_json::json!({"id": "prop", "body": body, "format": format});
        if let Some(title) = title {
            json["title"] = title.into();
        }
        let article = match Article::from_json_str(&json.to_string()) {
            Ok(article) => article,
            // An empty body, say: refused with a reason.
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
                return Ok(());
            }
        };
        let started = Instant::now();
        let record = runtime().block_on(pipeline().enrich(article));
        let took = started.elapsed();
        check_record(&record)?;
        let value = serde_json::to_value(&record).unwrap();
        static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
        let validator = VALIDATOR.get_or_init(|| schema_validator("enriched-record.v1.schema.json"));
        prop_assert!(validator.is_valid(&value), "{value}");
        // A few KB of anything takes milliseconds; a generous bound catches a blow-up.
        prop_assert!(took < Duration::from_secs(2), "{took:?} for {} bytes", record.text.len());
    }
}

/// The pipeline the properties run is the real one: it finds entities and links, so their
/// spans are what the properties check.
#[test]
fn the_pipeline_under_test_finds_entities_and_links() {
    let article = Article::from_json_str(
        r#"{"id":"p","format":"html","body":"<p>Vladimir Putin met Xi Jinping in Moscow, NATO said.</p><p><a href=\"https://example.org/a\">more</a> https://example.org/b</p>"}"#,
    )
    .unwrap();
    let record = runtime().block_on(pipeline().enrich(article));
    let entities = record.entities.as_deref().unwrap_or_default();
    assert!(entities.len() >= 3, "{entities:?}");
    assert!(record.links.as_deref().unwrap_or_default().len() >= 2);
    check_record(&record).unwrap();
}
