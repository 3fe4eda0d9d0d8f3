//! The worker's HTTP endpoint (`http.listen`): `/healthz`, `/readyz` and `/metrics`.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use metrics_exporter_prometheus::PrometheusHandle;
use tokio::net::TcpListener;

use crate::health::Readiness;
use crate::shutdown::Shutdown;

/// State the endpoints read.
#[derive(Clone)]
pub struct Endpoints {
    /// What `/readyz` reports.
    pub readiness: Arc<Readiness>,
    /// What `/metrics` renders.
    pub metrics: PrometheusHandle,
}

/// Binds `listen` and serves until shutdown. Binding errors are returned at once so a
/// misconfigured port fails start-up instead of leaving a worker nobody can watch.
pub async fn serve(
    listen: SocketAddr,
    endpoints: Endpoints,
    mut shutdown: Shutdown,
) -> std::io::Result<tokio::task::JoinHandle<()>> {
    let listener = TcpListener::bind(listen).await?;
    tracing::info!(address = %listener.local_addr()?, "HTTP endpoint listening");
    Ok(tokio::spawn(async move {
        loop {
            let (stream, _) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(accepted) => accepted,
                    Err(e) => {
                        tracing::warn!(error = %e, "HTTP accept failed");
                        continue;
                    }
                },
                _ = shutdown.recv() => return,
            };
            let endpoints = endpoints.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    let endpoints = endpoints.clone();
                    async move { Ok::<_, Infallible>(route(&endpoints, &request)) }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    }))
}

fn route(endpoints: &Endpoints, request: &Request<Incoming>) -> Response<Full<Bytes>> {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return text(StatusCode::METHOD_NOT_ALLOWED, "only GET\n".to_owned());
    }
    match request.uri().path() {
        "/healthz" => text(StatusCode::OK, "ok\n".to_owned()),
        "/readyz" if endpoints.readiness.is_ready() => text(StatusCode::OK, "ready\n".to_owned()),
        "/readyz" => text(
            StatusCode::SERVICE_UNAVAILABLE,
            "not ready: not consuming from the broker\n".to_owned(),
        ),
        "/metrics" => {
            let mut response = text(StatusCode::OK, endpoints.metrics.render());
            response.headers_mut().insert(
                hyper::header::CONTENT_TYPE,
                hyper::header::HeaderValue::from_static("text/plain; version=0.0.4"),
            );
            response
        }
        _ => text(
            StatusCode::NOT_FOUND,
            "not found; try /healthz, /readyz, /metrics\n".to_owned(),
        ),
    }
}

fn text(status: StatusCode, body: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response
}

/// Why a GET to a local endpoint failed.
#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// Nothing listens on the port.
    #[error("cannot connect to {address}: {source}")]
    Connect {
        /// Where it asked.
        address: SocketAddr,
        /// Why the connection failed.
        source: std::io::Error,
    },
    /// The connection broke or timed out.
    #[error("no answer from {address}: {source}")]
    Exchange {
        /// Where it asked.
        address: SocketAddr,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The answer is not an HTTP response.
    #[error("{address} answered something that is not HTTP: {first_line:?}")]
    NotHttp {
        /// Where it asked.
        address: SocketAddr,
        /// The answer's first line.
        first_line: String,
    },
    /// The endpoint answered, but not 200.
    #[error("{path} answered: {status}")]
    NotOk {
        /// The path asked.
        path: String,
        /// The status it answered.
        status: u16,
    },
}

/// `GET path` on 127.0.0.1:`port` (plain HTTP/1.1, a few seconds at most): the status and the
/// body. For `enricher healthcheck` in containers without curl, and for tests and benchmarks.
pub fn get(port: u16, path: &str) -> Result<(u16, String), ProbeError> {
    use std::io::{Read, Write};
    use std::time::Duration;
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = std::net::TcpStream::connect_timeout(&address, Duration::from_secs(2))
        .map_err(|source| ProbeError::Connect { address, source })?;
    let mut response = String::new();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .and_then(|()| {
            write!(
                stream,
                "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
            )
        })
        .and_then(|()| stream.read_to_string(&mut response))
        .map_err(|source| ProbeError::Exchange { address, source })?;
    let first_line = response.lines().next().unwrap_or_default();
    let status = first_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| ProbeError::NotHttp {
            address,
            first_line: first_line.to_owned(),
        })?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Ok((status, body))
}

/// `enricher healthcheck`: asks a running worker's `/healthz` (or another path) on this host.
pub fn probe(port: u16, path: &str) -> Result<(), ProbeError> {
    match get(port, path)? {
        (200, _) => Ok(()),
        (status, _) => Err(ProbeError::NotOk {
            path: path.to_owned(),
            status,
        }),
    }
}
