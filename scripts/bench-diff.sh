#!/usr/bin/env bash
# Diff benchmark: `slagate diff` in a git repository of N generated SLA files (default 10,000),
# once where 10 files change between two commits and once where every file changes.
#
# Usage: scripts/bench-diff.sh [N_FILES=10000] [RUNS=5]
#        SLAGATE_BASELINE=path/to/older/slagate scripts/bench-diff.sh ...   # before/after
#
# The repository is built once under bench-out/diff-N/ (scripts/gen-corpus.py, seed 1) with
# three commits: `corpus`, `ten` (10 files with one target weakened each) and, on a branch
# from `corpus`, `all` (every file with one target weakened). Each case reports the best wall
# time of RUNS runs and the peak resident memory (GNU time). Targets (issue 3), on 2 cores:
# under 0.3 s for 10 changed files, under 2 s for all 10,000.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}
runs=${2:-5}
out=bench-out/diff-$n
repo=$out/repo

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com

echo "building slagate (release)..."
cargo build --release --locked --quiet
slagate=$PWD/target/release/slagate

# One weakened target per file: a higher-is-better percent drops by a point, else a duration
# doubles. Every generated file has one or the other.
weaken() {
  perl -0pi -e 's{target: "(>=|>) ?(\d+(?:\.\d+)?)%"}{"target: \"$1 ".($2-1)."%\""}e
    or s{target: "(<=|<) ?(\d+)(ms|s|m|h|d|w)"}{"target: \"$1 ".($2*2)."$3\""}e' "$@"
}

if [ ! -f "$out/.done" ]; then
  rm -rf "$out"
  mkdir -p "$repo"
  git -C "$repo" init -q -b main
  python3 scripts/gen-corpus.py "$repo/policies" "$n" --seed 1 >/dev/null
  git -C "$repo" add -A
  git -C "$repo" commit -q -m corpus
  (cd "$repo" && files=(policies/*.yaml) && weaken "${files[@]:0:10}")
  git -C "$repo" commit -q -a -m ten
  git -C "$repo" checkout -q -b all main~1
  (cd "$repo" && find policies -name '*.yaml' -print0 | xargs -0 -n 500 bash -c "$(declare -f weaken); weaken \"\$@\"" _)
  git -C "$repo" commit -q -a -m all
  git -C "$repo" checkout -q main
  touch "$out/.done"
fi

bytes=$(du -sb "$repo/policies" | cut -f1)
echo "repository: $n SLA files, $((bytes / 1000000)) MB; $(nproc) cores; best of $runs runs"
echo

# measure NAME ARGS... : best "wall_seconds peak_kb" of RUNS runs of `slagate diff ARGS`, which
# must exit 0 or 1 (findings) and report NAME's expected number of weakened findings.
measure() {
  local name=$1 want=$2; shift 2
  local best_wall="" best_mem=""
  for _ in $(seq "$runs"); do
    local status=0
    (cd "$repo" && /usr/bin/time -f "%e %M" -o "../time.txt" "$bin" diff --today 2026-11-01 --format json "$@" >"../$name.json" 2>"../$name.err") || status=$?
    if [ "$status" -gt 1 ]; then echo "$name failed:"; tail -5 "$out/$name.err"; exit 1; fi
    read -r wall mem < <(tail -n 1 "$out/time.txt")
    if [ -z "$best_wall" ] || awk "BEGIN{exit !($wall < $best_wall)}"; then best_wall=$wall; best_mem=$mem; fi
  done
  local got
  got=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['summary']['weakened'])" "$out/$name.json")
  if [ "$got" != "$want" ]; then echo "$name: expected $want weakened findings, got $got"; exit 1; fi
  printf "%-34s %6s s %8s MB  (%s weakened findings)\n" "$name" "$best_wall" "$((best_mem / 1024))" "$got"
}

# Every case with this build, then (with SLAGATE_BASELINE) with another build of slagate, in
# the same run on the same repository, so that before and after compare side by side.
cases() {
  measure "10 of $n files changed$1" 10 --base main~1 --head main
  measure "all $n files changed$1" "$n" --base main~1 --head all
  measure "10 changed, working tree$1" 10 --base main~1
  measure "nothing changed$1" 0 --base main --head main
}
bin=$slagate cases ""
if [ -n "${SLAGATE_BASELINE:-}" ]; then
  bin=$SLAGATE_BASELINE cases " (baseline)"
fi
