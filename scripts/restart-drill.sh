#!/usr/bin/env bash
# Restart drill: the built server against its own PostgreSQL cluster and Redis (spare ports, so the
# machine's services are untouched). Stops and starts each for real and shows, with curl, that the
# probes go red and then green again with no restart of RecWay. Exits 1 if anything does not recover.
# Needs root (pg_createcluster), PostgreSQL + PostGIS and redis-server; run `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_PORT=${PG_PORT:-5499}
REDIS_PORT=${REDIS_PORT:-6399}
API_PORT=${API_PORT:-3999}
PG_VERSION=$(ls /etc/postgresql | sort -n | tail -1)
CLUSTER=recway_drill
API="http://127.0.0.1:${API_PORT}"
LOG=$(mktemp)

cleanup() {
  if [ -n "${API_PID:-}" ]; then kill "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; fi
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  pg_dropcluster --stop "$PG_VERSION" "$CLUSTER" >/dev/null 2>&1 || true
}
trap cleanup EXIT

pg_dropcluster --stop "$PG_VERSION" "$CLUSTER" >/dev/null 2>&1 || true
pg_createcluster "$PG_VERSION" "$CLUSTER" --port "$PG_PORT" -- --auth=trust >/dev/null
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$CLUSTER" start
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -c "CREATE DATABASE recway"
start_redis() { redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no >/dev/null; }
start_redis

DATABASE_URL="postgresql://postgres@127.0.0.1:${PG_PORT}/recway" REDIS_URL="redis://127.0.0.1:${REDIS_PORT}/0" \
  PORT="$API_PORT" LOG_LEVEL=ERROR node dist/apps/api/apps/api/src/main.js >"$LOG" 2>&1 &
API_PID=$!

status() { curl -s -o /dev/null -w '%{http_code}' "$API$1" || true; }
probe() {
  local body code
  body=$(curl -s -w '\n%{http_code}' "$API$1")
  code=${body##*$'\n'}
  printf '$ curl %s\n%s\n→ HTTP %s\n' "$1" "${body%$'\n'*}" "$code"
}
# Waits (up to 20 s) until $1 answers $2: recovery is a reconnect, not a restart.
await_status() {
  for _ in $(seq 1 100); do [ "$(status "$1")" = "$2" ] && return 0; sleep 0.2; done
  echo "FAILED: $1 did not answer $2 (server log below)"; cat "$LOG"; exit 1
}
expect_status() {
  local got; got=$(status "$1")
  [ "$got" = "$2" ] || { echo "FAILED: $1 answered $got, expected $2"; exit 1; }
}

await_status /health/ready 200
echo "## All up"
probe /health; probe /health/database; probe /health/ready

echo; echo "## PostgreSQL stopped (pg_ctlcluster stop)"
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$CLUSTER" stop -m fast
probe /health/database; probe /health/ready
expect_status /health/database 503; expect_status /health/ready 503; expect_status /health 200

echo; echo "## PostgreSQL started again"
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$CLUSTER" start
await_status /health/ready 200
probe /health/database; probe /health/ready

echo; echo "## Redis stopped (SHUTDOWN)"
redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null
probe /health/ready
expect_status /health/ready 503; expect_status /health/database 200

echo; echo "## Redis started again"
start_redis
await_status /health/ready 200
probe /health/ready

kill -0 "$API_PID" # the same process served throughout
echo; echo "Recovered from both restarts without restarting RecWay (pid $API_PID)."
