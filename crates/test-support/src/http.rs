//! Plain HTTP on loopback: GET a worker's endpoints, and a server that counts connections (for
//! link-checking tests that must prove nothing was contacted).

use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `GET path` on 127.0.0.1:`port`; returns the status code and body (None when nothing answers).
/// The same client as `enricher healthcheck`.
pub fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    enricher::http::get(port, path).ok()
}

/// The value of one Prometheus sample (`name{labels}` exactly as rendered), 0 when absent.
pub fn metric(text: &str, series: &str) -> f64 {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .find_map(|l| {
            let (name, value) = l.rsplit_once(' ')?;
            (name == series).then(|| value.parse().ok())?
        })
        .unwrap_or(0.0)
}

/// A tiny HTTP server on a loopback address for link checks from the CLI: `/ok` answers 200,
/// anything else 404. Counts connections, so a test can assert that none happened.
pub struct LoopbackHttp {
    /// Where it listens.
    pub addr: std::net::SocketAddr,
    connections: std::sync::Arc<AtomicUsize>,
}

impl LoopbackHttp {
    /// Starts the server on `ip` (a loopback address), any free port.
    pub fn start(ip: [u8; 4]) -> LoopbackHttp {
        use std::io::{Read, Write};
        let listener = TcpListener::bind((std::net::Ipv4Addr::from(ip), 0)).expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let connections = std::sync::Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                counter.fetch_add(1, Ordering::SeqCst);
                let mut request = Vec::new();
                let mut buf = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => request.extend_from_slice(&buf[..n]),
                    }
                }
                let request = String::from_utf8_lossy(&request);
                let path = request.split_whitespace().nth(1).unwrap_or("/");
                let status = if path == "/ok" {
                    "200 OK"
                } else {
                    "404 Not Found"
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            }
        });
        LoopbackHttp { addr, connections }
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}
