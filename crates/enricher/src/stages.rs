//! Which stages the service runs, built from the settings.

use std::sync::Arc;

use enricher_language::LanguageStage;
use enricher_pipeline::{Pipeline, Stage};

use crate::config::Settings;

/// The pipeline of this release: language detection. Entity tagging and link validation slot
/// in here as they land.
pub fn build_pipeline(settings: &Settings) -> Pipeline {
    let stages: Vec<Arc<dyn Stage>> = vec![Arc::new(LanguageStage::new(settings.language.clone()))];
    Pipeline::new(stages)
}
