#!/usr/bin/env bash
# Checks the bridge as a Claude Code channel with the official TypeScript MCP SDK from npm as its stdio client:
# channel notifications for messages sent over REST (also after a relay restart in mid-session) and resource updates
# of relay://inbox. Needs the jars (mvn -B -DskipTests package), java, node 20+ and the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SDK=@modelcontextprotocol/sdk@1.32.2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

(cd "$WORK" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent "$SDK")
cp scripts/mcp-wake-check.mjs "$WORK/" # so that node finds the SDK in $WORK/node_modules
RELAY_JAR=$ROOT/relay-cli/target/agent-relay.jar BRIDGE_JAR=$ROOT/relay-mcp/target/relay-mcp.jar \
  PORT=$(free_port) DATA_DIR=$WORK/data WORK=$WORK node "$WORK/mcp-wake-check.mjs"
