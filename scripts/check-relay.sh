# shellcheck shell=bash
# Sourced by the npm checks: a relay of their own on a free port, and agents registered on it. Expects ROOT,
# WORK and the array PIDS (whose processes the caller's cleanup kills).
RELAY_JAR=$ROOT/relay-cli/target/agent-relay.jar
ADMIN=check-admin-key-0123456789abcdef0123456789

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_relay() { # sets PORT and RELAY; the relay's log is $WORK/relay.log
  PORT=$(free_port)
  RELAY=http://127.0.0.1:$PORT
  RELAY_PORT=$PORT RELAY_HOST=127.0.0.1 RELAY_DATA_DIR=$WORK/data RELAY_BOOTSTRAP_TOKEN=$ADMIN \
    java -jar "$RELAY_JAR" >"$WORK/relay.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 100); do curl -sf "$RELAY/api/v1/health" >/dev/null && break; sleep 0.2; done
}

register() { # agent id: prints its key
  curl -sf -X POST "$RELAY/api/v1/agents" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d "{\"agent_id\":\"$1\",\"trust_tier\":2}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])'
}
