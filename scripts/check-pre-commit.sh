#!/usr/bin/env bash
# The hooks of .pre-commit-hooks.yaml as users get them: `language: rust`, built by the real
# pre-commit with `cargo install` from this repository (`pre-commit try-repo`, which also
# picks up uncommitted changes), run in a scratch git repository on one staged change that
# passes and one that is stopped with the reason shown.
#
# Too slow for `cargo test` (measured on 2 cores: 5 to 7 minutes for the first run, which
# builds slagate and its dependencies, about a minute for the second), so `.ci/run`
# runs it once; tests/cli/pre_commit.rs covers the same hooks with the debug binary on every
# `cargo test`. Set SLAGATE_PRE_COMMIT_TARGET to reuse a cargo target directory across runs.
set -euo pipefail
repo=${SLAGATE_REPO:-$(cd "$(dirname "$0")/.." && pwd)}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export PRE_COMMIT_HOME="$scratch/cache" PRE_COMMIT_COLOR=never
# Each `try-repo` installs into a throwaway store, and `cargo install` builds in a fresh
# temporary directory unless CARGO_TARGET_DIR says otherwise: share one, so that only the
# first run pays for the dependencies.
export CARGO_TARGET_DIR="${SLAGATE_PRE_COMMIT_TARGET:-$scratch/target}"
# This checks the hooks, not the optimizer: a release build without LTO and with more
# codegen units takes half the time (each try-repo clone is a new path, so slagate itself is
# rebuilt the second time; only its dependencies are reused).
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=test GIT_AUTHOR_EMAIL=test@example.com GIT_COMMITTER_NAME=test GIT_COMMITTER_EMAIL=test@example.com

git init -q -b main "$scratch/work"
cd "$scratch/work"
mkdir policies
cp "$repo/tests/fixtures/diff/target-weakened-availability-lowered/base/acme-crm.sla.yaml" policies/
git add -A
git commit -qm base

try() { pre-commit try-repo "$repo" --verbose 2>&1 | tee "$scratch/out"; return "${PIPESTATUS[0]}"; }

echo "--- a change with a version bump and a changelog entry: passes"
sed -i -e 's/target: "<= 1h"/target: "<= 30m"/' -e 's/^  version: 3$/  version: 4/' \
  -e 's/^  changelog:$/  changelog:\n    - version: 4\n      date: 2026-11-01\n      summary: Faster first response./' policies/acme-crm.sla.yaml
git add policies
start=$(date +%s)
try || { echo "FAIL: the good change was stopped"; exit 1; }
echo "(first run, with the build: $(( $(date +%s) - start ))s)"
grep -q '^slagate check.*Passed$' "$scratch/out" || { echo "FAIL: slagate-check did not pass"; exit 1; }
grep -q '^slagate validate.*Passed$' "$scratch/out" || { echo "FAIL: slagate-validate did not pass"; exit 1; }
git commit -qm "faster response" --no-verify

echo "--- a change without a version bump: stopped, with the reason"
sed -i 's/target: "<= 30m"/target: "<= 15m"/' policies/acme-crm.sla.yaml
git add policies
start=$(date +%s)
if try; then echo "FAIL: the unversioned change passed"; exit 1; fi
echo "(second run: $(( $(date +%s) - start ))s)"
grep -q '^slagate check.*Failed$' "$scratch/out" || { echo "FAIL: slagate-check did not fail"; exit 1; }
grep -q 'error\[version-not-bumped\]' "$scratch/out" || { echo "FAIL: the reason is not shown"; exit 1; }
echo "ok: pre-commit hooks"
