#!/usr/bin/env bash
# GIS clients drill: real GDAL and OWSLib (Debian's gdal-bin and python3-owslib) read the built server
# on a real PostgreSQL + PostGIS. Seeds 25 000 segments (lines and points), signs in, creates an API key,
# then: ogrinfo OAPIF (feature count), ogr2ogr to GeoPackage (every feature, once), OWSLib paging with
# next links, GDAL's MVT driver on a vector tile, and the TileJSON. Exits 1 on any failure. Run
# `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BASE=${PG_BASE:-postgresql://postgres@127.0.0.1:5432}
PORT=${PORT:-3989}
API="http://127.0.0.1:${PORT}/api/v1"
FEATURES=25000
WORK=$(mktemp -d)
LOG="$WORK/server.log"

psql "$PG_BASE/postgres" -q -c "DROP DATABASE IF EXISTS recway_gis_drill WITH (FORCE)" -c "CREATE DATABASE recway_gis_drill"
DATABASE_URL="$PG_BASE/recway_gis_drill" PORT="$PORT" ENVIRONMENT=staging LOG_LEVEL=WARNING \
  SECRET_KEY=gis-drill-secret-key-of-at-least-32-chars ADMIN_EMAIL=gis@recway.co ADMIN_PASSWORD=gis-first-password \
  SHUTDOWN_DELAY_SECONDS=0 node dist/apps/api/apps/api/src/main.js >"$LOG" 2>&1 &
SERVER=$!
trap 'kill -9 "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
fail() { echo "FAILED: $*"; tail -40 "$LOG"; exit 1; }
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:${PORT}/health" >/dev/null && break; sleep 0.5; done

json() { node -pe "JSON.parse(require('fs').readFileSync(0)).$1"; }
login() { curl -sf "$API/auth/login" -H 'Content-Type: application/json' -d "{\"email\":\"gis@recway.co\",\"password\":\"$1\"}" | json access_token; }
curl -sf -X PUT "$API/auth/me/password" -H "Authorization: Bearer $(login gis-first-password)" \
  -H 'Content-Type: application/json' -d '{"current_password":"gis-first-password","new_password":"gis-final-password"}'
TOKEN=$(login gis-final-password)
KEY=$(curl -sf -X POST "$API/auth/api-keys" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"nombre":"GDAL drill","rol":"viewer"}' | json clave)

# Every other segment a line, the rest points, spread over Bogotá.
node -e '
  const rows = ["nombre,longitud,latitud,geometria"];
  for (let i = 0; i < Number(process.argv[1]); i++) {
    const lon = -74.2 + (i % 250) * 0.0008, lat = 4.5 + Math.floor(i / 250) * 0.003;
    rows.push(i % 2 ? `Calle ${i},${lon},${lat},` : `Carrera ${i},,,"LINESTRING(${lon} ${lat}, ${lon + 0.0005} ${lat + 0.001})"`);
  }
  process.stdout.write(rows.join("\n") + "\n");' "$FEATURES" >"$WORK/segmentos.csv"
curl -sf -X POST "$API/segmentos/import" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: text/csv' \
  --data-binary @"$WORK/segmentos.csv" >/dev/null || fail "import"

GDAL_AUTH=(--config GDAL_HTTP_HEADERS "X-API-Key: $KEY")
echo "--- ogrinfo OAPIF ---"
ogrinfo -so "OAPIF:$API/ogc" segmentos "${GDAL_AUTH[@]}" | tee "$WORK/ogrinfo.txt" | grep -E "Feature Count|Extent|banda"
grep -q "Feature Count: $FEATURES" "$WORK/ogrinfo.txt" || fail "ogrinfo did not count $FEATURES features"

echo "--- ogr2ogr to GeoPackage ---"
ogr2ogr -f GPKG "$WORK/segmentos.gpkg" "OAPIF:$API/ogc" segmentos "${GDAL_AUTH[@]}" || fail "ogr2ogr"
COPIED=$(ogrinfo -q -sql "SELECT count(DISTINCT id_segmento) AS n, count(*) AS total FROM segmentos" "$WORK/segmentos.gpkg")
echo "$COPIED" | grep -E " (n|total) \(Integer\)"
echo "$COPIED" | grep -q "n (Integer) = $FEATURES" || fail "the GeoPackage does not hold $FEATURES distinct features"
echo "$COPIED" | grep -q "total (Integer) = $FEATURES" || fail "the GeoPackage holds duplicates"

echo "--- OWSLib ---"
/usr/bin/python3 scripts/gis-clients-drill.py "$API/ogc" "$KEY" "$FEATURES" || fail "OWSLib"

echo "--- GDAL MVT driver on a vector tile (zoom 14, over the seeded area) ---"
read -r Z X Y < <(node -e '
  const z = 14, lon = -74.19, lat = 4.51, r = (lat * Math.PI) / 180;
  const x = Math.floor(((lon + 180) / 360) * 2 ** z);
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
  console.log(z, x, y);')
curl -sf -H "X-API-Key: $KEY" -o "$WORK/tile.mvt" "$API/tiles/segmentos/$Z/$X/$Y.mvt" || fail "tile $Z/$X/$Y"
ogrinfo -so -oo Z="$Z" -oo X="$X" -oo Y="$Y" "MVT:$WORK/tile.mvt" segmentos | tee "$WORK/mvt.txt" | grep -E "Geometry|Feature Count|banda|iri_m_km"
grep -qE "Feature Count: [1-9]" "$WORK/mvt.txt" || fail "GDAL read no feature from the tile"
curl -sf -H "X-API-Key: $KEY" "$API/tiles/segmentos.json" | grep -q '"tilejson":"3.0.0"' || fail "TileJSON"

kill -TERM "$SERVER"
wait "$SERVER" || true
echo "GIS clients drill passed: GDAL OAPIF, ogr2ogr GeoPackage and OWSLib read all $FEATURES features once; GDAL read a vector tile"
