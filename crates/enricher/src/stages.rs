//! Which stages the service runs, built from the settings.

use std::sync::Arc;

use enricher_entities::EntityStage;
use enricher_language::LanguageStage;
use enricher_links::LinkStage;
use enricher_pipeline::{Pipeline, Stage};

use crate::config::Settings;

/// Every stage, in pipeline order. `pipeline.stages` / `--stages` picks a subset; the order
/// stays this one.
pub const ALL_STAGES: &[&str] = &["language", "entities", "links"];

/// A configuration that cannot become a pipeline.
#[derive(Debug, thiserror::Error)]
pub enum StageError {
    #[error("unknown stage `{0}` (known: {known})", known = ALL_STAGES.join(", "))]
    Unknown(String),
    #[error("pipeline.stages is empty: a worker must run at least one stage")]
    Empty,
    #[error("the link checker cannot start: {0}")]
    Links(String),
    #[error(transparent)]
    Language(#[from] enricher_language::UnknownLanguage),
    #[error("the entity stage cannot start: {0}")]
    Entities(#[from] enricher_entities::EntityStageError),
}

/// The pipeline of the stages named in `pipeline.stages`, in pipeline order.
pub fn build_pipeline(settings: &Settings) -> Result<Pipeline, StageError> {
    let wanted: Vec<&str> = settings
        .pipeline
        .stages
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if let Some(unknown) = wanted.iter().find(|s| !ALL_STAGES.contains(s)) {
        return Err(StageError::Unknown((*unknown).to_owned()));
    }
    if wanted.is_empty() {
        return Err(StageError::Empty);
    }
    let mut stages: Vec<Arc<dyn Stage>> = Vec::new();
    for name in ALL_STAGES.iter().filter(|name| wanted.contains(name)) {
        match *name {
            "language" => stages.push(Arc::new(LanguageStage::new(settings.language.clone())?)),
            "entities" => stages.push(Arc::new(EntityStage::new(&settings.entities)?)),
            "links" => stages.push(Arc::new(
                LinkStage::new(settings.links.clone())
                    .map_err(|e| StageError::Links(e.to_string()))?,
            )),
            _ => unreachable!("checked against ALL_STAGES above"),
        }
    }
    Ok(Pipeline::new(stages))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_stages(stages: &[&str]) -> Settings {
        let mut settings = Settings::default();
        settings.pipeline.stages = stages.iter().map(|s| (*s).to_owned()).collect();
        settings
    }

    #[test]
    fn stages_run_in_pipeline_order_whatever_the_configured_order() {
        let pipeline = build_pipeline(&with_stages(&["links", "language"])).unwrap();
        assert_eq!(pipeline.stage_names(), ["language", "links"]);
        let pipeline = build_pipeline(&Settings::default()).unwrap();
        assert_eq!(pipeline.stage_names(), ["language", "entities", "links"]);
        let pipeline = build_pipeline(&with_stages(&["links"])).unwrap();
        assert_eq!(pipeline.stage_names(), ["links"]);
    }

    #[test]
    fn unknown_and_empty_stage_lists_are_errors() {
        let err = build_pipeline(&with_stages(&["language", "sentiment"]))
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "unknown stage `sentiment` (known: language, entities, links)"
        );
        assert!(matches!(
            build_pipeline(&with_stages(&[" "])),
            Err(StageError::Empty)
        ));
    }
}
