#!/usr/bin/env bash
# Checks /a2a with the official JavaScript A2A SDK's client from npm (scripts/a2a-npm-check.mjs): for the JSON-RPC and
# the HTTP+JSON binding, the agent card, a send to an offline agent, the agent's work over REST, and the task through
# GetTask, SubscribeToTask and a push config (token and Standard Webhooks signature checked). Needs the relay jar
# (mvn -B -DskipTests package), java, node 20+ and the npm registry. Takes about half a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SDK=@a2a-js/sdk@1.3.0
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

if ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
  echo "a2a-npm-check: $SDK needs node 20 or later on PATH" >&2
  exit 1
fi
# shellcheck source=scripts/check-relay.sh
source scripts/check-relay.sh
if ! (cd "$WORK" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent "$SDK") >"$WORK/npm.log" 2>&1; then
  echo "a2a-npm-check: cannot install $SDK from npm (log follows)" >&2
  cat "$WORK/npm.log" >&2
  exit 1
fi
cp scripts/a2a-npm-check.mjs "$WORK/"
# the push receiver of the check listens on loopback
export RELAY_WEBHOOK_ALLOW_LOCAL=true
start_relay

CALLER=$(register caller)
WORKER=$(register worker)

status=0
(cd "$WORK" && node a2a-npm-check.mjs "$RELAY" "$ADMIN" "$CALLER" "$WORKER") || status=$?
[ "$status" = 0 ] || tail -n 40 "$WORK/relay.log"
exit "$status"
