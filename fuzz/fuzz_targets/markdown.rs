//! Any Markdown body: plain text, and links whose every mention is a span of that text.
#![no_main]

use enricher_contracts::{Article, Format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    let text = enricher_text::body_text(body, Format::Markdown);
    let chars = text.chars().count();
    let article = Article::from_value(serde_json::json!({"id": "f", "format": "markdown", "body": body}));
    if let Ok(article) = article {
        for link in enricher_links::extract::extract_links(&article, &text) {
            for m in link.mentions {
                assert!(m.start < m.end && m.end <= chars, "link span out of the text");
            }
        }
    }
});
