//! `enricher enrich` as a backfill tool: every core, records in input order, bad lines by line
//! number, and Ctrl-C stops cleanly with a summary of what was written.

use std::io::{BufRead, BufReader, Write};
use std::process::Command;
use std::time::{Duration, Instant};

use enricher_tests::{run_enricher, spawn_enricher, workspace_root};
use serde_json::Value;

/// The example articles repeated `n` times with fresh ids, and a bad line after every 50th.
fn articles(n: usize) -> (Vec<u8>, Vec<String>) {
    let examples = std::fs::read_to_string(workspace_root().join("examples/articles.jsonl"))
        .expect("the example articles");
    let examples: Vec<Value> = examples
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut input = Vec::new();
    let mut ids = Vec::new();
    for i in 0..n {
        let mut article = examples[i % examples.len()].clone();
        let id = format!("backfill-{i}");
        article["id"] = id.clone().into();
        ids.push(id);
        writeln!(input, "{article}").unwrap();
        if i % 50 == 49 {
            input.extend_from_slice(b"{\"id\": \"broken\"\n");
        }
    }
    (input, ids)
}

fn record_ids(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).expect("a record")["article"]["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn parallel_jobs_write_records_in_input_order_and_report_bad_lines_by_number() {
    let (input, ids) = articles(120);
    for jobs in ["1", "4"] {
        let output = run_enricher(&["enrich", "--no-link-check", "--jobs", jobs], &input, &[]);
        assert_eq!(output.status.code(), Some(1), "bad lines: exit code 1");
        assert_eq!(
            record_ids(&output.stdout),
            ids,
            "--jobs {jobs}: input order"
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        // Line 51 is the first bad one (50 articles, then the broken line).
        assert!(
            stderr.contains("line 51: malformed_json:"),
            "--jobs {jobs}: {stderr}"
        );
        assert_eq!(stderr.matches(": malformed_json:").count(), 2, "{stderr}");
        assert!(
            !stderr.contains("articles/s"),
            "no progress unless asked for"
        );
    }
    let zero = run_enricher(&["enrich", "--jobs", "0"], b"", &[]);
    assert_eq!(zero.status.code(), Some(2), "--jobs 0 is refused");
}

#[test]
fn progress_goes_to_stderr_never_into_the_records() {
    let (input, ids) = articles(30);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("archive.jsonl");
    std::fs::write(&path, &input).unwrap();
    let output = run_enricher(
        &[
            "enrich",
            "--no-link-check",
            "--progress",
            path.to_str().unwrap(),
        ],
        b"",
        &[],
    );
    assert_eq!(record_ids(&output.stdout), ids);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("30/30 lines") || stderr.contains("/30 lines"),
        "done/total for a file: {stderr}"
    );
    assert!(stderr.contains("articles/s"), "{stderr}");
}

#[test]
fn ctrl_c_stops_cleanly_and_says_how_far_the_records_go() {
    let mut child = spawn_enricher(&["enrich", "--no-link-check", "--jobs", "2", "-"], &[]);
    let (input, ids) = articles(20);
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&input).unwrap();
    stdin.flush().unwrap();
    // Wait for the first record, then interrupt while stdin stays open (more could come).
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.contains("backfill-0"), "{first}");
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "enrich did not stop on SIGINT");
        std::thread::sleep(Duration::from_millis(50));
    }
    let code = child.wait().unwrap().code();
    assert_eq!(code, Some(130), "interrupted: exit code 130");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    let written: Vec<String> = record_ids(format!("{first}{rest}").as_bytes());
    assert_eq!(
        written,
        ids[..written.len()],
        "a prefix of the input, in order"
    );
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "enricher: interrupted: wrote {} record(s) and 0 error line(s) for input lines 1 to {}",
            written.len(),
            written.len()
        )),
        "{stderr}"
    );
    drop(stdin);
}
