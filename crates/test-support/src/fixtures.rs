//! Fixtures and small helpers: paths, test articles, the runtime, waiting, schemas, and the
//! check that a run lost nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Path of the workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/test-support is two levels below the root")
        .to_path_buf()
}

/// The project's sample article (`examples/summit-report.txt`): people, organisations, places,
/// a Wikipedia link with a text fragment and a leaked CMS admin link.
pub fn sample_article_path() -> PathBuf {
    workspace_root().join("examples/summit-report.txt")
}

/// A realistic article of about 3 KB, built from the sample article.
pub fn news_article(id: &str) -> Vec<u8> {
    let body = std::fs::read_to_string(sample_article_path()).expect("read the sample article");
    serde_json::to_vec(&serde_json::json!({
        "id": id,
        "title": "Erdogan and Lula meet at the G20 summit",
        "body": body,
        "language": "en",
        "revision": 1,
    }))
    .expect("serialise")
}

/// Polls `check` every 100 ms until it holds or `timeout` passes; returns whether it held.
pub fn wait_until(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    check()
}

/// A JSON Schema validator for one of the repository's contract schemas
/// (`schemas/<name>`), with the article schema registered for `$ref`s.
pub fn schema_validator(name: &str) -> jsonschema::Validator {
    let load = |file: &str| -> serde_json::Value {
        let path = workspace_root().join("schemas").join(file);
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read schema"))
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
    };
    let article = load("article.v1.schema.json");
    let registry = jsonschema::Registry::new()
        .add(
            article["$id"].as_str().expect("article schema has $id"),
            article.clone(),
        )
        .expect("register the article schema")
        .prepare()
        .expect("prepare the schema registry");
    jsonschema::options()
        .should_validate_formats(true)
        .with_registry(&registry)
        .build(&load(name))
        .unwrap_or_else(|e| panic!("schema {name} does not compile: {e}"))
}

/// A tokio runtime for a test's async helpers (tests themselves are plain `#[test]`s that
/// start processes and wait).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// `n` article ids `prefix-00000`, `prefix-00001`, ...
pub fn ids(prefix: &str, n: usize) -> BTreeSet<String> {
    (0..n).map(|i| format!("{prefix}-{i:05}")).collect()
}

/// Every expected article has a record, no unexpected one, and all records of one article
/// share one record id (duplicates are only redeliveries). Returns how many duplicates there
/// were.
pub fn assert_complete(
    records: &BTreeMap<String, Vec<serde_json::Value>>,
    expected: &BTreeSet<String>,
    context: &str,
) -> usize {
    let missing: Vec<&String> = expected
        .iter()
        .filter(|id| !records.contains_key(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "{} article(s) lost, e.g. {:?}\n{context}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
    let mut duplicates = 0;
    for (article, copies) in records {
        assert!(
            expected.contains(article),
            "unexpected record for {article}"
        );
        assert!(
            copies.iter().all(|c| c["id"] == copies[0]["id"]),
            "duplicates of {article} differ in record id"
        );
        duplicates += copies.len() - 1;
    }
    duplicates
}
