//! Any body in any format through the real pipeline (link checking off: nothing leaves the
//! process): a record whose every span is valid.
#![no_main]

use std::sync::OnceLock;

use enricher_contracts::Article;
use libfuzzer_sys::fuzz_target;

fn pipeline() -> &'static enricher_pipeline::Pipeline {
    static PIPELINE: OnceLock<enricher_pipeline::Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let mut settings = enricher::config::Settings::default();
        settings.links.check = false;
        enricher::stages::build_pipeline(&settings).expect("default pipeline")
    })
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| tokio::runtime::Builder::new_current_thread().build().expect("runtime"))
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let Ok(body) = std::str::from_utf8(body) else {
        return;
    };
    let format = ["text", "html", "markdown"][usize::from(selector % 3)];
    let json = serde_json::json!({"id": "fuzz", "format": format, "body": body});
    let Ok(article) = Article::from_value(json) else {
        return;
    };
    let record = runtime().block_on(pipeline().enrich(article));
    let chars: Vec<char> = record.text.chars().collect();
    for entity in record.entities.iter().flatten() {
        for m in &entity.mentions {
            assert!(m.start < m.end && m.end <= chars.len(), "entity span out of the text");
            let span: String = chars[m.start..m.end].iter().collect();
            assert_eq!(span, m.text);
        }
    }
    for link in record.links.iter().flatten() {
        for m in &link.mentions {
            assert!(m.start < m.end && m.end <= chars.len(), "link span out of the text");
        }
    }
});
