//! The `links` stage: extract, check within the article's time budget, report.

use std::sync::Arc;
use std::time::{Duration, Instant};

use enricher_contracts::{EnrichedRecord, LinkIssue, LinkReport, LinkStatus};
use enricher_pipeline::{Stage, StageDone, StageFuture};
use futures_util::future::join_all;

use crate::checker::{literal_address, ClientError, LinkChecker};
use crate::extract::{extract_links, FoundLink};
use crate::policy::classify;
use crate::{issues, LinkSettings, LINKS_CHECKED, LINK_CACHE_HITS};

/// The link stage. Cheap to share: the checker (client, cache, limits) is behind an `Arc`.
#[derive(Clone)]
pub struct LinkStage {
    checker: Arc<LinkChecker>,
    check: bool,
    budget: Duration,
}

impl LinkStage {
    /// The stage with its checker; fails when the HTTP client cannot be built.
    pub fn new(settings: LinkSettings) -> Result<Self, ClientError> {
        Ok(LinkStage {
            check: settings.check,
            budget: Duration::from_millis(settings.article_budget_ms),
            checker: Arc::new(LinkChecker::new(settings)?),
        })
    }

    async fn report(&self, link: FoundLink, deadline: tokio::time::Instant) -> LinkReport {
        let started = Instant::now();
        let mut report = LinkReport {
            normalized_url: link
                .target
                .as_ref()
                .map(|u| u.to_string())
                .unwrap_or_default(),
            url: link.url,
            mentions: link.mentions,
            count: link.count,
            status: LinkStatus::Skipped,
            http_status: None,
            final_url: None,
            redirects: Vec::new(),
            issues: Vec::new(),
            detail: None,
            checked_at: None,
            duration_ms: 0.0,
            cached: false,
        };
        let mut found: Vec<LinkIssue> = Vec::new();
        match &link.target {
            Err(reason) => {
                report.status = LinkStatus::Invalid;
                report.detail = Some(reason.to_string());
            }
            Ok(url) => {
                found.extend(issues::static_issues(url));
                if is_local_name(url) {
                    found.push(LinkIssue::PrivateHost);
                }
                if !matches!(url.scheme(), "http" | "https") {
                    report.detail = Some(format!("not checked: {} link", url.scheme()));
                } else if !self.check {
                    report.detail = Some("not checked: link checking is off".to_owned());
                } else {
                    match tokio::time::timeout_at(deadline, self.checker.check(url)).await {
                        Err(_) => {
                            report.detail =
                                Some("not checked: the article's time budget was spent".to_owned())
                        }
                        Ok((outcome, cached)) => {
                            if cached {
                                metrics::counter!(LINK_CACHE_HITS).increment(1);
                            }
                            report.status = outcome.status;
                            report.http_status = outcome.http_status;
                            report.final_url = outcome.final_url;
                            report.redirects = outcome.redirects;
                            report.detail = outcome.detail;
                            report.checked_at = Some(outcome.checked_at);
                            report.cached = cached;
                            found.extend(outcome.issues);
                        }
                    }
                }
            }
        }
        let mut unique = Vec::new();
        for issue in found {
            if !unique.contains(&issue) {
                unique.push(issue);
            }
        }
        report.issues = unique;
        report.duration_ms = started.elapsed().as_secs_f64() * 1000.0;
        metrics::counter!(LINKS_CHECKED, "status" => report.status.as_str()).increment(1);
        report
    }
}

/// Hosts that are local by name or literal, whether or not the policy lets us reach them.
fn is_local_name(url: &url::Url) -> bool {
    if let Some(address) = literal_address(url) {
        return classify(address).is_some();
    }
    url.host_str().is_some_and(|host| {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        host == "localhost"
            || [".localhost", ".local", ".internal", ".lan", ".home.arpa"]
                .iter()
                .any(|suffix| host.ends_with(suffix))
    })
}

impl Stage for LinkStage {
    fn name(&self) -> &'static str {
        "links"
    }

    fn process<'a>(&'a self, record: &'a mut EnrichedRecord) -> StageFuture<'a> {
        Box::pin(async move {
            let found = extract_links(&record.article, &record.text);
            let deadline = tokio::time::Instant::now() + self.budget;
            let reports = join_all(found.into_iter().map(|link| self.report(link, deadline))).await;
            record.links = Some(reports);
            Ok(StageDone::default())
        })
    }
}
