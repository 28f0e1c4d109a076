#!/usr/bin/env bash
# Mutation testing of the gate (and, on request, other files) with cargo-mutants.
#
# Usage: scripts/mutants.sh [--full] [FILE ...]
#
#   FILE ...   the files to mutate (default: src/gate/*.rs), e.g.
#              scripts/mutants.sh src/diff/rules/targets.rs src/diff/impact.rs
#   --full     test each mutant with the whole `cargo test` (the measure of issue 9);
#              without it, the fast mode runs the library's unit tests only (`cargo test --lib`).
#
# Environment:
#   MUTANTS_RE        only the mutants whose name matches this regex (cargo-mutants `--re`),
#                     e.g. to confirm the fast mode's survivors with --full
#   MUTANTS_TIMEOUT   seconds one mutant's tests may run before it counts as a timeout
#                     (default 60 fast, 600 full; unmutated, they take 1-2 s and under 1 min)
#   MUTANTS_BUILD_TIMEOUT  seconds one build may take (default 1200: the first one builds
#                     every dependency in the `mutants` profile, about 4 min here)
#   MUTANTS_BUDGET    seconds the whole run may take (default 3600). When it is spent the run
#                     is interrupted: the mutants tested so far keep their outcome in the
#                     output, the rest are not tested, and the script exits 124.
#   MUTANTS_JOBS      parallel builds (default 1: the machine has 2 cores, shared)
#   MUTANTS_TEST_ARGS the `cargo test` arguments instead of the mode's, e.g.
#                     "--lib --test diff_corpus" for the diff rules, whose cases are there
#   MUTANTS_ARGS      more cargo-mutants arguments, e.g. "--baseline=skip" when the unmutated
#                     tree is known to pass (it saves one run of the tests)
#   MUTANTS_OUT       the output directory (default target/mutants/fast or target/mutants/full)
#
# Output: $MUTANTS_OUT/mutants.out: caught.txt, missed.txt, timeout.txt, unviable.txt,
# outcomes.json, one log per mutant (a previous run's is kept as mutants.out.old). Builds go
# to target/mutants-build with the `mutants` profile (Cargo.toml: `test` without debug info),
# so the dependencies are built once and kept across runs, and target/debug is left alone.
# Exit status: cargo-mutants' (0 all caught, 2 some missed, 3 some timed out, 4 the unmutated
# tree fails its tests), or 124 when MUTANTS_BUDGET ran out.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=fast
files=()
for arg in "$@"; do
  case "$arg" in
    --full) mode=full ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    -*) echo "mutants.sh: unknown option $arg (see --help)" >&2; exit 1 ;;
    *) files+=("$arg") ;;
  esac
done
out_dir=${MUTANTS_OUT:-target/mutants/$mode}
if [ ${#files[@]} -eq 0 ]; then
  files=(src/gate/*.rs)
fi

if ! cargo mutants --version >/dev/null 2>&1; then
  echo "mutants.sh: cargo-mutants is not installed (cargo install --locked cargo-mutants)" >&2
  exit 1
fi

args=(--jobs "${MUTANTS_JOBS:-1}" --profile mutants --copy-target=false --no-shuffle
  --output "$out_dir")
for f in "${files[@]}"; do
  [ -f "$f" ] || { echo "mutants.sh: no such file: $f" >&2; exit 1; }
  args+=(--file "$f")
done
if [ -n "${MUTANTS_RE:-}" ]; then
  args+=(--re "$MUTANTS_RE")
fi
if [ -n "${MUTANTS_ARGS:-}" ]; then
  read -r -a more <<<"$MUTANTS_ARGS"
  args+=("${more[@]}")
fi
if [ "$mode" = fast ]; then
  timeout=${MUTANTS_TIMEOUT:-60}
  test_args=(-- --lib)
else
  timeout=${MUTANTS_TIMEOUT:-600}
  test_args=()
fi
if [ -n "${MUTANTS_TEST_ARGS:-}" ]; then
  read -r -a extra <<<"$MUTANTS_TEST_ARGS"
  test_args=(-- "${extra[@]}")
fi
# A build may take much longer than the tests (a cold `mutants` profile builds every
# dependency once): bound it separately.
args+=(--timeout "$timeout" --build-timeout "${MUTANTS_BUILD_TIMEOUT:-1200}")

mkdir -p "$out_dir"
export CARGO_TARGET_DIR="$PWD/target/mutants-build"
echo "mutants.sh: $mode mode on ${files[*]} (budget ${MUTANTS_BUDGET:-3600} s)" >&2
# SIGINT, as a Ctrl-C: cargo-mutants stops, kills its cargo and keeps what it measured.
status=0
timeout --signal=INT --kill-after=60 "${MUTANTS_BUDGET:-3600}" \
  cargo mutants "${args[@]}" "${test_args[@]}" || status=$?
out="$out_dir/mutants.out"
for kind in caught missed timeout unviable; do
  if [ -f "$out/$kind.txt" ]; then
    printf '%-9s %s\n' "$kind" "$(wc -l <"$out/$kind.txt")" >&2
  fi
done
exit "$status"
