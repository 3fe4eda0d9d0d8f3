#!/usr/bin/env bash
# Runs every check and test of the workspace.
#
# The end-to-end tests start their own private RabbitMQ brokers on 127.0.0.1 (see
# crates/test-support/src/); this script only makes sure Debian's rabbitmq-server is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
  echo "== installing rabbitmq-server (Debian package)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >/dev/null
fi

echo "== cargo fmt"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
echo "== deployment files"
bash scripts/check-deploy.sh
echo "== cargo test"
cargo test --workspace --locked
