//! A progress display for long `enrich` runs, on stderr only (stdout is the record stream).
//!
//! On a terminal it redraws one line (`done/total`, articles/s, ETA) a few times a second; when
//! asked for with `--progress` and stderr is a file or pipe (a log), it writes a line every few
//! seconds instead. Hand-written rather than `indicatif`, which hides itself when stderr is not a
//! terminal: the log case is the point of `--progress`.

use std::io::Write;
use std::time::{Duration, Instant};

/// Progress of one run.
pub struct Progress {
    total: Option<u64>,
    started: Instant,
    last_drawn: Option<Instant>,
    /// `done` when the display was last drawn: the closing line is not drawn twice.
    drawn_done: Option<u64>,
    done: u64,
    terminal: bool,
    out: Box<dyn Write + Send>,
}

impl Progress {
    /// Progress over `total` input lines (when known) drawn to stderr.
    pub fn stderr(total: Option<u64>, terminal: bool) -> Progress {
        Progress::new(total, terminal, Box::new(std::io::stderr()))
    }

    /// A progress display writing to `out`; `total` lines when known, redrawn in place on a terminal.
    pub fn new(total: Option<u64>, terminal: bool, out: Box<dyn Write + Send>) -> Progress {
        Progress {
            total,
            started: Instant::now(),
            last_drawn: None,
            drawn_done: None,
            done: 0,
            terminal,
            out,
        }
    }

    /// `done` input lines are finished; redraws when it is time to.
    pub fn advance(&mut self, done: u64) {
        self.done = done;
        let every = if self.terminal {
            Duration::from_millis(200)
        } else {
            Duration::from_secs(5)
        };
        if self.last_drawn.is_none_or(|t| t.elapsed() >= every) {
            self.draw();
        }
    }

    /// The closing line.
    pub fn finish(&mut self) {
        if self.drawn_done != Some(self.done) {
            self.draw();
        }
        if self.terminal {
            let _ = writeln!(self.out);
        }
    }

    fn draw(&mut self) {
        self.last_drawn = Some(Instant::now());
        self.drawn_done = Some(self.done);
        let line = self.line(self.started.elapsed());
        let _ = if self.terminal {
            write!(self.out, "\r\x1b[2K{line}")
        } else {
            writeln!(self.out, "{line}")
        };
        let _ = self.out.flush();
    }

    /// `1200/3000 lines  412 articles/s  ETA 4s` (no total: no ETA).
    pub fn line(&self, elapsed: Duration) -> String {
        let seconds = elapsed.as_secs_f64();
        let rate = if seconds > 0.0 {
            self.done as f64 / seconds
        } else {
            0.0
        };
        match self.total {
            Some(total) => {
                let eta = if rate > 0.0 && total >= self.done {
                    format!("{}s", ((total - self.done) as f64 / rate).ceil() as u64)
                } else {
                    "?".to_owned()
                };
                format!(
                    "{}/{total} lines  {rate:.0} articles/s  ETA {eta}",
                    self.done
                )
            }
            None => format!("{} lines  {rate:.0} articles/s", self.done),
        }
    }
}

/// Non-blank lines of a file: the total a progress display counts towards.
pub fn count_lines(path: &std::path::Path) -> std::io::Result<u64> {
    use std::io::BufRead;
    let mut reader = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut count = 0;
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(count);
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            count += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_shows_done_total_rate_and_eta() {
        let mut progress = Progress::new(Some(3000), false, Box::new(std::io::sink()));
        progress.done = 1200;
        assert_eq!(
            progress.line(Duration::from_secs(3)),
            "1200/3000 lines  400 articles/s  ETA 5s"
        );
        let mut progress = Progress::new(None, false, Box::new(std::io::sink()));
        progress.done = 50;
        assert_eq!(
            progress.line(Duration::from_secs(2)),
            "50 lines  25 articles/s"
        );
    }

    #[test]
    fn blank_lines_do_not_count() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.jsonl");
        std::fs::write(&path, "{}\n\n  \n{}\n{}").unwrap();
        assert_eq!(count_lines(&path).unwrap(), 3);
    }
}
