#!/usr/bin/env bash
# Checks /mcp as an MCP 2026-07-28 server with the official TypeScript SDK's v2 client from npm
# (scripts/mcp-modern-check.mjs): version negotiation, tools, the inbox resource and subscriptions/listen. Needs
# the relay jar (mvn -B -DskipTests package), java, node 20+ and the npm registry. Takes about half a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CLIENT=@modelcontextprotocol/client@2.4.0
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

# shellcheck source=scripts/check-relay.sh
source scripts/check-relay.sh
(cd "$WORK" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent "$CLIENT")
cp scripts/mcp-modern-check.mjs "$WORK/"
start_relay

ALICE=$(register alice)
BOB=$(register bob)

status=0
(cd "$WORK" && node mcp-modern-check.mjs "$RELAY" "$ALICE" "$BOB") || status=$?
[ "$status" = 0 ] || tail -n 40 "$WORK/relay.log"
exit "$status"
