#!/usr/bin/env bash
# Validates the deployment files with the tools that will read them (no Docker engine needed):
# every compose file with docker-compose's own parser, the Caddyfile with caddy, and the
# monitoring configuration (Prometheus, alerts, Grafana) with scripts/validate-monitoring.sh, and
# the Kubernetes manifests with scripts/validate-kubernetes.mjs.
# Needs: docker-compose (or docker compose), caddy, promtool, python3 + PyYAML, kubectl, npm ci done.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v docker-compose >/dev/null; then COMPOSE=(docker-compose); else COMPOSE=(docker compose); fi

# The production stack requires these (":?" in the file); any value will do for parsing.
export POSTGRES_PASSWORD=validate REDIS_PASSWORD=validate GRAFANA_ADMIN_PASSWORD=validate
export DOMAIN=api.recway.example.co ACME_EMAIL=ops@recway.example.co

# docker-compose.prod.yml reads the API's settings from .env.production; use the example's.
CREATED_ENV=false
if [ ! -f .env.production ]; then cp .env.production.example .env.production; CREATED_ENV=true; fi
trap 'if [ "$CREATED_ENV" = true ]; then rm -f .env.production; fi' EXIT

for file in docker/docker-compose*.yml; do
  "${COMPOSE[@]}" -f "$file" config -q
  echo "ok   $file (${COMPOSE[*]} config)"
done

# The read replica is an override of the production stack, validated as it is used.
"${COMPOSE[@]}" -f docker/docker-compose.prod.yml -f docker/replica.override.yml config -q
echo "ok   docker/docker-compose.prod.yml + docker/replica.override.yml (${COMPOSE[*]} config)"

caddy validate --adapter caddyfile --config docker/Caddyfile >/dev/null 2>&1 ||
  { caddy validate --adapter caddyfile --config docker/Caddyfile; exit 1; }
echo "ok   docker/Caddyfile (caddy validate)"

bash scripts/validate-monitoring.sh

# Rendered by kubectl's Kustomize, checked against the Kubernetes and CloudNativePG schemas; the
# self-test proves that known mistakes (a misspelt field, a wrong type…) are caught.
node scripts/validate-kubernetes.mjs --self-test
