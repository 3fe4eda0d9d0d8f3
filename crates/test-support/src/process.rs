//! The real `enricher` binary as a child process: one-shot commands and a running worker.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::broker::{free_port, Broker};
use crate::fixtures::sample_article_path;

/// The `enricher` binary: `$ENRICHER_BIN` when set (benchmarks use a release build), else the
/// one cargo built for the enricher package's tests (`CARGO_BIN_EXE_enricher`).
pub fn enricher_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let bin = std::env::var_os("ENRICHER_BIN")
            .or_else(|| std::env::var_os("CARGO_BIN_EXE_enricher"))
            .map(PathBuf::from)
            .expect(
                "no enricher binary: run the tests with `cargo test -p enricher` (cargo builds it) \
                 or set ENRICHER_BIN",
            );
        assert!(bin.exists(), "{} does not exist", bin.display());
        bin
    })
}

/// Starts `enricher` with piped stdin, stdout and stderr. Tests never send traffic beyond
/// loopback: the link checker is off unless a test turns it on (and points links at loopback
/// servers).
pub fn spawn_enricher(args: &[&str], env: &[(&str, &str)]) -> std::process::Child {
    Command::new(enricher_bin())
        .args(args)
        .env("ENRICHER__LINKS__CHECK", "false")
        .envs(env.iter().copied())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn enricher")
}

/// Runs `enricher` with arguments and stdin, returning its output.
pub fn run_enricher(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    use std::io::Write;
    let mut child = spawn_enricher(args, env);
    let mut input = child.stdin.take().expect("stdin");
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("wait for enricher");
    writer.join().expect("stdin writer");
    output
}

/// A running `enricher run` child process, killed when dropped.
pub struct Worker {
    child: Child,
    /// Port of the worker's HTTP endpoint on 127.0.0.1.
    pub http_port: u16,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Worker {
    /// Starts `enricher run` against the broker with test-friendly reconnect timings and any
    /// extra environment.
    pub fn start(broker: &Broker, env: &[(&str, &str)]) -> Worker {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = dir.path().join("worker.log");
        let log_file = std::fs::File::create(&log).expect("worker log");
        let http_port = free_port();
        let child = Command::new(enricher_bin())
            .arg("run")
            .env("ENRICHER__AMQP__URL", broker.url())
            .env("ENRICHER__HTTP__LISTEN", format!("127.0.0.1:{http_port}"))
            .env("ENRICHER__AMQP__RECONNECT_MIN_MS", "200")
            .env("ENRICHER__AMQP__RECONNECT_MAX_MS", "2000")
            // The sample article links to public sites: tests never contact them.
            .env("ENRICHER__LINKS__CHECK", "false")
            .env("RUST_LOG", "info")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file)
            .spawn()
            .expect("spawn enricher run");
        Worker {
            child,
            http_port,
            log,
            _dir: dir,
        }
    }

    /// Waits until `/readyz` answers 200 (connected and consuming); fails the test with the
    /// worker's log when it does not within `timeout`.
    pub fn wait_ready(&self, timeout: Duration) {
        let ready = crate::fixtures::wait_until(timeout, || {
            crate::http::http_get(self.http_port, "/readyz")
                .is_some_and(|(status, _)| status == 200)
        });
        assert!(ready, "the worker never became ready:\n{}", self.log());
    }

    /// The worker's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: the worker gets no chance to clean up.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends SIGTERM and waits up to `timeout` for the process to exit.
    pub fn terminate(&mut self, timeout: Duration) -> Option<ExitStatus> {
        // Not checked: the worker may already have exited, which the caller sees below.
        let _ = self.signal("-TERM");
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// SIGSTOP: freezes the worker so a test can change the broker under it at a known point
    /// of the stream, however fast the worker is.
    pub fn pause(&self) {
        assert!(self.signal("-STOP"), "could not stop the worker");
    }

    /// SIGCONT: lets a paused worker go on.
    pub fn resume(&self) {
        assert!(self.signal("-CONT"), "could not continue the worker");
    }

    /// Sends `signal` (`-TERM`, ...) to the worker; whether it was delivered.
    fn signal(&self, signal: &str) -> bool {
        Command::new("kill")
            .args([signal, &self.pid().to_string()])
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The worker's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Publishes the sample article with `enricher publish --text`, as a CMS user would.
pub fn publish_sample(broker: &Broker) {
    let sample = sample_article_path();
    let output = run_enricher(
        &["publish", "--text", sample.to_str().expect("utf-8 path")],
        b"",
        &[("ENRICHER__AMQP__URL", &broker.url())],
    );
    assert!(
        output.status.success(),
        "publish failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("published 1 article(s)"));
}
