//! Tokens as the CoNLL-2003 corpus has them (the tagger was trained on that), with char
//! offsets into the analysed text: punctuation apart, possessive `'s` apart, abbreviations
//! such as `U.S.` and `Mr.` kept whole, hyphenated compounds kept whole (the stage looks
//! inside them afterwards), one sequence per line so a heading never runs into the next line.

use crate::letters;

/// A token of the analysed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token as written.
    pub text: String,
    /// Char offsets into the text: start inclusive, end exclusive.
    pub start: usize,
    /// Char offset after its last char.
    pub end: usize,
    /// First token of a sentence (line start, or after `.`, `?`, `!`).
    pub sentence_start: bool,
}

/// Tokens as the text writes them: one space where the text had white space between two
/// tokens, none where they touch (`Sant'` + `Agata` is `Sant'Agata`), so a name can be looked
/// up in a list that holds it as written.
pub fn written(tokens: &[Token]) -> String {
    let mut text = String::new();
    for (k, token) in tokens.iter().enumerate() {
        if k > 0 && tokens[k - 1].end != token.start {
            text.push(' ');
        }
        text.push_str(&token.text);
    }
    text
}

/// Titles and abbreviations that keep their period.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "prof", "st",
    "jr", "sr", "inc", "corp", "ltd", "co", "no", "vs", "jan", "feb", "mar", "apr", "aug", "sep",
    "sept", "oct", "nov", "dec", "mt", "ft", "adm", "maj", "cpl", "pres", "gens", "reps", "sens",
];

/// Elided articles and prepositions that stand as tokens of their own, apostrophe included,
/// as the French and Italian corpora have them: `l'ONU` is `l'` + `ONU`.
const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "dell",
    "dall", "nell", "sull", "all", "coll", "un", "quell", "quest", "nessun", "sant",
];

fn is_elision(word: &[char]) -> bool {
    let word: String = word.iter().flat_map(|c| c.to_lowercase()).collect();
    ELISIONS.contains(&word.as_str())
}

fn is_word_char(c: char) -> bool {
    letters::alphanumeric(c) || matches!(c, '\u{300}'..='\u{36f}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

/// Whether a token opens a quotation (`«`, `„`, `“`, `‹`, `‚`, `"`).
pub fn opens_quote(token: &str) -> bool {
    matches!(token, "«" | "„" | "“" | "‹" | "‚" | "\"")
}

/// Whether a token closes a quotation (`»`, `“` after `„`, `”`, `›`, `‘` after `‚`, `"`).
pub fn closes_quote(token: &str) -> bool {
    matches!(token, "»" | "“" | "”" | "›" | "‘" | "\"")
}

/// Shaped like a name: a capital first letter and lower-case letters after it (`Leyen`,
/// `Lescure`; not `CGT`, not `von`).
pub fn name_shaped(t: &Token) -> bool {
    let mut alphabetic = t.text.chars().filter(|c| letters::alphabetic(*c));
    alphabetic.next().is_some_and(letters::uppercase) && alphabetic.any(letters::lowercase)
}

/// Splits text into lines of tokens.
pub fn tokenize(text: &str) -> Vec<Vec<Token>> {
    let chars: Vec<char> = text.chars().collect();
    let mut lines = Vec::new();
    let mut line: Vec<Token> = Vec::new();
    let mut i = 0;
    let mut sentence_start = true;
    let push = |line: &mut Vec<Token>,
                chars: &[char],
                start: usize,
                end: usize,
                sentence_start: &mut bool| {
        let text: String = chars[start..end].iter().collect();
        let ends_sentence = matches!(text.as_str(), "." | "?" | "!");
        line.push(Token {
            text,
            start,
            end,
            sentence_start: *sentence_start,
        });
        *sentence_start = ends_sentence;
    };
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            sentence_start = true;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if starts_url(&chars[i..]) {
            // A URL is one token: the tagger must not see its pieces as words.
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() {
                i += 1;
            }
            push(&mut line, &chars, start, i, &mut sentence_start);
            continue;
        }
        if is_word_char(c) {
            let start = i;
            let mut end = i;
            loop {
                while end < chars.len() && is_word_char(chars[end]) {
                    end += 1;
                }
                // Join across: "U.S." style periods, hyphens, inner apostrophes (O'Brien),
                // and number punctuation (1,000.5, 1996-08-22).
                let Some(&next) = chars.get(end) else { break };
                let after = chars.get(end + 1).copied();
                let joins = match next {
                    '-' | '\u{2010}' | '\u{2011}' => after.is_some_and(is_word_char),
                    ',' | ':' | '/' => {
                        chars[end - 1].is_ascii_digit() && after.is_some_and(|a| a.is_ascii_digit())
                    }
                    '.' => {
                        (chars[end - 1].is_ascii_digit()
                            && after.is_some_and(|a| a.is_ascii_digit()))
                            || single_letter_before(&chars, start, end)
                                && after.is_some_and(letters::alphabetic)
                                && chars.get(end + 2).is_some_and(|c| *c == '.')
                    }
                    c if is_apostrophe(c) => {
                        if is_elision(&chars[start..end]) {
                            // l'ONU, dell'Europa, l' ONU: the article with its apostrophe.
                            end += 1;
                            break;
                        }
                        // Possessive 's / ’s stands apart; O'Brien stays whole.
                        let possessive = after.is_some_and(|a| a == 's' || a == 'S')
                            && !chars.get(end + 2).is_some_and(|c| is_word_char(*c));
                        !possessive && after.is_some_and(letters::alphabetic)
                    }
                    _ => false,
                };
                if !joins {
                    break;
                }
                end += 1;
            }
            // Keep a final period for abbreviations: U.S. / U.N. / Mr.
            if chars.get(end) == Some(&'.') {
                let word: String = chars[start..end].iter().collect::<String>().to_lowercase();
                let dotted = word.contains('.');
                let short_upper = end - start == 1 && letters::uppercase(chars[start]);
                if dotted || short_upper || ABBREVIATIONS.contains(&word.as_str()) {
                    end += 1;
                }
            }
            push(&mut line, &chars, start, end, &mut sentence_start);
            i = end;
            continue;
        }
        if is_apostrophe(c)
            && matches!(chars.get(i + 1), Some('s' | 'S'))
            && !chars.get(i + 2).is_some_and(|c| is_word_char(*c))
            && !line.is_empty()
        {
            push(&mut line, &chars, i, i + 2, &mut sentence_start);
            i += 2;
            continue;
        }
        // A double hyphen is a dash, one token.
        if c == '-' && chars.get(i + 1) == Some(&'-') {
            push(&mut line, &chars, i, i + 2, &mut sentence_start);
            i += 2;
            continue;
        }
        // Any other character is a token of its own.
        let keep = sentence_start;
        push(&mut line, &chars, i, i + 1, &mut sentence_start);
        if matches!(
            c,
            '"' | '\u{201c}' | '\u{201d}' | '(' | ')' | '\'' | '\u{2018}' | '\u{2019}'
        ) {
            sentence_start = keep; // quotes and brackets do not end or start a sentence
        }
        i += 1;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn starts_url(chars: &[char]) -> bool {
    // No allocation: this runs at every token's start.
    let starts_with = |prefix: &str| {
        chars.len() >= prefix.len()
            && prefix
                .chars()
                .zip(chars)
                .all(|(p, c)| c.to_ascii_lowercase() == p)
    };
    matches!(chars.first(), Some('h' | 'H' | 'w' | 'W'))
        && (starts_with("http://") || starts_with("https://") || starts_with("www."))
}

/// Whether the word being built is a run of single letters separated by periods (U.S, U.N).
fn single_letter_before(chars: &[char], start: usize, end: usize) -> bool {
    chars[start..end]
        .split(|c| *c == '.')
        .all(|part| part.len() == 1 && letters::alphabetic(part[0]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<String>> {
        tokenize(text)
            .into_iter()
            .map(|line| line.into_iter().map(|t| t.text).collect())
            .collect()
    }

    #[test]
    fn possessives_abbreviations_and_hyphens() {
        assert_eq!(
            words("Belarus’s full membership, the U.S.-led order and Putin's visit to Moscow-Beijing ties."),
            vec![vec![
                "Belarus", "’s", "full", "membership", ",", "the", "U.S.", "-", "led", "order", "and", "Putin", "'s",
                "visit", "to", "Moscow-Beijing", "ties", "."
            ]]
        );
        assert_eq!(
            words("U.N. Secretary-General António Guterres"),
            vec![vec!["U.N.", "Secretary-General", "António", "Guterres"]]
        );
        assert_eq!(
            words("Mr. Smith paid $1,000.50 on 1996-08-22."),
            vec![vec![
                "Mr.",
                "Smith",
                "paid",
                "$",
                "1,000.50",
                "on",
                "1996-08-22",
                "."
            ]]
        );
        assert_eq!(
            words("O'Brien (SCO) said"),
            vec![vec!["O'Brien", "(", "SCO", ")", "said"]]
        );
        assert_eq!(
            words("L'ONU et l’Union, dell'Europa, d' Artagnan -- fin"),
            vec![vec![
                "L'", "ONU", "et", "l’", "Union", ",", "dell'", "Europa", ",", "d'", "Artagnan",
                "--", "fin"
            ]]
        );
        assert_eq!(
            words("Read also https://heed.news/wp-admin/post.php?post=3672&action=edit now"),
            vec![vec![
                "Read",
                "also",
                "https://heed.news/wp-admin/post.php?post=3672&action=edit",
                "now"
            ]]
        );
    }

    #[test]
    fn lines_stay_apart_and_offsets_are_chars() {
        let text = "Key Discussions and Challenges\nCountering terrorism is “central”.";
        let lines = tokenize(text);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].last().unwrap().text, "Challenges");
        assert_eq!(lines[1][0].text, "Countering");
        let chars: Vec<char> = text.chars().collect();
        for token in lines.iter().flatten() {
            let s: String = chars[token.start..token.end].iter().collect();
            assert_eq!(s, token.text);
        }
        assert!(lines[1][0].sentence_start);
        assert!(!lines[1][1].sentence_start);
    }

    #[test]
    fn sentence_starts_follow_full_stops() {
        let lines = tokenize("He left. She stayed in Kazakhstan.");
        let starts: Vec<&str> = lines[0]
            .iter()
            .filter(|t| t.sentence_start)
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(starts, ["He", "She"]);
    }
}
