#!/usr/bin/env bash
# Validates the production monitoring config (docker/prometheus.yml, docker/alerts.yml and
# docker/grafana/) with the real parsers, so a typo fails CI instead of a silent empty dashboard or
# an alert that never fires. Runs every check, then exits 1 if any failed.
# Needs, already installed (this script installs nothing): promtool (Debian package `prometheus`),
# node, python3 with PyYAML.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

DOCKER=docker
GRAFANA=$DOCKER/grafana
passed=0
failed=0
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Runs one check, shows its output indented under its name, counts it.
check() {
  local name=$1
  shift
  if "$@" >"$WORK/out" 2>&1; then
    passed=$((passed + 1))
    echo "ok   $name"
  else
    failed=$((failed + 1))
    echo "FAIL $name"
  fi
  sed 's/^/       /' "$WORK/out"
}

# Missing tools are a broken CI image, not a config error: say which and stop.
missing=()
command -v promtool >/dev/null || missing+=("promtool (apt-get install prometheus)")
command -v node >/dev/null || missing+=("node")
python3 -c 'import yaml' 2>/dev/null || missing+=("python3 with PyYAML")
if [ ${#missing[@]} -gt 0 ]; then
  printf 'validate-monitoring: missing %s\n' "${missing[@]}" >&2
  exit 2
fi
echo "promtool $(promtool --version 2>&1 | sed -n '1s/.*version \([^ ]*\).*/\1/p'), node $(node --version), PyYAML $(python3 -c 'import yaml; print(yaml.__version__)')"

# --- Prometheus ----------------------------------------------------------------------------------
# check config also loads the rule_files it names (relative to prometheus.yml, as in the container).
check "promtool check config $DOCKER/prometheus.yml" promtool check config "$DOCKER/prometheus.yml"
check "promtool check rules $DOCKER/alerts.yml" promtool check rules "$DOCKER/alerts.yml"
check "promtool test rules $DOCKER/alerts.test.yml (each alert fires on its symptom, not on noise)" \
  promtool test rules "$DOCKER/alerts.test.yml"

# --- Grafana: every file parses ------------------------------------------------------------------
# PyYAML's message alone (line and column), not its traceback.
parse_yaml() { python3 -c 'import yaml, sys
try: yaml.safe_load(open(sys.argv[1]))
except yaml.YAMLError as error: sys.exit(str(error))' "$1"; }
parse_json() { node -e 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))' "$1"; }
count=0
while IFS= read -r -d '' file; do
  count=$((count + 1))
  case $file in
    *.json) check "JSON parses: $file" parse_json "$file" ;;
    *) check "YAML parses: $file" parse_yaml "$file" ;;
  esac
done < <(find "$GRAFANA" -type f \( -name '*.json' -o -name '*.yml' -o -name '*.yaml' \) -print0 | sort -z)
if [ "$count" -eq 0 ]; then
  failed=$((failed + 1))
  echo "FAIL no JSON/YAML file under $GRAFANA"
fi

# --- Grafana: provisioning agrees with the dashboards --------------------------------------------
# The dashboards name the datasource by uid; a uid the provisioning does not create shows
# "datasource not found" on every panel.
provisioning() {
  python3 - "$GRAFANA" <<'PY'
import glob, sys, yaml
root = sys.argv[1]
sys.excepthook = lambda kind, error, trace: print(f"{kind.__name__}: {error}")  # a file that does not parse failed above
sources = [d for f in glob.glob(f"{root}/provisioning/datasources/*.y*ml") for d in (yaml.safe_load(open(f)) or {}).get("datasources", [])]
prom = [d for d in sources if d.get("uid") == "prometheus"]
assert prom, "no datasource with uid 'prometheus'"
assert prom[0].get("type") == "prometheus", "datasource 'prometheus' is not of type prometheus"
assert prom[0].get("url") == "http://prometheus:9090", f"datasource url is {prom[0].get('url')}"
assert sum(1 for d in sources if d.get("isDefault")) == 1, "exactly one default datasource expected"
providers = [p for f in glob.glob(f"{root}/provisioning/dashboards/*.y*ml") for p in (yaml.safe_load(open(f)) or {}).get("providers", [])]
paths = [p.get("options", {}).get("path") for p in providers if p.get("type", "file") == "file"]
assert "/var/lib/grafana/dashboards" in paths, f"no file provider for /var/lib/grafana/dashboards (found {paths})"
print(f"datasource uid prometheus -> {prom[0]['url']} (default); dashboard provider path {paths}")
PY
}
check "provisioning: datasource uid 'prometheus' and file provider /var/lib/grafana/dashboards" provisioning

# --- Grafana: dashboard panels, and their PromQL through promtool --------------------------------
# Writes one recording rule per panel query into $WORK/panel-queries.yml (JSON is valid YAML), so
# `promtool check rules` parses every expression with Prometheus' own PromQL parser.
dashboards() {
  node - "$GRAFANA/dashboards" "$WORK/panel-queries.yml" <<'JS'
const fs = require('fs');
const path = require('path');
const [dir, out] = process.argv.slice(2);
const problems = [];
const rules = [];
// Grafana fills these in at query time; promtool needs plain durations.
const macros = (expr) =>
  expr.replace(/\$__rate_interval|\$__interval|\$__range/g, '5m').replace(/\[\$\{?\w+\}?\]/g, '[5m]');
for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.json')).sort()) {
  const dashboard = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const where = (panel) => `${file}: panel ${panel.id} "${panel.title}"`;
  if (!dashboard.uid) problems.push(`${file}: no uid`);
  // Rows collapsed in the JSON keep their panels inside them.
  const panels = (dashboard.panels || []).flatMap((panel) => [panel, ...(panel.panels || [])]);
  const ids = new Set();
  let count = 0;
  for (const panel of panels) {
    if (ids.has(panel.id)) problems.push(`${where(panel)}: duplicate id`);
    ids.add(panel.id);
    if (!panel.gridPos) problems.push(`${where(panel)}: no gridPos`);
    if (panel.type === 'row') continue; // a row has no query of its own
    count++;
    if (panel.datasource?.uid !== 'prometheus') problems.push(`${where(panel)}: datasource uid is not "prometheus"`);
    const targets = (panel.targets || []).filter((target) => typeof target.expr === 'string' && target.expr.trim());
    if (targets.length === 0) problems.push(`${where(panel)}: no target with a non-empty expr`);
    for (const target of panel.targets || []) {
      if (target.datasource && target.datasource.uid !== 'prometheus')
        problems.push(`${where(panel)} target ${target.refId}: datasource uid is not "prometheus"`);
    }
    for (const target of targets) {
      // promtool names the failing rule: <dashboard>_panel_<panel id>_<refId> points back to the query.
      rules.push({ record: `${path.basename(file, '.json').replace(/\W/g, '_')}_panel_${panel.id}_${target.refId}`, expr: macros(target.expr) });
    }
  }
  console.log(`${file}: uid ${dashboard.uid}, "${dashboard.title}", ${count} panels`);
}
console.log(`${rules.length} queries written for promtool`);
fs.writeFileSync(out, JSON.stringify({ groups: [{ name: 'dashboard-panel-queries', rules }] }, null, 2));
if (problems.length) {
  console.log(problems.join('\n'));
  process.exit(1);
}
JS
}
check "dashboards: every panel uses datasource uid 'prometheus' and has a non-empty expr" dashboards
if [ -s "$WORK/panel-queries.yml" ]; then
  check "promtool check rules: every dashboard PromQL expression parses" promtool check rules "$WORK/panel-queries.yml"
fi

# --- The queried metrics exist -------------------------------------------------------------------
# A metric renamed in the app leaves its panel empty and its alert silent, with no error anywhere:
# every app metric (http_*, recway_*) used by the dashboards or alerts must be declared in the app.
# prom-client's defaults (process_*, nodejs_*) are not declared there and are left out.
metric_names() {
  local used declared metric missing_names=()
  used=$(cat "$DOCKER/alerts.yml" "$GRAFANA"/dashboards/*.json |
    grep -oE '\b(http|recway)_[a-z0-9_]+' | sed -E 's/_(bucket|count|sum)$//' | sort -u)
  declared=$(grep -rhoE "['\"](http|recway)_[a-z0-9_]+['\"]" apps/api/src/metrics | tr -d "'\"" | sort -u)
  for metric in $used; do
    grep -qx "$metric" <<<"$declared" || missing_names+=("$metric")
  done
  echo "used: $(echo $used)"
  if [ ${#missing_names[@]} -gt 0 ]; then
    echo "not declared in apps/api/src/metrics: ${missing_names[*]}"
    return 1
  fi
}
check "metrics queried by dashboards and alerts are declared in apps/api/src/metrics" metric_names

echo
echo "monitoring: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
