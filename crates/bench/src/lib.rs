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
