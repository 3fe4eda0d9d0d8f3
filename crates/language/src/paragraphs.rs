//! Mixed-language articles: every paragraph is scored once, summed into the text's scores and
//! kept, so paragraphs in another language (a quote) are reported in `others` with their share
//! and their char spans.

use enricher_contracts::LanguageShare;
use whatlang::Script;

use crate::detector::{Orders, Scores};
use crate::stage::round3;
use crate::LanguageStage;

/// A paragraph's scores, kept to look for languages other than the main one.
pub(crate) struct Paragraph<'t> {
    pub(crate) text: &'t str,
    /// Char offset of the paragraph in the text.
    pub(crate) start: usize,
    pub(crate) letters: usize,
    /// No candidate scored when the model has no language for the paragraph's script.
    pub(crate) scores: Scores,
}

impl LanguageStage {
    /// Scores every paragraph once: against its own script's languages (kept, for
    /// [`Self::others`]) and, for paragraphs in the text's main script, summed into the main
    /// scores.
    pub(crate) fn score_paragraphs<'t>(
        &self,
        text: &'t str,
        script: Script,
        candidates: &[usize],
    ) -> (Scores, Vec<Paragraph<'t>>) {
        let mut main = Scores::empty(self.detector.model().languages().len());
        let mut paragraphs = Vec::new();
        // One choice for the whole text: an article's short paragraphs are read like its long ones.
        let orders = Orders::for_length(text.chars().count());
        let single = !text.contains('\n');
        // Char offset of the paragraph in the text (each is followed by one `\n`).
        let mut next_start = 0;
        for paragraph in text.split('\n') {
            let start = next_start;
            next_start += paragraph.chars().count() + 1;
            // A text of one paragraph has the text's script, already found.
            let own_script = if single {
                Some(script)
            } else {
                self.script(paragraph)
            };
            let Some(own_script) = own_script else {
                continue;
            };
            let scores = if own_script == script {
                self.detector.score(paragraph, candidates, orders)
            } else {
                let own_candidates = self.candidates(own_script);
                self.detector.score(paragraph, &own_candidates, orders)
            };
            if own_script == script {
                main.add(&scores);
            }
            paragraphs.push(Paragraph {
                text: paragraph,
                start,
                letters: letter_weight(paragraph),
                scores,
            });
        }
        (main, paragraphs)
    }

    /// Languages of whole paragraphs other than the main one, with their share of the letters.
    pub(crate) fn others(
        &self,
        paragraphs: &[Paragraph],
        total: usize,
        main: &str,
    ) -> Vec<LanguageShare> {
        if paragraphs.len() < 2 {
            return Vec::new();
        }
        // Per language: its letters and its paragraphs' char spans.
        let mut letters_by_lang: Vec<(String, usize, Vec<[usize; 2]>)> = Vec::new();
        for paragraph in paragraphs {
            if paragraph.letters < self.settings.min_chars * 2 {
                continue;
            }
            let decided = if paragraph.scores.sums.iter().all(Option::is_none) {
                self.decide_by_whatlang(paragraph.text)
            } else {
                self.decide(&paragraph.scores)
            };
            if let Ok(g) = decided {
                if g.reliable && g.code != main {
                    let span = [
                        paragraph.start,
                        paragraph.start + paragraph.text.chars().count(),
                    ];
                    match letters_by_lang.iter_mut().find(|(l, _, _)| *l == g.code) {
                        Some((_, n, spans)) => {
                            *n += paragraph.letters;
                            spans.push(span);
                        }
                        None => letters_by_lang.push((g.code, paragraph.letters, vec![span])),
                    }
                }
            }
        }
        letters_by_lang.sort_by_key(|(_, n, _)| std::cmp::Reverse(*n));
        letters_by_lang
            .into_iter()
            .map(|(code, n, spans)| (code, n as f64 / total as f64, spans))
            .filter(|(_, share, _)| *share >= self.settings.mixed_min_share)
            .map(|(code, share, paragraphs)| LanguageShare {
                code,
                share: Some(round3(share)),
                confidence: None,
                paragraphs,
            })
            .collect()
    }
}

/// Letters of a text, where a CJK character counts as a word's worth (3): "too short" means
/// the same amount of language in every script.
pub(crate) fn letter_weight(text: &str) -> usize {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .map(|c| match c as u32 {
            0x3040..=0x30ff
            | 0x3400..=0x4dbf
            | 0x4e00..=0x9fff
            | 0xac00..=0xd7af
            | 0xf900..=0xfaff => 3,
            _ => 1,
        })
        .sum()
}
