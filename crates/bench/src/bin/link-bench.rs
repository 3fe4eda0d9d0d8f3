//! Link-checker throughput against a local HTTP server on 127.0.0.1 (never anything else).
//!
//! `cargo run --release -p enricher-bench --bin link-bench -- [LINKS] [LINKS_PER_ARTICLE]`
//!
//! Checks LINKS distinct URLs spread over articles through the real link stage, with per-host
//! spacing off, then the same articles again (every verdict must come from the cache: the
//! server counts requests), then a small run with the default politeness settings.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use enricher_contracts::{Article, LinkStatus};
use enricher_links::{LinkSettings, LinkStage};
use enricher_pipeline::Pipeline;
use http_body_util::Full;
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;

async fn serve(requests: Arc<AtomicU64>) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let requests = requests.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |_request| {
                    requests.fetch_add(1, Ordering::Relaxed);
                    async {
                        Ok::<_, Infallible>(hyper::Response::new(Full::new(Bytes::from_static(
                            b"<html>ok</html>",
                        ))))
                    }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

fn articles(addr: SocketAddr, links: usize, per_article: usize, tag: &str) -> Vec<Article> {
    (0..links.div_ceil(per_article))
        .map(|a| {
            let body: Vec<String> = (a * per_article..((a + 1) * per_article).min(links))
                .map(|i| format!("See http://{addr}/{tag}/{i} for more."))
                .collect();
            Article::from_value(
                serde_json::json!({"id": format!("bench-{a}"), "body": body.join("\n")}),
            )
            .expect("valid article")
        })
        .collect()
}

/// Enriches all articles, `parallel` at a time; returns (links, seconds, non-ok verdicts, cached).
async fn run(
    pipeline: &Pipeline,
    articles: Vec<Article>,
    parallel: usize,
) -> (usize, f64, usize, usize) {
    let started = Instant::now();
    let semaphore = Arc::new(tokio::sync::Semaphore::new(parallel));
    let mut tasks = Vec::new();
    for article in articles {
        let pipeline = pipeline.clone();
        let permit = semaphore.clone().acquire_owned().await.expect("semaphore");
        tasks.push(tokio::spawn(async move {
            let record = pipeline.enrich(article).await;
            drop(permit);
            record.links.unwrap_or_default()
        }));
    }
    let (mut links, mut bad, mut cached) = (0, 0, 0);
    for task in tasks {
        for link in task.await.expect("task") {
            links += 1;
            bad += usize::from(link.status != LinkStatus::Ok);
            cached += usize::from(link.cached);
        }
    }
    (links, started.elapsed().as_secs_f64(), bad, cached)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let links: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let per_article: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let requests = Arc::new(AtomicU64::new(0));
        let addr = serve(requests.clone()).await;
        let fast = LinkSettings {
            allow_networks: vec!["127.0.0.1/32".parse().expect("network")],
            per_host_interval_ms: 0,
            per_host_concurrency: 64,
            ..LinkSettings::default()
        };
        let pipeline = Pipeline::new(vec![Arc::new(LinkStage::new(fast).expect("stage"))]);
        let (n, secs, bad, cached) = run(&pipeline, articles(addr, links, per_article, "a"), 8).await;
        let sent = requests.load(Ordering::Relaxed);
        println!("spacing off: {n} distinct links in {secs:.2} s = {:.0} links/s; {sent} requests; {bad} not ok; {cached} cached", n as f64 / secs);

        let (n, secs, bad, cached) = run(&pipeline, articles(addr, links, per_article, "a"), 8).await;
        let again = requests.load(Ordering::Relaxed) - sent;
        println!("same articles again: {n} links in {secs:.3} s; {again} new requests; {cached} cached; {bad} not ok");

        let polite = LinkSettings {
            allow_networks: vec!["127.0.0.1/32".parse().expect("network")],
            ..LinkSettings::default()
        };
        let small = 100.min(links);
        let pipeline = Pipeline::new(vec![Arc::new(LinkStage::new(polite).expect("stage"))]);
        let (n, secs, bad, _) = run(&pipeline, articles(addr, small, per_article, "b"), 8).await;
        println!("default politeness (one host, 2 at a time, 50 ms apart): {n} links in {secs:.2} s = {:.0} links/s; {bad} not ok", n as f64 / secs);
    });
}
