#!/bin/sh
# A streaming replica of `db`: on first start, copy it with pg_basebackup -R (standby.signal, the
# connection to the primary, and a replication slot so the primary keeps WAL the replica still
# needs); then run PostgreSQL as a hot standby.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA" && chown postgres "$PGDATA" && chmod 700 "$PGDATA"
  until gosu postgres pg_basebackup -h db -U "$POSTGRES_USER" -D "$PGDATA" -R -X stream -C -S recway_replica; do
    echo "replica: waiting for the primary"; rm -rf "${PGDATA:?}"/*; sleep 5
  done
fi
exec gosu postgres postgres -c hot_standby=on -c hot_standby_feedback=on
