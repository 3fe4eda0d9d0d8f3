//! The `language` stage: which language an article is written in.
//!
//! A character n-gram model of 75 languages (`model/`, derived from lingua-rs's tables) scores
//! the languages written in the text's script; whatlang names the script, and answers alone for
//! scripts the model has no language for (Khmer, Sinhala, ...).
//!
//! Reports a BCP 47 primary subtag (ISO 639-1 where one exists), the ISO 639-3 code, the
//! script, a confidence and whether it is reliable. Honest about what it does not know:
//! - text too short to judge is `und` with a reason, not a guess;
//! - with an allow-list (`language.allowed`), text in another language is `und` with reason
//!   `not_allowed` and the best guess as a `hint`: never forced into an allowed language; text
//!   in a script no allowed language uses is `und` at once;
//! - paragraphs in other languages are reported in `others` with their share of the text and
//!   where they are (char spans, read by the entity stage);
//! - the CMS's declared language is a prior (a head start of about 5 to 1 odds): it settles a
//!   close call among the script's languages, a clear reading of the text overrules it, and a
//!   confident disagreement is a warning.

pub mod detector;
pub mod model;
pub mod reliability;

mod codes;
mod decision;
mod mismatch;
mod paragraphs;
mod settings;
mod stage;

pub use codes::lang_of;
pub use reliability::Reading;
pub use settings::{LanguageSettings, UnknownLanguage};
pub use stage::LanguageStage;

#[cfg(test)]
mod tests;
