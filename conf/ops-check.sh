#!/usr/bin/env bash
# Checks the deployment files without a container engine or a target host:
#   bash conf/ops-check.sh
# Runs shellcheck on every script; agents.example.json is valid JSON; relay.env.example names every variable
# RelayConfig reads; docker/compose.yaml parses and runs the relay on a healthy PostgreSQL through a secret;
# deploy.sh --dry-run runs nothing and prints each step; systemd-analyze verify (where installed);
# docker/entrypoint.sh runs the real jar (built if missing), answers health, stops on SIGTERM with 143, and its
# healthcheck mode says 0 when up and non-zero when down. Installs shellcheck and python3-yaml with apt-get if
# they are missing and this runs as root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

failures=0
pass() { printf 'ok    %s\n' "$*"; }
fail() { printf 'FAIL  %s\n' "$*"; failures=$((failures + 1)); }
skip() { printf 'skip  %s\n' "$*"; }

work=$(mktemp -d)
relay_pid=
cleanup() {
  if [[ -n $relay_pid ]] && kill -0 "$relay_pid" 2>/dev/null; then
    kill -KILL "$relay_pid"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- shellcheck ----------------------------------------------------------------------------------------
if ! command -v shellcheck >/dev/null && [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
  apt-get update -qq >/dev/null && apt-get install -y -qq shellcheck >/dev/null
fi
scripts=(conf/deploy.sh conf/ops-check.sh docker/entrypoint.sh)
if ! command -v shellcheck >/dev/null; then
  fail "shellcheck is not installed (apt-get install shellcheck)"
elif shellcheck "${scripts[@]}"; then
  pass "shellcheck ${scripts[*]}"
else
  fail "shellcheck ${scripts[*]}"
fi

# --- configuration files -------------------------------------------------------------------------------
if command -v python3 >/dev/null; then
  if python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert isinstance(a, list) and a' \
    conf/agents.example.json; then
    pass "conf/agents.example.json is a JSON array"
  else
    fail "conf/agents.example.json is not a JSON array of agents"
  fi
else
  skip "conf/agents.example.json: no python3 to parse it"
fi

# RelayConfig and the settings it reads through (the store's, the cluster's, durations)
read_vars=$(grep -ho '"RELAY_[A-Z_]*"' relay-core/src/main/java/dev/agentrelay/core/config/*.java \
  | cut -d'"' -f2 | sort -u)
listed=$(sed -n 's/^#\{0,1\}\(RELAY_[A-Z_]*\)=.*/\1/p' conf/relay.env.example | sort -u)
missing=$(comm -23 <(printf '%s\n' "$read_vars") <(printf '%s\n' "$listed"))
if [[ -z $missing ]]; then
  pass "conf/relay.env.example lists all $(wc -l <<<"$read_vars") RELAY_* variables RelayConfig reads"
else
  fail "conf/relay.env.example misses: ${missing//$'\n'/ }"
fi
if bad=$(grep -nvE '^(#.*|[A-Z_][A-Z0-9_]*=[^"'"'"']*|)$' conf/relay.env.example); then
  fail "conf/relay.env.example lines that are neither comments nor KEY=VALUE: $bad"
else
  pass "conf/relay.env.example is plain KEY=VALUE lines and comments"
fi

# --- docker/compose.yaml --------------------------------------------------------------------------------
# No container engine here: the file must parse, wire the relay to a healthy PostgreSQL through a secret (no
# password in the file), and name only variables RelayConfig reads (VAR_FILE for VAR).
if ! python3 -c 'import yaml' 2>/dev/null && [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
  apt-get update -qq >/dev/null && apt-get install -y -qq python3-yaml >/dev/null
fi
if python3 -c 'import yaml' 2>/dev/null; then
  if problems=$(python3 - docker/compose.yaml "$read_vars" <<'PY'
import os, sys, yaml
path, read_vars = sys.argv[1], set(sys.argv[2].split())
compose = yaml.safe_load(open(path))
problems = []
def expect(ok, problem):
    if not ok:
        problems.append(problem)
services = compose.get("services", {})
postgres, relay = services.get("postgres", {}), services.get("relay", {})
expect(str(postgres.get("image", "")).startswith("postgres:"), "service postgres does not run the postgres image")
expect("pg_isready" in postgres.get("healthcheck", {}).get("test", []), "postgres has no pg_isready healthcheck")
build = relay.get("build", {})
dockerfile = os.path.join(os.path.dirname(path), build.get("context", "."), build.get("dockerfile", "Dockerfile"))
expect(os.path.isfile(dockerfile), "relay is not built from an existing Dockerfile (" + dockerfile + ")")
expect(relay.get("depends_on", {}).get("postgres", {}).get("condition") == "service_healthy",
       "relay does not wait for postgres to be healthy")
expect("healthcheck" in relay.get("healthcheck", {}).get("test", []), "relay has no healthcheck")
expect(any(str(port).endswith(":8400") for port in relay.get("ports", [])), "relay does not publish port 8400")
env = relay.get("environment", {})
expect(env.get("RELAY_STORE") == "postgres", "relay does not run RELAY_STORE=postgres")
for name in ("RELAY_PG_URL", "RELAY_PG_USER", "RELAY_PG_PASSWORD_FILE"):
    expect(name in env, "relay misses " + name)
for name, service in services.items():
    environment = service.get("environment", {})
    expect(not any(key.endswith("PASSWORD") for key in environment), name + " has a password in plain text")
    for secret in service.get("secrets", []):
        expect(secret in compose.get("secrets", {}), name + " uses the undefined secret " + secret)
    for volume in service.get("volumes", []):
        source = volume.split(":")[0]
        expect(source.startswith((".", "/")) or source in compose.get("volumes", {}),
               name + " uses the undefined volume " + source)
for key in env:
    base = key[:-len("_FILE")] if key.endswith("_FILE") else key
    expect(key in read_vars or base in read_vars, "relay sets " + key + ", which RelayConfig does not read")
print("; ".join(problems))
sys.exit(1 if problems else 0)
PY
  ); then
    pass "docker/compose.yaml: postgres with pg_isready, the relay on it through a secret, both healthchecked"
  else
    fail "docker/compose.yaml: $problems"
  fi
else
  skip "docker/compose.yaml: no python3 with yaml to parse it (apt-get install python3-yaml)"
fi

# --- deploy.sh --dry-run -------------------------------------------------------------------------------
# ssh, scp, mvn and tar on PATH that record being called: a dry run must call none of them.
mkdir "$work/bin"
for tool in ssh scp mvn tar; do
  printf '#!/bin/sh\necho "%s $*" >>"%s/called"\n' "$tool" "$work" >"$work/bin/$tool"
  chmod +x "$work/bin/$tool"
done
if out=$(PATH="$work/bin:$PATH" DEPLOY_HOST=root@relay.test RELAY_HOST=100.64.0.5 bash conf/deploy.sh --dry-run 2>&1); then
  pass "deploy.sh --dry-run exits 0"
else
  fail "deploy.sh --dry-run exited non-zero: $out"
fi
if [[ -e $work/called ]]; then
  fail "deploy.sh --dry-run ran: $(cat "$work/called")"
else
  pass "deploy.sh --dry-run ran no ssh, scp, mvn or tar"
fi
for expected in '+ mvn -q -f ' '-DskipTests package' '| ssh -o BatchMode=yes root@relay.test' \
  "+ ssh -o BatchMode=yes root@relay.test bash -s <<'REMOTE'" 'useradd --system' \
  'install_relay /tmp/agent-relay-deploy.XXXXXX 100.64.0.5 /etc/agent-relay/relay.env agent-relay' \
  'systemctl restart' 'check_health /etc/agent-relay/relay.env agent-relay' '/api/v1/health'; do
  if [[ $out == *"$expected"* ]]; then
    pass "dry run shows: $expected"
  else
    fail "dry run does not show: $expected"
  fi
done
if DEPLOY_HOST='-oProxyCommand=x' bash conf/deploy.sh --dry-run >/dev/null 2>&1; then
  fail "deploy.sh accepted an ssh option as DEPLOY_HOST"
else
  pass "deploy.sh refuses an ssh option as DEPLOY_HOST"
fi

# --- systemd unit --------------------------------------------------------------------------------------
if command -v systemd-analyze >/dev/null; then
  if verify=$(systemd-analyze verify conf/agent-relay.service 2>&1) && [[ -z $verify ]]; then
    pass "systemd-analyze verify conf/agent-relay.service: no findings"
  else
    fail "systemd-analyze verify conf/agent-relay.service: $verify"
  fi
else
  skip "systemd-analyze is not installed"
fi

# --- docker/entrypoint.sh with the real jar -------------------------------------------------------------
jar=$PWD/relay-cli/target/agent-relay.jar
if [[ ! -f $jar ]]; then
  mvn -q -B -DskipTests package
fi
RELAY_DATA_DIR=$work/data RELAY_HOST=127.0.0.1 RELAY_PORT=0 RELAY_JAR=$jar JAVA_OPTS='-Xmx256m -XX:+ExitOnOutOfMemoryError' \
  docker/entrypoint.sh >"$work/relay.log" 2>&1 &
relay_pid=$!
port=
for _ in $(seq 1 120); do
  port=$(sed -n 's/.*listening on http:\/\/[^ ]*:\([0-9][0-9]*\).*/\1/p' "$work/relay.log" | head -n 1)
  if [[ -n $port ]] || ! kill -0 "$relay_pid" 2>/dev/null; then
    break
  fi
  sleep 0.5
done
if [[ -z $port ]]; then
  fail "entrypoint: the relay did not start: $(tail -n 20 "$work/relay.log")"
else
  if [[ $(ps -o comm= -p "$relay_pid") == java ]]; then
    pass "entrypoint execs java (pid $relay_pid is the JVM, so it gets SIGTERM itself)"
  else
    fail "entrypoint: pid $relay_pid is $(ps -o comm= -p "$relay_pid"), not java"
  fi
  if command -v curl >/dev/null && health=$(curl -fsS "http://127.0.0.1:$port/api/v1/health"); then
    pass "entrypoint: GET /api/v1/health -> $health"
  else
    fail "entrypoint: GET /api/v1/health failed"
  fi
  if RELAY_HOST=127.0.0.1 RELAY_PORT=$port docker/entrypoint.sh healthcheck; then
    pass "entrypoint healthcheck: 0 while the relay is up"
  else
    fail "entrypoint healthcheck: non-zero while the relay is up"
  fi
  kill -TERM "$relay_pid"
  status=0
  wait "$relay_pid" || status=$?
  relay_pid=
  if [[ $status == 143 ]] && grep -q ': stopped$' "$work/relay.log"; then
    pass "entrypoint: SIGTERM -> clean stop, exit 143"
  else
    fail "entrypoint: SIGTERM -> exit $status: $(tail -n 5 "$work/relay.log")"
  fi
  if RELAY_HOST=127.0.0.1 RELAY_PORT=$port docker/entrypoint.sh healthcheck 2>/dev/null; then
    fail "entrypoint healthcheck: 0 with the relay stopped"
  else
    pass "entrypoint healthcheck: non-zero with the relay stopped"
  fi
fi
# Something that listens but does not answer 200 (here: 404) is unhealthy too.
if command -v python3 >/dev/null; then
  python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$work" >"$work/http.log" 2>&1 &
  http_pid=$!
  http_port=
  for _ in $(seq 1 50); do
    http_port=$(sed -n 's/.*port \([0-9][0-9]*\).*/\1/p' "$work/http.log" | head -n 1)
    [[ -n $http_port ]] && break
    sleep 0.1
  done
  if [[ -n $http_port ]] && ! RELAY_HOST=127.0.0.1 RELAY_PORT=$http_port docker/entrypoint.sh healthcheck 2>/dev/null; then
    pass "entrypoint healthcheck: non-zero when the port answers 404"
  else
    fail "entrypoint healthcheck: not non-zero against a 404 server (port '${http_port}')"
  fi
  kill "$http_pid"
  wait "$http_pid" 2>/dev/null || true
else
  skip "healthcheck against a non-200 server: no python3"
fi

if ((failures > 0)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
