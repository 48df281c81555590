#!/usr/bin/env bash
# Backup/restore drill: proves scripts/backup_db.sh + scripts/restore_db.sh lose nothing.
# Builds a source database with the app's migrations and realistic, hostile data, backs it up (with
# retention), restores it into a fresh database, and compares every table in public (row count and
# checksum), PostGIS queries, sequences and the schema; then shows the refusals and failure modes.
# Exits 1 on any difference. Needs `npm run build` (dist/.../cli/prepare.js) and PostgreSQL +
# PostGIS at PG_BASE (default the local server, trust auth); creates and always drops
# recway_backup_drill_{src,dst,trunc}.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_BASE=${PG_BASE:-postgresql://postgres@127.0.0.1:5432}
PG_BASE=${PG_BASE%/}
PREPARE=dist/apps/api/apps/api/src/cli/prepare.js
SRC=recway_backup_drill_src
DST=recway_backup_drill_dst
TRUNC=recway_backup_drill_trunc
SRC_URL="$PG_BASE/$SRC"
DST_URL="$PG_BASE/$DST"
TRUNC_URL="$PG_BASE/$TRUNC"
# The scripts must take the app's other URL forms too: SQLAlchemy's driver, ssl= and pool params.
SRC_URL_ASYNCPG="postgresql+asyncpg://${PG_BASE#*://}/$SRC?ssl=prefer&pool_size=5&max_overflow=2"
DST_URL_POSTGRES="postgres://${PG_BASE#*://}/$DST"
# Must never appear in the scripts' output: a canary password in a failing URL, and PG_BASE's own
# password (unless it equals the user name, as in CI, since names are printed).
PG_PASSWORD=$(sed -nE 's#^[^:]+://[^:/@]+:([^@]+)@.*#\1#p' <<<"$PG_BASE")
[[ "$PG_PASSWORD" != "$(sed -nE 's#^[^:]+://([^:/@]+):.*#\1#p' <<<"$PG_BASE")" ]] || PG_PASSWORD=""
CANARY=Canary-Pw-3f9c1e7d

[[ -f "$PREPARE" ]] || { echo "FAILED: $PREPARE missing; run npm run build first"; exit 1; }
WORK=$(mktemp -d)
BACKUP_DIR="$WORK/backups"
mkdir -p "$BACKUP_DIR"
FAILURES=0
ALL_OUTPUT="$WORK/scripts-output.log" # everything the two scripts print, checked for passwords

admin() { PGOPTIONS='-c client_min_messages=warning' psql "$PG_BASE/postgres" -X -q -v ON_ERROR_STOP=1 "$@"; }
q() { local url=$1; shift; psql "$url" -X -A -t -q -v ON_ERROR_STOP=1 "$@"; }
ok() { echo "  ok    $*"; }
bad() { echo "  FAIL  $*"; FAILURES=$((FAILURES + 1)); }
expect() { if [[ "$2" == "$3" ]]; then ok "$1: $2"; else bad "$1: got '$2', expected '$3'"; fi; }
# Files in BACKUP_DIR (hidden ones too) on one line, in byte order.
files() { (cd "$BACKUP_DIR" && shopt -s dotglob nullglob && printf '%s\n' * | LC_ALL=C sort | tr '\n' ' '); }
# Runs a script, keeps its output for the password check, returns its exit status.
run() { local status=0; "$@" >"$WORK/out" 2>&1 || status=$?; cat "$WORK/out" >>"$ALL_OUTPUT"; return "$status"; }
cleanup() {
  for db in "$SRC" "$DST" "$TRUNC"; do
    admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" 2>/dev/null || echo "warning: could not drop $db"
  done
  rm -rf -- "$WORK"
}
trap cleanup EXIT

for db in "$SRC" "$DST" "$TRUNC"; do admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; done
admin -c "CREATE DATABASE $SRC"

echo "== 1. Source database: migrations + first admin (prepare.js), then data"
ADMIN_EMAIL=drill-admin@example.com ADMIN_PASSWORD='Drill-Admin-Pass-2026!' DATABASE_URL="$SRC_URL" \
  node "$PREPARE" >"$WORK/prepare.log" 2>&1 || { cat "$WORK/prepare.log"; echo "FAILED: prepare.js"; exit 1; }
q "$SRC_URL" <<'SQL'
-- 6000 segments over Spain, some NULL descriptions/locations, varied versions and timestamps.
INSERT INTO segmentos (nombre, descripcion, longitud, latitud, ubicacion, version, created_at, updated_at)
SELECT 'Tramo ' || i || ' — N-' || (i % 640),
       CASE WHEN i % 7 = 0 THEN NULL
            ELSE 'Firme ' || (ARRAY['bueno', 'regular', 'malo', 'en obras'])[1 + i % 4] || ', IRI ' || round((i % 97) / 10.0, 1) END,
       -9.3 + (i * 7919 % 12000) / 1000.0 + i / 1e9,
       36.0 + (i * 104729 % 7800) / 1000.0 + i / 3e9,
       CASE WHEN i % 11 = 0 THEN NULL ELSE (ARRAY['Ávila', 'Cáceres', 'A Coruña', 'Logroño', 'Málaga', 'Girona'])[1 + i % 6] END,
       1 + i % 5,
       timestamptz '2025-01-01 00:00:00+00' + i * interval '17 minutes 0.123456 seconds',
       timestamptz '2025-01-01 00:00:00+00' + i * interval '17 minutes' + (i % 13) * interval '1 hour'
FROM generate_series(1, 6000) AS i;

-- Hostile text: quotes, SQL injection, COPY's own markers, emoji/ZWJ/astral, RTL, newlines, NULL vs 'NULL'.
INSERT INTO segmentos (nombre, descripcion, longitud, latitud, ubicacion) VALUES
  ($$O'Donnell "dobles" `tildes`$$, $$'; DROP TABLE segmentos; --$$, -3.7038, 40.4168, $$Madrid'); DELETE FROM usuarios; --$$),
  ($$Robert'); DROP TABLE usuarios;--$$, NULL, -3.70, 40.41, NULL),
  ('🚧 Obras 🛣️ 👷‍♀️ 🇪🇸', 'ZWJ 👨‍👩‍👧‍👦, astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, combining é (e + U+0301)', -0.3763, 39.4699, 'València 🍊'),
  ('طريق الملك فهد', 'RTL עברית mixed with LTR ‏‎ marks and ‮override‬', 46.6753, 24.7136, 'الرياض'),
  (E'Línea 1\nLínea 2\r\nLínea 3\tcon tab', E'back\\slash \\N \\t literal\n\\.\nafter the COPY end marker', -5.9845, 37.3891, E'Sevilla\n'),
  ('NULL', 'null', 2.1734, 41.3851, 'NULL'),
  (E'\\N', E'\\.', 2.17, 41.38, E'\\'),
  (repeat('x', 200), repeat('ñ', 2000), -8.5448, 42.8782, repeat('ü', 200)),
  ('Ñandú ÁÉÍÓÚ àèìòù Ç', 'zero​width and non breaking spaces', -1.6432, 42.8125, 'Pamplona/Iruña'),
  ('Antimeridiano', 'extremes', 180, 90, NULL),
  ('Antimeridiano oeste', 'extremes', -180, -90, NULL),
  ('Null Island', 'signed zero and tiny floats', -0.0, 1e-300, NULL),
  ('Float precision', '0.1 + 0.2', 0.1 + 0.2, 1 / 3.0, NULL);

-- Edits and deletions: gaps in ids, and the sequence ahead of max(id) (deleted last rows).
UPDATE segmentos SET version = version + 1, updated_at = updated_at + interval '1 day' WHERE id_segmento % 31 = 0;
DELETE FROM segmentos WHERE id_segmento % 97 = 0;
INSERT INTO segmentos (nombre, longitud, latitud) SELECT 'borrado ' || i, 0, 0 FROM generate_series(1, 5) i;
DELETE FROM segmentos WHERE nombre LIKE 'borrado %';

-- Users beside the admin prepare.js created: mixed-case emails, hostile names, all roles.
INSERT INTO usuarios (email, full_name, password_hash, role, is_active, must_change_password, last_login_at, created_at)
SELECT 'User' || i || '@Example.COM',
       CASE WHEN i % 5 = 0 THEN NULL ELSE 'Usuario ' || i || $$ O'Brien 🚦 "x"$$ END,
       '$2b$12$' || substr(md5('salt' || i) || md5('hash' || i), 1, 53),
       (ARRAY['admin', 'editor', 'viewer'])[1 + i % 3], i % 9 <> 0, i % 4 = 0,
       CASE WHEN i % 2 = 0 THEN timestamptz '2026-01-01 08:00:00+00' + i * interval '1 day 3 hours' END,
       timestamptz '2025-06-01 00:00:00+00' + i * interval '1 hour'
FROM generate_series(1, 60) AS i;

-- Refresh tokens: 4 per user, some used, some revoked, one family per user.
INSERT INTO refresh_tokens (id, user_id, family_id, secret_hash, expires_at, used_at, revoked_at)
SELECT gen_random_uuid(), u.id, md5(u.id::text)::uuid, encode(sha256(convert_to(u.email || g, 'UTF8')), 'hex'),
       now() + g * interval '1 day',
       CASE WHEN g < 4 THEN now() - interval '1 hour' END,
       CASE WHEN g = 1 AND u.role = 'viewer' THEN now() END
FROM usuarios u CROSS JOIN generate_series(1, 4) AS g;

-- Idempotency keys with JSON responses (unicode, nesting, JSON null, SQL NULL).
INSERT INTO idempotency_keys (scope, key, request_hash, response, created_at)
SELECT 'POST /api/v1/segmentos:user-' || (i % 7), 'key-' || i || CASE WHEN i % 10 = 0 THEN $$-'quote"$$ ELSE '' END,
       encode(sha256(convert_to('request ' || i, 'UTF8')), 'hex'),
       CASE WHEN i % 10 = 3 THEN NULL
            ELSE jsonb_build_object('status', 201, 'body', jsonb_build_object(
                   'id_segmento', i, 'nombre', $$O'Reilly 🚧 "x" \n$$, 'extra',
                   jsonb_build_array(1, 2.5, NULL, true, 'طريق', jsonb_build_object('a', 'null')))) END,
       now() - i * interval '5 minutes'
FROM generate_series(1, 150) AS i;

-- A user-defined SRID: PostGIS dumps only those rows of spatial_ref_sys (its config-table filter).
INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text)
VALUES (910001, 'RECWAY', 910001, NULL, '+proj=longlat +datum=WGS84 +no_defs');
SQL
q "$SRC_URL" -c "SELECT format('  source: %s segmentos, %s usuarios, %s refresh_tokens, %s idempotency_keys',
  (SELECT count(*) FROM segmentos), (SELECT count(*) FROM usuarios),
  (SELECT count(*) FROM refresh_tokens), (SELECT count(*) FROM idempotency_keys))"

echo "== 2. Backup (postgresql+asyncpg:// URL with ssl= and pool params), with retention"
OWN_PREFIX="recway_${SRC}_"
# Old (10 days) and recent (2 days) backups of this database; old files that are not its backups.
touch -d '10 days ago' "$BACKUP_DIR/${OWN_PREFIX}20200101T000000Z.dump" "$BACKUP_DIR/notes-old.txt" \
  "$BACKUP_DIR/${OWN_PREFIX}20200101T000000Z.dump.keep" "$BACKUP_DIR/recway_${SRC}_other_20200101T000000Z.dump"
touch -d '2 days ago' "$BACKUP_DIR/${OWN_PREFIX}20200102T000000Z.dump"
if run env DATABASE_URL="$SRC_URL_ASYNCPG" BACKUP_DIR="$BACKUP_DIR" scripts/backup_db.sh; then
  ok "backup_db.sh exited 0"
else
  cat "$WORK/out"; echo "FAILED: backup_db.sh"; exit 1
fi
sed 's/^/  | /' "$WORK/out"
DUMP=$(tail -n 1 "$WORK/out")
if [[ "$DUMP" =~ /${OWN_PREFIX}[0-9]{8}T[0-9]{6}Z\.dump$ && -s "$DUMP" ]]; then
  ok "last line is the new file: $(basename "$DUMP") ($(du -h "$DUMP" | cut -f1))"
else
  bad "last line is not a backup file: $DUMP"
fi
expect "file format (pg_restore --list)" "$(pg_restore --list "$DUMP" | sed -n 's/^;[[:space:]]*Format: //p')" "CUSTOM"
expect "file mode (dumps hold password hashes)" "$(stat -c %a "$DUMP")" "600"
expect "retention (only its own 10-day-old file deleted)" "$(files)" "$(cd "$BACKUP_DIR" && printf '%s\n' notes-old.txt \
  "${OWN_PREFIX}20200101T000000Z.dump.keep" "${OWN_PREFIX}20200102T000000Z.dump" "$(basename "$DUMP")" \
  "recway_${SRC}_other_20200101T000000Z.dump" | LC_ALL=C sort | tr '\n' ' ')"

echo "== 3. Restore into a new empty database (postgres:// URL)"
admin -c "CREATE DATABASE $DST"
if run env DATABASE_URL="$DST_URL_POSTGRES" scripts/restore_db.sh "$DUMP"; then
  ok "restore_db.sh exited 0"
else
  cat "$WORK/out"; echo "FAILED: restore_db.sh"; exit 1
fi
sed 's/^/  | /' "$WORK/out"

echo "== 4. Source vs restored"
TABLES_SRC=$(q "$SRC_URL" -c "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")
TABLES_DST=$(q "$DST_URL" -c "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")
expect "tables in public" "$(tr '\n' ' ' <<<"$TABLES_DST")" "$(tr '\n' ' ' <<<"$TABLES_SRC")"
printf '  %-20s %8s %8s  %-32s  %s\n' table "rows src" "rows dst" "checksum (md5 of sorted rows)" match
# Every column of every row, generated ones included (geom/geog as EWKB hex, search_text).
checksum() {
  q "$1" -c "SELECT count(*) || ' ' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text COLLATE \"C\"), ''))
             FROM public.$(q "$1" -c "SELECT quote_ident('$2')") t"
}
while read -r table; do
  read -r rows_src sum_src <<<"$(checksum "$SRC_URL" "$table")"
  read -r rows_dst sum_dst <<<"$(checksum "$DST_URL" "$table")"
  if [[ "$rows_src" == "$rows_dst" && "$sum_src" == "$sum_dst" ]]; then match=yes; else match=NO; FAILURES=$((FAILURES + 1)); fi
  printf '  %-20s %8s %8s  %-32s  %s\n' "$table" "$rows_src" "$rows_dst" "$sum_dst" "$match"
done <<<"$TABLES_SRC"
# The comparison is not vacuous: one extra character in one row (rolled back) changes the checksum.
TAMPERED=$(q "$DST_URL" -c BEGIN -c "UPDATE segmentos SET descripcion = descripcion || '.'
  WHERE id_segmento = (SELECT min(id_segmento) FROM segmentos WHERE descripcion IS NOT NULL)" \
  -c "SELECT md5(string_agg(t::text, '|' ORDER BY t::text COLLATE \"C\")) FROM segmentos t" -c ROLLBACK)
SEG_SUM=$(checksum "$SRC_URL" segmentos)
if [[ -n "$TAMPERED" && "$TAMPERED" != "${SEG_SUM#* }" ]]; then
  ok "checksum sensitivity: one changed character in segmentos gives $TAMPERED"
else
  bad "checksum did not notice a changed row ($TAMPERED)"
fi
[[ "$(q "$SRC_URL" -c 'SELECT count(*) FROM segmentos')" -ge 5000 ]] || bad "fewer than 5000 segmentos in the source"

# Schema: tables, generated columns, constraints, indexes, functions, identical. Two known
# differences are noise: pg_dump's random \restrict key, and PostgreSQL deparsing a restored
# `varchar IN (...)` CHECK as ARRAY[('a'::varchar)::text, …] instead of (ARRAY['a'::varchar, …])::text[]
# (same meaning; the constraint is exercised below).
schema() {
  pg_dump --schema-only --no-owner "$1" | grep -v -e '^--' -e '^\\restrict ' -e '^\\unrestrict ' |
    sed -E -e "s/\(('[^']*'::character varying)\)::text/\1/g" -e 's/ANY \(\((ARRAY\[[^]]*\])\)::text\[\]\)/ANY (\1)/g'
}
schema "$SRC_URL" >"$WORK/schema-src.sql"
schema "$DST_URL" >"$WORK/schema-dst.sql"
if diff -u "$WORK/schema-src.sql" "$WORK/schema-dst.sql" >"$WORK/schema.diff"; then
  ok "schema identical (pg_dump --schema-only: $(grep -c '^CREATE' "$WORK/schema-dst.sql") CREATE statements)"
else
  bad "schema differs:"; head -40 "$WORK/schema.diff"
fi

# PostGIS in the target: extension, distance query through the GiST index, reprojection.
expect "postgis in target" "$(q "$DST_URL" -c "SELECT extversion FROM pg_extension WHERE extname = 'postgis'")" \
  "$(q "$SRC_URL" -c "SELECT extversion FROM pg_extension WHERE extname = 'postgis'")"
NEAR="SET enable_seqscan = off; SELECT count(*) FROM segmentos WHERE ST_DWithin(geog, ST_MakePoint(-3.7038, 40.4168)::geography, 250000)"
NEAR_SRC=$(q "$SRC_URL" -c "$NEAR")
expect "ST_DWithin 250 km of Madrid (GiST index)" "$(q "$DST_URL" -c "$NEAR")" "$NEAR_SRC"
[[ "$NEAR_SRC" -gt 100 ]] || bad "ST_DWithin matched only $NEAR_SRC rows in the source"
REPROJECT="SELECT md5(string_agg(ST_AsText(ST_Transform(geom, 25830), 3), ',' ORDER BY id_segmento)) FROM segmentos WHERE latitud BETWEEN 36 AND 44"
expect "ST_Transform to EPSG:25830 (standard spatial_ref_sys rows)" "$(q "$DST_URL" -c "$REPROJECT")" "$(q "$SRC_URL" -c "$REPROJECT")"
expect "user SRID 910001 restored, no duplicates" \
  "$(q "$DST_URL" -c "SELECT count(*) FROM spatial_ref_sys WHERE srid = 910001")" 1
GEOCOLS="SELECT string_agg(f_table_name || '.' || f_geometry_column || ':' || type || ':' || srid, ' ' ORDER BY f_table_name, f_geometry_column) FROM geometry_columns"
expect "geometry_columns" "$(q "$DST_URL" -c "$GEOCOLS")" "$(q "$SRC_URL" -c "$GEOCOLS")"

# Sequences continue where the source stopped (including ids used by since-deleted rows).
SEQS="SELECT string_agg(sequencename || '=' || coalesce(last_value::text, 'unused'), ' ' ORDER BY sequencename) FROM pg_sequences WHERE schemaname = 'public'"
expect "sequences" "$(q "$DST_URL" -c "$SEQS")" "$(q "$SRC_URL" -c "$SEQS")"
NEXT_EXPECTED=$(($(q "$SRC_URL" -c "SELECT last_value FROM segmentos_id_segmento_seq") + 1))
MAX_SRC=$(q "$SRC_URL" -c "SELECT max(id_segmento) FROM segmentos")
NEW_ID=$(q "$DST_URL" -c "INSERT INTO segmentos (nombre, longitud, latitud) VALUES ('después del restore', -3.7, 40.4) RETURNING id_segmento")
expect "next id_segmento after restore (source max $MAX_SRC)" "$NEW_ID" "$NEXT_EXPECTED"

# CHECK constraints still bite in the target.
if q "$DST_URL" -c "INSERT INTO usuarios (email, password_hash, role) VALUES ('x@example.com', 'x', 'root')" 2>/dev/null; then
  bad "usuarios_role_check accepted role 'root' in the target"
else
  ok "usuarios_role_check still rejects role 'root' in the target"
fi

# The app accepts the restored database: no pending migration, the admin is not created again.
if ADMIN_EMAIL=drill-admin@example.com ADMIN_PASSWORD='Drill-Admin-Pass-2026!' DATABASE_URL="$DST_URL" \
  node "$PREPARE" >"$WORK/prepare-dst.log" 2>&1; then
  expect "prepare.js on the restored database: migrations, admins" \
    "$(q "$DST_URL" -c "SELECT (SELECT count(*) FROM typeorm_migrations) || ', ' || (SELECT count(*) FROM usuarios WHERE email = 'drill-admin@example.com')")" \
    "$(q "$SRC_URL" -c "SELECT (SELECT count(*) FROM typeorm_migrations) || ', ' || 1")"
else
  bad "prepare.js failed on the restored database"; tail -20 "$WORK/prepare-dst.log"
fi

echo "== 5. Refusals and failures"
ROWS_BEFORE=$(q "$DST_URL" -c "SELECT count(*) FROM segmentos")
if run env DATABASE_URL="$DST_URL" scripts/restore_db.sh "$DUMP"; then
  bad "restore into a non-empty database was accepted"
else
  ok "non-empty target refused: $(tail -n 1 "$WORK/out")"
fi
expect "target untouched" "$(q "$DST_URL" -c "SELECT count(*) FROM segmentos")" "$ROWS_BEFORE"
echo "this is not a dump" >"$WORK/fake.dump"
if run env DATABASE_URL="$DST_URL" scripts/restore_db.sh "$WORK/fake.dump"; then
  bad "a non-dump file was accepted"
else
  ok "non-dump file refused: $(tail -n 1 "$WORK/out")"
fi
if run env DATABASE_URL="$DST_URL" scripts/restore_db.sh "$WORK/missing.dump"; then
  bad "a missing file was accepted"
else
  ok "missing file refused: $(tail -n 1 "$WORK/out")"
fi
# A truncated dump still lists (the TOC is at its start) but fails mid-restore: all or nothing.
head -c "$(($(stat -c %s "$DUMP") * 2 / 3))" "$DUMP" >"$WORK/truncated.dump"
admin -c "CREATE DATABASE $TRUNC"
if run env DATABASE_URL="$TRUNC_URL" scripts/restore_db.sh "$WORK/truncated.dump"; then
  bad "a truncated dump restored without error"
else
  ok "truncated dump failed: $(tail -n 1 "$WORK/out")"
fi
expect "after the failed restore, tables in the target" \
  "$(q "$TRUNC_URL" -c "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")" 0

if run env BACKUP_DIR="$BACKUP_DIR" DATABASE_URL= scripts/backup_db.sh; then bad "backup without DATABASE_URL succeeded"; else ok "no DATABASE_URL: $(tail -n 1 "$WORK/out")"; fi
if run env DATABASE_URL="$SRC_URL" BACKUP_DIR= scripts/backup_db.sh; then bad "backup without BACKUP_DIR succeeded"; else ok "no BACKUP_DIR: $(tail -n 1 "$WORK/out")"; fi
FILES_BEFORE=$(files)
if run env DATABASE_URL="$PG_BASE/recway_backup_drill_missing" BACKUP_DIR="$BACKUP_DIR" scripts/backup_db.sh; then
  bad "backup of a missing database succeeded"
else
  ok "missing database: $(tail -n 1 "$WORK/out")"
fi
if run env DATABASE_URL="postgresql+asyncpg://postgres:${CANARY}@127.0.0.1:1/nowhere?ssl=require" BACKUP_DIR="$BACKUP_DIR" scripts/backup_db.sh; then
  bad "backup to an unreachable server succeeded"
else
  ok "unreachable server: $(tail -n 1 "$WORK/out")"
fi
# pg_dump dying halfway: a stand-in writes half a dump and fails; nothing may look like a backup.
mkdir -p "$WORK/bin"
cat >"$WORK/bin/pg_dump" <<'SH'
#!/bin/sh
for arg; do case "$arg" in --file=*) out=${arg#--file=} ;; esac; done
printf 'PGDMP half a dump' >"$out"
echo "pg_dump: error: simulated failure halfway" >&2
exit 1
SH
chmod +x "$WORK/bin/pg_dump"
if run env PATH="$WORK/bin:$PATH" DATABASE_URL="$SRC_URL" BACKUP_DIR="$BACKUP_DIR" scripts/backup_db.sh; then
  bad "a failing pg_dump produced a backup"
else
  ok "pg_dump failing halfway: $(tail -n 1 "$WORK/out")"
fi
expect "files in BACKUP_DIR after the failures (no partial or new file)" "$(files)" "$FILES_BEFORE"

LEAKS=0
for secret in "$CANARY" ${PG_PASSWORD:+"$PG_PASSWORD"}; do
  if grep -qF -- "$secret" "$ALL_OUTPUT"; then LEAKS=$((LEAKS + 1)); fi
done
expect "passwords in the scripts' output ($(wc -l <"$ALL_OUTPUT") lines)" "$LEAKS" 0

echo
if ((FAILURES)); then
  echo "BACKUP/RESTORE DRILL FAILED: $FAILURES check(s)"
  exit 1
fi
echo "BACKUP/RESTORE DRILL PASSED: every table identical after backup and restore"
