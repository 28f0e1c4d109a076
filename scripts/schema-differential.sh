#!/usr/bin/env bash
# Differential check of schemas/sla.schema.json.
#
# Usage: scripts/schema-differential.sh SLAGATE_BINARY
#        scripts/schema-differential.sh --no-slagate
#
# For every file in tests/fixtures/schema-corpus/{valid,invalid}/ and in policies/, this compares
# three verdicts (valid or invalid):
#   - the file's own `# expect: valid|invalid` line (files in policies/ must be valid);
#   - `check-jsonschema --schemafile schemas/sla.schema.json FILE` (exit 0 = valid, 1 = invalid);
#   - `SLAGATE_BINARY validate --format json --schema-only FILE` (exit 0 = valid, 1 = invalid),
#     skipped with a notice when the argument is `--no-slagate`.
# It prints one line per file, then `schema-differential: N passed, M failed`, and exits 1 when
# M > 0 (2 on a usage error or a missing tool). It does not install anything: CI runs
# `pip install check-jsonschema` first.
#
# How check-jsonschema reads YAML dates (checked with check-jsonschema 0.39.0, ruamel.yaml 0.19):
# it loads YAML with ruamel.yaml's safe loader, which on its own would turn an unquoted
# `2026-01-01` into a datetime.date (and then fail `type: string`). check-jsonschema registers the
# string constructor for the `tag:yaml.org,2002:timestamp` tag (parsers/yaml.py), so every
# timestamp-looking plain scalar is kept as its source text: `2026-01-01` is the string
# "2026-01-01" and `2026-06-01T12:00:00Z` stays a string that fails the date pattern. That is
# what YAML 1.2 (and so slagate's loader) does too, so the policies keep their dates unquoted;
# valid/quoted-dates.yaml checks quoted dates and invalid/date-with-time.yaml a timestamp. No
# option is needed. Other loaders differ: PyYAML and js-yaml (ajv-cli) return date objects for
# unquoted dates and read unquoted `08:00` as the YAML 1.1 base-60 integer 480, which is why
# calendar times are quoted everywhere and why scripts/gen-corpus.py quotes its dates (or
# writes JSON with --json). check-jsonschema also reads only ONE document per YAML file (a file
# with `---` between documents fails to parse), so every corpus file holds one document.
set -euo pipefail

usage() {
    echo "usage: $0 SLAGATE_BINARY|--no-slagate" >&2
    exit 2
}

[[ $# -eq 1 ]] || usage
case "$1" in
    -h | --help) usage ;;
esac

slagate=""
if [[ "$1" != "--no-slagate" ]]; then
    if ! slagate="$(command -v -- "$1")"; then
        echo "schema-differential: slagate binary not found or not executable: $1" >&2
        exit 2
    fi
    # Make a relative path survive the cd below.
    if [[ "$slagate" != /* ]]; then
        slagate="$PWD/$slagate"
    fi
fi

if ! command -v check-jsonschema >/dev/null 2>&1; then
    echo "schema-differential: check-jsonschema is not installed; install it with 'pip install check-jsonschema'" >&2
    exit 2
fi

cd "$(dirname -- "${BASH_SOURCE[0]}")/.."
schema=schemas/sla.schema.json

if ! out="$(check-jsonschema --check-metaschema "$schema" 2>&1)"; then
    echo "schema-differential: $schema is not a valid JSON Schema:" >&2
    printf '%s\n' "$out" >&2
    exit 2
fi

if [[ -z "$slagate" ]]; then
    echo "schema-differential: notice: --no-slagate given, skipping the slagate verdicts"
fi

shopt -s nullglob
files=(
    tests/fixtures/schema-corpus/valid/*.yaml
    tests/fixtures/schema-corpus/invalid/*.yaml
    policies/*.yaml
    policies/*.yml
)
if [[ ${#files[@]} -eq 0 ]]; then
    echo "schema-differential: no files found" >&2
    exit 2
fi

# The `# expect:` line of a file (in its first lines), or empty.
expectation() {
    head -n 5 -- "$1" | sed -n 's/^# expect: *\([a-z]*\).*$/\1/p' | head -n 1
}

passed=0
failed=0
for file in "${files[@]}"; do
    expect="$(expectation "$file")"
    if [[ -z "$expect" && "$file" == policies/* ]]; then
        expect=valid
    fi

    cj_out="$(check-jsonschema --schemafile "$schema" "$file" 2>&1)" && cj_rc=0 || cj_rc=$?
    case "$cj_rc" in
        0) cj=valid ;;
        1)
            if grep -q "Failed to parse" <<<"$cj_out"; then
                cj=unparseable
            else
                cj=invalid
            fi
            ;;
        *) cj="error($cj_rc)" ;;
    esac

    if [[ -n "$slagate" ]]; then
        sg_out="$("$slagate" validate --format json --schema-only "$file" 2>&1)" && sg_rc=0 || sg_rc=$?
        case "$sg_rc" in
            0) sg=valid ;;
            1) sg=invalid ;;
            *) sg="error($sg_rc)" ;;
        esac
    else
        sg=skipped
    fi

    problems=()
    case "$expect" in
        valid | invalid) ;;
        "") problems+=("no '# expect: valid|invalid' line") ;;
        *) problems+=("unknown expectation '$expect'") ;;
    esac
    if [[ -n "$expect" && "$cj" != "$expect" ]]; then
        problems+=("check-jsonschema says $cj")
    fi
    if [[ "$sg" != skipped && "$sg" != "$cj" ]]; then
        problems+=("slagate says $sg, check-jsonschema says $cj")
    fi

    verdicts="expect=${expect:-none} check-jsonschema=$cj slagate=$sg"
    if [[ ${#problems[@]} -eq 0 ]]; then
        passed=$((passed + 1))
        echo "ok   $file ($verdicts)"
    else
        failed=$((failed + 1))
        reason="$(printf '%s; ' "${problems[@]}")"
        echo "FAIL $file ($verdicts): ${reason%; }"
        if [[ "$cj" != valid ]]; then
            printf '%s\n' "$cj_out" | sed 's/^/       check-jsonschema | /'
        fi
        if [[ "$sg" != skipped && "$sg" != "$cj" ]]; then
            printf '%s\n' "$sg_out" | sed 's/^/       slagate | /'
        fi
    fi
done

echo "schema-differential: $passed passed, $failed failed"
if [[ $failed -gt 0 ]]; then
    exit 1
fi
