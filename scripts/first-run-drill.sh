#!/usr/bin/env bash
# A newcomer's first run, on the built server (npm run build first): embedded database, nothing
# configured. Checks /health, lints the OpenAPI document (Redocly, 0 errors), then follows the README's
# quick start: the one-time admin password from the log, sign in, change it, sign in again, list
# segments; then the map page at / and what it reads first. Ends with SIGTERM and expects exit 0.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-3987}"
API="http://127.0.0.1:${PORT}/api/v1"
DATA_DIR="$(mktemp -d)"
LOG="$(mktemp)"
read -r -a START_PROD <<<"$(node -p "require('./package.json').scripts['start:prod']")"

env -u DATABASE_URL -u REDIS_URL -u ADMIN_EMAIL -u ADMIN_PASSWORD DATA_DIR="$DATA_DIR" PORT="$PORT" \
  ENVIRONMENT=development "${START_PROD[@]}" >"$LOG" 2>&1 &
SERVER_PID=$!
fail() { echo "first-run drill: $*"; tail -40 "$LOG"; kill -TERM "$SERVER_PID" 2>/dev/null || true; exit 1; }

status=000
for _ in $(seq 1 120); do
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORT}/health" || true)
  [ "$status" = "200" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 1
done
[ "$status" = "200" ] || fail "/health answered $status"
curl -s "http://127.0.0.1:${PORT}/health"; echo

bash scripts/lint-openapi.sh "http://127.0.0.1:${PORT}" || fail "Redocly lint found errors in /docs-json"

# The README's quick start, literally (its OTP is the password the log shows once).
OTP="$(grep -o 'one-time password [A-Za-z0-9_-]*' "$LOG" | head -1 | cut -d' ' -f3)"
[ -n "$OTP" ] || fail "no one-time password in the log"
NEW='mi-clave-nueva-123'
token() {
  curl -s "$API/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"admin@recway.local\",\"password\":\"$1\"}" |
    node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token'
}
changed=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$API/auth/me/password" \
  -H "Authorization: Bearer $(token "$OTP")" -H 'Content-Type: application/json' \
  -d "{\"current_password\":\"$OTP\",\"new_password\":\"$NEW\"}")
[ "$changed" = "204" ] || fail "password change answered $changed"
TOKEN=$(token "$NEW")
listed=$(curl -s -w ' %{http_code}' "$API/segmentos/" -H "Authorization: Bearer $TOKEN")
echo "GET /api/v1/segmentos/ signed in: $listed"
[ "${listed##* }" = "200" ] || fail "the signed-in list answered ${listed##* }"

# The map page the README points to: served at /, its bundle under /assets/, both from the build;
# what it asks first answers on the embedded database too (PostGIS tiles, the summary).
created=$(curl -s -o /dev/null -w '%{http_code}' "$API/segmentos/" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"nombre":"Calle 26","longitud":-74.08,"latitud":4.61}')
[ "$created" = "201" ] || fail "creating a segment answered $created"
# 14/4820/7981 holds that point: a tile with a feature (the embedded PostGIS has no ST_AsMVT).
for path in /red/resumen /tiles/segmentos.json /tiles/segmentos/0/0/0.mvt /tiles/segmentos/14/4820/7981.mvt; do
  status=$(curl -s -o /dev/null -w '%{http_code}' "$API$path" -H "Authorization: Bearer $TOKEN")
  case "$status" in 200) ;; *) fail "GET $API$path answered $status" ;; esac
done
page=$(curl -s "http://127.0.0.1:${PORT}/")
bundle=$(printf '%s' "$page" | grep -o '/assets/index-[A-Za-z0-9_-]*\.js' | head -1)
[ -n "$bundle" ] || fail "/ did not serve the map page"
bundle_status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORT}${bundle}")
[ "$bundle_status" = "200" ] || fail "the map page's bundle $bundle answered $bundle_status"
echo "map page: / and $bundle served"

kill -TERM "$SERVER_PID"
wait "$SERVER_PID" && exit_code=0 || exit_code=$?
[ "$exit_code" = "0" ] || fail "the server exited $exit_code on SIGTERM"
rm -rf "$DATA_DIR" "$LOG"
echo "first run: healthy, OpenAPI lint clean, signed in with the one-time password, map page served, exited 0 on SIGTERM"
