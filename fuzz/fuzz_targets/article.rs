//! Any bytes as a message from the CMS: an article or an error, and the article's text.
#![no_main]

use enricher_contracts::Article;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(article) = Article::from_slice(data, 1 << 20) {
        let text = enricher_text::article_text(&article);
        assert!(text.len() <= data.len() * 4 + 16, "text grew out of bounds");
    }
});
