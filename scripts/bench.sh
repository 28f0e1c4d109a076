#!/usr/bin/env bash
# Validation benchmark: slagate against ajv-cli and check-jsonschema, side by side, on the
# same generated corpus and the same schema (schemas/sla.schema.json).
#
# Usage: scripts/bench.sh [N_FILES=10000] [RUNS=3]
#        SLAGATE_BASELINE=path/to/older/slagate scripts/bench.sh ...   # before/after, one run
#
# Generates N distinct SLA files (~2.6 KB each, scripts/gen-corpus.py) into bench-out/,
# installs the peers there (ajv-cli 5.0.0 from npm, check-jsonschema from PyPI), and reports
# for each tool the best wall time of RUNS runs (after one untimed warm-up run), its peak
# resident memory (GNU time), and its ratio to slagate. slagate is measured twice:
# `--schema-only` (the same work as the peers: YAML + JSON Schema) and the full `validate`
# (schema, typed model and every lint rule).
# ajv-cli and check-jsonschema read the same YAML files; ajv-cli is also run on the JSON twin
# of the corpus (the same documents, without YAML parsing) to show what YAML costs it.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${2:-3}
out=bench-out
mkdir -p "$out/tools"

echo "building slagate (release)..."
cargo build --release --locked --quiet
slagate=$PWD/target/release/slagate

if [ ! -f "$out/corpus-$n/.done" ]; then
  rm -rf "$out/corpus-$n" "$out/corpus-$n-json"
  python3 scripts/gen-corpus.py "$out/corpus-$n" "$n" --seed 1 >/dev/null
  python3 scripts/gen-corpus.py "$out/corpus-$n-json" "$n" --seed 1 --json >/dev/null
  touch "$out/corpus-$n/.done"
fi
if [ ! -x "$out/tools/node_modules/.bin/ajv" ]; then
  (cd "$out/tools" && npm install --silent --no-audit --no-fund ajv-cli@5.0.0 >/dev/null)
fi
command -v check-jsonschema >/dev/null || python3 -m pip install --quiet 'check-jsonschema==0.39.0'
ajv=$PWD/$out/tools/node_modules/.bin/ajv

bytes=$(du -sb "$out/corpus-$n" | cut -f1)
echo "corpus: $n files, $((bytes / 1000000)) MB; $(nproc) cores; best of $runs runs"
echo

# measure NAME CMD... : prints "wall_seconds peak_kb" of the best run; checks the exit status.
# One untimed run first, for every tool alike, so that no tool pays for loading its program
# or the corpus from disk.
measure() {
  local name=$1; shift
  local best_wall="" best_mem=""
  "$@" >/dev/null 2>&1 || true
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >"$out/$name.out" 2>&1 || {
      echo "$name failed:"; tail -5 "$out/$name.out"; exit 1; }
    read -r wall mem < "$out/time.txt"
    if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall=$wall; best_mem=$mem; fi
  done
  echo "$best_wall $best_mem"
}

declare -A wall mem
row() { read -r "wall[$1]" "mem[$1]" < <(measure "$@"); }
row slagate-schema "$slagate" validate --schema-only --format json "$out/corpus-$n"
row slagate-full "$slagate" validate --format json "$out/corpus-$n"
tools="slagate-schema slagate-full"
# Another build of slagate (say, the last release, or main before a change), measured in the
# same run on the same files, so that before and after compare side by side.
if [ -n "${SLAGATE_BASELINE:-}" ]; then
  row baseline-schema "$SLAGATE_BASELINE" validate --schema-only --format json "$out/corpus-$n"
  row baseline-full "$SLAGATE_BASELINE" validate --format json "$out/corpus-$n"
  tools="$tools baseline-schema baseline-full"
fi
row ajv-cli "$ajv" validate --spec=draft2020 --strict=false --errors=no -s schemas/sla.schema.json -d "$out/corpus-$n/*.sla.yaml"
row ajv-cli-json "$ajv" validate --spec=draft2020 --strict=false --errors=no -s schemas/sla.schema.json -d "$out/corpus-$n-json/*.json"
row check-jsonschema check-jsonschema --schemafile schemas/sla.schema.json $(ls "$out"/corpus-"$n"/*.sla.yaml)

base=${wall[slagate-schema]}
printf '%-22s %10s %12s %12s\n' tool "wall (s)" "peak (MB)" "vs slagate"
for t in $tools ajv-cli ajv-cli-json check-jsonschema; do
  printf '%-22s %10s %12s %11sx\n' "$t" "${wall[$t]}" "$(( ${mem[$t]} / 1024 ))" "$(awk "BEGIN{printf \"%.1f\", ${wall[$t]} / ($base > 0 ? $base : 0.01)}")"
done
echo
# The targets of the validation issue: the full validate under 1 s and 200 MB, and at least
# 3 times faster than ajv-cli on the same files.
for t in slagate-full slagate-schema; do
  awk -v t="$t" -v s="${wall[$t]}" -v a="${wall[ajv-cli]}" -v c="${wall[check-jsonschema]}" \
    'BEGIN{printf "%s: %.1fx faster than ajv-cli, %.0fx faster than check-jsonschema\n", t, a / (s > 0 ? s : 0.01), c / (s > 0 ? s : 0.01)}'
done
