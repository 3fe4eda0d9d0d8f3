//! What an editor should fix even when a link works. The codes ([`LinkIssue`]) are part of the
//! output contract.

use enricher_contracts::LinkIssue;
use url::Url;

/// Redirect chains longer than this are flagged.
const LONG_CHAIN: usize = 3;

const ADMIN_PATHS: &[&str] = &[
    "/wp-admin/",
    "/admin/",
    "/administrator/",
    "/ghost/",
    "/umbraco/",
    "/backend/",
    "/typo3/",
    "/user/edit",
    "/node/add",
];
const ADMIN_QUERY: &[(&str, Option<&str>)] = &[("action", Some("edit")), ("action", Some("trash"))];
const PREVIEW_QUERY: &[(&str, Option<&str>)] = &[
    ("preview", Some("true")),
    ("preview", Some("1")),
    ("preview_id", None),
    ("preview_nonce", None),
    ("_ppp", None),
    ("draft", Some("true")),
];
const LOGIN_PATHS: &[&str] = &[
    "/wp-login.php",
    "/login",
    "/signin",
    "/sign-in",
    "/user/login",
    "/accounts/login",
    "/auth/",
    "/sso/",
    "/oauth/authorize",
];
const TRACKING_EXACT: &[&str] = &[
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "_ga", "ref_src",
];

fn query_matches(url: &Url, patterns: &[(&str, Option<&str>)]) -> bool {
    url.query_pairs().any(|(key, value)| {
        patterns.iter().any(|(k, v)| {
            key.eq_ignore_ascii_case(k) && v.is_none_or(|v| value.eq_ignore_ascii_case(v))
        })
    })
}

fn path_matches(url: &Url, patterns: &[&str]) -> bool {
    let path = url.path().to_ascii_lowercase();
    patterns
        .iter()
        .any(|p| path.starts_with(p) || path.contains(p))
}

/// Whether the URL is a login page.
pub fn is_login_page(url: &Url) -> bool {
    path_matches(url, LOGIN_PATHS)
}

/// Issues visible from the URL alone (no network needed), in a stable order.
pub fn static_issues(url: &Url) -> Vec<LinkIssue> {
    let mut issues = Vec::new();
    if path_matches(url, ADMIN_PATHS) || query_matches(url, ADMIN_QUERY) {
        issues.push(LinkIssue::CmsAdminLink);
    }
    if query_matches(url, PREVIEW_QUERY) {
        issues.push(LinkIssue::CmsPreviewLink);
    }
    if url.scheme() == "http" {
        issues.push(LinkIssue::InsecureHttp);
    }
    let tracking = url.query_pairs().any(|(key, _)| {
        let key = key.to_ascii_lowercase();
        key.starts_with("utm_") || TRACKING_EXACT.contains(&key.as_str())
    });
    if tracking {
        issues.push(LinkIssue::TrackingParameters);
    }
    issues
}

/// Issues that need the redirect chain.
pub fn chain_issues(redirects: usize, final_url: Option<&Url>) -> Vec<LinkIssue> {
    let mut issues = Vec::new();
    if final_url.is_some_and(is_login_page) {
        issues.push(LinkIssue::LoginRedirect);
    }
    if redirects > LONG_CHAIN {
        issues.push(LinkIssue::LongRedirectChain);
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issues(url: &str) -> Vec<LinkIssue> {
        static_issues(&Url::parse(url).unwrap())
    }

    #[test]
    fn the_sample_articles_admin_link_is_flagged() {
        assert_eq!(
            issues("https://heed.news/wp-admin/post.php?post=3672&action=edit"),
            [LinkIssue::CmsAdminLink]
        );
    }

    #[test]
    fn previews_tracking_and_plain_http() {
        assert_eq!(
            issues("https://news.example/?p=12&preview=true"),
            [LinkIssue::CmsPreviewLink]
        );
        assert_eq!(
            issues("http://news.example/a?utm_source=x&fbclid=1"),
            [LinkIssue::InsecureHttp, LinkIssue::TrackingParameters]
        );
        assert!(issues("https://en.wikipedia.org/wiki/Sanction").is_empty());
        assert!(issues("https://news.example/administration-news").is_empty());
    }

    #[test]
    fn login_pages_and_long_chains() {
        let login = Url::parse("https://heed.news/wp-login.php?redirect_to=x").unwrap();
        assert_eq!(chain_issues(1, Some(&login)), [LinkIssue::LoginRedirect]);
        assert_eq!(chain_issues(4, None), [LinkIssue::LongRedirectChain]);
        assert!(chain_issues(1, Some(&Url::parse("https://news.example/a").unwrap())).is_empty());
    }
}
