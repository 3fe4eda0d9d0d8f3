//! What `/readyz` reports: whether the worker is connected to the broker and consuming.

use std::sync::atomic::{AtomicBool, Ordering};

/// Shared between the worker (which writes it) and the HTTP endpoint (which reads it).
#[derive(Debug, Default)]
pub struct Readiness {
    consuming: AtomicBool,
}

impl Readiness {
    /// Set when the worker starts or stops consuming (and the `broker_connected` gauge).
    pub fn set_consuming(&self, consuming: bool) {
        self.consuming.store(consuming, Ordering::SeqCst);
        metrics::gauge!(crate::metrics::BROKER_CONNECTED).set(if consuming { 1.0 } else { 0.0 });
    }

    /// Whether `/readyz` answers 200: connected and consuming.
    pub fn is_ready(&self) -> bool {
        self.consuming.load(Ordering::SeqCst)
    }
}
