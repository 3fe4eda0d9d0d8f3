//! SSRF safety: which addresses the checker may contact.
//!
//! Every address is judged after resolution (so a host name that resolves to 127.0.0.1 is as
//! blocked as the literal), every DNS answer is vetted as a whole (one bad address blocks the
//! name: no picking), and the connection goes to the vetted addresses: [`VettingResolver`] is
//! the HTTP client's only resolver, so there is no second lookup to rebind. IP literals in any
//! spelling (decimal, octal, hex IPv4, IPv4-mapped IPv6) are normalised by the URL parser and
//! judged the same way.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use ipnet::IpNet;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// An address the policy refuses, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forbidden {
    /// The address refused.
    pub address: IpAddr,
    /// What kind of address it is: `loopback`, `private`, `cloud_metadata`, ...
    pub class: &'static str,
}

impl std::fmt::Display for Forbidden {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is a {} address, not allowed (see links.allow_networks)",
            self.address, self.class
        )
    }
}

impl std::error::Error for Forbidden {}

/// Which non-public addresses may be contacted anyway.
#[derive(Debug, Clone, Default)]
pub struct NetworkPolicy {
    allow: Vec<IpNet>,
    allow_all: bool,
}

impl NetworkPolicy {
    /// A policy allowing the public internet plus `allow` (or everything with `allow_all`).
    pub fn new(allow: Vec<IpNet>, allow_all: bool) -> Self {
        NetworkPolicy { allow, allow_all }
    }

    /// `Ok` for public addresses and for allowed non-public ones.
    pub fn check(&self, address: IpAddr) -> Result<(), Forbidden> {
        let Some(class) = classify(address) else {
            return Ok(());
        };
        let canonical = address.to_canonical();
        let allowed = self.allow_all
            || self
                .allow
                .iter()
                .any(|net| net.contains(&address) || net.contains(&canonical));
        if allowed {
            Ok(())
        } else {
            Err(Forbidden { address, class })
        }
    }
}

/// The class of a non-public address, `None` for a public one.
pub fn classify(address: IpAddr) -> Option<&'static str> {
    match address {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    Some(match (a, b, c) {
        _ if ip == Ipv4Addr::new(169, 254, 169, 254) => "cloud_metadata",
        (0, _, _) => "unspecified",
        (127, _, _) => "loopback",
        (10, _, _) | (192, 168, _) => "private",
        (172, 16..=31, _) => "private",
        (169, 254, _) => "link_local",
        (100, 64..=127, _) => "shared_cgnat",
        (192, 0, 0) => "ietf_protocol",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "documentation",
        (198, 18..=19, _) => "benchmarking",
        (224..=239, _, _) => "multicast",
        (240..=255, _, _) => "reserved",
        _ => return None,
    })
}

fn classify_v6(ip: Ipv6Addr) -> Option<&'static str> {
    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if ip.is_loopback() {
        return Some("loopback");
    }
    if let Some(v4) = ip.to_ipv4_mapped() {
        // ::ffff:a.b.c.d reaches the IPv4 address: judge that.
        return Some(classify_v4(v4).unwrap_or("ipv4_mapped"));
    }
    let segments = ip.segments();
    let embedded_v4 = |hi: u16, lo: u16| Ipv4Addr::from(((hi as u32) << 16) | lo as u32);
    Some(match segments[0] {
        0xfc00..=0xfdff => "unique_local",
        0xfe80..=0xfebf => "link_local",
        0xfec0..=0xfeff => "site_local",
        0xff00..=0xffff => "multicast",
        0x2001 if segments[1] == 0x0db8 => "documentation",
        0x2001 if segments[1] == 0 => "teredo",
        // 6to4 and NAT64 embed an IPv4 address that the packet ends up at.
        0x2002 => return classify_v4(embedded_v4(segments[1], segments[2])),
        0x0064 if segments[1] == 0xff9b => {
            return classify_v4(embedded_v4(segments[6], segments[7]))
        }
        // ::a.b.c.d (IPv4-compatible, deprecated) and the rest of ::/96.
        0 if segments[..6].iter().all(|s| *s == 0) => "ipv4_compatible",
        _ => return None,
    })
}

/// The HTTP client's resolver: resolves with the system resolver, then refuses the whole
/// answer when any address is forbidden.
#[derive(Debug, Clone)]
pub struct VettingResolver {
    policy: Arc<NetworkPolicy>,
}

impl VettingResolver {
    /// A resolver that vets every answer with `policy`.
    pub fn new(policy: Arc<NetworkPolicy>) -> Self {
        VettingResolver { policy }
    }
}

impl Resolve for VettingResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let addresses: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if addresses.is_empty() {
                return Err(format!("{host} has no addresses").into());
            }
            for address in &addresses {
                policy
                    .check(address.ip())
                    .map_err(|f| Box::new(f) as Box<dyn std::error::Error + Send + Sync>)?;
            }
            let addresses: Addrs = Box::new(addresses.into_iter());
            Ok(addresses)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(s: &str) -> Option<&'static str> {
        classify(s.parse().unwrap())
    }

    #[test]
    fn non_public_addresses_are_classified() {
        for (address, expected) in [
            ("127.0.0.1", "loopback"),
            ("127.0.0.2", "loopback"),
            ("10.1.2.3", "private"),
            ("172.16.0.1", "private"),
            ("172.31.255.255", "private"),
            ("192.168.1.1", "private"),
            ("169.254.169.254", "cloud_metadata"),
            ("169.254.1.1", "link_local"),
            ("100.64.0.1", "shared_cgnat"),
            ("0.0.0.0", "unspecified"),
            ("224.0.0.1", "multicast"),
            ("255.255.255.255", "reserved"),
            ("::1", "loopback"),
            ("::", "unspecified"),
            ("::ffff:127.0.0.1", "loopback"),
            ("::ffff:169.254.169.254", "cloud_metadata"),
            ("::ffff:10.0.0.1", "private"),
            ("fd00::1", "unique_local"),
            ("fe80::1", "link_local"),
            ("ff02::1", "multicast"),
            ("2002:7f00:1::", "loopback"),
            ("64:ff9b::a9fe:a9fe", "cloud_metadata"),
            ("::127.0.0.1", "ipv4_compatible"),
        ] {
            assert_eq!(class(address), Some(expected), "{address}");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for address in [
            "93.184.215.14",
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            let ip: IpAddr = address.parse().unwrap();
            if address.starts_with("::ffff") {
                assert_eq!(class(address), Some("ipv4_mapped"), "{address}");
            } else {
                assert_eq!(class(address), None, "{address}");
                assert!(NetworkPolicy::default().check(ip).is_ok());
            }
        }
    }

    #[test]
    fn the_allow_list_opens_only_its_networks() {
        let policy = NetworkPolicy::new(
            vec![
                "127.0.0.1/32".parse().unwrap(),
                "10.20.0.0/16".parse().unwrap(),
            ],
            false,
        );
        assert!(policy.check("127.0.0.1".parse().unwrap()).is_ok());
        assert!(policy.check("::ffff:127.0.0.1".parse().unwrap()).is_ok());
        assert!(policy.check("10.20.3.4".parse().unwrap()).is_ok());
        let refused = policy.check("127.0.0.2".parse().unwrap()).unwrap_err();
        assert_eq!(refused.class, "loopback");
        assert!(policy.check("10.21.0.1".parse().unwrap()).is_err());
        assert!(policy.check("169.254.169.254".parse().unwrap()).is_err());
        let everything = NetworkPolicy::new(Vec::new(), true);
        assert!(everything.check("192.168.0.1".parse().unwrap()).is_ok());
    }

    #[test]
    fn every_spelling_of_an_ipv4_literal_is_the_same_address() {
        for spelling in [
            "http://2130706433/",
            "http://0177.0.0.1/",
            "http://0x7f.0.0.1/",
            "http://0x7f000001/",
            "http://127.1/",
            "http://[::ffff:7f00:1]/",
        ] {
            let url = url::Url::parse(spelling).unwrap();
            let address: IpAddr = match url.host().unwrap() {
                url::Host::Ipv4(v4) => v4.into(),
                url::Host::Ipv6(v6) => v6.into(),
                url::Host::Domain(d) => panic!("{spelling} parsed as domain {d}"),
            };
            assert_eq!(classify(address), Some("loopback"), "{spelling}");
        }
    }
}
