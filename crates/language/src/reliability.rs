//! When a detection is `reliable`. Consumers route, index and translate on the code when it is,
//! so a reliable answer must almost never be wrong; the thresholds here were chosen on the dev
//! half of the shared sentence set and are measured on the other half (`language-calibration`,
//! BENCHMARKS.md).

/// Log odds of the best language against all the others together that an answer needs to be
/// reliable: ln 99, a confidence of 0.99.
pub const RELIABLE_LOG_ODDS: f64 = 4.595;

/// Languages written almost alike, where a sentence needs a wider margin when the best two
/// candidates are both in the group: `(group, log odds needed)`. Each margin is the smallest of
/// 4.6, 6, 8, 10, 12, 15, 20, 25 at which at most 0.5% of the group's reliable answers on the
/// dev half were wrong (`language-calibration` prints the table). Groups whose default margin
/// already met that (ca/es/pt, da/nb, af/nl, zu/xh, be/ru/uk, bg/mk, st/tn) are not listed.
pub const CLOSE_GROUPS: &[(&[&str], f64)] = &[
    (&["ms", "id"], 20.0),
    (&["bs", "hr", "sr"], 12.0),
    (&["nb", "nn"], 20.0),
    (&["cs", "sk"], 10.0),
];

/// Log odds the words written without a capital must give the same language by themselves:
/// a line of names, numbers and codes ("Umir Hussain, 24, London E14") is no evidence of a
/// language, however sure the letters of the names make the model. Zero: the plain words must
/// make it their best candidate, not more — a news lede's plain words are few and short ("and
/// met in for the summit" gives English odds of only 3 to 1 against the rest).
pub const PLAIN_LOG_ODDS: f64 = 0.0;

/// The log odds an answer `best` needs when `runner_up` came second.
pub fn required_log_odds(best: &str, runner_up: Option<&str>) -> f64 {
    let Some(runner_up) = runner_up else {
        return RELIABLE_LOG_ODDS;
    };
    CLOSE_GROUPS
        .iter()
        .filter(|(group, _)| group.contains(&best) && group.contains(&runner_up))
        .map(|(_, needed)| *needed)
        .fold(RELIABLE_LOG_ODDS, f64::max)
}

/// How one text reads: the numbers `reliable` is decided from.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The best language.
    pub code: &'static str,
    /// The second best, when there is one.
    pub runner_up: Option<&'static str>,
    /// Natural-log odds of the best language against all the others together.
    pub log_odds: f64,
    /// The best language and its log odds by the words without a capital alone; `None` when
    /// there are none (names, acronyms and codes only).
    pub plain: Option<(&'static str, f64)>,
}

impl Reading {
    /// Whether the reading is reliable (the text being long enough is checked apart).
    pub fn is_reliable(&self) -> bool {
        self.log_odds >= required_log_odds(self.code, self.runner_up)
            && self
                .plain
                .as_ref()
                .is_some_and(|(code, odds)| *code == self.code && *odds >= PLAIN_LOG_ODDS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(
        code: &'static str,
        runner_up: &'static str,
        log_odds: f64,
        plain: Option<(&'static str, f64)>,
    ) -> Reading {
        Reading {
            code,
            runner_up: Some(runner_up),
            log_odds,
            plain,
        }
    }

    #[test]
    fn close_languages_need_a_wider_margin() {
        assert_eq!(required_log_odds("en", Some("fr")), RELIABLE_LOG_ODDS);
        assert_eq!(required_log_odds("ms", Some("id")), 20.0);
        assert_eq!(required_log_odds("hr", Some("bs")), 12.0);
        assert_eq!(required_log_odds("hr", Some("sl")), RELIABLE_LOG_ODDS);
        assert_eq!(required_log_odds("en", None), RELIABLE_LOG_ODDS);
        assert!(!reading("id", "ms", 15.0, Some(("id", 10.0))).is_reliable());
        assert!(reading("id", "ms", 21.0, Some(("id", 10.0))).is_reliable());
        assert!(reading("id", "en", 15.0, Some(("id", 10.0))).is_reliable());
    }

    #[test]
    fn names_alone_are_no_evidence() {
        assert!(!reading("fr", "en", 30.0, None).is_reliable());
        assert!(!reading("fr", "en", 30.0, Some(("en", 5.0))).is_reliable());
        assert!(!reading("fr", "en", 30.0, Some(("fr", -1.0))).is_reliable());
        assert!(reading("fr", "en", 30.0, Some(("fr", 1.0))).is_reliable());
    }
}
