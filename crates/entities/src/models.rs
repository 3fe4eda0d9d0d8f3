//! Which tagger reads an article: one per language we have openly licensed training data for,
//! a pooled one for other Latin-script languages, and none (knowledge-base names only) for
//! the rest. No tagger is run on a language it cannot read.
//!
//! The weights ship in `model/<name>.bin` (see `data/README.md` for what each was trained on);
//! each is loaded the first time an article needs it, so a worker that sees only English keeps
//! only the English weights in memory.

use std::sync::OnceLock;

use crate::clusters::ClusterTable;
use crate::model::Tagger;

/// A tagger, by the name the record's stage report gives it (`processing.stages[].model`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModelId {
    /// English (CoNLL-2003).
    En,
    /// German.
    De,
    /// French.
    Fr,
    /// Dutch.
    Nl,
    /// Portuguese.
    Pt,
    /// Russian.
    Ru,
    /// Swedish, Danish and Norwegian: one model over the Swedish and Danish corpora (each is
    /// small; together they score better on both).
    Scandinavian,
    /// Latin-script languages without a model of their own (Spanish, Italian, Catalan, ...):
    /// trained on a sample of every Latin-script corpus.
    LatinPooled,
    /// No tagger: only knowledge-base names are matched.
    KbOnly,
}

impl ModelId {
    /// Every model that has weights.
    pub const TAGGERS: [ModelId; 8] = [
        ModelId::En,
        ModelId::De,
        ModelId::Fr,
        ModelId::Nl,
        ModelId::Pt,
        ModelId::Ru,
        ModelId::Scandinavian,
        ModelId::LatinPooled,
    ];

    /// The name in records and file names.
    pub fn name(self) -> &'static str {
        match self {
            ModelId::En => "en",
            ModelId::De => "de",
            ModelId::Fr => "fr",
            ModelId::Nl => "nl",
            ModelId::Pt => "pt",
            ModelId::Ru => "ru",
            ModelId::Scandinavian => "scandinavian",
            ModelId::LatinPooled => "latin-pooled",
            ModelId::KbOnly => "kb-only",
        }
    }

    /// The language whose KB names the model's gazetteer features hold (`None`: all, for the
    /// pooled model).
    pub fn language(self) -> Option<&'static str> {
        match self {
            ModelId::En => Some("en"),
            ModelId::De => Some("de"),
            ModelId::Fr => Some("fr"),
            ModelId::Nl => Some("nl"),
            ModelId::Pt => Some("pt"),
            ModelId::Ru => Some("ru"),
            ModelId::Scandinavian => Some("sv"),
            ModelId::LatinPooled | ModelId::KbOnly => None,
        }
    }

    /// Whether the model's gazetteer features hold the name lists of places, first names,
    /// surnames (`data/gazetteer.tsv`) and companies (`data/companies.txt`). Not English: its
    /// corpus is the largest, the lists did not help it on `eng.testa` (88.80 with them, 88.88
    /// without), and they are not worth retraining it for; every other model gained on its dev
    /// sets (BENCHMARKS.md).
    pub fn reads_name_lists(self) -> bool {
        !matches!(self, ModelId::En | ModelId::KbOnly)
    }

    /// The Brown clusters the model reads ([`crate::clusters`]): its language's where the
    /// package has them, a related language's otherwise (names are spelt alike across
    /// languages); none for Russian (the tables hold no Cyrillic).
    pub fn cluster_table(self) -> Option<ClusterTable> {
        match self {
            ModelId::En => Some(ClusterTable::En),
            ModelId::De | ModelId::Nl | ModelId::Scandinavian => Some(ClusterTable::De),
            ModelId::Fr | ModelId::Pt | ModelId::LatinPooled => Some(ClusterTable::Es),
            ModelId::Ru | ModelId::KbOnly => None,
        }
    }

    /// The model of a name given by [`ModelId::name`].
    pub fn from_name(name: &str) -> Option<ModelId> {
        Self::TAGGERS
            .into_iter()
            .chain([ModelId::KbOnly])
            .find(|m| m.name() == name)
    }

    /// The model for a language (BCP 47 primary subtag) written in `script` (the language
    /// stage's script name, e.g. `Latin`). `None` for both: nothing is known, English.
    pub fn for_language(code: Option<&str>, script: Option<&str>) -> ModelId {
        let code = code.map(|c| c.split(['-', '_']).next().unwrap_or(c).to_ascii_lowercase());
        match code.as_deref() {
            Some("en") => ModelId::En,
            Some("de") => ModelId::De,
            Some("fr") => ModelId::Fr,
            Some("nl") => ModelId::Nl,
            Some("pt") => ModelId::Pt,
            Some("ru") => ModelId::Ru,
            Some("sv" | "da" | "nb" | "nn" | "no") => ModelId::Scandinavian,
            Some(code) if code != "und" && LATIN_LANGUAGES.contains(&code) => ModelId::LatinPooled,
            None if script.is_none() => ModelId::En,
            _ if script == Some("Latin") => ModelId::LatinPooled,
            _ => ModelId::KbOnly,
        }
    }

    /// The shipped weights.
    fn bytes(self) -> Option<&'static [u8]> {
        Some(match self {
            ModelId::En => include_bytes!("../model/en.bin"),
            ModelId::De => include_bytes!("../model/de.bin"),
            ModelId::Fr => include_bytes!("../model/fr.bin"),
            ModelId::Nl => include_bytes!("../model/nl.bin"),
            ModelId::Pt => include_bytes!("../model/pt.bin"),
            ModelId::Ru => include_bytes!("../model/ru.bin"),
            ModelId::Scandinavian => include_bytes!("../model/scandinavian.bin"),
            ModelId::LatinPooled => include_bytes!("../model/latin-pooled.bin"),
            ModelId::KbOnly => return None,
        })
    }

    /// The tagger, loaded on first use and kept for the life of the process. `None` for
    /// [`ModelId::KbOnly`].
    pub fn tagger(self) -> Option<&'static Tagger> {
        static LOADED: [OnceLock<Tagger>; 8] = [const { OnceLock::new() }; 8];
        let index = Self::TAGGERS.iter().position(|m| *m == self)?;
        Some(LOADED[index].get_or_init(|| {
            let bytes = self.bytes().expect("every tagger has weights");
            Tagger::from_static(bytes).expect("the shipped models load (tested)")
        }))
    }
}

/// Latin-script languages the pooled model serves (those of the language stage that have no
/// model of their own). A Latin-script text whose language is unknown gets it too.
const LATIN_LANGUAGES: &[&str] = &[
    "af", "az", "bs", "ca", "cs", "cy", "eo", "es", "et", "eu", "fi", "ga", "hr", "hu", "id", "is",
    "it", "la", "lg", "lt", "lv", "mi", "ms", "pl", "ro", "sk", "sl", "sn", "so", "sq", "st", "sw",
    "tl", "tn", "tr", "ts", "vi", "xh", "yo", "zu",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_model_loads() {
        for model in ModelId::TAGGERS {
            let tagger = model.tagger().expect("weights");
            assert!(tagger.len() > 10_000, "{}", model.name());
        }
        assert!(ModelId::KbOnly.tagger().is_none());
    }

    #[test]
    fn the_language_picks_the_model() {
        let pick = |code, script| ModelId::for_language(code, script).name();
        assert_eq!(pick(Some("de"), Some("Latin")), "de");
        assert_eq!(pick(Some("pt-BR"), None), "pt");
        assert_eq!(pick(Some("nb"), Some("Latin")), "scandinavian");
        assert_eq!(pick(Some("es"), Some("Latin")), "latin-pooled");
        assert_eq!(pick(Some("it"), Some("Latin")), "latin-pooled");
        assert_eq!(pick(Some("und"), Some("Latin")), "latin-pooled");
        assert_eq!(pick(Some("ja"), Some("Japanese")), "kb-only");
        assert_eq!(pick(Some("ar"), Some("Arabic")), "kb-only");
        assert_eq!(pick(Some("uk"), Some("Cyrillic")), "kb-only");
        assert_eq!(pick(Some("und"), None), "kb-only");
        assert_eq!(
            pick(None, None),
            "en",
            "nothing known: the historical default"
        );
        for model in ModelId::TAGGERS.into_iter().chain([ModelId::KbOnly]) {
            assert_eq!(ModelId::from_name(model.name()), Some(model));
        }
    }
}
