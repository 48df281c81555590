#!/bin/sh
# RecWay's production start (the seed's start.sh): migrations and the first admin once, then serve
# with WORKERS processes (node:cluster). exec makes Node the process tini signals.
set -eu
cd "$(dirname "$0")/.."

echo "RecWay: applying migrations and creating the first admin (if ADMIN_EMAIL/ADMIN_PASSWORD are set)"
node dist/apps/api/apps/api/src/cli/prepare.js

echo "RecWay: serving"
# The heap cap of `npm run start:prod` (README, "Memory"): V8 collects at ~1.5× the live heap instead
# of letting old space grow towards a quarter of the machine's memory.
DATABASE_RUN_MIGRATIONS=false exec node --max-old-space-size=512 dist/apps/api/apps/api/src/main.js
