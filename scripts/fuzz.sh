#!/usr/bin/env bash
# Fuzzing of the loader, the target grammar, the diff and the renderers with cargo-fuzz
# (libFuzzer). Not part of `.ci/run`: it takes minutes per target, and finds its crashes
# best when someone reads them. The figures of the last full run are in docs/design.md,
# section "Fuzzing and properties".
#
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET ...]
#
#   SECONDS_PER_TARGET  how long each target runs (default 120)
#   TARGET ...          the targets to run (default: all of `cargo fuzz list`): load,
#                       target_grammar, diff, render (fuzz/fuzz_targets/*.rs say what each
#                       asserts)
#
# Needs `cargo install cargo-fuzz --locked`. cargo-fuzz passes nightly-only flags
# (`-Zsanitizer`, `-Cpasses=sancov-module`); this script sets RUSTC_BOOTSTRAP=1 so that the
# stable toolchain accepts them, since a new machine may not be able to fetch a nightly.
# Targets are built with debug assertions and overflow checks (`-a`: an arithmetic overflow
# is a crash, as in a debug build) and without a sanitizer (`-s none`): the crate forbids
# `unsafe`, so what is left to find is panics, overflows, hangs and broken invariants.
#
# One job, one worker per target (the machine has 2 cores, shared). Seeds are the committed
# fuzz/corpus/<target>/ (small files from policies/ and tests/fixtures/); what the fuzzer
# adds goes to fuzz/target/corpus/<target>/, so the committed seeds stay as they are. A
# crash, hang (-timeout=10 s per input) or memory blow-up (-rss_limit_mb=1024) stops its
# target and is saved in fuzz/artifacts/<target>/; minimise it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin -a -s none TARGET fuzz/artifacts/TARGET/crash-...
#
# Output: one line per target (executions, seconds, crashes), logs in fuzz/target/logs/.
# Exit status: 0 when no target crashed, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export RUSTC_BOOTSTRAP=1

seconds=${1:-120}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo fuzz list)
fi
flags=(-a -s none)
cargo fuzz build "${flags[@]}"

mkdir -p target/logs
status=0
printf '%-16s %14s %8s %8s\n' target executions seconds crashes
for t in "${targets[@]}"; do
  mkdir -p "target/corpus/$t" "artifacts/$t"
  log="target/logs/$t.log"
  before=$(find "artifacts/$t" -type f | wc -l)
  start=$(date +%s)
  # -jobs=1 -workers=1: libFuzzer runs one worker and writes its output to fuzz-0.log in the
  # current directory; run it from the log directory so that file lands there.
  ( cd target/logs && rm -f fuzz-0.log &&
    cargo fuzz run --fuzz-dir "$OLDPWD" "${flags[@]}" "$t" "$OLDPWD/target/corpus/$t" "$OLDPWD/corpus/$t" -- \
      -max_total_time="$seconds" -jobs=1 -workers=1 -timeout=10 -rss_limit_mb=1024 \
      -max_len=32768 -print_final_stats=1 >/dev/null 2>&1 || true
    mv -f fuzz-0.log "$t.log" 2>/dev/null || true )
  elapsed=$(( $(date +%s) - start ))
  execs=$(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1 || true)
  crashes=$(( $(find "artifacts/$t" -type f | wc -l) - before ))
  printf '%-16s %14s %8s %8s\n' "$t" "${execs:-?}" "$elapsed" "$crashes"
  if [ "$crashes" -gt 0 ] || grep -aq 'ERROR: libFuzzer\|panicked at' "$log"; then
    status=1
    grep -a -m1 -A4 'panicked at\|ERROR: libFuzzer' "$log" | sed 's/^/    /' || true
  fi
done
exit $status
