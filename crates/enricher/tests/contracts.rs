//! The contracts as users see them: the JSON Schemas in `schemas/` agree with what the parser
//! accepts and what `enricher enrich` writes, and the CLI reports bad input line by line.

use enricher_contracts::{
    record_id, Article, EntityType, LinkIssue, LinkStatus, StageOutcome, UndReason,
};
use enricher_tests::{run_enricher, sample_article_path, schema_validator};
use serde_json::{json, Value};

fn records(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8(stdout.to_vec())
        .expect("stdout is UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("each stdout line is a JSON record"))
        .collect()
}

fn assert_valid(validator: &jsonschema::Validator, value: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "schema errors: {errors:?}\nin {value:#}");
}

#[test]
fn the_sample_article_enriches_to_a_record_that_matches_the_schema() {
    let sample = sample_article_path();
    let output = run_enricher(
        &[
            "enrich",
            "--no-link-check",
            "--text",
            sample.to_str().unwrap(),
        ],
        b"",
        &[],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let records = records(&output.stdout);
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_valid(&schema_validator("enriched-record.v1.schema.json"), record);
    assert_eq!(record["article"]["id"], "summit-report");
    assert_eq!(record["language"]["code"], "en");
    assert_eq!(record["language"]["iso639_3"], "eng");
    assert_eq!(record["language"]["reliable"], true);
    let pipeline_version = record["processing"]["pipeline_version"].as_str().unwrap();
    assert_eq!(
        record["id"],
        record_id("summit-report", None, pipeline_version)
    );
    let body = std::fs::read_to_string(&sample).unwrap();
    assert_eq!(record["text"], body.as_str());
    assert_eq!(record["processing"]["stages"][0]["name"], "language");
    assert_eq!(record["processing"]["stages"][0]["outcome"], "ok");
    assert_eq!(record["processing"]["stages"][1]["name"], "entities");
    assert_eq!(record["processing"]["stages"][2]["name"], "links");

    // Entities: one per person/organisation/place, offsets that round-trip into `text`.
    let entities = record["entities"].as_array().expect("entities");
    let by_name = |name: &str| {
        entities
            .iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("no entity {name}"))
    };
    assert_eq!(by_name("Recep Tayyip Erdogan")["type"], "person");
    assert_eq!(by_name("Group of Twenty")["kb_id"], "org:g20");
    assert_eq!(by_name("South Africa")["kb_id"], "country:ZA");
    let text_chars: Vec<char> = record["text"].as_str().unwrap().chars().collect();
    for entity in entities {
        for m in entity["mentions"].as_array().unwrap() {
            let (start, end) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                text_chars[start..end].iter().collect::<String>(),
                m["text"].as_str().unwrap()
            );
        }
    }

    // Both links found, none contacted; the leaked CMS edit link is flagged without a request.
    let links = record["links"].as_array().expect("links");
    assert_eq!(links.len(), 2, "{links:#?}");
    let wikipedia = &links[0];
    assert!(wikipedia["url"]
        .as_str()
        .unwrap()
        .contains("#:~:text=Debt%20relief"));
    assert_eq!(
        wikipedia["normalized_url"],
        "https://en.wikipedia.org/wiki/Debt_relief"
    );
    assert_eq!(wikipedia["status"], "skipped");
    assert_eq!(wikipedia["issues"], json!([]));
    let admin = &links[1];
    assert_eq!(
        admin["url"],
        "https://news.example.com/wp-admin/post.php?post=5120&action=edit"
    );
    assert_eq!(admin["status"], "skipped");
    assert_eq!(admin["issues"], json!(["cms_admin_link"]));
    let chars: Vec<char> = body.chars().collect();
    for link in links {
        for m in link["mentions"].as_array().unwrap() {
            let (start, end) = (
                m["start"].as_u64().unwrap() as usize,
                m["end"].as_u64().unwrap() as usize,
            );
            let text: String = chars[start..end].iter().collect();
            assert_eq!(text, link["url"].as_str().unwrap());
        }
    }
}

#[test]
fn json_lines_with_bad_lines_are_reported_by_line_and_the_run_goes_on() {
    let mut input = Vec::new();
    input.extend_from_slice(br#"{"id":"a","body":"Russian President Vladimir Putin met Chinese President Xi Jinping in Kazakhstan.","revision":3,"section":"world"}"#);
    input.extend_from_slice(b"\nthis is not json\n");
    input.extend_from_slice(b"{\"id\":\"utf\",\"body\":\"\xc3\x28\"}\n");
    input.extend_from_slice(br#"{"body":"no id"}"#);
    input.extend_from_slice(b"\n\n");
    input.extend_from_slice(br#"{"id":"b","format":"html","title":"Hi","body":"<script>alert(1)</script><p>Der Gipfel in Kasachstan war ein wichtiges Treffen der Staatschefs.</p>","language":"en"}"#);
    input.push(b'\n');
    let output = run_enricher(&["enrich", "--no-link-check", "-"], &input, &[]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "some lines failed, so exit code 1"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("line 2: malformed_json"), "{stderr}");
    assert!(stderr.contains("line 3: invalid_utf8"), "{stderr}");
    assert!(
        stderr.contains("line 4: missing_field: required field `id` is missing"),
        "{stderr}"
    );
    let records = records(&output.stdout);
    let ids: Vec<&str> = records
        .iter()
        .map(|r| r["article"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a", "b"]);
    let validator = schema_validator("enriched-record.v1.schema.json");
    for record in &records {
        assert_valid(&validator, record);
    }
    // Unknown fields are carried through, the revision feeds the id.
    assert_eq!(records[0]["article"]["section"], "world");
    let version = records[0]["processing"]["pipeline_version"]
        .as_str()
        .unwrap();
    assert_eq!(records[0]["id"], record_id("a", Some("3"), version));
    // Hostile HTML: the script is not text; the German text contradicts the declared `en`.
    assert!(!records[1]["text"].as_str().unwrap().contains("alert"));
    assert_eq!(records[1]["language"]["code"], "de");
    assert_eq!(records[1]["warnings"][0]["code"], "language_mismatch");
}

#[test]
fn a_pretty_printed_article_file_is_one_article() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("article.json");
    let article = json!({"id": "pretty", "title": "Summit", "body": "Putin and Xi met at the summit in Kazakhstan on Wednesday."});
    std::fs::write(&path, serde_json::to_string_pretty(&article).unwrap()).unwrap();
    let output = run_enricher(&["enrich", path.to_str().unwrap()], b"", &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let records = records(&output.stdout);
    assert_eq!(records.len(), 1);
    assert_eq!(
        records[0]["text"],
        "Summit\n\nPutin and Xi met at the summit in Kazakhstan on Wednesday."
    );
}

#[test]
fn an_oversized_line_is_refused_and_the_next_one_enriched() {
    let mut input = format!(r#"{{"id":"huge","body":"{}"}}"#, "x".repeat(5000)).into_bytes();
    input.extend_from_slice(b"\n{\"id\":\"ok\",\"body\":\"fine\"}\n");
    let output = run_enricher(
        &["enrich"],
        &input,
        &[("ENRICHER__LIMITS__MAX_ARTICLE_BYTES", "4096")],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("line 1: too_large"));
    let records = records(&output.stdout);
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["language"]["code"], "und");
    assert_eq!(records[0]["language"]["reason"], "too_short");
}

#[test]
fn configuration_errors_exit_with_code_2_and_say_why() {
    let output = run_enricher(&["enrich"], b"", &[("ENRICHER__AMQP__PREFETCH", "many")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("configuration error"));
    let output = run_enricher(&["enrich", "/nonexistent/articles.jsonl"], b"", &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("cannot open /nonexistent/articles.jsonl")
    );
}

/// The parser and the published input schema must agree on every fixture: a CMS that
/// validates against the schema never gets a dead-lettered message, and vice versa.
#[test]
fn the_article_schema_and_the_parser_agree() {
    let validator = schema_validator("article.v1.schema.json");
    let cases = [
        json!({"id": "a", "body": "b"}),
        json!({"id": "a", "body": "", "title": null, "format": "html", "revision": 0}),
        json!({"id": "a", "body": "b", "revision": "r7", "extra": {"deep": [1, 2]}}),
        json!({"id": "a", "body": "b", "format": "markdown", "language": "pt-BR", "published_at": "2024-07-03T10:00:00Z"}),
        json!({"body": "b"}),
        json!({"id": "a"}),
        json!({"id": 1, "body": "b"}),
        json!({"id": "", "body": "b"}),
        json!({"id": "   ", "body": "b"}),
        json!({"id": "a", "body": 3}),
        json!({"id": "a", "body": "b", "format": "pdf"}),
        json!({"id": "a", "body": "b", "revision": -1}),
        json!({"id": "a", "body": "b", "revision": 1.5}),
        json!({"id": "a", "body": "b", "url": 7}),
        json!({"id": "x".repeat(513), "body": "b"}),
        json!(["not", "an", "object"]),
    ];
    for case in cases {
        let schema_ok = validator.is_valid(&case);
        let parser_ok = Article::from_value(case.clone()).is_ok();
        assert_eq!(schema_ok, parser_ok, "schema and parser disagree on {case}");
    }
}

#[test]
fn enrich_checks_links_only_where_the_network_policy_allows() {
    let allowed = enricher_tests::LoopbackHttp::start([127, 0, 0, 1]);
    let article = json!({
        "id": "links",
        "body": format!("Good {} and gone {}.", allowed.url("/ok"), allowed.url("/missing")),
    });
    let input = serde_json::to_vec(&article).unwrap();

    // Default policy: loopback is private, so nothing is contacted.
    let output = run_enricher(&["enrich"], &input, &[("ENRICHER__LINKS__CHECK", "true")]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let record = &records(&output.stdout)[0];
    let statuses: Vec<&str> = record["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["blocked", "blocked"]);
    assert_eq!(
        allowed.connections(),
        0,
        "a blocked link is never contacted"
    );

    // --allow-private-network opens it.
    let output = run_enricher(
        &["enrich", "--allow-private-network"],
        &input,
        &[("ENRICHER__LINKS__CHECK", "true")],
    );
    let record = &records(&output.stdout)[0];
    let links = record["links"].as_array().unwrap();
    assert_eq!(links[0]["status"], "ok");
    assert_eq!(links[1]["status"], "broken");
    assert_eq!(links[1]["http_status"], 404);
    assert_valid(&schema_validator("enriched-record.v1.schema.json"), record);

    // An allow-list entry opens only its network; --no-link-check wins over everything.
    let output = run_enricher(
        &["enrich", "--no-link-check"],
        &input,
        &[
            ("ENRICHER__LINKS__CHECK", "true"),
            ("ENRICHER__LINKS__ALLOW_NETWORKS", "127.0.0.1/32"),
        ],
    );
    let record = &records(&output.stdout)[0];
    assert_eq!(record["links"][0]["status"], "skipped");
    let before = allowed.connections();
    let output = run_enricher(
        &["enrich"],
        &input,
        &[
            ("ENRICHER__LINKS__CHECK", "true"),
            ("ENRICHER__LINKS__ALLOW_NETWORKS", "127.0.0.1/32"),
        ],
    );
    let record = &records(&output.stdout)[0];
    assert_eq!(record["links"][0]["status"], "ok");
    assert!(allowed.connections() > before);
}

/// The record schema and the types that write records name the same codes: the closed sets as
/// the schema's enums, the open ones (new codes may come in minor versions) in its descriptions;
/// and each type's `as_str` is what serde writes.
#[test]
fn the_schema_and_the_record_types_name_the_same_codes() {
    let path = enricher_tests::workspace_root().join("schemas/enriched-record.v1.schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let defs = &schema["$defs"];
    let names = |values: Vec<Value>| -> Vec<String> {
        values
            .into_iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let serialised = |values: Vec<Value>| names(values);
    let enum_of = |v: &Value| names(v["enum"].as_array().unwrap().clone());

    let types: Vec<Value> = EntityType::ALL.iter().map(|t| json!(t)).collect();
    assert_eq!(
        enum_of(&defs["entity"]["properties"]["type"]),
        serialised(types)
    );
    assert!(EntityType::ALL.iter().all(|t| json!(t) == t.as_str()));

    let statuses: Vec<Value> = LinkStatus::ALL.iter().map(|s| json!(s)).collect();
    assert_eq!(
        enum_of(&defs["link"]["properties"]["status"]),
        serialised(statuses)
    );
    assert!(LinkStatus::ALL.iter().all(|s| json!(s) == s.as_str()));

    let outcomes: Vec<Value> = StageOutcome::ALL.iter().map(|o| json!(o)).collect();
    assert_eq!(
        enum_of(&defs["processing"]["properties"]["stages"]["items"]["properties"]["outcome"]),
        serialised(outcomes)
    );

    // Open sets: every code is documented, in order, and nothing else is.
    let documented = |description: &str| -> Vec<String> {
        description
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|code| code.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .map(str::to_owned)
            .collect()
    };
    let issues = defs["link"]["properties"]["issues"]["description"]
        .as_str()
        .unwrap();
    let issue_codes: Vec<String> = LinkIssue::ALL
        .iter()
        .map(|i| i.as_str().to_owned())
        .collect();
    assert_eq!(documented(issues), issue_codes);
    assert!(LinkIssue::ALL.iter().all(|i| json!(i) == i.as_str()));

    let language = defs
        .as_object()
        .unwrap()
        .values()
        .find_map(|d| d["properties"]["reason"]["description"].as_str())
        .expect("the language object's reason");
    // "Why `code` is `und`: `empty`, ...": the codes follow the colon.
    let reasons = documented(language.split_once(": ").unwrap().1);
    let reason_codes: Vec<String> = UndReason::ALL
        .iter()
        .map(|r| r.as_str().to_owned())
        .collect();
    assert_eq!(reasons, reason_codes);
    assert!(UndReason::ALL.iter().all(|r| json!(r) == r.as_str()));
}
