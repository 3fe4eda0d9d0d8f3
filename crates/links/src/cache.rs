//! Verdicts shared by every article a worker processes: one request per URL per TTL, even when
//! several articles ask for the same URL at the same moment (they wait for the first check).
//!
//! A bounded moka cache: at most `capacity` entries whatever the traffic, each with its own
//! time to live chosen from its value (a working link is trusted longer than a broken one; a
//! transient failure is handed to the callers waiting for it and then dropped).

use std::future::Future;
use std::time::{Duration, Instant};

use moka::future::Cache;
use moka::Expiry;

/// A cache of values keyed by normalised URL, with in-flight deduplication.
pub struct ResultCache<V> {
    cache: Cache<String, V>,
}

/// Each entry lives as long as its value says: `None` means not reused at all.
struct TimeToLive<F>(F);

impl<V, F> Expiry<String, V> for TimeToLive<F>
where
    F: Fn(&V) -> Option<Duration>,
{
    fn expire_after_create(
        &self,
        _key: &String,
        value: &V,
        _created_at: Instant,
    ) -> Option<Duration> {
        Some((self.0)(value).unwrap_or(Duration::ZERO))
    }
}

impl<V: Clone + Send + Sync + 'static> ResultCache<V> {
    /// At most `capacity` entries (at least one), each kept for `ttl(value)`.
    pub fn new(
        capacity: usize,
        ttl: impl Fn(&V) -> Option<Duration> + Send + Sync + 'static,
    ) -> Self {
        ResultCache {
            cache: Cache::builder()
                .max_capacity(capacity.max(1) as u64)
                .expire_after(TimeToLive(ttl))
                .build(),
        }
    }

    /// The cached value for `key`, or the one `check` produces (run once for concurrent
    /// callers, who all get its value). Returns whether it came from the cache.
    pub async fn get_or_check<F, Fut>(&self, key: &str, check: F) -> (V, bool)
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = V>,
    {
        let entry = self.cache.entry_by_ref(key).or_insert_with(check()).await;
        let cached = !entry.is_fresh();
        (entry.into_value(), cached)
    }

    /// Entries held now (after pending evictions are applied).
    pub async fn entry_count(&self) -> u64 {
        self.cache.run_pending_tasks().await;
        self.cache.entry_count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    /// "ok" lives an hour, "broken" a minute, "timeout" not at all.
    fn verdict_ttl(v: &&'static str) -> Option<Duration> {
        match *v {
            "ok" => Some(Duration::from_secs(3600)),
            "broken" => Some(Duration::from_secs(60)),
            _ => None,
        }
    }

    #[tokio::test]
    async fn final_verdicts_are_reused_and_transient_ones_are_not() {
        let cache = ResultCache::new(100, verdict_ttl);
        let checks = AtomicUsize::new(0);
        // Counts checks that run, not futures built (a cached key builds one and drops it).
        let check = |v: &'static str| {
            let checks = &checks;
            async move {
                checks.fetch_add(1, Ordering::SeqCst);
                v
            }
        };
        assert_eq!(
            cache.get_or_check("https://a/", || check("ok")).await,
            ("ok", false)
        );
        assert_eq!(
            cache.get_or_check("https://a/", || check("broken")).await,
            ("ok", true)
        );
        assert_eq!(
            cache.get_or_check("https://b/", || check("timeout")).await,
            ("timeout", false)
        );
        assert_eq!(
            cache.get_or_check("https://b/", || check("ok")).await,
            ("ok", false)
        );
        assert_eq!(checks.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_check_even_a_transient_one() {
        let cache = Arc::new(ResultCache::new(100, verdict_ttl));
        let checks = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let (cache, checks) = (cache.clone(), checks.clone());
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_check("https://slow/", || async {
                        checks.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        "timeout"
                    })
                    .await
            }));
        }
        for task in tasks {
            assert_eq!(task.await.unwrap().0, "timeout");
        }
        assert_eq!(
            checks.load(Ordering::SeqCst),
            1,
            "one request for 20 callers"
        );
    }

    /// Resident memory of this process in bytes (Linux).
    fn resident_bytes() -> u64 {
        let statm = std::fs::read_to_string("/proc/self/statm").expect("/proc/self/statm");
        let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
        pages * 4096
    }

    #[tokio::test]
    async fn a_million_checks_of_flapping_links_keep_entries_and_memory_bounded() {
        let cache = ResultCache::new(1_000, verdict_ttl);
        let mut most = 0;
        let mut resident_after_warm_up = 0;
        for i in 0..1_000_000u32 {
            // 50,000 links, each flapping between a timeout and a working answer.
            let key = format!("https://site{}.example/page", i % 50_000);
            let verdict = if (i / 50_000) % 2 == 0 {
                "timeout"
            } else {
                "ok"
            };
            cache.get_or_check(&key, || async move { verdict }).await;
            if i % 100_000 == 0 {
                most = most.max(cache.entry_count().await);
            }
            if i == 100_000 {
                resident_after_warm_up = resident_bytes();
            }
        }
        most = most.max(cache.entry_count().await);
        assert!(most <= 1_000, "{most} entries for a capacity of 1,000");
        assert!(most > 0, "working links are kept");
        // Measured: under 0.1 MB, with this process's other tests running meanwhile. The
        // hand-made cache this replaced (a queue of every key inserted) grew by about 31 MB
        // over the same checks (the same loop over a map and a key queue, measured apart).
        let growth = resident_bytes().saturating_sub(resident_after_warm_up);
        assert!(growth < 8 << 20, "resident memory grew by {growth} bytes");
    }
}
