#!/usr/bin/env bash
# Builds Agent Relay and installs it as the systemd service agent-relay on a host over ssh, then checks
# /api/v1/health there. Safe to run again: it changes only what differs and restarts only when something did.
#
#   DEPLOY_HOST=root@relay.example [RELAY_HOST=100.64.0.5] conf/deploy.sh [--dry-run] [--skip-build]
#
# DEPLOY_HOST  ssh destination (user@host). A user other than root needs passwordless sudo there.
# RELAY_HOST   optional: address the relay binds to, written into /etc/agent-relay/relay.env, and the
#              address agents are told to use. Unset: relay.env decides (default 0.0.0.0).
# SSH_OPTS     optional extra ssh options, split on spaces, e.g. "-p 2222 -i $HOME/.ssh/relay".
# --dry-run    print every command (and the script run on the host) without running anything.
# --skip-build install the jar already in relay-cli/target.
#
# The host needs systemd, curl and a Java 17+ runtime at /usr/bin/java (openjdk-17-jre-headless).
set -euo pipefail

readonly SERVICE=agent-relay
readonly REMOTE_ENV=/etc/agent-relay/relay.env

usage() {
  sed -n '2,15s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

dry_run=false
skip_build=false
for arg in "$@"; do
  case $arg in
    --dry-run) dry_run=true ;;
    --skip-build) skip_build=true ;;
    -h | --help) usage; exit 0 ;;
    *) echo "deploy: unknown argument '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar=$root/relay-cli/target/agent-relay.jar

if [[ -z ${DEPLOY_HOST:-} ]]; then
  if ! $dry_run; then
    echo "deploy: set DEPLOY_HOST (e.g. DEPLOY_HOST=root@relay.example)" >&2
    exit 2
  fi
  DEPLOY_HOST=root@relay-host.example
  echo "# DEPLOY_HOST unset: showing $DEPLOY_HOST" >&2
fi
relay_host=${RELAY_HOST:-}
if [[ ! $DEPLOY_HOST =~ ^[A-Za-z0-9_.@:%-]+$ || $DEPLOY_HOST == -* ]]; then
  echo "deploy: DEPLOY_HOST '$DEPLOY_HOST' is not a plain user@host" >&2
  exit 2
fi
if [[ -n $relay_host && ! $relay_host =~ ^[A-Za-z0-9_.:-]+$ ]]; then
  echo "deploy: RELAY_HOST '$relay_host' is not a plain address or host name" >&2
  exit 2
fi
read -r -a ssh_opts <<<"${SSH_OPTS:-}"
# The user's options come first: for ssh the first value given wins.
ssh_cmd=(ssh ${ssh_opts[@]+"${ssh_opts[@]}"} -o BatchMode=yes "$DEPLOY_HOST")
if [[ $DEPLOY_HOST == root@* ]]; then
  as_root=(bash -s)
else
  as_root=(sudo -n bash -s)
fi

# Prints a command as it will run, quoted so that it can be pasted into a shell.
show() {
  local line=+ word
  for word in "$@"; do
    if [[ $word == '|' || $word == "<<'REMOTE'" || $word =~ ^[A-Za-z0-9_./:=@%+,-]+$ ]]; then
      line+=" $word"
    elif [[ $word != *"'"* ]]; then
      line+=" '$word'"
    else
      line+=" $(printf '%q' "$word")"
    fi
  done
  printf '%s\n' "$line"
}

run() {
  show "$@"
  if ! $dry_run; then
    "$@"
  fi
}

# Runs a shell function on the host as root: its definition and one call are fed to bash on stdin.
run_remote() {
  local fn=$1 script
  shift
  script=$(
    declare -f "$fn"
    printf '%q' "$fn"
    printf ' %q' "$@"
    printf '\n'
  )
  show "${ssh_cmd[@]}" "${as_root[@]}" "<<'REMOTE'"
  if $dry_run; then
    printf '%s\nREMOTE\n' "$script"
  else
    printf '# (the function %s of conf/deploy.sh)\n%s\nREMOTE\n' "$fn" "${script##*$'\n'}"
    "${ssh_cmd[@]}" "${as_root[@]}" <<<"$script"
  fi
}

# --- these two functions run on the host, as root ------------------------------------------------------

install_relay() {
  set -euo pipefail
  local stage=$1 bind_host=$2 env=$3 service=$4 changed=false spec
  if ! command -v systemctl >/dev/null; then
    echo "deploy: this host has no systemd" >&2
    exit 1
  fi
  spec=$(/usr/bin/java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p') \
    || true
  if [[ ! ${spec%%.*} =~ ^[0-9]+$ ]] || ((${spec%%.*} < 17)); then
    echo "deploy: /usr/bin/java must be Java 17+ (found '${spec:-none}'): apt-get install openjdk-17-jre-headless" >&2
    exit 1
  fi
  if ! getent passwd relay >/dev/null; then
    useradd --system --user-group --home-dir /var/lib/agent-relay --no-create-home \
      --shell /usr/sbin/nologin --comment "Agent Relay" relay
  fi
  install -d -m 0755 /opt/agent-relay /etc/agent-relay
  install -d -o relay -g relay -m 0700 /var/lib/agent-relay
  if ! cmp -s "$stage/agent-relay.jar" /opt/agent-relay/agent-relay.jar; then
    install -m 0644 "$stage/agent-relay.jar" /opt/agent-relay/agent-relay.jar
    changed=true
  fi
  if ! cmp -s "$stage/$service.service" "/etc/systemd/system/$service.service"; then
    install -m 0644 "$stage/$service.service" "/etc/systemd/system/$service.service"
    changed=true
  fi
  install -m 0644 "$stage/relay.env.example" /etc/agent-relay/relay.env.example
  if [[ ! -e $env ]]; then
    install -m 0600 "$stage/relay.env.example" "$env"
    changed=true
  fi
  if [[ -n $bind_host ]] && ! grep -qxF "RELAY_HOST=$bind_host" "$env"; then
    if grep -q '^#\{0,1\}RELAY_HOST=' "$env"; then
      sed -i "s|^#\{0,1\}RELAY_HOST=.*|RELAY_HOST=$bind_host|" "$env"
    else
      printf 'RELAY_HOST=%s\n' "$bind_host" >>"$env"
    fi
    changed=true
  fi
  rm -rf "$stage"
  systemctl daemon-reload
  systemctl enable --quiet "$service.service"
  if $changed || ! systemctl is-active --quiet "$service.service"; then
    systemctl restart "$service.service"
    echo "deploy: $service (re)started"
  else
    echo "deploy: $service already up to date and running"
  fi
}

check_health() {
  set -euo pipefail
  local env=$1 service=$2 host port scheme=http url
  if ! command -v curl >/dev/null; then
    echo "deploy: no curl on this host to check the relay's health" >&2
    exit 1
  fi
  host=$(sed -n 's/^RELAY_HOST=//p' "$env" | tail -n 1)
  port=$(sed -n 's/^RELAY_PORT=//p' "$env" | tail -n 1)
  case $host in
    '' | 0.0.0.0) host=127.0.0.1 ;;
    ::) host='[::1]' ;;
    *:*) host="[$host]" ;;
  esac
  if grep -q '^RELAY_TLS_CERT=.' "$env"; then
    scheme=https
  fi
  url="$scheme://$host:${port:-8400}/api/v1/health"
  for _ in $(seq 1 60); do
    if curl -fsk --max-time 5 "$url"; then
      printf '\ndeploy: healthy at %s\n' "$url"
      return 0
    fi
    sleep 1
  done
  echo "deploy: $url did not answer 200 within a minute; the service's last log lines:" >&2
  journalctl -u "$service.service" -n 40 --no-pager >&2 || true
  exit 1
}

# --- local steps ---------------------------------------------------------------------------------------

if $skip_build; then
  echo "# --skip-build: using $jar" >&2
else
  run mvn -q -f "$root/pom.xml" -DskipTests package
fi
if ! $dry_run && [[ ! -f $jar ]]; then
  echo "deploy: $jar is missing: build it with mvn -q -DskipTests package" >&2
  exit 1
fi

# Upload the jar, the unit and the example configuration into a fresh staging directory on the host.
# shellcheck disable=SC2016 # expanded on the host, not here
upload='stage=$(mktemp -d /tmp/agent-relay-deploy.XXXXXX) && tar -xf - -C "$stage" && echo "$stage"'
tar_cmd=(tar -cf - -C "$root/relay-cli/target" agent-relay.jar -C "$root/conf" "$SERVICE.service" relay.env.example)
show "${tar_cmd[@]}" '|' "${ssh_cmd[@]}" "$upload"
if $dry_run; then
  stage=/tmp/agent-relay-deploy.XXXXXX
else
  stage=$("${tar_cmd[@]}" | "${ssh_cmd[@]}" "$upload" | tail -n 1)
  if [[ ! $stage =~ ^/tmp/agent-relay-deploy\.[A-Za-z0-9]+$ ]]; then
    echo "deploy: unexpected staging directory '$stage' from $DEPLOY_HOST" >&2
    exit 1
  fi
fi

run_remote install_relay "$stage" "$relay_host" "$REMOTE_ENV" "$SERVICE"
run_remote check_health "$REMOTE_ENV" "$SERVICE"

advertised=${relay_host:-${DEPLOY_HOST#*@}}
if [[ $advertised == 0.0.0.0 ]]; then
  advertised=${DEPLOY_HOST#*@}
fi
if $dry_run; then
  echo "# dry run: nothing was built, copied or changed"
else
  echo "deploy: agents reach the relay at $advertised (port, TLS: $REMOTE_ENV on the host)"
  echo "deploy: first-start admin key: ssh $DEPLOY_HOST sudo cat /var/lib/agent-relay/admin.key"
fi
