//! A throw-away certificate authority for TLS tests: a CA, a server certificate for 127.0.0.1
//! signed by it, a client certificate for mutual TLS, and a second CA nobody trusts. Written
//! as PEM files, the form both RabbitMQ and `amqp.tls.*` read.

use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose,
};

/// PEM files of a test PKI, in a directory that lives as long as this value.
pub struct TestPki {
    _dir: tempfile::TempDir,
    /// The CA that signed the server and client certificates.
    pub ca: PathBuf,
    /// A CA that signed nothing here: trusting only it, the server does not verify.
    pub stranger_ca: PathBuf,
    /// The server's certificate (127.0.0.1, localhost), signed by `ca`.
    pub server_cert: PathBuf,
    /// The server's private key.
    pub server_key: PathBuf,
    /// The client certificate for mutual TLS, signed by `ca`.
    pub client_cert: PathBuf,
    /// The client's private key.
    pub client_key: PathBuf,
}

impl TestPki {
    /// Generates fresh keys and certificates (ECDSA P-256).
    pub fn generate() -> TestPki {
        let dir = tempfile::tempdir().expect("temp dir");
        let (ca_params, ca_key) = authority("enricher test CA");
        let ca = ca_params.clone().self_signed(&ca_key).expect("CA");
        let (stranger_params, stranger_key) = authority("somebody else's CA");
        let stranger = stranger_params.self_signed(&stranger_key).expect("CA");

        let leaf = |name: &str, purpose: ExtendedKeyUsagePurpose| {
            let key = KeyPair::generate().expect("key");
            let mut params =
                CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
                    .expect("params");
            params.distinguished_name.push(DnType::CommonName, name);
            params.extended_key_usages = vec![purpose];
            let cert = params.signed_by(&key, &ca, &ca_key).expect("sign");
            (cert.pem(), key.serialize_pem())
        };
        let (server_cert, server_key) = leaf("127.0.0.1", ExtendedKeyUsagePurpose::ServerAuth);
        let (client_cert, client_key) = leaf("enricher", ExtendedKeyUsagePurpose::ClientAuth);

        let write = |name: &str, pem: &str| -> PathBuf {
            let path = dir.path().join(name);
            std::fs::write(&path, pem).expect("write PEM");
            path
        };
        TestPki {
            ca: write("ca.pem", &ca.pem()),
            stranger_ca: write("stranger-ca.pem", &stranger.pem()),
            server_cert: write("server.pem", &server_cert),
            server_key: write("server-key.pem", &server_key),
            client_cert: write("client.pem", &client_cert),
            client_key: write("client-key.pem", &client_key),
            _dir: dir,
        }
    }

    /// `rabbitmq.conf` lines for a TLS listener on `port` that requires a client certificate
    /// signed by this PKI's CA.
    pub fn rabbitmq_listener(&self, port: u16) -> String {
        let path = |p: &Path| p.display().to_string();
        format!(
            "listeners.ssl.default = 127.0.0.1:{port}\n\
             ssl_options.cacertfile = {}\n\
             ssl_options.certfile = {}\n\
             ssl_options.keyfile = {}\n\
             ssl_options.verify = verify_peer\n\
             ssl_options.fail_if_no_peer_cert = true\n",
            path(&self.ca),
            path(&self.server_cert),
            path(&self.server_key),
        )
    }
}

fn authority(name: &str) -> (CertificateParams, KeyPair) {
    let key = KeyPair::generate().expect("key");
    let mut params = CertificateParams::new(Vec::<String>::new()).expect("params");
    params.distinguished_name.push(DnType::CommonName, name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    (params, key)
}
