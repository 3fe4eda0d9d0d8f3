//! Politeness: at most N requests at once per host and over all hosts, and a minimum spacing
//! between requests to one host.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

struct HostState {
    permits: Arc<Semaphore>,
    next_slot: Arc<tokio::sync::Mutex<Instant>>,
}

/// Hands out permission to send one request to a host.
pub struct HostLimiter {
    hosts: Mutex<HashMap<String, Arc<HostState>>>,
    global: Arc<Semaphore>,
    per_host: usize,
    interval: Duration,
}

/// Held while a request is in flight.
pub struct RequestPermit {
    _host: OwnedSemaphorePermit,
    _global: OwnedSemaphorePermit,
}

impl HostLimiter {
    /// At most `global` requests at once, `per_host` per host, `interval` apart on one host.
    pub fn new(global: usize, per_host: usize, interval: Duration) -> Self {
        HostLimiter {
            hosts: Mutex::new(HashMap::new()),
            global: Arc::new(Semaphore::new(global.max(1))),
            per_host: per_host.max(1),
            interval,
        }
    }

    /// Waits for a free slot for `host`, respecting the spacing since its last request.
    pub async fn acquire(&self, host: &str) -> RequestPermit {
        let state = {
            let mut hosts = self.hosts.lock().expect("limiter lock");
            hosts
                .entry(host.to_owned())
                .or_insert_with(|| {
                    Arc::new(HostState {
                        permits: Arc::new(Semaphore::new(self.per_host)),
                        next_slot: Arc::new(tokio::sync::Mutex::new(Instant::now())),
                    })
                })
                .clone()
        };
        let host_permit = state
            .permits
            .clone()
            .acquire_owned()
            .await
            .expect("semaphore never closed");
        if !self.interval.is_zero() {
            let mut next = state.next_slot.lock().await;
            let now = Instant::now();
            if *next > now {
                tokio::time::sleep_until(*next).await;
            }
            *next = Instant::now() + self.interval;
        }
        let global_permit = self
            .global
            .clone()
            .acquire_owned()
            .await
            .expect("semaphore never closed");
        RequestPermit {
            _host: host_permit,
            _global: global_permit,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn requests_to_one_host_are_spaced() {
        let limiter = HostLimiter::new(10, 10, Duration::from_millis(100));
        let start = Instant::now();
        for _ in 0..3 {
            let _permit = limiter.acquire("a.example").await;
        }
        assert!(start.elapsed() >= Duration::from_millis(200));
        let other = Instant::now();
        let _permit = limiter.acquire("b.example").await;
        assert!(
            other.elapsed() < Duration::from_millis(1),
            "other hosts are not held up"
        );
    }

    #[tokio::test]
    async fn per_host_concurrency_is_bounded() {
        let limiter = Arc::new(HostLimiter::new(10, 2, Duration::ZERO));
        let first = limiter.acquire("a.example").await;
        let _second = limiter.acquire("a.example").await;
        let third =
            tokio::time::timeout(Duration::from_millis(50), limiter.acquire("a.example")).await;
        assert!(third.is_err(), "a third request waits");
        drop(first);
        let third =
            tokio::time::timeout(Duration::from_millis(50), limiter.acquire("a.example")).await;
        assert!(third.is_ok());
    }
}
