//! Articles from a file or stdin: one JSON object (pretty-printed or not) or JSON lines.
//!
//! Lines are read as bytes with a bound, so a huge line or invalid UTF-8 is reported for that
//! line and the run goes on; nothing is ever read whole into memory except a single
//! pretty-printed object, which is bounded by the same limit.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use enricher_contracts::{Article, ArticleError, Format, RejectReason};
use serde_json::{Map, Value};

/// One message read from the input, still raw: the caller decides whether to parse it.
#[derive(Debug)]
pub struct RawArticle {
    /// 1-based line where the message starts.
    pub line: usize,
    /// The line's bytes, or why it cannot be an article (too long, say).
    pub bytes: Result<Vec<u8>, ArticleError>,
}

impl RawArticle {
    /// Parses the message against the input contract.
    pub fn parse(&self, max_bytes: usize) -> Result<Article, ArticleError> {
        match &self.bytes {
            Ok(bytes) => Article::from_slice(bytes, max_bytes),
            Err(e) => Err(e.clone()),
        }
    }
}

/// Opens `path`, or stdin for `-` or no path.
pub fn open(path: Option<&Path>) -> io::Result<Box<dyn BufRead + Send>> {
    Ok(match path {
        None => Box::new(BufReader::new(io::stdin())),
        Some(p) if p.as_os_str() == "-" => Box::new(BufReader::new(io::stdin())),
        Some(p) => Box::new(BufReader::new(File::open(p).map_err(|e| {
            io::Error::new(e.kind(), format!("cannot open {}: {e}", p.display()))
        })?)),
    })
}

/// Reads articles from JSON lines, or a single (possibly multi-line) JSON object.
pub struct ArticleReader<R> {
    reader: R,
    max_bytes: usize,
    line: usize,
    seen_first: bool,
}

impl<R: BufRead> ArticleReader<R> {
    /// Reads lines of at most `max_bytes` from `reader`.
    pub fn new(reader: R, max_bytes: usize) -> Self {
        ArticleReader {
            reader,
            max_bytes,
            line: 0,
            seen_first: false,
        }
    }

    /// Reads one line of at most `max_bytes` (the rest of a longer line is skipped, not
    /// stored). Returns `None` at end of input.
    fn read_line(&mut self) -> io::Result<Option<(Vec<u8>, bool)>> {
        let mut buf = Vec::new();
        let mut too_long = false;
        let mut any = false;
        loop {
            let available = self.reader.fill_buf()?;
            if available.is_empty() {
                break;
            }
            any = true;
            let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
                Some(i) => (&available[..i], Some(i + 1)),
                None => (available, None),
            };
            if !too_long {
                if buf.len() + chunk.len() > self.max_bytes {
                    too_long = true;
                    buf.clear();
                } else {
                    buf.extend_from_slice(chunk);
                }
            }
            let consumed = done.unwrap_or(chunk.len());
            self.reader.consume(consumed);
            if done.is_some() {
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        self.line += 1;
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        Ok(Some((buf, too_long)))
    }

    /// The next message, or `None` at the end of the input.
    pub fn next_article(&mut self) -> io::Result<Option<RawArticle>> {
        loop {
            let Some((bytes, too_long)) = self.read_line()? else {
                return Ok(None);
            };
            let line = self.line;
            if too_long {
                return Ok(Some(RawArticle {
                    line,
                    bytes: Err(ArticleError {
                        reason: RejectReason::TooLarge,
                        message: format!(
                            "line is longer than the limit of {} bytes",
                            self.max_bytes
                        ),
                    }),
                }));
            }
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let first = !self.seen_first;
            self.seen_first = true;
            if first && starts_unfinished_object(&bytes) {
                return Ok(Some(self.read_whole_document(bytes, line)?));
            }
            return Ok(Some(RawArticle {
                line,
                bytes: Ok(bytes),
            }));
        }
    }

    /// A first line that opens an object but does not parse alone starts a pretty-printed
    /// document: the rest of the input belongs to it.
    fn read_whole_document(&mut self, mut bytes: Vec<u8>, line: usize) -> io::Result<RawArticle> {
        bytes.push(b'\n');
        let limit = self.max_bytes as u64 + 1;
        let mut rest = Vec::new();
        (&mut self.reader).take(limit).read_to_end(&mut rest)?;
        bytes.extend_from_slice(&rest);
        if bytes.len() > self.max_bytes {
            // Drain what is left so the reader ends cleanly; it is all part of this document.
            io::copy(&mut self.reader, &mut io::sink())?;
            return Ok(RawArticle {
                line,
                bytes: Err(ArticleError {
                    reason: RejectReason::TooLarge,
                    message: format!(
                        "document is larger than the limit of {} bytes",
                        self.max_bytes
                    ),
                }),
            });
        }
        Ok(RawArticle {
            line,
            bytes: Ok(bytes),
        })
    }
}

fn starts_unfinished_object(bytes: &[u8]) -> bool {
    let trimmed = bytes.trim_ascii_start();
    trimmed.first() == Some(&b'{') && serde_json::from_slice::<Value>(bytes).is_err()
}

/// Builds an article from a plain-text file, for trying the pipeline on any text: the id is
/// the file name without its extension, the body the file's content.
pub fn article_from_text_file(path: &Path) -> io::Result<Article> {
    let bytes = std::fs::read(path)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display())))?;
    let body = String::from_utf8(bytes).map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{} is not valid UTF-8: {e}", path.display()),
        )
    })?;
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "text".to_owned());
    Ok(Article {
        id,
        body,
        title: None,
        url: None,
        language: None,
        format: Some(Format::Text),
        published_at: None,
        revision: None,
        extra: Map::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(input: &[u8], max: usize) -> Vec<(usize, Result<String, RejectReason>)> {
        let mut reader = ArticleReader::new(input, max);
        let mut out = Vec::new();
        while let Some(raw) = reader.next_article().unwrap() {
            out.push((raw.line, raw.parse(max).map(|a| a.id).map_err(|e| e.reason)));
        }
        out
    }

    #[test]
    fn json_lines_with_bad_lines_report_line_numbers_and_go_on() {
        let input = b"{\"id\":\"a\",\"body\":\"x\"}\n\nnot json\n{\"id\":\"b\",\"body\":\"\xff\"}\r\n{\"id\":\"c\",\"body\":\"y\"}";
        assert_eq!(
            read_all(input, 1000),
            vec![
                (1, Ok("a".to_owned())),
                (3, Err(RejectReason::MalformedJson)),
                (4, Err(RejectReason::InvalidUtf8)),
                (5, Ok("c".to_owned())),
            ]
        );
    }

    #[test]
    fn a_pretty_printed_object_is_one_article() {
        let input = b"{\n  \"id\": \"pretty\",\n  \"body\": \"text\"\n}\n";
        assert_eq!(read_all(input, 1000), vec![(1, Ok("pretty".to_owned()))]);
    }

    #[test]
    fn a_huge_line_is_refused_without_being_stored_and_the_next_line_is_read() {
        let mut input = b"{\"id\":\"big\",\"body\":\"".to_vec();
        input.extend(std::iter::repeat_n(b'x', 100_000));
        input.extend_from_slice(b"\"}\n{\"id\":\"small\",\"body\":\"x\"}\n");
        assert_eq!(
            read_all(&input, 1000),
            vec![
                (1, Err(RejectReason::TooLarge)),
                (2, Ok("small".to_owned()))
            ]
        );
    }

    #[test]
    fn a_huge_pretty_document_is_refused() {
        let mut input = b"{\n\"id\":\"big\",\"body\":\"".to_vec();
        input.extend(std::iter::repeat_n(b'x', 5000));
        input.extend_from_slice(b"\"\n}\n");
        assert_eq!(
            read_all(&input, 1000),
            vec![(1, Err(RejectReason::TooLarge))]
        );
    }

    #[test]
    fn text_file_becomes_an_article_named_after_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sco-summit.txt");
        std::fs::write(&path, "Putin met Xi.").unwrap();
        let article = article_from_text_file(&path).unwrap();
        assert_eq!(article.id, "sco-summit");
        assert_eq!(article.body, "Putin met Xi.");
        std::fs::write(&path, b"\xff\xfe").unwrap();
        assert!(article_from_text_file(&path).is_err());
    }
}
