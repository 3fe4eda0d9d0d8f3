//! Markdown to plain text with `pulldown-cmark`, the CommonMark parser of the Rust ecosystem.

use pulldown_cmark::{Event, Parser, TagEnd};

/// The reader-visible text of a Markdown document: link and emphasis text kept, URLs and
/// markup dropped, each block on its own line.
pub fn markdown_to_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak | Event::Rule => new_line(&mut out),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => new_line(&mut out),
            Event::End(TagEnd::TableCell) => out.push(' '),
            _ => {}
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out
}

fn new_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_text_drops_markup() {
        let md =
            "# Summit Goals\n\nPutin *met* [Xi](https://example.com) in `Astana`.\n\n- one\n- two";
        assert_eq!(
            markdown_to_text(md),
            "Summit Goals\nPutin met Xi in Astana.\none\ntwo"
        );
    }

    #[test]
    fn inline_html_tags_are_not_text() {
        assert_eq!(markdown_to_text("A <b>bold</b> B"), "A bold B");
    }
}
