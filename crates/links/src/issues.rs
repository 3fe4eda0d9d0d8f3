//! What an editor should fix even when a link works. Codes are part of the output contract.

use url::Url;

/// A CMS back-office link (edit screens, admin areas) that readers cannot open.
pub const CMS_ADMIN_LINK: &str = "cms_admin_link";
/// A draft or preview link that leaks unpublished content or breaks for readers.
pub const CMS_PREVIEW_LINK: &str = "cms_preview_link";
/// The link ends on a login page: readers will not get the content.
pub const LOGIN_REDIRECT: &str = "login_redirect";
/// Plain `http://`: no transport security.
pub const INSECURE_HTTP: &str = "insecure_http";
/// Tracking parameters (`utm_*`, `fbclid`, ...) that should not be published.
pub const TRACKING_PARAMETERS: &str = "tracking_parameters";
/// A private or local host: unreachable for readers.
pub const PRIVATE_HOST: &str = "private_host";
/// More than three redirects: slow for readers and fragile.
pub const LONG_REDIRECT_CHAIN: &str = "long_redirect_chain";
/// The redirects loop.
pub const REDIRECT_LOOP: &str = "redirect_loop";
/// More redirects than `links.max_redirects`.
pub const TOO_MANY_REDIRECTS: &str = "too_many_redirects";
/// A redirect to a non-http(s) URL.
pub const REDIRECT_TO_NON_HTTP: &str = "redirect_to_non_http";

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
pub fn static_issues(url: &Url) -> Vec<&'static str> {
    let mut issues = Vec::new();
    if path_matches(url, ADMIN_PATHS) || query_matches(url, ADMIN_QUERY) {
        issues.push(CMS_ADMIN_LINK);
    }
    if query_matches(url, PREVIEW_QUERY) {
        issues.push(CMS_PREVIEW_LINK);
    }
    if url.scheme() == "http" {
        issues.push(INSECURE_HTTP);
    }
    let tracking = url.query_pairs().any(|(key, _)| {
        let key = key.to_ascii_lowercase();
        key.starts_with("utm_") || TRACKING_EXACT.contains(&key.as_str())
    });
    if tracking {
        issues.push(TRACKING_PARAMETERS);
    }
    issues
}

/// Issues that need the redirect chain.
pub fn chain_issues(redirects: usize, final_url: Option<&Url>) -> Vec<&'static str> {
    let mut issues = Vec::new();
    if final_url.is_some_and(is_login_page) {
        issues.push(LOGIN_REDIRECT);
    }
    if redirects > LONG_CHAIN {
        issues.push(LONG_REDIRECT_CHAIN);
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issues(url: &str) -> Vec<&'static str> {
        static_issues(&Url::parse(url).unwrap())
    }

    #[test]
    fn the_sample_articles_admin_link_is_flagged() {
        assert_eq!(
            issues("https://heed.news/wp-admin/post.php?post=3672&action=edit"),
            [CMS_ADMIN_LINK]
        );
    }

    #[test]
    fn previews_tracking_and_plain_http() {
        assert_eq!(
            issues("https://news.example/?p=12&preview=true"),
            [CMS_PREVIEW_LINK]
        );
        assert_eq!(
            issues("http://news.example/a?utm_source=x&fbclid=1"),
            [INSECURE_HTTP, TRACKING_PARAMETERS]
        );
        assert!(issues("https://en.wikipedia.org/wiki/Sanction").is_empty());
        assert!(issues("https://news.example/administration-news").is_empty());
    }

    #[test]
    fn login_pages_and_long_chains() {
        let login = Url::parse("https://heed.news/wp-login.php?redirect_to=x").unwrap();
        assert_eq!(chain_issues(1, Some(&login)), [LOGIN_REDIRECT]);
        assert_eq!(chain_issues(4, None), [LONG_REDIRECT_CHAIN]);
        assert!(chain_issues(1, Some(&Url::parse("https://news.example/a").unwrap())).is_empty());
    }
}
