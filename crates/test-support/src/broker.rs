//! Private RabbitMQ nodes on loopback, one or a cluster, from Debian's `rabbitmq-server`.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::time::Duration;

use crate::fixtures::wait_until;

/// Where Debian installs the real RabbitMQ scripts (the `/usr/sbin` wrappers switch users).
const RABBITMQ_BIN: &str = "/usr/lib/rabbitmq/bin";

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
    /// The AMQP port on 127.0.0.1.
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
        // The node writes its pid file while it starts: `rabbitmqctl wait` reading it half
        // written fails (`garbage_in_pid_file`), so wait for a whole pid first.
        assert!(
            wait_until(Duration::from_secs(120), || {
                std::fs::read_to_string(&pid).is_ok_and(|s| s.trim().parse::<u32>().is_ok())
            }),
            "the node wrote no pid file"
        );
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

    /// Starts the RabbitMQ application again and waits until it serves.
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
    /// The nodes; the first is the one the others joined.
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
