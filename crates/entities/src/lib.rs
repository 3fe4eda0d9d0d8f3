//! The `entities` stage: people, organisations and places in an article.
//!
//! - [`tokenize`] splits the analysed text into CoNLL-style tokens with char offsets.
//! - [`model`] is the tagger (structured averaged perceptron, BIO tags decoded by beam search), trained by
//!   [`train`] with the `ner-train` command; [`models`] picks one per language (weights in
//!   `model/<name>.bin`, trained from openly licensed corpora, see `data/README.md`).
//! - [`clusters`] gives the taggers Brown word clusters learnt from large unlabelled text.
//! - [`kinds`] reads the words that say what kind of thing the name after them is.
//! - [`town_names`] tells a club or an institution named after its town from the town.
//! - [`institutions`] finds Russian institution names, capitalised on their first word only.
//! - [`nouns`] tells the German tagger which capitalised words are common nouns.
//! - [`conll`] reads CoNLL files and scores exact spans (`ner-eval`).

pub mod clusters;
pub mod conll;
pub mod institutions;
pub mod kb;
pub mod kinds;
pub mod letters;
pub mod model;
pub mod models;
pub mod nouns;
pub mod remits;
pub mod roads;
pub mod small_towns;
mod stage;
pub mod tagging;
pub mod tokenize;
pub mod town_names;
pub mod train;

pub use stage::{
    EntitySettings, EntityStage, EntityStageError, Pass, CONFIDENT_MARGIN, LANGUAGE_UNSUPPORTED,
};
