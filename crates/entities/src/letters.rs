//! Letter tests with a fast path for the letters of most news text: outside ASCII, the
//! standard library searches Unicode's tables for every character, and the stage asks about
//! every character of a Russian article many times over. Each answers exactly as `char`'s
//! method of the same name.

/// The basic Russian alphabet in upper case (`А`–`Я`, `Ё`).
fn cyrillic_upper(c: char) -> bool {
    matches!(c, '\u{410}'..='\u{42f}' | '\u{401}')
}

/// The basic Russian alphabet in lower case (`а`–`я`, `ё`).
fn cyrillic_lower(c: char) -> bool {
    matches!(c, '\u{430}'..='\u{44f}' | '\u{451}')
}

/// [`char::is_alphabetic`].
pub fn alphabetic(c: char) -> bool {
    cyrillic_upper(c) || cyrillic_lower(c) || c.is_alphabetic()
}

/// [`char::is_alphanumeric`].
pub fn alphanumeric(c: char) -> bool {
    cyrillic_upper(c) || cyrillic_lower(c) || c.is_alphanumeric()
}

/// [`char::is_uppercase`].
pub fn uppercase(c: char) -> bool {
    cyrillic_upper(c) || (!cyrillic_lower(c) && c.is_uppercase())
}

/// [`char::is_lowercase`].
pub fn lowercase(c: char) -> bool {
    cyrillic_lower(c) || (!cyrillic_upper(c) && c.is_lowercase())
}

/// Appends [`char::to_lowercase`] of `c` to `out`.
pub fn push_lowercase(out: &mut String, c: char) {
    if cyrillic_upper(c) {
        let lower = if c == '\u{401}' {
            '\u{451}'
        } else {
            char::from_u32(u32::from(c) + 0x20).unwrap_or(c)
        };
        out.push(lower);
    } else if c.is_ascii() || cyrillic_lower(c) {
        out.push(c.to_ascii_lowercase());
    } else {
        out.extend(c.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_test_answers_as_the_standard_library() {
        let mut lowered = String::new();
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(uppercase(c), c.is_uppercase(), "{c:?}");
            assert_eq!(lowercase(c), c.is_lowercase(), "{c:?}");
            lowered.clear();
            push_lowercase(&mut lowered, c);
            assert_eq!(lowered, c.to_lowercase().collect::<String>(), "{c:?}");
        }
    }
}
