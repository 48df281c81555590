#!/usr/bin/env bash
# Backs up the RecWay database into one timestamped pg_dump custom-format file, then deletes this
# database's backups older than BACKUP_RETENTION_DAYS.
#
#   DATABASE_URL=postgresql://user:pass@host:5432/recway BACKUP_DIR=/var/backups/recway scripts/backup_db.sh
#
# Writes BACKUP_DIR/recway_<dbname>_<YYYYMMDDTHHMMSSZ>.dump (UTC) and prints its path as the last
# line of stdout (progress goes to stderr). BACKUP_RETENTION_DAYS: default 7, 0 keeps everything.
# Needs pg_dump, pg_restore and psql (postgresql-client) of the server's major version or newer.
# Copy scripts/lib/libpq-url.sh along with it.
set -euo pipefail

die() { echo "backup_db: ERROR: $*" >&2; exit 1; }
log() { echo "backup_db: $*" >&2; }

# shellcheck source=lib/libpq-url.sh
source "$(dirname "$0")/lib/libpq-url.sh"

[[ -n "${DATABASE_URL:-}" ]] || die "DATABASE_URL is not set (the database to back up)"
[[ -n "${BACKUP_DIR:-}" ]] || die "BACKUP_DIR is not set (where to write the backup)"
RETENTION_DAYS=${BACKUP_RETENTION_DAYS:-7}
[[ "$RETENTION_DAYS" =~ ^[0-9]+$ ]] || die "BACKUP_RETENTION_DAYS must be a whole number of days (0 keeps everything)"
for tool in pg_dump pg_restore psql; do
  command -v "$tool" >/dev/null || die "$tool not found (install the PostgreSQL client)"
done

to_libpq_url "$DATABASE_URL"
mkdir -p -- "$BACKUP_DIR" || die "cannot create BACKUP_DIR ${BACKUP_DIR}"
[[ -w "$BACKUP_DIR" ]] || die "BACKUP_DIR ${BACKUP_DIR} is not writable"

# The server's own name for the database (the URL may omit it); also fails early when unreachable.
DB_NAME=$(psql "$LIBPQ_URL" -X -A -t -v ON_ERROR_STOP=1 -c 'SELECT current_database()') ||
  die "cannot connect to the database in DATABASE_URL"
# Only [A-Za-z0-9_.-] in file names, so the retention pattern below can hold no glob characters.
SAFE_NAME=$(printf '%s' "$DB_NAME" | tr -c 'A-Za-z0-9_.-' '_')
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
FINAL="${BACKUP_DIR%/}/recway_${SAFE_NAME}_${STAMP}.dump"
# Exactly this database's names: recway_foo_… never matches recway_foo_bar_….
OWN_PATTERN="recway_${SAFE_NAME}_[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z.dump"
[[ ! -e "$FINAL" ]] || die "${FINAL} already exists (two backups in the same second?)"

# The dump goes to a hidden temp name that does not match OWN_PATTERN; only a complete, verified
# dump is renamed into place, so a failed or interrupted run never leaves a file that looks good.
TMP=$(mktemp "${BACKUP_DIR%/}/.recway_${SAFE_NAME}_${STAMP}.dump.partial.XXXXXX")
trap 'rm -f -- "$TMP"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "dumping database ${DB_NAME}"
# -Fc: custom format, compressed, restorable selectively and in parallel by pg_restore.
pg_dump --dbname="$LIBPQ_URL" --format=custom --compress=6 --file="$TMP" ||
  die "pg_dump failed; no backup written"
pg_restore --list "$TMP" >/dev/null || die "the dump does not read back (pg_restore --list); no backup written"
sync -- "$TMP" 2>/dev/null || true # on disk before the rename makes it look complete
# ln fails if FINAL appeared meanwhile: never overwrite an existing backup.
ln -- "$TMP" "$FINAL" || die "cannot create ${FINAL}"
rm -f -- "$TMP"
trap - EXIT
log "wrote $(du -h -- "$FINAL" | cut -f1) to ${FINAL}"

# Retention only after a successful dump (a failing backup never deletes the old ones), only this
# database's files, only in BACKUP_DIR itself. Temp files left by a killed run go after a day.
if ((RETENTION_DAYS > 0)); then
  find "$BACKUP_DIR" -maxdepth 1 -type f -name "$OWN_PATTERN" -mmin "+$((RETENTION_DAYS * 1440))" \
    -print -delete | sed 's/^/backup_db: deleted old backup /' >&2
fi
find "$BACKUP_DIR" -maxdepth 1 -type f -name ".recway_${SAFE_NAME}_*.dump.partial.*" -mmin +1440 -delete

echo "$FINAL"
