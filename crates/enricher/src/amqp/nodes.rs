//! Where the broker is and how to reach it: one or more node URLs (`amqp.url`, comma-separated,
//! tried in turn), the password, from the URL or from `amqp.password_file` (a mounted secret,
//! read at every connection so a rotated secret is picked up), and the TLS files of
//! `amqp.tls.*`. URLs are shown only with the password hidden.

use std::path::{Path, PathBuf};

use lapin::tcp::{OwnedIdentity, OwnedTLSConfig};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::config::{AmqpSettings, AmqpTlsSettings};

/// The broker's nodes, ready to connect to.
#[derive(Clone)]
pub struct BrokerNodes {
    /// Full URLs, password included: never logged.
    urls: Vec<String>,
    /// Extra trust and the client identity for `amqps://` nodes (empty: public roots only).
    tls: OwnedTLSConfig,
}

/// Why the broker settings cannot be used; never carries the password.
#[derive(Debug, thiserror::Error)]
pub enum NodesError {
    /// No node URL at all.
    #[error("amqp.url is empty")]
    Empty,
    /// A node URL that is not `amqp://` or `amqps://` (shown without its password).
    #[error("amqp.url: `{0}` is not an AMQP URL (amqp://user@host:port/vhost or amqps://...)")]
    NotAmqp(String),
    /// The password file cannot be read.
    #[error("amqp.password_file: cannot read `{path}`: {reason}")]
    PasswordFile {
        /// The file named by `amqp.password_file`.
        path: PathBuf,
        /// Why it cannot be read.
        reason: std::io::Error,
    },
    /// The password file is empty.
    #[error("amqp.password_file: `{0}` is empty")]
    EmptyPassword(PathBuf),
    /// A TLS file cannot be read.
    #[error("amqp.tls.{key}: cannot read `{path}`: {reason}")]
    TlsFile {
        /// Which setting (`ca_file`, `cert_file`, `key_file`).
        key: &'static str,
        /// The file it names.
        path: PathBuf,
        /// Why it cannot be read.
        reason: std::io::Error,
    },
    /// A TLS file without what it should hold.
    #[error("amqp.tls.{key}: `{path}` holds no {what} in PEM format")]
    TlsContent {
        /// Which setting (`ca_file`, `cert_file`, `key_file`).
        key: &'static str,
        /// The file it names.
        path: PathBuf,
        /// What is missing (`certificate`, `private key`).
        what: &'static str,
    },
    /// Only one of `cert_file` and `key_file` is set.
    #[error("amqp.tls.cert_file and amqp.tls.key_file go together: set both or neither")]
    HalfIdentity,
    #[error(
        "amqp.tls.* is set but no node of amqp.url is amqps://: the connection would not use TLS"
    )]
    /// TLS files are set but no node would use them.
    TlsWithoutAmqps,
}

impl BrokerNodes {
    /// The nodes of `amqp.url`, with the password of `amqp.password_file` when one is set.
    pub fn from_settings(amqp: &AmqpSettings) -> Result<Self, NodesError> {
        let password = match amqp.password_file.trim() {
            "" => None,
            path => Some(read_password(PathBuf::from(path))?),
        };
        let mut urls = Vec::new();
        for node in amqp.url.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let mut url = url::Url::parse(node).map_err(|_| NodesError::NotAmqp(redact(node)))?;
            if !matches!(url.scheme(), "amqp" | "amqps") || url.host_str().is_none() {
                return Err(NodesError::NotAmqp(redact(node)));
            }
            if let Some(password) = &password {
                // The broker URL's parser decodes the password, so a `%`, `@` or `/` in the
                // secret must reach it encoded (`url` leaves `%` alone).
                let encoded = utf8_percent_encode(password, NON_ALPHANUMERIC).to_string();
                url.set_password(Some(&encoded))
                    .map_err(|()| NodesError::NotAmqp(redact(node)))?;
            }
            urls.push(url.to_string());
        }
        if urls.is_empty() {
            return Err(NodesError::Empty);
        }
        let tls = tls_config(&amqp.tls)?;
        if tls != OwnedTLSConfig::default() && !urls.iter().any(|u| u.starts_with("amqps:")) {
            return Err(NodesError::TlsWithoutAmqps);
        }
        Ok(BrokerNodes { urls, tls })
    }

    /// The URLs to try, in order, with what may be shown of each.
    pub fn urls(&self) -> impl Iterator<Item = (&str, String)> {
        self.urls.iter().map(|url| (url.as_str(), redact(url)))
    }

    /// What TLS trusts and presents beyond the defaults (used by `amqps://` nodes only).
    pub fn tls(&self) -> &OwnedTLSConfig {
        &self.tls
    }
}

/// Reads and checks the PEM files of `amqp.tls.*` now, so a wrong path or a key where a
/// certificate belongs is a configuration error at start-up, not a failed handshake later.
fn tls_config(tls: &AmqpTlsSettings) -> Result<OwnedTLSConfig, NodesError> {
    let cert_chain = match tls.ca_file.trim() {
        "" => None,
        path => {
            let pem = read_tls_file("ca_file", Path::new(path))?;
            require_certificates("ca_file", path, &pem)?;
            Some(String::from_utf8_lossy(&pem).into_owned())
        }
    };
    let identity = match (tls.cert_file.trim(), tls.key_file.trim()) {
        ("", "") => None,
        ("", _) | (_, "") => return Err(NodesError::HalfIdentity),
        (cert_path, key_path) => {
            let pem = read_tls_file("cert_file", Path::new(cert_path))?;
            require_certificates("cert_file", cert_path, &pem)?;
            let key = read_tls_file("key_file", Path::new(key_path))?;
            if PrivateKeyDer::from_pem_slice(&key).is_err() {
                return Err(NodesError::TlsContent {
                    key: "key_file",
                    path: key_path.into(),
                    what: "private key",
                });
            }
            Some(OwnedIdentity::PKCS8 { pem, key })
        }
    };
    Ok(OwnedTLSConfig {
        identity,
        cert_chain,
    })
}

fn read_tls_file(key: &'static str, path: &Path) -> Result<Vec<u8>, NodesError> {
    std::fs::read(path).map_err(|reason| NodesError::TlsFile {
        key,
        path: path.to_owned(),
        reason,
    })
}

fn require_certificates(key: &'static str, path: &str, pem: &[u8]) -> Result<(), NodesError> {
    let certificates = CertificateDer::pem_slice_iter(pem).collect::<Result<Vec<_>, _>>();
    match certificates {
        Ok(certificates) if !certificates.is_empty() => Ok(()),
        _ => Err(NodesError::TlsContent {
            key,
            path: path.into(),
            what: "certificate",
        }),
    }
}

fn read_password(path: PathBuf) -> Result<String, NodesError> {
    let text = std::fs::read_to_string(&path).map_err(|reason| NodesError::PasswordFile {
        path: path.clone(),
        reason,
    })?;
    // A secret file usually ends with a newline the password does not contain.
    let password = text.trim_end_matches(['\n', '\r']).to_owned();
    if password.is_empty() {
        return Err(NodesError::EmptyPassword(path));
    }
    Ok(password)
}

/// A URL as it may be shown: the password replaced by `***`.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url).ok().filter(|u| u.host_str().is_some()) {
        Some(mut parsed) => {
            if parsed.password().is_some() {
                let _ = parsed.set_password(Some("***"));
            }
            parsed.to_string()
        }
        // Not a URL with a host: show only what comes after the last `@`, if any.
        None => match url.rsplit_once('@') {
            Some((_, host)) => format!("***@{host}"),
            None => url.to_owned(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(url: &str, password_file: &str) -> AmqpSettings {
        AmqpSettings {
            url: url.to_owned(),
            password_file: password_file.to_owned(),
            ..AmqpSettings::default()
        }
    }

    fn urls(nodes: &BrokerNodes) -> Vec<String> {
        nodes.urls().map(|(url, _)| url.to_owned()).collect()
    }

    #[test]
    fn several_nodes_are_tried_in_the_order_given() {
        let nodes = BrokerNodes::from_settings(&settings(
            "amqp://u:p@rabbit-1:5672/%2f, amqp://u:p@rabbit-2:5672/%2f,amqps://u:p@rabbit-3:5671/%2f",
            "",
        ))
        .unwrap();
        assert_eq!(
            urls(&nodes),
            [
                "amqp://u:p@rabbit-1:5672/%2f",
                "amqp://u:p@rabbit-2:5672/%2f",
                "amqps://u:p@rabbit-3:5671/%2f"
            ]
        );
        let shown: Vec<String> = nodes.urls().map(|(_, shown)| shown).collect();
        assert_eq!(shown[0], "amqp://u:***@rabbit-1:5672/%2f");
    }

    #[test]
    fn the_password_file_replaces_the_urls_password_and_is_never_shown() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("amqp-password");
        std::fs::write(&path, "s3cr%t/pw\n").unwrap();
        let nodes = BrokerNodes::from_settings(&settings(
            "amqp://enricher@rabbit-1:5672/%2f,amqp://enricher:old@rabbit-2:5672/%2f",
            path.to_str().unwrap(),
        ))
        .unwrap();
        for (url, shown) in nodes.urls() {
            let parsed = url::Url::parse(url).unwrap();
            assert_eq!(parsed.username(), "enricher");
            assert_eq!(
                percent_encoding::percent_decode_str(parsed.password().unwrap())
                    .decode_utf8()
                    .unwrap(),
                "s3cr%t/pw",
                "the file's password, percent-encoded in the URL"
            );
            assert!(!shown.contains("s3cr"), "{shown}");
            assert!(shown.contains("***"), "{shown}");
        }
    }

    #[test]
    fn bad_settings_are_clear_errors_without_the_password() {
        let missing = BrokerNodes::from_settings(&settings(
            "amqp://u@rabbit:5672/%2f",
            "/nonexistent/amqp-password",
        ))
        .err()
        .unwrap();
        assert!(
            missing
                .to_string()
                .starts_with("amqp.password_file: cannot read `/nonexistent/amqp-password`: "),
            "{missing}"
        );
        let not_amqp = BrokerNodes::from_settings(&settings("http://u:hunter2@rabbit/", ""))
            .err()
            .unwrap()
            .to_string();
        assert!(!not_amqp.contains("hunter2"), "{not_amqp}");
        assert!(not_amqp.contains("http://u:***@rabbit/"), "{not_amqp}");
        let garbage = BrokerNodes::from_settings(&settings("u:hunter2@@@", ""))
            .err()
            .unwrap()
            .to_string();
        assert!(!garbage.contains("hunter2"), "{garbage}");
        assert!(matches!(
            BrokerNodes::from_settings(&settings(" , ", "")),
            Err(NodesError::Empty)
        ));
    }

    fn with_tls(url: &str, ca: &Path, cert: &Path, key: &Path) -> AmqpSettings {
        let text = |p: &Path| p.to_str().unwrap_or_default().to_owned();
        AmqpSettings {
            tls: AmqpTlsSettings {
                ca_file: text(ca),
                cert_file: text(cert),
                key_file: text(key),
            },
            ..settings(url, "")
        }
    }

    #[test]
    fn tls_files_are_read_and_checked_at_start_up() {
        let dir = tempfile::tempdir().unwrap();
        let key = rcgen::KeyPair::generate().unwrap();
        let cert = rcgen::CertificateParams::new(vec!["rabbit".to_owned()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        let (cert_path, key_path) = (dir.path().join("c.pem"), dir.path().join("k.pem"));
        std::fs::write(&cert_path, cert.pem()).unwrap();
        std::fs::write(&key_path, key.serialize_pem()).unwrap();
        let none = Path::new("");
        let url = "amqps://u:p@rabbit:5671/%2f";

        let nodes =
            BrokerNodes::from_settings(&with_tls(url, &cert_path, &cert_path, &key_path)).unwrap();
        assert_eq!(nodes.tls().cert_chain.as_deref(), Some(cert.pem().as_str()));
        assert!(matches!(
            nodes.tls().identity,
            Some(OwnedIdentity::PKCS8 { .. })
        ));
        let plain = BrokerNodes::from_settings(&settings(url, "")).unwrap();
        assert_eq!(plain.tls(), &OwnedTLSConfig::default());

        let error = |s: AmqpSettings| BrokerNodes::from_settings(&s).err().unwrap();
        assert!(matches!(
            error(with_tls(url, none, &cert_path, none)),
            NodesError::HalfIdentity
        ));
        assert!(matches!(
            error(with_tls(url, &key_path, none, none)),
            NodesError::TlsContent {
                key: "ca_file",
                what: "certificate",
                ..
            }
        ));
        assert!(matches!(
            error(with_tls(url, none, &cert_path, &cert_path)),
            NodesError::TlsContent {
                key: "key_file",
                what: "private key",
                ..
            }
        ));
        assert!(matches!(
            error(with_tls(url, &dir.path().join("absent.pem"), none, none)),
            NodesError::TlsFile { key: "ca_file", .. }
        ));
        assert!(matches!(
            error(with_tls(
                "amqp://u:p@rabbit:5672/%2f",
                &cert_path,
                none,
                none
            )),
            NodesError::TlsWithoutAmqps
        ));
    }
}
