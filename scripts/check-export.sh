#!/usr/bin/env bash
# Checks what `slagate export` writes for the agreements of policies/ (and the fixture
# tests/fixtures/export/windows.sla.yaml) with tools that are not
# slagate: no OpenSLO or Sloth validator installs from the registries this project reaches
# (PyPI, npm, Debian; OpenSLO's JSON Schemas were a proof of concept, removed in 2024, that
# predates `targetPercent` and `RatioTimeslices`; Sloth validates in Go only), so
#
# - another YAML reader (PyYAML, a YAML 1.1 parser, installed with pre-commit) reads every
#   document, and the rules of the OpenSLO v1 README and of Sloth's `prometheus/v1` spec and
#   validation that can be checked on the document alone are checked on what it read
#   (names, enums, ranges, one time window, the `{{.window}}` variable; docs/export.md);
# - every PromQL query written (OpenSLO's inline SLIs, Sloth's error ratios with `{{.window}}`
#   filled in as Sloth does, with 5m and 30d) goes through Prometheus's own parser:
#   `promtool check rules` (Debian's prometheus package, as tests/prometheus.rs uses).
#
# Usage: scripts/check-export.sh SLAGATE_BINARY
set -euo pipefail
bin=$(realpath "${1:?usage: $0 SLAGATE_BINARY}")
cd "$(dirname "$0")/.."
command -v promtool >/dev/null || { echo "promtool is not installed (Debian: apt-get install prometheus)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# policies/, and the fixture with every kind of window and hostile names.
for format in openslo sloth; do
  "$bin" export "$format" policies --bindings tests/fixtures/export/bindings.yaml --out "$work/$format" 2>"$work/$format.notes"
  tail -1 "$work/$format.notes"
  "$bin" export "$format" tests/fixtures/export/windows.sla.yaml --bindings tests/fixtures/export/windows.bindings.yaml --out "$work/$format" 2>"$work/$format.notes"
  tail -1 "$work/$format.notes"
done
python3 - "$work" <<'PY'
import glob, json, re, sys, zoneinfo
import yaml

work = sys.argv[1]
errors, queries = [], []
rfc1123 = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
annotation = re.compile(r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")
shorthand = re.compile(r"^[1-9][0-9]*[mhdwMQY]$")
start_time = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")
sloth_name = re.compile(r"^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]$")
label_name = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
window_var = re.compile(r"{{ *\.window *}}")

def check(ok, where, what):
    if not ok:
        errors.append(f"{where}: {what}")

def one_of(d, keys):
    return sum(1 for k in keys if k in d) == 1

def openslo(path, doc):
    where = f"{path} {doc.get('kind')} {doc.get('metadata', {}).get('name')}"
    check(doc.get("apiVersion") == "openslo/v1", where, "apiVersion is not openslo/v1")
    check(doc.get("kind") in ("Service", "SLO"), where, "kind is not Service or SLO")
    meta = doc["metadata"]
    check(isinstance(meta.get("name"), str) and rfc1123.match(meta["name"]), where, "metadata.name is not an RFC 1123 name")
    for k, v in (meta.get("annotations") or {}).items():
        check(annotation.match(k) and isinstance(v, str), where, f"annotation {k!r}")
    spec = doc["spec"]
    check(len(spec.get("description", "")) <= 1050, where, "description over 1050 characters")
    if doc["kind"] != "SLO":
        return
    check(rfc1123.match(spec.get("service", "")), where, "spec.service is not a name")
    check(one_of(spec, ("indicator", "indicatorRef")), where, "not exactly one of indicator, indicatorRef")
    check(spec.get("budgetingMethod") in ("Occurrences", "Timeslices", "RatioTimeslices"), where, "budgetingMethod")
    tw = spec.get("timeWindow")
    check(isinstance(tw, list) and len(tw) == 1, where, "timeWindow is not one item")
    w = tw[0]
    check(shorthand.match(str(w.get("duration"))), where, "timeWindow duration is not a shorthand")
    check(isinstance(w.get("isRolling"), bool), where, "isRolling is not a boolean")
    if not w.get("isRolling"):
        cal = w.get("calendar") or {}
        check(start_time.match(str(cal.get("startTime"))), where, "calendar.startTime")
        try:
            zoneinfo.ZoneInfo(cal.get("timeZone"))
        except Exception:
            check(False, where, f"calendar.timeZone {cal.get('timeZone')!r} is not an IANA zone")
    objectives = spec.get("objectives")
    check(isinstance(objectives, list) and objectives, where, "no objectives")
    for o in objectives:
        check(one_of(o, ("target", "targetPercent")), where, "not exactly one of target, targetPercent")
        if "targetPercent" in o:
            check(isinstance(o["targetPercent"], (int, float)) and 0 <= o["targetPercent"] < 100, where, "targetPercent outside [0, 100)")
        if "op" in o:
            check(o["op"] in ("lte", "gte", "lt", "gt") and isinstance(o.get("value"), (int, float)), where, "op/value")
        if spec["budgetingMethod"] in ("Timeslices", "RatioTimeslices"):
            check(shorthand.match(str(o.get("timeSliceWindow"))), where, "timeSliceWindow")
    if "indicator" in spec:
        ind = spec["indicator"]
        check(rfc1123.match(ind["metadata"]["name"]), where, "indicator name")
        s = ind["spec"]
        check(one_of(s, ("ratioMetric", "thresholdMetric")), where, "not exactly one of ratioMetric, thresholdMetric")
        r = s.get("ratioMetric", {})
        if "raw" in r:
            check(r.get("rawType") in ("success", "failure"), where, "rawType")
            check(not any(k in r for k in ("good", "bad", "total")), where, "raw with good/bad/total")
            queries.append(r["raw"]["metricSource"]["spec"]["query"])

def sloth(path, doc):
    where = f"{path} {doc.get('service')}"
    check(doc.get("version") == "prometheus/v1", where, "version is not prometheus/v1")
    check(sloth_name.match(doc.get("service", "")), where, "service name")
    for k, v in (doc.get("labels") or {}).items():
        check(label_name.match(k) and isinstance(v, str), where, f"label {k!r}")
    for s in doc["slos"]:
        w = f"{where} {s.get('name')}"
        check(sloth_name.match(s.get("name", "")), w, "SLO name")
        check(isinstance(s.get("objective"), (int, float)) and 0 < s["objective"] <= 100, w, "objective outside (0, 100]")
        sli = s["sli"]
        check(one_of(sli, ("raw", "events", "plugin")), w, "not exactly one SLI type")
        q = sli["raw"]["error_ratio_query"]
        check(window_var.search(q), w, "error_ratio_query without {{.window}}")
        check(s.get("alerting", {}).get("name"), w, "alerting.name is required")
        for window in ("5m", "30d"):
            queries.append(window_var.sub(window, q))

counts = {}
for fmt, fn in (("openslo", openslo), ("sloth", sloth)):
    for path in sorted(glob.glob(f"{work}/{fmt}/*.yaml")):
        for doc in yaml.safe_load_all(open(path)):
            counts[fmt] = counts.get(fmt, 0) + 1
            fn(path.removeprefix(work + "/"), doc)
rules = {"groups": [{"name": "slagate-export", "rules": [
    {"record": f"slagate_export_check_{i}", "expr": q} for i, q in enumerate(queries)]}]}
json.dump(rules, open(f"{work}/rules.yaml", "w"))
print(f"documents read: {counts}; queries for promtool: {len(queries)}")
if errors or counts.get("openslo", 0) == 0 or counts.get("sloth", 0) == 0:
    sys.exit("\n".join(errors) or "nothing was exported")
PY
promtool check rules "$work/rules.yaml"
