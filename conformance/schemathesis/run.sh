#!/usr/bin/env bash
# Probes the reference server with schemathesis, generated from openapi.yaml: a fresh server
# (temporary database, first user bootstrapped), the checks of schemathesis.toml, the examples,
# coverage and fuzzing phases, deterministic generation. The deliberate exceptions are the
# baseline in schemathesis.toml, each with its reason; any other finding fails. Used by
# .ci/run; needs python3 with venv and cargo. `EXAMPLES=N` sets the cases per operation.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

stamp() { sha256sum "$1" | cut -c1-16; }
venv="$here/.venv"
if [ ! -x "$venv/bin/schemathesis" ] || [ "$(cat "$venv/.stamp" 2>/dev/null)" != "$(stamp "$here/requirements.txt")" ]; then
  echo "== installing schemathesis into conformance/schemathesis/.venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  stamp "$here/requirements.txt" > "$venv/.stamp"
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cargo build -q -p quay-server
port="$("$venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
url="http://127.0.0.1:$port"
target/debug/quay-server --listen "127.0.0.1:$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
server_pid=$!
token=""
for _ in $(seq 1 300); do
  token="$("$venv/bin/python" - "$url" <<'PY' 2>/dev/null || true
import json, sys, urllib.request
body = json.dumps({"username": "quayadmin", "password": "password123",
                   "email": "quayadmin@example.com", "access_token": True}).encode()
req = urllib.request.Request(sys.argv[1] + "/api/v1/user/initialize", data=body,
                             headers={"Content-Type": "application/json"}, method="POST")
print(json.load(urllib.request.urlopen(req, timeout=2))["access_token"])
PY
)"
  [ -n "$token" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "quay-server exited"; exit 1; }
  sleep 0.1
done
[ -n "$token" ] || { cat "$work/server.log"; echo "quay-server did not answer within 30 s"; exit 1; }

echo "== schemathesis run openapi.yaml against the reference server"
cd "$work"  # schemathesis writes its reports below the working directory
"$venv/bin/schemathesis" --no-color --config-file "$here/schemathesis.toml" run "$root/openapi.yaml" \
  --url "$url" -H "Authorization: Bearer $token" \
  --phases examples,coverage,fuzzing --max-examples "${EXAMPLES:-25}" --generation-deterministic \
  >"$work/schemathesis.log" 2>&1 && status=0 || status=$?
if [ "$status" -ne 0 ]; then cat "$work/schemathesis.log"; echo "schemathesis found failures (exit $status)"; exit 1; fi
sed -n '/^=* SUMMARY/,$p' "$work/schemathesis.log"
