//! Any text through the English entity tagger: every mention a span of the text, saying what
//! the text says there.
#![no_main]

use std::sync::OnceLock;

use enricher_entities::{EntitySettings, EntityStage};
use libfuzzer_sys::fuzz_target;

fn stage() -> &'static EntityStage {
    static STAGE: OnceLock<EntityStage> = OnceLock::new();
    STAGE.get_or_init(|| EntityStage::new(&EntitySettings::default()).expect("defaults"))
}

fuzz_target!(|text: &str| {
    let chars: Vec<char> = text.chars().collect();
    let title = chars.iter().position(|&c| c == '\n').unwrap_or(0);
    for entity in stage().entities(text, title) {
        for m in &entity.mentions {
            assert!(m.start < m.end && m.end <= chars.len(), "span out of the text");
            let span: String = chars[m.start..m.end].iter().collect();
            assert_eq!(span, m.text);
        }
    }
});
