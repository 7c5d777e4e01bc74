#!/usr/bin/env bash
# Generates a Python client from openapi.yaml with openapi-python-client, starts the reference
# server on a free loopback port with a temporary database, bootstraps its first user and runs
# quay_demo.py against it. Used by .ci/run; needs python3 with venv and cargo.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
bash lint/run.sh --install >/dev/null
venv="$root/lint/.venv"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== generating the Python client from openapi.yaml"
PATH="$venv/bin:$PATH" "$venv/bin/openapi-python-client" generate --path openapi.yaml \
  --meta none --output-path "$work/quay_api_client" >/dev/null

echo "== starting the reference server"
cargo build -q -p quay-server
port="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
target/debug/quay-server --listen "127.0.0.1:$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
server_pid=$!
# Up once it answers anything at all (an error status included).
up() {
  "$venv/bin/python" - "$url" <<'PY' 2>/dev/null
import sys, urllib.error, urllib.request
try:
    urllib.request.urlopen(sys.argv[1] + "/api/v1/user/", timeout=1)
except urllib.error.HTTPError:
    pass
PY
}
ready=""
for _ in $(seq 1 300); do
  if up; then ready=yes; break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "quay-server exited"; exit 1; }
  sleep 0.1
done
[ -n "$ready" ] || { cat "$work/server.log"; echo "quay-server did not answer within 30 s"; exit 1; }

token="$("$venv/bin/python" - "$url" <<'PY'
import json, sys, urllib.request
body = json.dumps({"username": "quayadmin", "password": "password123",
                   "email": "quayadmin@example.com", "access_token": True}).encode()
req = urllib.request.Request(sys.argv[1] + "/api/v1/user/initialize", data=body,
                             headers={"Content-Type": "application/json"}, method="POST")
print(json.load(urllib.request.urlopen(req, timeout=10))["access_token"])
PY
)"

echo "== running examples/python/quay_demo.py"
QUAY_URL="$url" QUAY_TOKEN="$token" PYTHONPATH="$work" "$venv/bin/python" examples/python/quay_demo.py
