#!/usr/bin/env bash
# Cluster drill: the built server with WORKERS=2 on a real PostgreSQL. Shows both workers serving
# (the pid in each request log line), the primary's summed metrics, a worker killed with SIGKILL
# and replaced while requests keep being answered, and a clean SIGTERM stop. Exits 1 on any failure.
# Needs PostgreSQL + PostGIS (DATABASE_URL's server, default the local one); run `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BASE=${PG_BASE:-postgresql://postgres@127.0.0.1:5432}
API_PORT=${API_PORT:-3998}
METRICS_PORT=${METRICS_PORT:-9498}
API="http://127.0.0.1:${API_PORT}"
LOG=$(mktemp)

psql "$PG_BASE/postgres" -q -c "DROP DATABASE IF EXISTS recway_cluster_drill WITH (FORCE)" -c "CREATE DATABASE recway_cluster_drill"
cleanup() {
  if [ -n "${PRIMARY:-}" ]; then
    pkill -9 -P "$PRIMARY" 2>/dev/null || true
    kill -9 "$PRIMARY" 2>/dev/null || true
  fi
}
trap cleanup EXIT

WORKERS=2 DATABASE_URL="$PG_BASE/recway_cluster_drill" PORT="$API_PORT" METRICS_PORT="$METRICS_PORT" \
  LOG_LEVEL=INFO SHUTDOWN_DELAY_SECONDS=0 node dist/apps/api/apps/api/src/main.js >"$LOG" 2>&1 &
PRIMARY=$!

fail() { echo "FAILED: $*"; echo "--- server log ---"; tail -50 "$LOG"; exit 1; }
workers() { pgrep -P "$PRIMARY" | sort | tr '\n' ' '; }
wait_for() { for _ in $(seq 1 150); do eval "$1" && return 0; sleep 0.2; done; fail "$2"; }

wait_for '[ "$(grep -c "listening on port" "$LOG")" -ge 2 ]' "two workers did not start"
echo "Primary $PRIMARY, workers: $(workers)"

for _ in $(seq 1 40); do curl -s -o /dev/null "$API/api/v1/segmentos/"; done
SERVING=$(grep '"statusCode":401' "$LOG" | grep -o '"pid":[0-9]*' | sort | uniq -c)
echo "Requests answered per worker (count, pid):"; echo "$SERVING"
[ "$(echo "$SERVING" | wc -l)" -eq 2 ] || fail "the requests were not shared by two workers"

TOTAL=$(curl -s "http://127.0.0.1:${METRICS_PORT}/metrics" |
  grep '^http_request_duration_seconds_count{method="GET",route="/api/v1/segmentos",status="401"}' |
  awk '{ sum += $2 } END { print sum + 0 }')
echo "Primary's METRICS_PORT, both workers summed: $TOTAL GET /api/v1/segmentos → 401"
[ "$TOTAL" -eq 40 ] || fail "aggregated metrics count $TOTAL, expected 40"

VICTIM=$(pgrep -P "$PRIMARY" | head -1)
echo "kill -9 $VICTIM"
kill -9 "$VICTIM"
ANSWERED=0
for _ in $(seq 1 20); do
  [ "$(curl -s --max-time 2 -o /dev/null -w "%{http_code}" "$API/health")" = 200 ] && ANSWERED=$((ANSWERED + 1))
  sleep 0.05
done
echo "While one worker was down: $ANSWERED/20 liveness requests answered 200"
# A connection the primary had just handed to the killed worker dies with it; the others must not.
[ "$ANSWERED" -ge 15 ] || fail "the surviving worker did not keep serving"
wait_for '[ "$(pgrep -P "$PRIMARY" | wc -l)" -eq 2 ] && ! pgrep -P "$PRIMARY" | grep -qx "$VICTIM"' "the dead worker was not replaced"
wait_for '[ "$(grep -c "listening on port" "$LOG")" -ge 3 ]' "the replacement did not start serving"
grep -o "Worker $VICTIM died[^\"]*" "$LOG"
echo "Workers now: $(workers)"

kill -TERM "$PRIMARY"
STATUS=0; wait "$PRIMARY" || STATUS=$?
PRIMARY=
[ "$STATUS" -eq 0 ] || fail "SIGTERM: the primary exited with $STATUS"
echo "SIGTERM: every worker drained and the primary exited 0"
