//! HTML to plain text without a DOM: one forward pass over the input.

/// Elements whose content is never reader-visible text.
const SKIPPED_ELEMENTS: &[&str] = &[
    "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object",
];

/// Elements that start a new line of text, so words on either side never glue together.
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];

/// Strips tags, comments and the content of non-text elements, decodes entities, and puts
/// block elements on lines of their own. Unclosed tags and comments end the text (as a
/// browser would show nothing after them), never a panic or quadratic work.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        push_decoded(&mut out, &rest[..lt]);
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = match after.find("-->") {
                Some(end) => &after[end + 3..],
                None => "",
            };
            continue;
        }
        let Some(gt) = rest.find('>') else {
            // A lone '<' with no closing '>' is text, as in "a < b".
            push_decoded(&mut out, rest);
            rest = "";
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let name = tag_name(tag);
        if name.is_empty() {
            if !tag.starts_with('/') && !tag.starts_with('!') && !tag.starts_with('?') {
                // "<" followed by something that is no tag name, e.g. "a <3 b>": keep it.
                out.push('<');
                push_decoded(&mut out, tag);
                out.push('>');
            }
            continue;
        }
        let closing = tag.starts_with('/');
        if !closing && SKIPPED_ELEMENTS.contains(&name.as_str()) && !tag.ends_with('/') {
            rest = skip_past_closing(rest, &name);
            continue;
        }
        if BLOCK_ELEMENTS.contains(&name.as_str()) {
            new_line(&mut out);
        }
    }
    push_decoded(&mut out, rest);
    tidy(&out)
}

/// The lower-cased element name of a tag's inside (`a href=..` -> `a`, `/p` -> `p`).
fn tag_name(tag: &str) -> String {
    let tag = tag.strip_prefix('/').unwrap_or(tag);
    let mut chars = tag.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() => {}
        _ => return String::new(),
    }
    tag.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Returns what follows `</name>`, matched case-insensitively; nothing when it never closes.
fn skip_past_closing<'a>(rest: &'a str, name: &str) -> &'a str {
    let bytes = rest.as_bytes();
    let needle = name.as_bytes();
    let mut i = 0;
    while let Some(pos) = rest[i..].find("</") {
        let start = i + pos + 2;
        let end = start + needle.len();
        if end <= bytes.len() && bytes[start..end].eq_ignore_ascii_case(needle) {
            let after = &rest[end..];
            return match after.find('>') {
                Some(gt) => &after[gt + 1..],
                None => "",
            };
        }
        i = start;
    }
    ""
}

fn push_decoded(out: &mut String, text: &str) {
    if !text.is_empty() {
        html_escape::decode_html_entities_to_string(text, out);
    }
}

fn new_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

/// Collapses runs of spaces inside lines and drops blank lines, so markup indentation does not
/// become text.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if words.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&words.join(" "));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_and_decodes_entities() {
        assert_eq!(
            html_to_text("<p>Putin &amp; Xi met in <b>Astana</b>&nbsp;today.</p>"),
            "Putin & Xi met in Astana today."
        );
    }

    #[test]
    fn block_elements_never_glue_words() {
        assert_eq!(
            html_to_text("<h2>Key Discussions</h2><p>Countering terrorism</p>"),
            "Key Discussions\nCountering terrorism"
        );
        assert_eq!(html_to_text("one<br>two<br/>three"), "one\ntwo\nthree");
    }

    #[test]
    fn script_style_and_comments_are_not_text() {
        let html =
            "<style>p{color:red}</style><p>A</p><SCRIPT>alert('</p>')</script><!-- hidden -->B";
        assert_eq!(html_to_text(html), "A\nB");
    }

    #[test]
    fn hostile_markup_never_panics_and_stays_linear() {
        for input in [
            "<",
            "<<<<",
            "<p",
            "<!--",
            "<script>never closed",
            "</>",
            "a < b and c > d",
            "<\u{e9}>é</\u{e9}>",
            "&#xFFFFFFFF; &#0; &bogus;",
        ] {
            let _ = html_to_text(input);
        }
        assert_eq!(html_to_text("a < b"), "a < b");
        assert_eq!(html_to_text("<script>never closed"), "");
        let deep = "<div>".repeat(100_000) + "x";
        assert_eq!(html_to_text(&deep), "x");
        let many_open = "<".repeat(200_000);
        assert_eq!(html_to_text(&many_open).len(), 200_000);
    }
}
