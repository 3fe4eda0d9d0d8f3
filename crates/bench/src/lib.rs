//! Shared helpers of the benchmark commands in `src/bin/`.

use std::time::Duration;

/// The project's sample article (`examples/summit-report.txt`), built into the benchmarks so
/// they run from a bare clone.
pub const SAMPLE_ARTICLE: &str = include_str!("../../../examples/summit-report.txt");

/// Reads a data file or folder entry a benchmark needs; when it is missing, says what is needed
/// and exits with status 2 instead of panicking.
pub fn read_data(path: &str, what: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}\nthis benchmark needs {what}");
        std::process::exit(2)
    })
}

/// Percentile (0–100) of a sorted slice of durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// The shared language-ID sentence set: per language code (the file name), its sentences with
/// their line numbers from 1. Split on '\n' only: some files contain U+0085 inside lines (see
/// the set's README). Exits with a clear message when the folder cannot be read.
pub fn read_sentence_set(dir: &str) -> std::collections::BTreeMap<String, Vec<(usize, String)>> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| {
        eprintln!(
            "cannot read {dir}: {e}\nthis command needs the sentence set: pass its folder \
             (one <code>.txt file per language, e.g. ../shared/langid/sentences)"
        );
        std::process::exit(2)
    });
    let mut sets = std::collections::BTreeMap::new();
    for entry in entries {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "txt") {
            let code = path
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path).expect("read");
            let lines = text
                .split('\n')
                .enumerate()
                .filter(|(_, l)| !l.is_empty())
                .map(|(i, l)| (i + 1, l.to_owned()))
                .collect();
            sets.insert(code, lines);
        }
    }
    sets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_pick_the_ranked_element() {
        let d: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&d, 50.0), Duration::from_millis(51));
        assert_eq!(percentile(&d, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&d, 100.0), Duration::from_millis(100));
        assert_eq!(percentile(&[], 50.0), Duration::ZERO);
    }
}
