#!/bin/sh
# Runs once, when the primary's data directory is first created (docker-entrypoint-initdb.d): lets
# the replica stream from it with the database owner's password.
set -eu
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
