#!/usr/bin/env bash
# Read-replica drill: a primary PostgreSQL cluster and a real streaming replica of it, made with
# `pg_basebackup -R` (spare ports: the machine's own PostgreSQL is untouched), Redis, and the built
# server with DATABASE_REPLICA_URLS. scripts/replica-drill-client.mjs then drives it over HTTP:
# read-your-writes, a replica lagging out of rotation and back, and the primary stopped and started
# under load (reads 200, writes 503 + Retry-After, nothing acknowledged lost, no restart of RecWay).
# Needs root (pg_createcluster), PostgreSQL + PostGIS and redis-server; run `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."

PRIMARY_PORT=${PRIMARY_PORT:-5496}
REPLICA_PORT=${REPLICA_PORT:-5497}
REDIS_PORT=${REDIS_PORT:-6398}
API_PORT=${API_PORT:-3998}
PG_VERSION=$(ls /etc/postgresql | sort -n | tail -1)
PRIMARY=recway_drill_primary
REPLICA=recway_drill_replica
REPLICA_DATA="/var/lib/postgresql/${PG_VERSION}/${REPLICA}"
LOG=$(mktemp)
export DRILL_PASSWORD='drill-password-123'
export DRILL_NEW_PASSWORD='drill-password-456'

cleanup() {
  if [ -n "${API_PID:-}" ]; then kill "$API_PID" 2>/dev/null || true; wait "$API_PID" 2>/dev/null || true; fi
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  pg_dropcluster --stop "$PG_VERSION" "$REPLICA" >/dev/null 2>&1 || true
  pg_dropcluster --stop "$PG_VERSION" "$PRIMARY" >/dev/null 2>&1 || true
}
trap cleanup EXIT
cleanup

echo "## Primary on :${PRIMARY_PORT}, streaming replica on :${REPLICA_PORT} (pg_basebackup -R)"
pg_createcluster "$PG_VERSION" "$PRIMARY" --port "$PRIMARY_PORT" -- --auth=trust >/dev/null
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PRIMARY" start
psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -q -c "CREATE DATABASE recway"
pg_createcluster "$PG_VERSION" "$REPLICA" --port "$REPLICA_PORT" -- --auth=trust >/dev/null
rm -rf "${REPLICA_DATA:?}"/*
# -R: standby.signal and primary_conninfo; -C -S: a replication slot, so the primary keeps the WAL
# the replica has not received yet (while it is stopped, or paused).
runuser -u postgres -- pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$REPLICA_DATA" \
  -R -X stream -C -S recway_drill
pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$REPLICA" start
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$REPLICA_PORT" -q && break; sleep 0.5; done
psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -Atc "SELECT 'replica in recovery: ' || pg_is_in_recovery()"
psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -Atc \
  "SELECT 'primary streams to: ' || application_name || ' (' || state || ')' FROM pg_stat_replication"

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no >/dev/null

export DATABASE_URL="postgresql://postgres@127.0.0.1:${PRIMARY_PORT}/recway"
export REDIS_URL="redis://127.0.0.1:${REDIS_PORT}/0"
# test: no development admin is made, and metrics need no token.
export ENVIRONMENT=test SECRET_KEY=replica-drill-secret-key-of-32-characters
echo "## Migrations (on the primary, streamed to the replica) and a user"
node dist/apps/api/apps/api/src/cli/prepare.js >"$LOG" 2>&1 || { cat "$LOG"; exit 1; }
echo "$DRILL_PASSWORD" | LOG_LEVEL=ERROR node dist/apps/api/apps/api/src/cli/user-create.js \
  --email drill@recway.co --role editor >/dev/null

DATABASE_REPLICA_URLS="postgresql://postgres@127.0.0.1:${REPLICA_PORT}/recway" \
  DATABASE_REPLICA_MAX_LAG_SECONDS=2 DATABASE_REPLICA_CHECK_INTERVAL_SECONDS=0.5 \
  DATABASE_POOL_TIMEOUT=3 RATE_LIMIT_CALLS=1000000 PORT="$API_PORT" LOG_LEVEL=WARNING \
  node dist/apps/api/apps/api/src/main.js >"$LOG" 2>&1 &
API_PID=$!
for _ in $(seq 1 100); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${API_PORT}/health/ready" || true)" = 200 ] && break
  sleep 0.2
done

if ! API="http://127.0.0.1:${API_PORT}" PRIMARY_URL="$DATABASE_URL" \
  REPLICA_URL="postgresql://postgres@127.0.0.1:${REPLICA_PORT}/recway" \
  STOP_PRIMARY="pg_ctlcluster --skip-systemctl-redirect ${PG_VERSION} ${PRIMARY} stop -m fast" \
  START_PRIMARY="pg_ctlcluster --skip-systemctl-redirect ${PG_VERSION} ${PRIMARY} start" \
  node scripts/replica-drill-client.mjs; then
  echo "FAILED (server log below)"; tail -50 "$LOG"; exit 1
fi
kill -0 "$API_PID" # the same process served throughout
echo "The same RecWay process (pid $API_PID) served the whole drill."
