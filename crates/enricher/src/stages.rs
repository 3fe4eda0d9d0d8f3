//! Which stages the service runs, built from the settings.

use std::sync::Arc;

use enricher_entities::EntityStage;
use enricher_language::LanguageStage;
use enricher_links::LinkStage;
use enricher_pipeline::{Pipeline, Stage};

use crate::config::{Settings, StageName};

/// A configuration that cannot become a pipeline.
#[derive(Debug, thiserror::Error)]
pub enum StageError {
    /// No stage to run.
    #[error("pipeline.stages is empty: a worker must run at least one stage")]
    Empty,
    /// The link stage's HTTP client cannot be built.
    #[error("the link checker cannot start: {0}")]
    Links(#[from] enricher_links::ClientError),
    /// `language.allowed` names a language the detector does not know.
    #[error(transparent)]
    Language(#[from] enricher_language::UnknownLanguage),
    /// The entity stage's KB or models cannot be loaded.
    #[error("the entity stage cannot start: {0}")]
    Entities(#[from] enricher_entities::EntityStageError),
}

/// The pipeline of the stages named in `pipeline.stages`, in pipeline order.
pub fn build_pipeline(settings: &Settings) -> Result<Pipeline, StageError> {
    let wanted = &settings.pipeline.stages;
    if wanted.is_empty() {
        return Err(StageError::Empty);
    }
    let mut stages: Vec<Arc<dyn Stage>> = Vec::new();
    for name in StageName::ALL
        .into_iter()
        .filter(|name| wanted.contains(name))
    {
        stages.push(match name {
            StageName::Language => Arc::new(LanguageStage::new(settings.language.clone())?),
            StageName::Entities => Arc::new(EntityStage::new(&settings.entities)?),
            StageName::Links => Arc::new(LinkStage::new(settings.links.clone())?),
        });
    }
    Ok(Pipeline::new(stages))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_stages(stages: &[StageName]) -> Settings {
        let mut settings = Settings::default();
        settings.pipeline.stages = stages.to_vec();
        settings
    }

    #[test]
    fn stages_run_in_pipeline_order_whatever_the_configured_order() {
        let pipeline =
            build_pipeline(&with_stages(&[StageName::Links, StageName::Language])).unwrap();
        assert_eq!(pipeline.stage_names(), ["language", "links"]);
        let pipeline = build_pipeline(&with_stages(&[StageName::Links])).unwrap();
        assert_eq!(pipeline.stage_names(), ["links"]);
        assert!(matches!(
            build_pipeline(&with_stages(&[])),
            Err(StageError::Empty)
        ));
    }

    #[test]
    fn each_stage_reports_itself_under_its_configured_name() {
        let pipeline = build_pipeline(&Settings::default()).unwrap();
        let names: Vec<&str> = StageName::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(pipeline.stage_names(), names);
    }

    #[test]
    fn stage_names_parse_from_the_command_line_and_the_environment() {
        assert_eq!(" links ".parse::<StageName>(), Ok(StageName::Links));
        assert_eq!(
            "sentiment".parse::<StageName>().unwrap_err().to_string(),
            "unknown stage `sentiment` (known: language, entities, links)"
        );
        let env = |value: &str| {
            Settings::load_with_env(
                None,
                Some([("ENRICHER__PIPELINE__STAGES".to_owned(), value.to_owned())].into()),
            )
        };
        assert_eq!(
            env("links, language").unwrap().pipeline.stages,
            [StageName::Links, StageName::Language]
        );
        // An unknown stage fails when the settings are loaded, not when the pipeline is built.
        let err = env("language,sentiment").unwrap_err().to_string();
        assert!(
            err.contains("unknown stage `sentiment` (known: language, entities, links)"),
            "{err}"
        );
    }
}
