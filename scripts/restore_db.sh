#!/usr/bin/env bash
# Restores a backup made by scripts/backup_db.sh (pg_dump custom format) into an EMPTY database.
#
#   DATABASE_URL=postgresql://user:pass@host:5432/recway_restored scripts/restore_db.sh /backups/recway_recway_20261125T114500Z.dump
#
# The target database must exist and have no tables in schema public (PostGIS's own
# spatial_ref_sys may already be there); create it with `createdb` first. Restore as a superuser
# (or a role allowed to CREATE EXTENSION postgis). All or nothing: one transaction, first error
# aborts and rolls back, so a failed restore leaves the target as empty as it was.
# Copy scripts/lib/libpq-url.sh along with it.
set -euo pipefail

die() { echo "restore_db: ERROR: $*" >&2; exit 1; }
log() { echo "restore_db: $*" >&2; }

# shellcheck source=lib/libpq-url.sh
source "$(dirname "$0")/lib/libpq-url.sh"

[[ $# -eq 1 ]] || die "usage: DATABASE_URL=<target> $0 <backup file>"
FILE=$1
[[ -n "${DATABASE_URL:-}" ]] || die "DATABASE_URL is not set (the EMPTY database to restore into)"
for tool in pg_restore psql; do
  command -v "$tool" >/dev/null || die "$tool not found (install the PostgreSQL client)"
done
[[ -f "$FILE" ]] || die "backup file ${FILE} does not exist"
[[ -r "$FILE" ]] || die "backup file ${FILE} is not readable"
# Reading the table of contents proves a complete custom-format archive this pg_restore understands.
TOC=$(pg_restore --list "$FILE" 2>/dev/null) ||
  die "${FILE} is not a pg_dump custom-format archive (pg_restore --list fails); nothing restored"

to_libpq_url "$DATABASE_URL"
PSQL=(psql "$LIBPQ_URL" -X -A -t -q -v ON_ERROR_STOP=1)
DB_NAME=$("${PSQL[@]}" -c 'SELECT current_database()') || die "cannot connect to the database in DATABASE_URL"

# "Empty" = no table, view, materialized view or foreign table in public except those an extension
# owns (a target with PostGIS already installed has spatial_ref_sys; that is fine).
EXISTING=$("${PSQL[@]}" -c "
  SELECT string_agg(c.relname, ', ' ORDER BY c.relname)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
    AND NOT EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')")
[[ -z "$EXISTING" ]] ||
  die "target database ${DB_NAME} is not empty (schema public has: ${EXISTING:0:300}); restore only into a new, empty database"

# Extensions the dump creates (postgis) must be installable on the target server; say so clearly
# instead of failing halfway through pg_restore.
while read -r ext; do
  [[ -n "$ext" ]] || continue
  # Through stdin: psql interpolates :'ext' (safely quoted) there, not in -c.
  [[ "$("${PSQL[@]}" -v ext="$ext" <<<"SELECT count(*) FROM pg_available_extensions WHERE name = :'ext'")" == 1 ]] ||
    die "the backup needs extension ${ext}, which is not installed on the target server"
done < <(awk '$4 == "EXTENSION" && $5 == "-" { print $6 }' <<<"$TOC")

log "restoring ${FILE} into database ${DB_NAME}"
# --no-owner: the objects belong to the restoring role (the source's roles may not exist here).
# The dump's CREATE EXTENSION IF NOT EXISTS postgis creates PostGIS, which fills spatial_ref_sys
# with the standard SRIDs; the dump holds only SRIDs users added (PostGIS's config-table filter),
# so nothing is duplicated. Generated columns (geom, geog, search_text) are recomputed on COPY.
pg_restore --dbname="$LIBPQ_URL" --no-owner --exit-on-error --single-transaction "$FILE" ||
  die "pg_restore failed; the transaction was rolled back and ${DB_NAME} is unchanged"
# pg_restore does not carry planner statistics; without them the first queries plan badly.
"${PSQL[@]}" -c 'ANALYZE' || log "warning: ANALYZE failed (the data is restored)"
TABLES=$("${PSQL[@]}" -c "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
echo "restored ${FILE} into ${DB_NAME} (${TABLES} tables in public)"
