#!/usr/bin/env bash
# Checks the deployment files without a container engine or a target host:
#   bash conf/ops-check.sh
# Runs shellcheck on every script; agents.example.json is valid JSON; relay.env.example names every variable
# RelayConfig reads; docker/compose.yaml parses and runs the relay on a healthy PostgreSQL through a secret;
# docker/compose.cluster.yaml does so for two clustered relays behind nginx, whose docker/nginx.cluster.conf passes
# streams unbuffered, retries no POST and passes nginx -t; where nginx is installed and network namespaces can be
# made, nginx runs with it in front of two stand-in relays (streams, dropped requests, a stopped node);
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

# --- docker/compose.yaml and docker/compose.cluster.yaml ------------------------------------------------
# No container engine here: each file must parse, wire every relay (a service built from the Dockerfile) to a
# healthy PostgreSQL through a secret (no password in the file), and name only variables RelayConfig reads
# (VAR_FILE for VAR). With one relay, the relay publishes port 8400; with more, they form one cluster (distinct
# node ids, each one's cluster host its own hostname, the others' cluster addresses as members) and a balancer
# publishes 8400 with a configuration file beside the compose file.
if ! python3 -c 'import yaml' 2>/dev/null && [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
  apt-get update -qq >/dev/null && apt-get install -y -qq python3-yaml >/dev/null
fi
check_compose() {
  python3 - "$1" "$read_vars" <<'PY'
import os, sys, yaml
path, read_vars = sys.argv[1], set(sys.argv[2].split())
compose = yaml.safe_load(open(path))
problems = []
def expect(ok, problem):
    if not ok:
        problems.append(problem)
def depends_healthy(service, on):
    return service.get("depends_on", {}).get(on, {}).get("condition") == "service_healthy"
def publishes_8400(service):
    return any(str(port).endswith(":8400") for port in service.get("ports", []))
services = compose.get("services", {})
postgres = services.get("postgres", {})
expect(str(postgres.get("image", "")).startswith("postgres:"), "service postgres does not run the postgres image")
expect("pg_isready" in postgres.get("healthcheck", {}).get("test", []), "postgres has no pg_isready healthcheck")
relays = {name: service for name, service in services.items() if "build" in service}
expect(relays, "no relay service (one built from docker/Dockerfile)")
for name, relay in relays.items():
    build = relay["build"]
    dockerfile = os.path.join(os.path.dirname(path), build.get("context", "."), build.get("dockerfile", "Dockerfile"))
    expect(os.path.isfile(dockerfile), name + " is not built from an existing Dockerfile (" + dockerfile + ")")
    expect(depends_healthy(relay, "postgres"), name + " does not wait for postgres to be healthy")
    expect("healthcheck" in relay.get("healthcheck", {}).get("test", []), name + " has no healthcheck")
    env = relay.get("environment", {})
    expect(env.get("RELAY_STORE") == "postgres", name + " does not run RELAY_STORE=postgres")
    for variable in ("RELAY_PG_URL", "RELAY_PG_USER", "RELAY_PG_PASSWORD_FILE"):
        expect(variable in env, name + " misses " + variable)
    for key in env:
        base = key[:-len("_FILE")] if key.endswith("_FILE") else key
        expect(key in read_vars or base in read_vars, name + " sets " + key + ", which RelayConfig does not read")
if len(relays) == 1:
    expect(publishes_8400(next(iter(relays.values()))), "the relay does not publish port 8400")
elif len(relays) > 1:
    cluster = {}
    for name, relay in relays.items():
        env = relay.get("environment", {})
        host = env.get("RELAY_CLUSTER_HOST")
        expect(host in (name, relay.get("hostname")), name + ": RELAY_CLUSTER_HOST is not its own hostname")
        cluster[name] = str(host) + ":" + str(env.get("RELAY_CLUSTER_PORT", 5701))
    node_ids = [relay.get("environment", {}).get("RELAY_NODE_ID") for relay in relays.values()]
    expect(None not in node_ids and len(set(node_ids)) == len(node_ids), "the relays have no distinct RELAY_NODE_ID")
    for name, relay in relays.items():
        members = str(relay.get("environment", {}).get("RELAY_CLUSTER_MEMBERS", "")).split(",")
        others = sorted(address for other, address in cluster.items() if other != name)
        expect(sorted(m.strip() for m in members) == others,
               name + ": RELAY_CLUSTER_MEMBERS is not the other nodes' " + ",".join(others))
    balancers = {name: service for name, service in services.items()
                 if str(service.get("image", "")).startswith(("nginx:", "haproxy:"))}
    expect(len(balancers) == 1, "no load balancer (nginx or haproxy image) in front of the relays")
    for name, balancer in balancers.items():
        expect(publishes_8400(balancer), name + " does not publish port 8400")
        expect("healthcheck" in balancer, name + " has no healthcheck")
        for relay in relays:
            expect(relay in balancer.get("depends_on", {}), name + " does not depend on " + relay)
        configs = [volume.split(":")[0] for volume in balancer.get("volumes", []) if volume.startswith(".")]
        expect(configs and all(os.path.isfile(os.path.join(os.path.dirname(path), c)) for c in configs),
               name + " mounts no configuration file that exists beside " + path)
for name, service in services.items():
    environment = service.get("environment", {})
    expect(not any(key.endswith("PASSWORD") for key in environment), name + " has a password in plain text")
    for secret in service.get("secrets", []):
        expect(secret in compose.get("secrets", {}), name + " uses the undefined secret " + secret)
    for volume in service.get("volumes", []):
        source = volume.split(":")[0]
        expect(source.startswith((".", "/")) or source in compose.get("volumes", {}),
               name + " uses the undefined volume " + source)
print("; ".join(problems))
sys.exit(1 if problems else 0)
PY
}
if python3 -c 'import yaml' 2>/dev/null; then
  if problems=$(check_compose docker/compose.yaml); then
    pass "docker/compose.yaml: postgres with pg_isready, the relay on it through a secret, both healthchecked"
  else
    fail "docker/compose.yaml: $problems"
  fi
  if problems=$(check_compose docker/compose.cluster.yaml); then
    pass "docker/compose.cluster.yaml: postgres, two clustered relays on it through a secret, a balancer on 8400"
  else
    fail "docker/compose.cluster.yaml: $problems"
  fi
else
  skip "docker/compose*.yaml: no python3 with yaml to parse them (apt-get install python3-yaml)"
fi

# --- docker/nginx.cluster.conf -------------------------------------------------------------------------
# The balancer's settings that matter to the relay's clients, read from the file: streams unbuffered with long
# read timeouts over keep-alive HTTP/1.1, retries only where nginx allows them (never a POST that was sent: no
# non_idempotent), an upstream server for every relay of the cluster compose file.
nginx_conf=docker/nginx.cluster.conf
if ! python3 -c 'import yaml' 2>/dev/null; then
  skip "$nginx_conf: no python3 with yaml to read it beside docker/compose.cluster.yaml"
elif problems=$(python3 - "$nginx_conf" docker/compose.cluster.yaml <<'PY'
import re, sys
conf = open(sys.argv[1]).read()
text = re.sub(r"#[^\n]*", "", conf)
problems = []
def expect(ok, problem):
    if not ok:
        problems.append(problem)
def directive(name):
    return [" ".join(m.split()) for m in re.findall(r"(?:^|[;{}\s])" + name + r"\s+([^;]*);", text)]
expect(directive("proxy_buffering") == ["off"], "proxy_buffering is not off")
expect(directive("proxy_http_version") == ["1.1"], "proxy_http_version is not 1.1")
expect(any(re.fullmatch(r'Connection ""', d) for d in directive("proxy_set_header")),
       'no proxy_set_header Connection ""')
timeouts = directive("proxy_read_timeout")
expect(timeouts and all(re.fullmatch(r"\d+s?", t) and int(t.rstrip("s")) >= 90 for t in timeouts),
       "proxy_read_timeout is not at least 90 s")
retries = directive("proxy_next_upstream")
expect(retries and all("non_idempotent" not in r and not re.search(r"http_\d", r) for r in retries),
       "proxy_next_upstream must retry on connection errors only, never a non-idempotent request")
servers = set(re.findall(r"\bserver\s+([a-z0-9.-]+):8400\b", text))
import yaml
compose = yaml.safe_load(open(sys.argv[2]))
relays = {name for name, service in compose.get("services", {}).items() if "build" in service}
expect(servers == relays, "upstream servers " + str(sorted(servers)) + " are not the relays " + str(sorted(relays)))
print("; ".join(problems))
sys.exit(1 if problems else 0)
PY
); then
  pass "$nginx_conf: unbuffered streams, long read timeouts, keep-alive HTTP/1.1, no POST retried, every relay"
else
  fail "$nginx_conf: $problems"
fi
# nginx -t resolves the upstream hosts: where a mount namespace can be made, relay-a and relay-b point to 127.0.0.1
# in a throwaway hosts file bound over /etc/hosts for nginx alone; elsewhere nginx checks a copy of the file with
# those names replaced by 127.0.0.1.
if command -v nginx >/dev/null; then
  mkdir "$work/nginx"
  upstreams=$(sed -n 's/^ *server \([a-z0-9.-]*\):8400 .*/\1/p' "$nginx_conf" | paste -sd ' ')
  printf '127.0.0.1 localhost %s\n' "$upstreams" >"$work/nginx/hosts"
  if [[ $EUID -eq 0 ]] && unshare -m true 2>/dev/null; then
    how="with $upstreams in a throwaway hosts file"
    # shellcheck disable=SC2016 # expanded by the inner shell
    tested=$(unshare -m sh -c 'mount --bind "$1" /etc/hosts && exec nginx -t -q -p "$2" -e stderr -c "$3"' \
      sh "$work/nginx/hosts" "$work/nginx" "$PWD/$nginx_conf" 2>&1) && status=0 || status=$?
  else
    how="on a copy with $upstreams replaced by 127.0.0.1"
    sed -E 's/^( *server )[a-z0-9.-]+:8400 /\1127.0.0.1:8400 /' "$nginx_conf" >"$work/nginx/nginx.conf"
    tested=$(nginx -t -q -p "$work/nginx" -e stderr -c "$work/nginx/nginx.conf" 2>&1) && status=0 || status=$?
  fi
  if [[ $status == 0 ]]; then
    pass "nginx -t $nginx_conf ($how)"
  else
    fail "nginx -t $nginx_conf ($how): $tested"
  fi
else
  skip "nginx -t $nginx_conf: nginx is not installed (apt-get install nginx-core)"
fi

# --- nginx in front of two stand-in relays ----------------------------------------------------------------
# The real nginx with docker/nginx.cluster.conf in a network namespace of its own, where the two upstream names
# point to two small HTTP servers on 127.0.0.2 and 127.0.0.3, port 8400 (nginx listens on 127.0.0.1:8400 there,
# the one change to a copy of the file: in compose each has a host of its own). An event stream's first event
# arrives before the stream's end; a POST whose node drops the connection unanswered is answered 502 and reached
# one node only; a GET so dropped is answered by the other node; with one node stopped, POSTs are answered by the
# other.
if ! command -v nginx >/dev/null; then
  skip "nginx in front of stand-in relays: nginx is not installed (apt-get install nginx-core)"
elif ! { [[ $EUID -eq 0 ]] && command -v ip >/dev/null && unshare -mn true 2>/dev/null; }; then
  skip "nginx in front of stand-in relays: needs root, ip and network namespaces (unshare -mn)"
else
  mkdir "$work/nginx-run"
  read -r -a upstream_names <<<"$upstreams"
  printf '127.0.0.1 localhost\n127.0.0.2 %s\n127.0.0.3 %s\n' "${upstream_names[0]}" "${upstream_names[1]}" \
    >"$work/nginx-run/hosts"
  sed -E 's/^( *listen )8400;/\1127.0.0.1:8400;/' "$nginx_conf" >"$work/nginx-run/nginx.conf"
  # shellcheck disable=SC2016 # expanded by the inner shell
  if problems=$(unshare -mn sh -c 'ip link set lo up && mount --bind "$1" /etc/hosts && shift && exec python3 - "$@"' \
    sh "$work/nginx-run/hosts" "$work/nginx-run/nginx.conf" "$work/nginx-run" "${upstream_names[@]}" 2>&1 <<'PY'
import http.client, json, socket, subprocess, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
conf, work, first_node, second_node = sys.argv[1:5]
received = []
problems = []
def expect(ok, problem):
    if not ok:
        problems.append(problem)

class StandIn(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def do_GET(self):
        self.serve()
    def do_POST(self):
        self.serve()
    def serve(self):
        node = self.server.node
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        received.append((node, self.command, self.path))
        if self.path == "/drop" or (self.path == "/drop-on-first" and node == first_node):
            self.close_connection = True  # no answer at all: the node died with the request in flight
            return
        if self.path == "/stream":
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            self.wfile.write(b"data: first\n\n")
            self.wfile.flush()
            time.sleep(2)
            self.wfile.write(b"data: second\n\n")
            return
        body = json.dumps({"node": node}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

def stand_in(node, address):
    server = ThreadingHTTPServer((address, 8400), StandIn)
    server.daemon_threads = True
    server.node = node
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server

def request(method, path):
    connection = http.client.HTTPConnection("127.0.0.1", 8400, timeout=20)
    connection.request(method, path, body=b"{}" if method == "POST" else None)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status

def count(method, path, node=None):
    return sum(1 for n, m, p in received if (m, p) == (method, path) and node in (None, n))

first = stand_in(first_node, "127.0.0.2")
stand_in(second_node, "127.0.0.3")
log = open(work + "/nginx.log", "w")
nginx = subprocess.Popen(["nginx", "-p", work, "-e", "stderr", "-c", conf,
                          "-g", "daemon off; pid " + work + "/nginx.pid;"], stdout=subprocess.DEVNULL, stderr=log)
try:
    for _ in range(100):
        if nginx.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", 8400), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    if nginx.poll() is not None:
        print("nginx did not start: " + open(work + "/nginx.log").read().strip())
        sys.exit(1)
    expect(request("GET", "/api/v1/health") == 200, "GET /api/v1/health through nginx did not answer 200")

    connection = http.client.HTTPConnection("127.0.0.1", 8400, timeout=20)
    started = time.monotonic()
    connection.request("GET", "/stream")
    response = connection.getresponse()
    head = response.read1(100)
    waited = time.monotonic() - started
    whole = head + response.read()
    connection.close()
    expect(head.startswith(b"data: first") and waited < 1.5,
           "an event stream is held back: its first event came after %.1f s" % waited)
    expect(b"data: second" in whole, "an event stream lost its second event")

    statuses = []
    for _ in range(10):
        statuses.append(request("GET", "/drop-on-first"))
        if count("GET", "/drop-on-first", first_node):
            break
    expect(count("GET", "/drop-on-first", first_node) == 1 and set(statuses) == {200},
           "a GET whose node closed without answering was not answered by the other node: %s" % statuses)

    status = request("POST", "/drop")
    expect(status == 502 and count("POST", "/drop") == 1, "a POST whose node closed without answering got %d after"
           " reaching %d node(s), not 502 after one" % (status, count("POST", "/drop")))

    first.shutdown()
    first.server_close()
    statuses = [request("POST", "/api/v1/messages") for _ in range(4)]
    expect(set(statuses) == {200}, "with " + first_node + " stopped, POSTs through nginx got %s" % statuses)
finally:
    nginx.terminate()
    nginx.wait(10)
print("; ".join(problems))
sys.exit(1 if problems else 0)
PY
  ); then
    pass "nginx in front of stand-ins for ${upstream_names[*]}: streams unbuffered, a dropped POST answered 502 and" \
      "never re-sent, a dropped GET and POSTs to a stopped node answered by the other"
  else
    fail "nginx in front of stand-ins for ${upstream_names[*]}: $problems"
  fi
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
