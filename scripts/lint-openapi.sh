#!/usr/bin/env bash
# Lints the OpenAPI document of a running RecWay with Redocly's recommended rules (redocly.yaml).
# Usage: scripts/lint-openapi.sh [base URL, default http://127.0.0.1:3000]. Fails on any error.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-http://127.0.0.1:3000}"
document="$(mktemp --suffix=.json)"
trap 'rm -f "$document"' EXIT
curl -sf "${base}/docs-json" -o "$document"
npx --no-install redocly lint --config redocly.yaml --format stylish "$document"
