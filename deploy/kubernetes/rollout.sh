#!/usr/bin/env bash
# Rolls RecWay out to the current kubectl context: the prepare Job (migrations, first admin) first,
# and only when it has succeeded the API at the new image, so replicas never race on migrations and
# no new pod serves an older schema.
#   deploy/kubernetes/rollout.sh [overlay directory]      (default: overlays/production)
# The overlay's kustomization names the image tag: `kustomize edit set image` or edit newTag first.
set -euo pipefail
OVERLAY="${1:-$(dirname "$0")/overlays/production}"
NAMESPACE="$(kubectl kustomize "$OVERLAY" | awk '/^kind: Namespace$/{ns=1} ns && /^  name:/{print $2; exit}')"

# A Job's pod template cannot change: the previous release's Job goes first.
kubectl -n "$NAMESPACE" delete job recway-prepare --ignore-not-found --wait=true
# Namespace, settings, database cluster and the Job (everything labelled recway.io/prepare=true).
kubectl apply -k "$OVERLAY" -l recway.io/prepare=true
if ! kubectl -n "$NAMESPACE" wait --for=condition=complete job/recway-prepare --timeout=15m; then
  kubectl -n "$NAMESPACE" logs job/recway-prepare --tail=50 || true
  echo "rollout stopped: the prepare Job did not complete; the API still runs the previous release" >&2
  exit 1
fi
kubectl apply -k "$OVERLAY"
kubectl -n "$NAMESPACE" rollout status deployment/recway-api --timeout=10m
