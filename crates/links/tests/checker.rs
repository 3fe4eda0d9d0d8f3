//! The link checker against real HTTP servers on loopback, one behaviour per test. Forbidden
//! targets are other loopback addresses (127.0.0.2) kept outside the allow-list; each such test
//! asserts that no connection reached them.

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use enricher_contracts::{Article, LinkIssue, LinkStatus};
use enricher_links::{LinkChecker, LinkSettings, LinkStage};
use enricher_pipeline::Pipeline;
use http_body_util::{combinators::BoxBody, BodyExt, Full, StreamBody};
use hyper::body::{Bytes, Frame, Incoming};
use hyper::{Method, Request, Response};
use hyper_util::rt::TokioIo;
use url::Url;

type Body = BoxBody<Bytes, Infallible>;

/// A loopback HTTP server with one route per behaviour, counting what reaches it.
struct TestServer {
    addr: SocketAddr,
    hits: Arc<Mutex<HashMap<String, u32>>>,
    connections: Arc<AtomicUsize>,
    body_bytes_sent: Arc<AtomicU64>,
}

#[derive(Clone)]
struct Routes {
    hits: Arc<Mutex<HashMap<String, u32>>>,
    body_bytes_sent: Arc<AtomicU64>,
    /// Where `/escape` redirects to.
    escape_target: Option<String>,
}

impl TestServer {
    async fn start(ip: [u8; 4], escape_target: Option<String>) -> TestServer {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from((ip, 0)))
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().unwrap();
        let hits = Arc::new(Mutex::new(HashMap::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let body_bytes_sent = Arc::new(AtomicU64::new(0));
        let routes = Routes {
            hits: hits.clone(),
            body_bytes_sent: body_bytes_sent.clone(),
            escape_target,
        };
        let counter = connections.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                counter.fetch_add(1, Ordering::SeqCst);
                let routes = routes.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let routes = routes.clone();
                        async move { Ok::<_, Infallible>(routes.handle(request).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        TestServer {
            addr,
            hits,
            connections,
            body_bytes_sent,
        }
    }

    fn url(&self, path: &str) -> Url {
        Url::parse(&format!("http://{}{path}", self.addr)).unwrap()
    }

    fn hits(&self, path: &str) -> u32 {
        self.hits.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

fn respond(status: u16, headers: &[(&str, &str)]) -> Response<Body> {
    let mut builder = Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(Full::new(Bytes::from_static(b"body")).boxed())
        .unwrap()
}

impl Routes {
    async fn handle(&self, request: Request<Incoming>) -> Response<Body> {
        let path = request.uri().path().to_owned();
        let n = {
            let mut hits = self.hits.lock().unwrap();
            let n = hits.entry(path.clone()).or_insert(0);
            *n += 1;
            *n
        };
        let head = request.method() == Method::HEAD;
        match path.as_str() {
            "/ok" | "/wp-login.php" => respond(200, &[]),
            "/chain/3" => respond(301, &[("location", "/chain/2")]),
            "/chain/2" => respond(301, &[("location", "/chain/1")]),
            "/chain/1" => respond(301, &[("location", "/ok#frag")]),
            "/loop/a" => respond(302, &[("location", "/loop/b")]),
            "/loop/b" => respond(302, &[("location", "/loop/a")]),
            "/404" => respond(404, &[]),
            "/410" => respond(410, &[]),
            "/403" => respond(403, &[]),
            "/500" => respond(500, &[]),
            "/flaky" if n == 1 => respond(503, &[]),
            "/flaky" => respond(200, &[]),
            "/ratelimited" if n == 1 => respond(429, &[("retry-after", "1")]),
            "/ratelimited" => respond(200, &[]),
            "/slow" => {
                tokio::time::sleep(Duration::from_secs(5)).await;
                respond(200, &[])
            }
            "/nohead" if head => respond(405, &[]),
            "/nohead" => respond(200, &[]),
            "/huge" if head => respond(405, &[]),
            "/huge" => {
                let sent = self.body_bytes_sent.clone();
                let chunks = futures_util::stream::unfold(0u32, move |i| {
                    let sent = sent.clone();
                    async move {
                        (i < 800).then(|| {
                            sent.fetch_add(65_536, Ordering::SeqCst);
                            (
                                Ok::<_, Infallible>(Frame::data(Bytes::from(vec![b'x'; 65_536]))),
                                i + 1,
                            )
                        })
                    }
                });
                Response::new(StreamBody::new(chunks).boxed())
            }
            "/escape" => respond(
                302,
                &[("location", self.escape_target.as_deref().unwrap_or("/ok"))],
            ),
            "/wp-admin/post.php" => respond(
                302,
                &[(
                    "location",
                    "/wp-login.php?redirect_to=%2Fwp-admin%2Fpost.php",
                )],
            ),
            "/ftp" => respond(302, &[("location", "ftp://files.example/x")]),
            _ => respond(404, &[]),
        }
    }
}

fn settings() -> LinkSettings {
    LinkSettings {
        allow_networks: vec!["127.0.0.1/32".parse().unwrap()],
        per_host_interval_ms: 0,
        retry_base_ms: 50,
        request_timeout_ms: 1_000,
        connect_timeout_ms: 500,
        ..LinkSettings::default()
    }
}

async fn check(checker: &LinkChecker, url: &Url) -> enricher_links::CheckOutcome {
    checker.check(url).await.0
}

#[tokio::test]
async fn ok_and_definitive_failures() {
    let server = TestServer::start([127, 0, 0, 1], None).await;
    let checker = LinkChecker::new(settings()).unwrap();
    let ok = check(&checker, &server.url("/ok")).await;
    assert_eq!((ok.status, ok.http_status), (LinkStatus::Ok, Some(200)));
    assert!(ok.redirects.is_empty());
    for (path, code, requests) in [("/404", 404, 2), ("/403", 403, 2), ("/410", 410, 1)] {
        let outcome = check(&checker, &server.url(path)).await;
        assert_eq!(
            (outcome.status, outcome.http_status),
            (LinkStatus::Broken, Some(code)),
            "{path}"
        );
        // 404 and 403 may be a server refusing HEAD: GET decides. 410 is final.
        assert_eq!(server.hits(path), requests, "{path}");
    }
}

#[tokio::test]
async fn a_redirect_chain_is_followed_and_reported_hop_by_hop() {
    let server = TestServer::start([127, 0, 0, 1], None).await;
    let checker = LinkChecker::new(settings()).unwrap();
    let outcome = check(&checker, &server.url("/chain/3")).await;
    assert_eq!(outcome.status, LinkStatus::Redirected);
    assert_eq!(outcome.http_status, Some(200));
    assert_eq!(
        outcome.final_url.as_deref(),
        Some(server.url("/ok").as_str())
    );
    let hops: Vec<(String, u16)> = outcome
        .redirects
        .iter()
        .map(|r| (Url::parse(&r.url).unwrap().path().to_owned(), r.status))
        .collect();
    assert_eq!(
        hops,
        [
            ("/chain/3".to_owned(), 301),
            ("/chain/2".to_owned(), 301),
            ("/chain/1".to_owned(), 301)
        ]
    );
    assert!(
        outcome.issues.is_empty(),
        "three hops are not yet a long chain"
    );
}

#[tokio::test]
async fn a_redirect_loop_is_detected() {
    let server = TestServer::start([127, 0, 0, 1], None).await;
    let checker = LinkChecker::new(settings()).unwrap();
    let outcome = check(&checker, &server.url("/loop/a")).await;
    assert_eq!(outcome.status, LinkStatus::Broken);
    assert_eq!(outcome.issues, [LinkIssue::RedirectLoop]);
    assert_eq!(server.hits("/loop/a"), 1);
    assert_eq!(server.hits("/loop/b"), 1);
}

#[tokio::test]
async fn server_errors_are_retried_and_a_transient_503_heals() {
    let server = TestServer::start([127, 0, 0, 1], None).await;
    let checker = LinkChecker::new(settings()).unwrap();
    let flaky = check(&checker, &server.url("/flaky")).await;
    assert_eq!(
        (flaky.status, flaky.http_status),
        (LinkStatus::Ok, Some(200))
    );
    assert_eq!(server.hits("/flaky"), 2);
    let broken = check(&checker, &server.url("/500")).await;
    assert_eq!(
        (broken.status, broken.http_status),
        (LinkStatus::Broken, Some(500))
    );
    assert_eq!(server.hits("/500"), 3, "one try and two retries");
    assert!(broken.is_transient(), "a 500 is not cached as final");
    let again = checker.check(&server.url("/500")).await;
    assert!(!again.1, "transient failures are checked again");
}

#[tokio::test]
async fn a_429_waits_for_retry_after() {
    let server = TestServer::start([127, 0, 0, 1], None).await;
    let checker = LinkChecker::new(settings()).unwrap();
    let started = Instant::now();
    let outcome = check(&checker, &server.url("/ratelimited")).await;
    assert_eq!(outcome.status, LinkStatus::Ok);
    assert!(
        started.elapsed() >= Duration::from_millis(950),
        "Retry-After: 1 honoured"
    );
    assert_eq!(server.hits("/ratelimited"), 2);
}

#[tokio::test]
async fn a_slow_server_costs_at_most_the_timeout() {
    let server = TestServer::start([127, 0, 0, 1], None).await;
    let checker = LinkChecker::new(settings()).unwrap();
    let started = Instant::now();
    let outcome = check(&checker, &server.url("/slow")).await;
    assert_eq!(outcome.status, LinkStatus::Timeout);
    assert!(
        started.elapsed() < Duration::from_millis(2_000),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(server.hits("/slow"), 1, "timeouts are not retried");
}

#[tokio::test]
async fn head_refused_falls_back_to_get() {
    let server = TestServer::start([127, 0, 0, 1], None).await;
    let checker = LinkChecker::new(settings()).unwrap();
    let outcome = check(&checker, &server.url("/nohead")).await;
    assert_eq!(
        (outcome.status, outcome.http_status),
        (LinkStatus::Ok, Some(200))
    );
    assert_eq!(server.hits("/nohead"), 2);
}

#[tokio::test]
async fn a_huge_body_costs_only_the_bounded_prefix() {
    let server = TestServer::start([127, 0, 0, 1], None).await;
    let checker = LinkChecker::new(settings()).unwrap();
    let started = Instant::now();
    let outcome = check(&checker, &server.url("/huge")).await;
    assert_eq!(outcome.status, LinkStatus::Ok);
    assert!(started.elapsed() < Duration::from_millis(900));
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = server.body_bytes_sent.load(Ordering::SeqCst);
    assert!(
        sent < 8 * 1024 * 1024,
        "the server got to send {sent} of 52 MB: the client kept reading"
    );
}

#[tokio::test]
async fn a_redirect_out_of_the_allow_list_is_blocked_before_connecting() {
    let forbidden = TestServer::start([127, 0, 0, 2], None).await;
    let server = TestServer::start(
        [127, 0, 0, 1],
        Some(format!("http://{}/ok", forbidden.addr)),
    )
    .await;
    let checker = LinkChecker::new(settings()).unwrap();
    let outcome = check(&checker, &server.url("/escape")).await;
    assert_eq!(outcome.status, LinkStatus::Blocked);
    assert!(outcome.issues.contains(&LinkIssue::PrivateHost));
    assert_eq!(outcome.redirects.len(), 1);
    assert!(outcome
        .detail
        .as_deref()
        .unwrap_or_default()
        .contains("127.0.0.2"));
    let direct = check(&checker, &forbidden.url("/ok")).await;
    assert_eq!(direct.status, LinkStatus::Blocked);
    assert_eq!(
        forbidden.connections(),
        0,
        "no connection may reach a forbidden address"
    );
}

#[tokio::test]
async fn a_host_name_resolving_to_loopback_is_blocked_without_an_allow_list() {
    let server = TestServer::start([127, 0, 0, 1], None).await;
    let checker = LinkChecker::new(LinkSettings {
        allow_networks: Vec::new(),
        ..settings()
    })
    .unwrap();
    for url in [
        format!("http://localhost:{}/ok", server.addr.port()),
        format!("http://127.0.0.1:{}/ok", server.addr.port()),
        format!("http://2130706433:{}/ok", server.addr.port()),
        format!("http://0x7f.0.0.1:{}/ok", server.addr.port()),
        format!("http://[::ffff:127.0.0.1]:{}/ok", server.addr.port()),
    ] {
        let outcome = check(&checker, &Url::parse(&url).unwrap()).await;
        assert_eq!(outcome.status, LinkStatus::Blocked, "{url}");
    }
    assert_eq!(server.connections(), 0, "nothing reached the server");
}

#[tokio::test]
async fn a_redirect_to_a_non_http_scheme_is_blocked() {
    let server = TestServer::start([127, 0, 0, 1], None).await;
    let checker = LinkChecker::new(settings()).unwrap();
    let outcome = check(&checker, &server.url("/ftp")).await;
    assert_eq!(outcome.status, LinkStatus::Blocked);
    assert_eq!(outcome.issues, [LinkIssue::RedirectToNonHttp]);
}

#[tokio::test]
async fn one_request_per_url_per_ttl_even_when_asked_concurrently() {
    let server = TestServer::start([127, 0, 0, 1], None).await;
    let checker = Arc::new(LinkChecker::new(settings()).unwrap());
    let url = server.url("/ok");
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let checker = checker.clone();
            let url = url.clone();
            tokio::spawn(async move { checker.check(&url).await })
        })
        .collect();
    let mut cached = 0;
    for task in tasks {
        let (outcome, was_cached) = task.await.unwrap();
        assert_eq!(outcome.status, LinkStatus::Ok);
        cached += usize::from(was_cached);
    }
    assert_eq!(server.hits("/ok"), 1);
    assert_eq!(cached, 19);
}

fn article(body: &str) -> Article {
    Article::from_value(serde_json::json!({"id": "links", "body": body})).unwrap()
}

#[tokio::test]
async fn the_stage_gives_one_verdict_per_url_and_flags_the_cms_admin_link() {
    let server = TestServer::start([127, 0, 0, 1], None).await;
    let base = format!("http://{}", server.addr);
    let body = format!(
        "Flaky: {base}/flaky and again {base}/flaky. Admin: {base}/wp-admin/post.php?post=3672&action=edit\n\
         Moved: {base}/chain/3, gone: {base}/410, files: ftp://files.example/x"
    );
    let pipeline = Pipeline::new(vec![Arc::new(LinkStage::new(settings()).unwrap())]);
    let record = pipeline.enrich(article(&body)).await;
    let links = record.links.expect("links reported");
    let by_path = |path: &str| {
        links
            .iter()
            .find(|l| l.url.contains(path))
            .unwrap_or_else(|| panic!("{path} not found in {links:?}"))
    };
    assert_eq!(links.len(), 5);
    let flaky = by_path("/flaky");
    assert_eq!(
        (flaky.status, flaky.count, flaky.mentions.len()),
        (LinkStatus::Ok, 2, 2)
    );
    assert_eq!(
        server.hits("/flaky"),
        2,
        "one verdict: checked once (503 then 200)"
    );
    let admin = by_path("/wp-admin/");
    assert_eq!(
        admin.status,
        LinkStatus::Redirected,
        "a plain checker would stop at 'OK, redirected'"
    );
    assert!(
        admin.issues.contains(&LinkIssue::CmsAdminLink),
        "{:?}",
        admin.issues
    );
    assert!(
        admin.issues.contains(&LinkIssue::LoginRedirect),
        "{:?}",
        admin.issues
    );
    assert!(admin
        .final_url
        .as_deref()
        .unwrap()
        .contains("/wp-login.php"));
    assert_eq!(by_path("/chain/3").status, LinkStatus::Redirected);
    assert_eq!(by_path("/410").status, LinkStatus::Broken);
    assert_eq!(by_path("ftp://").status, LinkStatus::Skipped);
    let chars: Vec<char> = record.text.chars().collect();
    for link in &links {
        for m in &link.mentions {
            let text: String = chars[m.start..m.end].iter().collect();
            assert_eq!(text, link.url, "mention offsets round-trip");
        }
    }
}

#[tokio::test]
async fn with_checking_off_nothing_is_contacted_but_static_issues_are_reported() {
    let server = TestServer::start([127, 0, 0, 1], None).await;
    let body = format!(
        "Admin: http://{}/wp-admin/post.php?post=1&action=edit",
        server.addr
    );
    let stage = LinkStage::new(LinkSettings {
        check: false,
        ..settings()
    })
    .unwrap();
    let record = Pipeline::new(vec![Arc::new(stage)])
        .enrich(article(&body))
        .await;
    let links = record.links.unwrap();
    assert_eq!(links[0].status, LinkStatus::Skipped);
    assert_eq!(
        links[0].issues,
        [
            LinkIssue::CmsAdminLink,
            LinkIssue::InsecureHttp,
            LinkIssue::PrivateHost
        ]
    );
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn the_article_budget_bounds_the_stage() {
    let server = TestServer::start([127, 0, 0, 1], None).await;
    let body = format!("Slow: http://{}/slow", server.addr);
    let stage = LinkStage::new(LinkSettings {
        article_budget_ms: 300,
        request_timeout_ms: 10_000,
        ..settings()
    })
    .unwrap();
    let started = Instant::now();
    let record = Pipeline::new(vec![Arc::new(stage)])
        .enrich(article(&body))
        .await;
    assert!(started.elapsed() < Duration::from_millis(1_500));
    let link = &record.links.unwrap()[0];
    assert_eq!(link.status, LinkStatus::Skipped);
    assert!(link.detail.as_deref().unwrap().contains("time budget"));
}
