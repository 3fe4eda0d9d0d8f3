#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets/) for a set time each, seeded from the project's
# own examples. Not part of CI: it needs a nightly toolchain and cargo-fuzz
# (`rustup toolchain install nightly && cargo install cargo-fuzz`).
#
#   bash scripts/fuzz.sh            # 60 s per target
#   bash scripts/fuzz.sh 600 html   # 10 minutes on one target
#
# A crash leaves its input in fuzz/artifacts/TARGET/ and stops that target; reproduce it with
# `cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/crash-...` and record it in
# fuzz/FINDINGS.md with the fix. The corpus grows in fuzz/corpus/ (not committed).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list)
fi

# Seeds: whole article messages for `article`, their bodies by format for the others.
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
python3 - "$seeds" <<'PY'
import json, os, sys
out = sys.argv[1]
for t in ("article", "html", "markdown", "language", "entities", "enrich"):
    os.makedirs(os.path.join(out, t), exist_ok=True)
def put(target, name, data):
    with open(os.path.join(out, target, name), "wb") as f:
        f.write(data)
for n, line in enumerate(open("../examples/articles.jsonl", encoding="utf-8")):
    if not line.strip():
        continue
    put("article", f"a{n}", line.encode())
    article = json.loads(line)
    body, fmt = article["body"], article.get("format", "text")
    target = {"html": "html", "markdown": "markdown"}.get(fmt, "language")
    put(target, f"b{n}", body.encode())
    put("entities", f"b{n}", body.encode())
    put("enrich", f"b{n}", bytes([("text", "html", "markdown").index(fmt)]) + body.encode())
sample = open("../examples/summit-report.txt", "rb").read()
for t in ("language", "entities"):
    put(t, "summit", sample)
put("enrich", "summit", b"\x00" + sample)
PY

for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    echo "== $target: ${seconds}s"
    cargo +nightly fuzz run -O "$target" "corpus/$target" "$seeds/$target" -- \
        -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 2>&1 | grep -E "^(stat::|==|INFO: seed|#[0-9]+ *DONE|SUMMARY|Done)" || true
    if ls "artifacts/$target"/crash-* >/dev/null 2>&1; then
        echo "!! $target: crash inputs in fuzz/artifacts/$target/"
    fi
done
