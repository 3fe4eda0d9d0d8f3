//! Verdicts shared by every article a worker processes: one request per URL per TTL, even when
//! several articles ask for the same URL at the same moment (they wait for the first check).

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::OnceCell;

use crate::checker::CheckOutcome;

struct Entry {
    cell: Arc<OnceCell<CheckOutcome>>,
    created: Instant,
}

/// A TTL cache of check outcomes keyed by normalised URL, with in-flight deduplication.
pub struct ResultCache {
    entries: Mutex<(HashMap<String, Entry>, VecDeque<String>)>,
    ok_ttl: Duration,
    failure_ttl: Duration,
    capacity: usize,
}

impl ResultCache {
    pub fn new(ok_ttl: Duration, failure_ttl: Duration, capacity: usize) -> Self {
        ResultCache {
            entries: Mutex::new((HashMap::new(), VecDeque::new())),
            ok_ttl,
            failure_ttl,
            capacity: capacity.max(1),
        }
    }

    fn ttl(&self, outcome: &CheckOutcome) -> Option<Duration> {
        if outcome.is_transient() {
            None
        } else if outcome.is_success() {
            Some(self.ok_ttl)
        } else {
            Some(self.failure_ttl)
        }
    }

    /// The cached outcome for `key`, or the one `check` produces (run once for concurrent
    /// callers). Returns whether it came from the cache.
    pub async fn get_or_check<F, Fut>(&self, key: &str, check: F) -> (CheckOutcome, bool)
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = CheckOutcome>,
    {
        let cell = {
            let mut guard = self.entries.lock().expect("cache lock");
            let (map, order) = &mut *guard;
            let fresh = map.get(key).is_some_and(|entry| match entry.cell.get() {
                None => true, // being checked right now: wait for it
                Some(outcome) => self
                    .ttl(outcome)
                    .is_some_and(|ttl| entry.created.elapsed() < ttl),
            });
            if !fresh {
                map.insert(
                    key.to_owned(),
                    Entry {
                        cell: Arc::new(OnceCell::new()),
                        created: Instant::now(),
                    },
                );
                order.push_back(key.to_owned());
                while map.len() > self.capacity {
                    match order.pop_front() {
                        Some(oldest) => {
                            map.remove(&oldest);
                        }
                        None => break,
                    }
                }
            }
            map.get(key).map(|e| e.cell.clone()).expect("just inserted")
        };
        let mut ran = false;
        let outcome = cell
            .get_or_init(|| {
                ran = true;
                check()
            })
            .await
            .clone();
        if ran && self.ttl(&outcome).is_none() {
            // Transient: the next article tries again rather than reusing it.
            let mut guard = self.entries.lock().expect("cache lock");
            if guard
                .0
                .get(key)
                .is_some_and(|e| Arc::ptr_eq(&e.cell, &cell))
            {
                guard.0.remove(key);
            }
        }
        (outcome, !ran)
    }
}
