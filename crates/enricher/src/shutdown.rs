//! Graceful shutdown: one signal, observed by every task that must stop taking new work.

use tokio::sync::watch;

/// Tells tasks that the process is stopping. Cheap to clone; every clone sees the same signal.
#[derive(Debug, Clone)]
pub struct Shutdown {
    receiver: watch::Receiver<bool>,
}

/// The sending side: whoever owns it decides when the process stops.
#[derive(Debug)]
pub struct ShutdownTrigger {
    sender: watch::Sender<bool>,
}

/// A connected trigger and signal.
pub fn channel() -> (ShutdownTrigger, Shutdown) {
    let (sender, receiver) = watch::channel(false);
    (ShutdownTrigger { sender }, Shutdown { receiver })
}

impl ShutdownTrigger {
    /// Asks every holder of the matching [`Shutdown`] to stop.
    pub fn trigger(&self) {
        let _ = self.sender.send(true);
    }
}

impl Shutdown {
    /// Whether shutdown was asked for.
    pub fn is_shutdown(&self) -> bool {
        *self.receiver.borrow()
    }

    /// Completes once shutdown was triggered (at once if it already was).
    pub async fn recv(&mut self) {
        let _ = self.receiver.wait_for(|stopping| *stopping).await;
    }
}

/// A shutdown signal fired by SIGTERM or SIGINT (Ctrl-C).
pub fn on_signals() -> std::io::Result<Shutdown> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    let (trigger, shutdown) = channel();
    tokio::spawn(async move {
        let name = tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
        };
        tracing::info!(
            signal = name,
            "shutdown requested: finishing in-flight work"
        );
        trigger.trigger();
    });
    Ok(shutdown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_clone_sees_the_trigger() {
        let (trigger, shutdown) = channel();
        let mut a = shutdown.clone();
        let waiter = tokio::spawn(async move { a.recv().await });
        assert!(!shutdown.is_shutdown());
        trigger.trigger();
        waiter.await.unwrap();
        assert!(shutdown.is_shutdown());
        let mut late = shutdown.clone();
        late.recv().await;
    }
}
