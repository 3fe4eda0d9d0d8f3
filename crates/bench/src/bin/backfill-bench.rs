//! Backfill speed: `enricher enrich --jobs N` over a file of articles, for each N given.
//!
//! ```sh
//! cargo build --release -p enricher -p enricher-bench
//! ./target/release/backfill-bench [ARTICLES] [JOBS...]     # default: 3000 articles, jobs 1 2
//! ```
//!
//! The articles are `examples/articles.jsonl` repeated with fresh ids (all languages, all three
//! stages, link checking off: the examples link to public sites). Each run's output is checked:
//! one record per article, in input order.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

const EXAMPLES: &str = include_str!("../../../../examples/articles.jsonl");

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(3000);
    let mut jobs: Vec<usize> = args.filter_map(|j| j.parse().ok()).collect();
    if jobs.is_empty() {
        jobs = vec![1, 2];
    }
    let bin = std::env::var_os("ENRICHER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            std::env::current_exe()
                .expect("own path")
                .with_file_name("enricher")
        });
    if !bin.exists() {
        eprintln!(
            "backfill-bench needs the release binary: cargo build --release -p enricher ({} is missing)",
            bin.display()
        );
        std::process::exit(2);
    }
    let examples: Vec<serde_json::Value> = EXAMPLES
        .lines()
        .map(|l| serde_json::from_str(l).expect("an example article"))
        .collect();
    let dir = std::env::temp_dir().join(format!("backfill-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let input = dir.join("articles.jsonl");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&input).expect("input file"));
    let mut bytes = 0;
    for n in 0..count {
        let mut article = examples[n % examples.len()].clone();
        article["id"] = format!("backfill-{n}").into();
        let line = article.to_string();
        bytes += line.len() + 1;
        writeln!(file, "{line}").expect("write");
    }
    drop(file);
    println!(
        "{count} articles ({:.1} MB), {} cores available",
        bytes as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, usize::from)
    );
    let mut first = None;
    for j in jobs {
        let started = Instant::now();
        let output = Command::new(&bin)
            .args(["enrich", "--no-link-check", "--jobs", &j.to_string()])
            .arg(&input)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .expect("run enricher");
        let secs = started.elapsed().as_secs_f64();
        assert!(
            output.status.success(),
            "enricher failed: {:?}",
            output.status
        );
        let ids: Vec<String> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).expect("a record")["article"]["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        assert_eq!(ids.len(), count, "one record per article");
        assert!(
            ids.iter()
                .enumerate()
                .all(|(n, id)| *id == format!("backfill-{n}")),
            "records in input order"
        );
        let rate = count as f64 / secs;
        let speedup = first.map_or(1.0, |f: f64| rate / f);
        first.get_or_insert(rate);
        println!("--jobs {j}: {secs:.2} s = {rate:.0} articles/s ({speedup:.2}x --jobs of the first run)");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
