//! Test support: a private RabbitMQ broker per test, the real `enricher` binary as a child
//! process, and helpers to publish and collect messages.
//!
//! Every broker runs from Debian's `rabbitmq-server` scripts on 127.0.0.1 with its own ports,
//! node name, data directory and cookie, so tests run in parallel and never share state.

use std::collections::{BTreeMap, BTreeSet};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicPublishOptions, BasicQosOptions,
    ConfirmSelectOptions, QueueDeclareOptions,
};
use lapin::types::{AMQPValue, FieldTable};
use lapin::{BasicProperties, Connection, ConnectionProperties};

pub mod tls;

/// Where Debian installs the real RabbitMQ scripts (the `/usr/sbin` wrappers switch users).
const RABBITMQ_BIN: &str = "/usr/lib/rabbitmq/bin";

/// Path of the workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The project's sample article (`examples/summit-report.txt`): people, organisations, places,
/// a Wikipedia link with a text fragment and a leaked CMS admin link.
pub fn sample_article_path() -> PathBuf {
    workspace_root().join("examples/summit-report.txt")
}

/// The `enricher` binary: `$ENRICHER_BIN` when set (benchmarks use a release build), else the
/// debug build, built once per test process (a no-op when it is up to date).
pub fn enricher_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(bin) = std::env::var_os("ENRICHER_BIN") {
            return PathBuf::from(bin);
        }
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "-p", "enricher", "--bin", "enricher"])
            .current_dir(workspace_root())
            .status()
            .expect("run cargo build for the enricher binary");
        assert!(status.success(), "building the enricher binary failed");
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("target"));
        let bin = target.join("debug").join("enricher");
        assert!(bin.exists(), "{} was not built", bin.display());
        bin
    })
}

/// Starts `enricher` with piped stdin, stdout and stderr. Tests never send traffic beyond
/// loopback: the link checker is off unless a test turns it on (and points links at loopback
/// servers).
pub fn spawn_enricher(args: &[&str], env: &[(&str, &str)]) -> std::process::Child {
    Command::new(enricher_bin())
        .args(args)
        .env("ENRICHER__LINKS__CHECK", "false")
        .envs(env.iter().copied())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn enricher")
}

/// Runs `enricher` with arguments and stdin, returning its output.
pub fn run_enricher(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Output {
    use std::io::Write;
    let mut child = spawn_enricher(args, env);
    let mut input = child.stdin.take().expect("stdin");
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&stdin);
    });
    let output = child.wait_with_output().expect("wait for enricher");
    writer.join().expect("stdin writer");
    output
}

/// A free loopback port for a server a test starts (a broker's AMQP and distribution ports).
///
/// Taken below the kernel's ephemeral range (32768 and up), so that no outgoing connection can
/// take it between this check and the server's bind, and never handed out twice by this process:
/// asking the kernel for port 0 once gave two brokers starting at the same moment the same port,
/// and one of them never came up.
pub fn free_port() -> u16 {
    static NEXT: AtomicU16 = AtomicU16::new(0);
    // Each test process starts in its own block, so that consecutive runs do not meet.
    let first = 20_000 + (std::process::id() % 100) as u16 * 60;
    let _ = NEXT.compare_exchange(0, first, Ordering::SeqCst, Ordering::SeqCst);
    loop {
        let port = NEXT.fetch_add(1, Ordering::SeqCst);
        assert!(port < 32_768, "no free test port below the ephemeral range");
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// A private RabbitMQ node on loopback, killed when dropped.
pub struct Broker {
    dir: tempfile::TempDir,
    node: String,
    pub port: u16,
    dist_port: u16,
    /// User and password of [`Broker::url`].
    credentials: (String, String),
}

impl Broker {
    /// Starts a broker and waits until it accepts connections.
    pub fn start() -> Broker {
        Broker::start_with_config("")
    }

    /// Starts a broker with extra `rabbitmq.conf` lines.
    pub fn start_with_config(extra_config: &str) -> Broker {
        Broker::start_as(extra_config, ("guest", "guest"))
    }

    /// Starts a broker whose topology and users come from a definitions file, connecting as
    /// one of the users the file defines.
    pub fn start_with_definitions(definitions: &Path, user: &str, password: &str) -> Broker {
        Broker::start_as(
            &format!("load_definitions = {}", definitions.display()),
            (user, password),
        )
    }

    fn start_as(extra_config: &str, credentials: (&str, &str)) -> Broker {
        let broker = Broker::prepare(extra_config, credentials);
        broker.boot();
        broker
    }

    /// A node's directory, configuration and ports, not started yet.
    fn prepare(extra_config: &str, (user, password): (&str, &str)) -> Broker {
        assert!(
            Path::new(RABBITMQ_BIN).join("rabbitmq-server").exists(),
            "RabbitMQ is not installed: run scripts/test.sh, which installs Debian's rabbitmq-server"
        );
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir = tempfile::Builder::new()
            .prefix("enricher-broker-")
            .tempdir()
            .expect("temp dir");
        let broker = Broker {
            node: format!("enricher{}n{n}@localhost", std::process::id()),
            port: free_port(),
            dist_port: free_port(),
            credentials: (user.to_owned(), password.to_owned()),
            dir,
        };
        let d = broker.dir.path();
        std::fs::write(
            d.join("rabbitmq.conf"),
            format!(
                "listeners.tcp.default = 127.0.0.1:{}\nlog.console = false\nlog.file.level = info\n{extra_config}\n",
                broker.port
            ),
        )
        .expect("write rabbitmq.conf");
        std::fs::write(d.join("enabled_plugins"), "[].\n").expect("write enabled_plugins");
        std::fs::write(d.join("rabbitmq-env.conf"), "").expect("write rabbitmq-env.conf");
        broker
    }

    /// Starts the node (again, after [`Broker::kill`]) and waits until it accepts connections.
    pub fn boot(&self) {
        // A stale pid file from a killed node would make `rabbitmqctl wait` watch a dead pid.
        let _ = std::fs::remove_file(self.dir.path().join("pid"));
        let status = self
            .command("rabbitmq-server")
            .arg("-detached")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .expect("start rabbitmq-server");
        assert!(status.success(), "rabbitmq-server -detached failed");
        self.wait_ready();
    }

    /// SIGKILL to the node's Erlang VM: no goodbye to clients or to the other nodes.
    pub fn kill(&self) {
        if let Ok(pid) = std::fs::read_to_string(self.dir.path().join("pid")) {
            let _ = Command::new("kill").args(["-KILL", pid.trim()]).status();
            let port = self.port;
            assert!(
                wait_until(Duration::from_secs(30), || TcpListener::bind((
                    "127.0.0.1",
                    port
                ))
                .is_ok()),
                "the killed node still holds its port"
            );
        }
    }

    /// The node's Erlang name (`rabbit@host` form), as `join_cluster` and the queue member
    /// lists show it.
    pub fn node_name(&self) -> &str {
        &self.node
    }

    fn command(&self, script: &str) -> Command {
        let d = self.dir.path();
        let mut c = Command::new(Path::new(RABBITMQ_BIN).join(script));
        c.env("HOME", d)
            .env("RABBITMQ_NODENAME", &self.node)
            .env("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .env("RABBITMQ_NODE_PORT", self.port.to_string())
            .env("RABBITMQ_DIST_PORT", self.dist_port.to_string())
            .env("RABBITMQ_MNESIA_BASE", d.join("mnesia"))
            .env("RABBITMQ_LOG_BASE", d.join("log"))
            .env("RABBITMQ_PID_FILE", d.join("pid"))
            .env("RABBITMQ_CONFIG_FILE", d.join("rabbitmq.conf"))
            .env("RABBITMQ_ENABLED_PLUGINS_FILE", d.join("enabled_plugins"))
            .env("RABBITMQ_CONF_ENV_FILE", d.join("rabbitmq-env.conf"))
            .env(
                "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS",
                "-kernel inet_dist_use_interface {127,0,0,1}",
            );
        c
    }

    /// Runs `rabbitmqctl` against this node and returns its output; panics when it fails.
    pub fn ctl(&self, args: &[&str]) -> String {
        let output = self
            .command("rabbitmqctl")
            .args(args)
            .output()
            .expect("run rabbitmqctl");
        assert!(
            output.status.success(),
            "rabbitmqctl {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn wait_ready(&self) {
        let pid = self.dir.path().join("pid");
        self.ctl(&[
            "wait",
            "--timeout",
            "120",
            pid.to_str().expect("utf-8 path"),
        ]);
    }

    /// The AMQP URL of this broker (as `guest`, or the definitions file's user).
    pub fn url(&self) -> String {
        let (user, password) = &self.credentials;
        format!("amqp://{user}:{password}@127.0.0.1:{}/%2f", self.port)
    }

    /// Stops the RabbitMQ application (connections drop, the port closes); see
    /// [`Broker::start_app`].
    pub fn stop_app(&self) {
        self.ctl(&["stop_app"]);
    }

    pub fn start_app(&self) {
        self.ctl(&["start_app"]);
        self.ctl(&["await_startup", "--timeout", "120"]);
    }

    /// Restarts the RabbitMQ application: every client connection is dropped; durable queues
    /// and persistent messages survive.
    pub fn restart(&self) {
        self.stop_app();
        self.start_app();
    }

    /// The broker's log, for failure messages.
    pub fn log_tail(&self) -> String {
        let mut text = String::new();
        if let Ok(entries) = std::fs::read_dir(self.dir.path().join("log")) {
            for entry in entries.flatten() {
                text.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
            }
        }
        let start = text.len().saturating_sub(4000);
        text[text.floor_char_boundary(start)..].to_owned()
    }
}

/// Nodes of one RabbitMQ cluster on loopback, each a [`Broker`] with its own ports and data,
/// sharing one Erlang cookie.
pub struct Cluster {
    pub nodes: Vec<Broker>,
}

impl Cluster {
    /// Starts `size` nodes; every node after the first joins the first.
    pub fn start(size: usize) -> Cluster {
        let cookie = format!("ENRICHERTESTCOOKIE{}", std::process::id());
        let nodes: Vec<Broker> = (0..size)
            .map(|_| {
                let node = Broker::prepare("", ("guest", "guest"));
                node.set_cookie(&cookie);
                node.boot();
                node
            })
            .collect();
        for node in &nodes[1..] {
            node.ctl(&["stop_app"]);
            node.ctl(&["join_cluster", nodes[0].node_name()]);
            node.start_app();
        }
        Cluster { nodes }
    }

    /// `amqp.url` for a worker: every node, comma-separated, in order.
    pub fn urls(&self) -> String {
        let urls: Vec<String> = self.nodes.iter().map(Broker::url).collect();
        urls.join(",")
    }
}

impl Broker {
    /// Nodes of a cluster must share the Erlang cookie; the server and `rabbitmqctl` read it
    /// from the node's `HOME`.
    fn set_cookie(&self, cookie: &str) {
        use std::os::unix::fs::PermissionsExt;
        let path = self.dir.path().join(".erlang.cookie");
        std::fs::write(&path, cookie).expect("write the Erlang cookie");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o400))
            .expect("cookie permissions");
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        if let Ok(pid) = std::fs::read_to_string(self.dir.path().join("pid")) {
            let _ = Command::new("kill").args(["-KILL", pid.trim()]).status();
        }
    }
}

/// A running `enricher run` child process, killed when dropped.
pub struct Worker {
    child: Child,
    /// Port of the worker's HTTP endpoint on 127.0.0.1.
    pub http_port: u16,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl Worker {
    /// Starts `enricher run` against the broker with test-friendly reconnect timings and any
    /// extra environment.
    pub fn start(broker: &Broker, env: &[(&str, &str)]) -> Worker {
        let dir = tempfile::tempdir().expect("temp dir");
        let log = dir.path().join("worker.log");
        let log_file = std::fs::File::create(&log).expect("worker log");
        let http_port = free_port();
        let child = Command::new(enricher_bin())
            .arg("run")
            .env("ENRICHER__AMQP__URL", broker.url())
            .env("ENRICHER__HTTP__LISTEN", format!("127.0.0.1:{http_port}"))
            .env("ENRICHER__AMQP__RECONNECT_MIN_MS", "200")
            .env("ENRICHER__AMQP__RECONNECT_MAX_MS", "2000")
            // The sample article links to public sites: tests never contact them.
            .env("ENRICHER__LINKS__CHECK", "false")
            .env("RUST_LOG", "info")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log_file)
            .spawn()
            .expect("spawn enricher run");
        Worker {
            child,
            http_port,
            log,
            _dir: dir,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL: the worker gets no chance to clean up.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends SIGTERM and waits up to `timeout` for the process to exit.
    pub fn terminate(&mut self, timeout: Duration) -> Option<ExitStatus> {
        // Not checked: the worker may already have exited, which the caller sees below.
        let _ = self.signal("-TERM");
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    /// SIGSTOP: freezes the worker so a test can change the broker under it at a known point
    /// of the stream, however fast the worker is.
    pub fn pause(&self) {
        assert!(self.signal("-STOP"), "could not stop the worker");
    }

    /// SIGCONT: lets a paused worker go on.
    pub fn resume(&self) {
        assert!(self.signal("-CONT"), "could not continue the worker");
    }

    /// Sends `signal` (`-TERM`, ...) to the worker; whether it was delivered.
    fn signal(&self, signal: &str) -> bool {
        Command::new("kill")
            .args([signal, &self.pid().to_string()])
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Whether the process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The worker's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.kill();
    }
}

/// `GET path` on 127.0.0.1:`port`; returns the status code and body (None when nothing answers).
pub fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Some((status, body))
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

/// Opens a connection to the broker, retrying while it is (re)starting.
pub async fn connect(broker: &Broker) -> Connection {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        match Connection::connect(&broker.url(), ConnectionProperties::default()).await {
            Ok(c) => return c,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => panic!("cannot connect to the test broker: {e}"),
        }
    }
}

/// Publishes raw bodies to a queue through the default exchange, persistent and confirmed.
/// The queue must exist (see [`declare_input_queue`]).
pub async fn publish_raw(broker: &Broker, queue: &str, bodies: &[Vec<u8>]) {
    let connection = connect(broker).await;
    let channel = connection.create_channel().await.expect("channel");
    channel
        .confirm_select(ConfirmSelectOptions::default())
        .await
        .expect("confirm_select");
    let mut confirms = Vec::new();
    for body in bodies {
        let confirm = channel
            .basic_publish(
                "".into(),
                queue.into(),
                BasicPublishOptions {
                    mandatory: true,
                    ..Default::default()
                },
                body,
                BasicProperties::default().with_delivery_mode(2),
            )
            .await
            .expect("publish");
        confirms.push(confirm);
    }
    for confirm in confirms {
        let confirmation = confirm.await.expect("confirm");
        assert!(confirmation.is_ack(), "broker refused a test message");
        assert!(
            confirmation.take_message().is_none(),
            "test message was unroutable"
        );
    }
    let _ = connection.close(200, "done".into()).await;
}

/// Declares the service's topology exactly as the worker does (the worker's own code, default
/// settings), so tests can publish before any worker runs.
pub async fn declare_input_queue(broker: &Broker) {
    let connection = connect(broker).await;
    let channel = connection.create_channel().await.expect("channel");
    enricher::amqp::declare_topology(&channel, &enricher::config::AmqpSettings::default())
        .await
        .expect("declare the worker's topology");
    let _ = connection.close(200, "done".into()).await;
}

/// A message taken from a queue: body and headers.
#[derive(Debug, Clone)]
pub struct Received {
    pub body: Vec<u8>,
    pub headers: BTreeMap<String, String>,
    pub message_id: Option<String>,
}

impl Received {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("a JSON message")
    }
}

/// Consumes (and acks) messages from `queue` until `done` says enough or `timeout` passes,
/// reconnecting when the broker drops the connection. Returns everything received.
pub async fn collect<F>(
    broker: &Broker,
    queue: &str,
    timeout: Duration,
    mut done: F,
) -> Vec<Received>
where
    F: FnMut(&[Received]) -> bool,
{
    let deadline = Instant::now() + timeout;
    let mut received = Vec::new();
    while !done(&received) && Instant::now() < deadline {
        let connection = connect(broker).await;
        let Ok(channel) = connection.create_channel().await else {
            continue;
        };
        let _ = channel.basic_qos(500, BasicQosOptions::default()).await;
        let Ok(mut consumer) = channel
            .basic_consume(
                queue.into(),
                "".into(),
                BasicConsumeOptions::default(),
                FieldTable::default(),
            )
            .await
        else {
            tokio::time::sleep(Duration::from_millis(200)).await;
            continue;
        };
        while !done(&received) {
            let left = deadline.saturating_duration_since(Instant::now());
            let next =
                tokio::time::timeout(left.min(Duration::from_millis(500)), consumer.next()).await;
            match next {
                Ok(Some(Ok(delivery))) => {
                    let _ = delivery.acker.ack(BasicAckOptions::default()).await;
                    received.push(Received {
                        headers: headers_of(&delivery.properties),
                        message_id: delivery
                            .properties
                            .message_id()
                            .as_ref()
                            .map(|s| s.to_string()),
                        body: delivery.data,
                    });
                }
                Ok(Some(Err(_))) | Ok(None) => break,
                Err(_) if Instant::now() >= deadline => break,
                Err(_) => {}
            }
        }
        let _ = connection.close(200, "done".into()).await;
    }
    received
}

fn headers_of(properties: &BasicProperties) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    if let Some(headers) = properties.headers() {
        for (key, value) in headers {
            let text = match value {
                AMQPValue::LongString(s) => String::from_utf8_lossy(s.as_bytes()).into_owned(),
                AMQPValue::ShortString(s) => s.to_string(),
                other => format!("{other:?}"),
            };
            out.insert(key.to_string(), text);
        }
    }
    out
}

/// Collects enriched records until every article id in `expected` was seen; returns the
/// records by article id (duplicates kept, to check they share their record id).
pub async fn collect_records(
    broker: &Broker,
    expected: &BTreeSet<String>,
    timeout: Duration,
) -> BTreeMap<String, Vec<serde_json::Value>> {
    let mut seen = BTreeSet::new();
    let received = collect(broker, "articles.enriched", timeout, |messages| {
        if let Some(last) = messages.last() {
            if let Some(id) = last.json()["article"]["id"].as_str() {
                seen.insert(id.to_owned());
            }
        }
        expected.is_subset(&seen)
    })
    .await;
    let mut by_article: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for message in received {
        let record = message.json();
        let id = record["article"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        by_article.entry(id).or_default().push(record);
    }
    by_article
}

/// A realistic article of about 3 KB, built from the sample article.
pub fn news_article(id: &str) -> Vec<u8> {
    let body = std::fs::read_to_string(sample_article_path()).expect("read the sample article");
    serde_json::to_vec(&serde_json::json!({
        "id": id,
        "title": "Erdogan and Lula meet at the G20 summit",
        "body": body,
        "language": "en",
        "revision": 1,
    }))
    .expect("serialise")
}

/// Polls `check` every 100 ms until it holds or `timeout` passes; returns whether it held.
pub fn wait_until(timeout: Duration, mut check: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    check()
}

/// A JSON Schema validator for one of the repository's contract schemas
/// (`schemas/<name>`), with the article schema registered for `$ref`s.
pub fn schema_validator(name: &str) -> jsonschema::Validator {
    let load = |file: &str| -> serde_json::Value {
        let path = workspace_root().join("schemas").join(file);
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read schema"))
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
    };
    let article = load("article.v1.schema.json");
    let registry = jsonschema::Registry::new()
        .add(
            article["$id"].as_str().expect("article schema has $id"),
            article.clone(),
        )
        .expect("register the article schema")
        .prepare()
        .expect("prepare the schema registry");
    jsonschema::options()
        .should_validate_formats(true)
        .with_registry(&registry)
        .build(&load(name))
        .unwrap_or_else(|e| panic!("schema {name} does not compile: {e}"))
}

/// Ready messages in a queue, through AMQP (much faster than `rabbitmqctl`, for polling).
pub async fn ready_count(broker: &Broker, queue: &str) -> u32 {
    let connection = connect(broker).await;
    let channel = connection.create_channel().await.expect("channel");
    let declared = channel
        .queue_declare(
            queue.into(),
            QueueDeclareOptions {
                passive: true,
                ..Default::default()
            },
            FieldTable::default(),
        )
        .await;
    let _ = connection.close(200, "done".into()).await;
    declared.map(|q| q.message_count()).unwrap_or(0)
}

/// Waits until `queue` holds at least `n` ready messages; returns whether it did in time.
pub async fn wait_for_ready(broker: &Broker, queue: &str, n: u32, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if ready_count(broker, queue).await >= n {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    false
}

/// A tiny HTTP server on a loopback address for link checks from the CLI: `/ok` answers 200,
/// anything else 404. Counts connections, so a test can assert that none happened.
pub struct LoopbackHttp {
    pub addr: std::net::SocketAddr,
    connections: std::sync::Arc<AtomicUsize>,
}

impl LoopbackHttp {
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

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

/// A tokio runtime for a test's async helpers (tests themselves are plain `#[test]`s that
/// start processes and wait).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// `n` article ids `prefix-00000`, `prefix-00001`, ...
pub fn ids(prefix: &str, n: usize) -> BTreeSet<String> {
    (0..n).map(|i| format!("{prefix}-{i:05}")).collect()
}

/// Declares the input queue and queues `n` news articles; returns their ids.
pub fn queue_articles(
    broker: &Broker,
    rt: &tokio::runtime::Runtime,
    prefix: &str,
    n: usize,
) -> BTreeSet<String> {
    rt.block_on(declare_input_queue(broker));
    let expected = ids(prefix, n);
    let bodies: Vec<Vec<u8>> = expected.iter().map(|id| news_article(id)).collect();
    rt.block_on(publish_raw(broker, "articles.new", &bodies));
    expected
}

/// Every expected article has a record, no unexpected one, and all records of one article
/// share one record id (duplicates are only redeliveries). Returns how many duplicates there
/// were.
pub fn assert_complete(
    records: &BTreeMap<String, Vec<serde_json::Value>>,
    expected: &BTreeSet<String>,
    context: &str,
) -> usize {
    let missing: Vec<&String> = expected
        .iter()
        .filter(|id| !records.contains_key(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "{} article(s) lost, e.g. {:?}\n{context}",
        missing.len(),
        &missing[..missing.len().min(5)]
    );
    let mut duplicates = 0;
    for (article, copies) in records {
        assert!(
            expected.contains(article),
            "unexpected record for {article}"
        );
        assert!(
            copies.iter().all(|c| c["id"] == copies[0]["id"]),
            "duplicates of {article} differ in record id"
        );
        duplicates += copies.len() - 1;
    }
    duplicates
}

/// Waits until the worker has published at least `n` records, failing the test with the
/// worker's log when it makes no progress within a minute.
pub fn assert_progress(rt: &tokio::runtime::Runtime, broker: &Broker, worker: &Worker, n: u32) {
    let progressed = rt.block_on(wait_for_ready(
        broker,
        "articles.enriched",
        n,
        Duration::from_secs(60),
    ));
    assert!(progressed, "worker made no progress:\n{}", worker.log());
}

/// Publishes the sample article with `enricher publish --text`, as a CMS user would.
pub fn publish_sample(broker: &Broker) {
    let sample = sample_article_path();
    let output = run_enricher(
        &["publish", "--text", sample.to_str().expect("utf-8 path")],
        b"",
        &[("ENRICHER__AMQP__URL", &broker.url())],
    );
    assert!(
        output.status.success(),
        "publish failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("published 1 article(s)"));
}
