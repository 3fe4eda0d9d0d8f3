//! Finding links: bare URLs in the analysed text (with `linkify`, which handles trailing
//! punctuation and brackets the way a reader means them), `href`/`src` attributes in HTML
//! (with the WHATWG tokenizer `html5gum`), and Markdown links, images, references and
//! autolinks (with `pulldown-cmark`). Relative links are resolved against the article URL.

use std::collections::BTreeMap;

use enricher_contracts::{Article, Format, Mention};
use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{Event, Parser, Tag};
use url::Url;

/// HTML attributes that hold a link a reader (or the page) follows.
const LINK_ATTRIBUTES: &[(&[u8], &[u8])] = &[
    (b"a", b"href"),
    (b"area", b"href"),
    (b"img", b"src"),
    (b"iframe", b"src"),
    (b"source", b"src"),
    (b"video", b"src"),
    (b"audio", b"src"),
    (b"embed", b"src"),
    (b"blockquote", b"cite"),
    (b"q", b"cite"),
];

/// One distinct link of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundLink {
    /// As written (relative links resolved), fragment kept.
    pub url: String,
    /// What to check, or why it cannot be checked.
    pub target: Result<Url, InvalidLink>,
    /// Char offsets in the analysed text.
    pub mentions: Vec<Mention>,
    /// Occurrences, markup included.
    pub count: u32,
}

/// Why a link as written cannot be checked (the link report's `detail`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InvalidLink {
    /// A relative link that cannot be resolved against the article's `url`.
    #[error("cannot resolve `{raw}`: {source}")]
    Unresolvable {
        /// The link as written.
        raw: String,
        /// Why it cannot be resolved.
        source: url::ParseError,
    },
    /// A relative link, and the article has no `url`.
    #[error("relative link `{0}` and the article has no `url` to resolve it against")]
    RelativeWithoutBase(String),
    /// Not a URL.
    #[error("not a valid URL: {0}")]
    NotAUrl(url::ParseError),
}

/// Every distinct link of the article, in order of first appearance.
pub fn extract_links(article: &Article, text: &str) -> Vec<FoundLink> {
    let base = article.url.as_deref().and_then(|u| Url::parse(u).ok());
    let mut order: Vec<String> = Vec::new();
    let mut found: BTreeMap<String, FoundLink> = BTreeMap::new();
    let mut add = |raw: &str, mention: Option<Mention>| {
        let raw = raw.trim();
        if raw.is_empty() || raw.starts_with('#') {
            return; // in-page anchors are not links to check
        }
        let (url, target) = resolve(raw, base.as_ref());
        let entry = found.entry(url.clone()).or_insert_with(|| {
            order.push(url.clone());
            FoundLink {
                url,
                target,
                mentions: Vec::new(),
                count: 0,
            }
        });
        entry.count += 1;
        entry.mentions.extend(mention);
    };

    // Bare URLs in the analysed text: the offsets consumers can verify.
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url]);
    let mut chars_before = 0;
    let mut bytes_seen = 0;
    for link in finder.links(text) {
        let written = trim_closing_quotes(link.as_str());
        chars_before += text[bytes_seen..link.start()].chars().count();
        let length = written.chars().count();
        add(
            written,
            Some(Mention {
                start: chars_before,
                end: chars_before + length,
            }),
        );
        chars_before += length;
        bytes_seen = link.start() + written.len();
    }

    // Links that only exist in the markup.
    match article.format() {
        Format::Text => {}
        Format::Html => html_links(&article.body, &mut |raw| add(raw, None)),
        Format::Markdown => markdown_links(&article.body, &mut |raw| add(raw, None)),
    }

    order
        .into_iter()
        .filter_map(|url| found.remove(&url))
        .collect()
}

/// Typographic closing quotes never end a URL a writer meant (they would be percent-encoded);
/// `linkify` keeps them because they are valid URL characters.
fn trim_closing_quotes(url: &str) -> &str {
    url.trim_end_matches(['\u{201d}', '\u{2019}', '\u{bb}', '\u{203a}'])
}

/// Resolves a link as written into (display URL, checkable target).
fn resolve(raw: &str, base: Option<&Url>) -> (String, Result<Url, InvalidLink>) {
    let parsed = match Url::parse(raw) {
        Ok(url) => Ok(url),
        Err(url::ParseError::RelativeUrlWithoutBase) => match base {
            Some(base) => base.join(raw).map_err(|source| InvalidLink::Unresolvable {
                raw: raw.to_owned(),
                source,
            }),
            None => Err(InvalidLink::RelativeWithoutBase(raw.to_owned())),
        },
        Err(e) => Err(InvalidLink::NotAUrl(e)),
    };
    match parsed {
        Ok(url) => {
            let display = url.to_string();
            let mut target = url;
            // The fragment (including a `#:~:text=` text fragment) is the browser's business.
            target.set_fragment(None);
            (display, Ok(target))
        }
        Err(e) => (raw.to_owned(), Err(e)),
    }
}

fn html_links(html: &str, add: &mut impl FnMut(&str)) {
    use html5gum::{Token, Tokenizer};
    for token in Tokenizer::new(html).flatten() {
        if let Token::StartTag(tag) = token {
            for (element, attribute) in LINK_ATTRIBUTES {
                if tag.name.as_slice().eq_ignore_ascii_case(element) {
                    if let Some(value) = tag.attributes.get(*attribute) {
                        add(&String::from_utf8_lossy(value));
                    }
                }
            }
        }
    }
}

fn markdown_links(markdown: &str, add: &mut impl FnMut(&str)) {
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => add(&dest_url),
            Event::Html(html) | Event::InlineHtml(html) => html_links(&html, add),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(format: &str, body: &str, url: Option<&str>) -> Article {
        let mut value = serde_json::json!({"id": "t", "body": body, "format": format});
        if let Some(url) = url {
            value["url"] = url.into();
        }
        Article::from_value(value).unwrap()
    }

    fn links_of(format: &str, body: &str, url: Option<&str>) -> Vec<FoundLink> {
        let a = article(format, body, url);
        let text = enricher_text::article_text(&a);
        extract_links(&a, &text)
    }

    #[test]
    fn bare_urls_with_trailing_punctuation_and_brackets() {
        let text = "See https://example.com/a. And (https://example.com/b) or https://example.com/c, then “https://example.com/d”!";
        let urls: Vec<String> = links_of("text", text, None)
            .into_iter()
            .map(|l| l.url)
            .collect();
        assert_eq!(
            urls,
            [
                "https://example.com/a",
                "https://example.com/b",
                "https://example.com/c",
                "https://example.com/d"
            ]
        );
    }

    #[test]
    fn mentions_are_char_offsets_and_round_trip() {
        let text =
            "Guterres’ “view” — https://example.com/é?x=1 and again https://example.com/é?x=1.";
        let links = links_of("text", text, None);
        assert_eq!(links.len(), 1);
        let link = &links[0];
        assert_eq!(link.count, 2);
        let chars: Vec<char> = text.chars().collect();
        for m in &link.mentions {
            let s: String = chars[m.start..m.end].iter().collect();
            assert_eq!(s, "https://example.com/é?x=1");
        }
        assert_eq!(
            link.target.as_ref().unwrap().as_str(),
            "https://example.com/%C3%A9?x=1"
        );
    }

    #[test]
    fn the_text_fragment_is_kept_for_display_and_dropped_for_checking() {
        let text = "sanctions https://en.wikipedia.org/wiki/Sanction#:~:text=A%20sanction%20may%20be%20either,word%20is%20an%20auto%2Dantonym. from";
        let links = links_of("text", text, None);
        assert_eq!(links.len(), 1);
        assert!(
            links[0].url.ends_with(
                "#:~:text=A%20sanction%20may%20be%20either,word%20is%20an%20auto%2Dantonym"
            ),
            "{}",
            links[0].url
        );
        assert_eq!(
            links[0].target.as_ref().unwrap().as_str(),
            "https://en.wikipedia.org/wiki/Sanction"
        );
    }

    #[test]
    fn html_links_images_and_relative_links() {
        let body = r##"<p><a href="/world/sco">SCO</a> <A HREF='https://example.com/x'>x</A> <img src="pic.jpg"> <a href="#top">top</a> <a href="mailto:desk@example.com">mail</a><script>var u = "https://evil.example/";</script></p>"##;
        let links = links_of(
            "html",
            body,
            Some("https://news.example/2024/07/summit.html"),
        );
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://news.example/world/sco",
                "https://example.com/x",
                "https://news.example/2024/07/pic.jpg",
                "mailto:desk@example.com"
            ]
        );
        assert!(
            links.iter().all(|l| l.mentions.is_empty()),
            "markup links have no text offsets"
        );
    }

    #[test]
    fn markdown_inline_reference_and_autolinks() {
        let body = "[inline](https://a.example/1) ![img](/p.png) [ref][r] <https://c.example/3>\n\n[r]: https://b.example/2";
        let links = links_of("markdown", body, Some("https://news.example/a/"));
        let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://c.example/3",
                "https://a.example/1",
                "https://news.example/p.png",
                "https://b.example/2"
            ]
        );
    }

    #[test]
    fn relative_links_without_a_base_are_invalid_not_dropped() {
        let links = links_of("html", r#"<a href="/relative">r</a>"#, None);
        assert_eq!(links.len(), 1);
        assert_eq!(
            links[0].target,
            Err(InvalidLink::RelativeWithoutBase("/relative".to_owned()))
        );
    }
}
