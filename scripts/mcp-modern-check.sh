#!/usr/bin/env bash
# Checks /mcp as an MCP 2026-07-28 server with the official TypeScript SDK's v2 client from npm
# (scripts/mcp-modern-check.mjs): version negotiation, tools, the inbox resource and subscriptions/listen. Needs
# the relay jar (mvn -B -DskipTests package), java, node 20+ and the npm registry. Takes about half a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RELAY_JAR=$ROOT/relay-http/target/agent-relay.jar
CLIENT=@modelcontextprotocol/client@2.4.0
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PORT=$(free_port)
ADMIN=check-admin-key-0123456789abcdef0123456789
RELAY=http://127.0.0.1:$PORT

(cd "$WORK" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent "$CLIENT")
cp scripts/mcp-modern-check.mjs "$WORK/"
RELAY_PORT=$PORT RELAY_HOST=127.0.0.1 RELAY_DATA_DIR=$WORK/data RELAY_BOOTSTRAP_TOKEN=$ADMIN \
  java -jar "$RELAY_JAR" >"$WORK/relay.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do curl -sf "$RELAY/api/v1/health" >/dev/null && break; sleep 0.2; done

register() {
  curl -sf -X POST "$RELAY/api/v1/agents" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d "{\"agent_id\":\"$1\",\"trust_tier\":2}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])'
}
ALICE=$(register alice)
BOB=$(register bob)

status=0
(cd "$WORK" && node mcp-modern-check.mjs "$RELAY" "$ALICE" "$BOB") || status=$?
[ "$status" = 0 ] || tail -n 40 "$WORK/relay.log"
exit "$status"
