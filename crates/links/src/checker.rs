//! Checking one URL: HEAD first (GET when a server refuses HEAD), a bounded body prefix,
//! redirects followed by hand so every hop is vetted again, retries with backoff for 429, 5xx
//! and reset connections, and one shared verdict per URL.

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use enricher_contracts::{LinkIssue, LinkStatus, Redirect};
use reqwest::{header, Method};
use url::Url;

use crate::cache::ResultCache;
use crate::issues;
use crate::limiter::HostLimiter;
use crate::policy::{Forbidden, NetworkPolicy, VettingResolver};
use crate::{LinkSettings, LINK_REQUESTS};

/// The checker's HTTP client cannot be built (e.g. no TLS roots): the stage cannot start.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the HTTP client: {0}")]
pub struct ClientError(#[from] reqwest::Error);

/// Statuses with which servers refuse HEAD although GET would work.
const HEAD_REFUSED: &[u16] = &[400, 403, 404, 405, 406, 501];
/// Statuses worth asking again after a pause.
const RETRYABLE_STATUS: &[u16] = &[429, 500, 502, 503, 504];

/// The verdict on one normalised URL.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOutcome {
    /// The verdict.
    pub status: LinkStatus,
    /// Status of the last response, when there was one.
    pub http_status: Option<u16>,
    /// Where the redirects ended, when they did.
    pub final_url: Option<String>,
    /// Every redirect hop.
    pub redirects: Vec<Redirect>,
    /// Issues only the network could reveal (login redirect, loops, long chains).
    pub issues: Vec<LinkIssue>,
    /// Why, for a person.
    pub detail: Option<String>,
    /// When it was checked (RFC 3339).
    pub checked_at: String,
    /// Time the check took.
    pub duration_ms: f64,
}

impl CheckOutcome {
    /// Whether the link works (`ok` or `redirected`).
    pub fn is_success(&self) -> bool {
        matches!(self.status, LinkStatus::Ok | LinkStatus::Redirected)
    }

    /// Failures that may heal by themselves: never cached as final.
    pub fn is_transient(&self) -> bool {
        match self.status {
            LinkStatus::Timeout | LinkStatus::Unreachable => true,
            LinkStatus::Broken => self
                .http_status
                .is_some_and(|s| RETRYABLE_STATUS.contains(&s)),
            _ => false,
        }
    }
}

/// One response, reduced to what the verdict needs.
struct Fetched {
    status: u16,
    location: Option<String>,
    retry_after: Option<Duration>,
}

/// A request that got no response.
struct Failure {
    status: LinkStatus,
    detail: String,
    retryable: bool,
}

/// Checks URLs; one per worker, shared by all articles (its cache and limits are global).
pub struct LinkChecker {
    client: reqwest::Client,
    policy: Arc<NetworkPolicy>,
    settings: LinkSettings,
    cache: ResultCache<CheckOutcome>,
    limiter: HostLimiter,
}

impl LinkChecker {
    /// A checker with its HTTP client, network policy, cache and limits.
    pub fn new(settings: LinkSettings) -> Result<Self, ClientError> {
        let policy = Arc::new(NetworkPolicy::new(
            settings.allow_networks.clone(),
            settings.allow_private_network,
        ));
        let client = reqwest::Client::builder()
            .user_agent(settings.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_millis(settings.connect_timeout_ms))
            .timeout(Duration::from_millis(settings.request_timeout_ms))
            .no_proxy()
            .dns_resolver(Arc::new(VettingResolver::new(policy.clone())))
            .build()?;
        Ok(LinkChecker {
            client,
            policy,
            cache: {
                let ok_ttl = Duration::from_secs(settings.cache_ok_ttl_secs);
                let failure_ttl = Duration::from_secs(settings.cache_failure_ttl_secs);
                ResultCache::new(settings.cache_capacity, move |outcome: &CheckOutcome| {
                    if outcome.is_transient() {
                        None
                    } else if outcome.is_success() {
                        Some(ok_ttl)
                    } else {
                        Some(failure_ttl)
                    }
                })
            },
            limiter: HostLimiter::new(
                settings.global_concurrency,
                settings.per_host_concurrency,
                Duration::from_millis(settings.per_host_interval_ms),
            ),
            settings,
        })
    }

    /// The network policy in force (for issue reporting).
    pub fn policy(&self) -> &NetworkPolicy {
        &self.policy
    }

    /// The verdict on `target` (fragment already removed), and whether it came from the cache.
    pub async fn check(&self, target: &Url) -> (CheckOutcome, bool) {
        self.cache
            .get_or_check(target.as_str(), || self.check_uncached(target))
            .await
    }

    async fn check_uncached(&self, target: &Url) -> CheckOutcome {
        let started = Instant::now();
        let mut current = target.clone();
        let mut redirects: Vec<Redirect> = Vec::new();
        let mut visited: HashSet<String> = HashSet::from([current.to_string()]);
        let finish = |status, http_status, final_url: Option<&Url>, redirects, issues, detail| {
            CheckOutcome {
                status,
                http_status,
                final_url: final_url.map(Url::to_string),
                redirects,
                issues,
                detail,
                checked_at: humantime::format_rfc3339_millis(SystemTime::now()).to_string(),
                duration_ms: started.elapsed().as_secs_f64() * 1000.0,
            }
        };
        loop {
            let hop = (!redirects.is_empty()).then_some(&current);
            if !matches!(current.scheme(), "http" | "https") {
                return finish(
                    LinkStatus::Blocked,
                    None,
                    hop,
                    redirects,
                    vec![LinkIssue::RedirectToNonHttp],
                    Some(format!("redirect to a {} URL", current.scheme())),
                );
            }
            if let Some(address) = literal_address(&current) {
                if let Err(forbidden) = self.policy.check(address) {
                    return finish(
                        LinkStatus::Blocked,
                        None,
                        hop,
                        redirects,
                        vec![LinkIssue::PrivateHost],
                        Some(forbidden.to_string()),
                    );
                }
            }
            let fetched = match self.fetch(&current).await {
                Ok(fetched) => fetched,
                Err(failure) => {
                    let mut found = Vec::new();
                    if failure.status == LinkStatus::Blocked {
                        found.push(LinkIssue::PrivateHost);
                    }
                    return finish(
                        failure.status,
                        None,
                        hop,
                        redirects,
                        found,
                        Some(failure.detail),
                    );
                }
            };
            let code = fetched.status;
            if (300..400).contains(&code) {
                if let Some(location) = &fetched.location {
                    let Ok(mut next) = current.join(location) else {
                        return finish(
                            LinkStatus::Broken,
                            Some(code),
                            hop,
                            redirects,
                            Vec::new(),
                            Some(format!("redirect to an invalid URL `{location}`")),
                        );
                    };
                    next.set_fragment(None);
                    redirects.push(Redirect {
                        url: current.to_string(),
                        status: code,
                    });
                    if !visited.insert(next.to_string()) {
                        return finish(
                            LinkStatus::Broken,
                            Some(code),
                            Some(&next),
                            redirects,
                            vec![LinkIssue::RedirectLoop],
                            Some("the redirects loop".to_owned()),
                        );
                    }
                    if redirects.len() > self.settings.max_redirects {
                        return finish(
                            LinkStatus::Broken,
                            Some(code),
                            Some(&next),
                            redirects,
                            vec![LinkIssue::TooManyRedirects],
                            Some(format!(
                                "more than {} redirects",
                                self.settings.max_redirects
                            )),
                        );
                    }
                    current = next;
                    continue;
                }
            }
            let status = match code {
                200..=299 if redirects.is_empty() => LinkStatus::Ok,
                200..=299 => LinkStatus::Redirected,
                _ => LinkStatus::Broken,
            };
            let found = issues::chain_issues(redirects.len(), hop);
            return finish(status, Some(code), hop, redirects, found, None);
        }
    }

    /// One URL, with retries for what may heal.
    async fn fetch(&self, url: &Url) -> Result<Fetched, Failure> {
        let host = url.host_str().unwrap_or_default().to_owned();
        let mut attempt = 0;
        loop {
            let result = {
                let _permit = self.limiter.acquire(&host).await;
                self.request(url).await
            };
            let backoff = self.backoff(attempt);
            let pause = match &result {
                Ok(f) if f.status == 429 => Some(
                    f.retry_after
                        .unwrap_or(backoff)
                        .min(Duration::from_millis(self.settings.retry_after_cap_ms)),
                ),
                Ok(f) if RETRYABLE_STATUS.contains(&f.status) => Some(backoff),
                Err(failure) if failure.retryable => Some(backoff),
                _ => None,
            };
            match pause {
                Some(pause) if attempt < self.settings.max_retries => {
                    attempt += 1;
                    tracing::debug!(%url, attempt, pause_ms = pause.as_millis() as u64, "retrying link");
                    tokio::time::sleep(pause).await;
                }
                _ => return result,
            }
        }
    }

    /// HEAD, then GET when the server refuses HEAD.
    async fn request(&self, url: &Url) -> Result<Fetched, Failure> {
        let head = self.send(Method::HEAD, url).await?;
        if HEAD_REFUSED.contains(&head.status) {
            return self.send(Method::GET, url).await;
        }
        Ok(head)
    }

    async fn send(&self, method: Method, url: &Url) -> Result<Fetched, Failure> {
        metrics::counter!(LINK_REQUESTS, "method" => method.as_str().to_owned()).increment(1);
        let mut response = self
            .client
            .request(method.clone(), url.clone())
            .send()
            .await
            .map_err(classify_error)?;
        let header = |name: header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let fetched = Fetched {
            status: response.status().as_u16(),
            location: header(header::LOCATION),
            retry_after: header(header::RETRY_AFTER)
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs),
        };
        if method == Method::GET {
            // Read a bounded prefix only; dropping the response closes the connection.
            let mut read = 0;
            while let Ok(Some(chunk)) = response.chunk().await {
                read += chunk.len();
                if read >= self.settings.max_body_bytes {
                    break;
                }
            }
        }
        Ok(fetched)
    }

    /// Exponential backoff with up to 50% jitter.
    fn backoff(&self, attempt: u32) -> Duration {
        let base = self
            .settings
            .retry_base_ms
            .saturating_mul(1 << attempt.min(10));
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| u64::from(d.subsec_nanos()))
            .unwrap_or(0);
        Duration::from_millis(base + nanos % (base / 2 + 1))
    }
}

/// The IP address of a URL whose host is an IP literal (in any spelling the URL parser
/// normalises: decimal, octal, hex IPv4, bracketed IPv6).
pub fn literal_address(url: &Url) -> Option<IpAddr> {
    match url.host()? {
        url::Host::Ipv4(v4) => Some(v4.into()),
        url::Host::Ipv6(v6) => Some(v6.into()),
        url::Host::Domain(_) => None,
    }
}

fn classify_error(error: reqwest::Error) -> Failure {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&error);
    while let Some(e) = source {
        if let Some(forbidden) = e.downcast_ref::<Forbidden>() {
            return Failure {
                status: LinkStatus::Blocked,
                detail: forbidden.to_string(),
                retryable: false,
            };
        }
        source = e.source();
    }
    let detail = error_chain(&error);
    if error.is_timeout() {
        Failure {
            status: LinkStatus::Timeout,
            detail,
            retryable: false,
        }
    } else if error.is_connect() {
        Failure {
            status: LinkStatus::Unreachable,
            detail,
            retryable: false,
        }
    } else {
        // The connection broke mid-request (reset, closed early): worth another try.
        Failure {
            status: LinkStatus::Unreachable,
            detail,
            retryable: true,
        }
    }
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        text.push_str(": ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}
