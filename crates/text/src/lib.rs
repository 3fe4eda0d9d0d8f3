//! Plain text from an article body.
//!
//! Every stage reads the same plain text, so offsets one stage reports mean the same to all of
//! them and to consumers. Markup is removed here once: HTML by a linear scan that never
//! backtracks (hostile input costs at most one pass), Markdown with `pulldown-cmark`.

mod html;
mod markdown;

use enricher_contracts::{Article, Format};

pub use html::html_to_text;
pub use markdown::markdown_to_text;

/// The analysed text of an article: the title, a blank line, then the plain body.
pub fn article_text(article: &Article) -> String {
    let body = body_text(&article.body, article.format());
    match article.title.as_deref().map(str::trim) {
        Some(title) if !title.is_empty() => {
            let mut text = String::with_capacity(title.len() + 2 + body.len());
            text.push_str(title);
            text.push_str("\n\n");
            text.push_str(&body);
            text
        }
        _ => body,
    }
}

/// The plain text of a body in the given format.
pub fn body_text(body: &str, format: Format) -> String {
    match format {
        Format::Text => body.to_owned(),
        Format::Html => html_to_text(body),
        Format::Markdown => markdown_to_text(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(json: &str) -> Article {
        Article::from_json_str(json).unwrap()
    }

    #[test]
    fn title_comes_first_separated_by_a_blank_line() {
        let a = article(r#"{"id":"1","title":" Summit ","body":"Putin met Xi."}"#);
        assert_eq!(article_text(&a), "Summit\n\nPutin met Xi.");
    }

    #[test]
    fn missing_or_blank_title_gives_body_only() {
        let a = article(r#"{"id":"1","title":"  ","body":"Body."}"#);
        assert_eq!(article_text(&a), "Body.");
        let a = article(r#"{"id":"1","body":"Body."}"#);
        assert_eq!(article_text(&a), "Body.");
    }

    #[test]
    fn format_selects_the_stripper() {
        let a = article(r#"{"id":"1","format":"html","body":"<p>A &amp; B</p>"}"#);
        assert_eq!(article_text(&a), "A & B");
        let a = article(r#"{"id":"1","format":"markdown","body":"**Bold** [link](http://x)"}"#);
        assert_eq!(article_text(&a), "Bold link");
        let a = article(r#"{"id":"1","body":"<p>kept</p>"}"#);
        assert_eq!(article_text(&a), "<p>kept</p>");
    }
}
