//! Any text: a language answer with a confidence between 0 and 1, never a panic.
#![no_main]

use std::sync::OnceLock;

use enricher_language::{LanguageSettings, LanguageStage};
use libfuzzer_sys::fuzz_target;

fn stage() -> &'static LanguageStage {
    static STAGE: OnceLock<LanguageStage> = OnceLock::new();
    STAGE.get_or_init(|| LanguageStage::new(LanguageSettings::default()).expect("defaults"))
}

fuzz_target!(|text: &str| {
    let info = stage().detect(text, None);
    assert!((0.0..=1.0).contains(&info.confidence));
    assert!(!info.code.is_empty());
});
