//! The `entities` stage: people, organisations and places in an article.
//!
//! - [`tokenize`] splits the analysed text into CoNLL-style tokens with char offsets.
//! - [`model`] is the tagger (averaged perceptron, greedy BIO decoding), trained by
//!   [`train`] from CoNLL-2003 `eng.train` with the `ner-train` command; the weights ship in
//!   `model/ner.bin`.
//! - [`conll`] reads CoNLL files and scores exact spans (`ner-eval`).

pub mod conll;
pub mod kb;
pub mod model;
mod stage;
pub mod tagging;
pub mod tokenize;
pub mod train;

pub use stage::{EntitySettings, EntityStage, EntityStageError};
