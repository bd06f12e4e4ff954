#!/usr/bin/env bash
# Entrypoint of the Agent Relay image.
#   entrypoint.sh [relay]     exec the relay: java $JAVA_OPTS -jar $RELAY_JAR (java becomes PID 1 and gets
#                             SIGTERM from `docker stop` directly, so in-flight writes finish)
#   entrypoint.sh healthcheck exit 0 when GET /api/v1/health answers 200, 1 otherwise (the image's HEALTHCHECK)
#   entrypoint.sh CMD ARGS... exec anything else, e.g. bash
# RELAY_JAR defaults to /opt/agent-relay/agent-relay.jar; the relay itself is configured by RELAY_* variables.
set -euo pipefail

jar=${RELAY_JAR:-/opt/agent-relay/agent-relay.jar}

# Uses bash's /dev/tcp, because the JRE image has no curl: no extra package, and no JVM started every
# interval. Plain HTTP only: with RELAY_TLS_CERT set it can only check that the port accepts connections.
healthcheck() {
  local host=${RELAY_HOST:-0.0.0.0} port=${RELAY_PORT:-8400} status
  case $host in
    0.0.0.0) host=127.0.0.1 ;;
    ::) host=::1 ;;
  esac
  if [[ $port == 0 ]]; then
    echo "healthcheck: RELAY_PORT=0 (random port) cannot be checked" >&2
    return 1
  fi
  if ! { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null; then
    echo "healthcheck: nothing listens on $host:$port" >&2
    return 1
  fi
  if [[ -n ${RELAY_TLS_CERT:-} ]]; then
    exec 3>&-
    return 0
  fi
  printf 'GET /api/v1/health HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n\r\n' "$host" "$port" >&3
  status=
  IFS=' ' read -r -t 5 _ status _ <&3 || true
  exec 3>&-
  if [[ $status != 200 ]]; then
    echo "healthcheck: GET /api/v1/health answered '${status:-nothing}'" >&2
    return 1
  fi
}

case ${1:-relay} in
  relay)
    read -r -a java_opts <<<"${JAVA_OPTS:-}"
    exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${java_opts[@]+"${java_opts[@]}"} -jar "$jar"
    ;;
  healthcheck)
    healthcheck
    ;;
  *)
    exec "$@"
    ;;
esac
