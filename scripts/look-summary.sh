#!/usr/bin/env bash
# Renders the gate's summary comment for a fixture change the way GitHub shows it, and
# screenshots it: policies/ as the base, and a head that lowers the availability target of
# acme-crm-enterprise from 99.9% to 99.5% and its first credit tier from 10% to 5% (version
# and changelog raised). The Markdown goes through comrak with GitHub's extensions
# (examples/gfm.rs), wrapped in GitHub's stylesheet (npm `github-markdown-css`, installed into
# a temporary directory) in an `<article class="markdown-body">` 1012 px wide (GitHub's
# conversation column), and headless Chromium takes the screenshot. Two differences from GitHub:
# `:emoji:` shortcodes stay text (comrak is built without its shortcodes feature), and the
# summary is `slagate check --format markdown`'s, the local wording of the same comment.
#
# Usage: scripts/look-summary.sh [OUT_DIR]   (default: target/look-summary)
# Writes OUT_DIR/summary.md, summary.html and summary.png, and summary-open.* with every
# <details> block open.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-target/look-summary}")
mkdir -p "$out"
chromium=${CHROMIUM:-/usr/bin/chromium}
command -v "$chromium" >/dev/null || { echo "Chromium not found at $chromium (set CHROMIUM)" >&2; exit 2; }
cargo build -q --bin slagate --example gfm
bin=$PWD/target/debug/slagate
gfm=$PWD/target/debug/examples/gfm

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
css=$work/css
npm install --silent --prefix "$css" github-markdown-css >/dev/null
sheet=$css/node_modules/github-markdown-css/github-markdown-light.css

repo=$work/repo
mkdir -p "$repo"
cp -r policies "$repo/"
git -C "$repo" init -q -b main
git -C "$repo" -c user.name=look -c user.email=look@example.invalid add -A
git -C "$repo" -c user.name=look -c user.email=look@example.invalid commit -q -m base
sla=$repo/policies/acme-crm.sla.yaml
python3 - "$sla" <<'PY'
import sys
p = sys.argv[1]
t = open(p).read()
t = t.replace('target: ">= 99.9%"', 'target: ">= 99.5%"', 1)
t = t.replace("- when: \"< 99.9%\"\n          credit: 10%", "- when: \"< 99.9%\"\n          credit: 5%", 1)
t = t.replace("  version: 3\n", "  version: 4\n", 1)
t = t.rstrip("\n") + """
    - version: 4
      date: 2026-11-02
      effective: 2026-12-15
      summary: Lowered platform availability to 99.5% and the first credit tier to 5%.
      changeRequest: CR-2026-021
"""
open(p, "w").write(t)
PY

(cd "$repo" && "$bin" check --base main --today 2026-12-01 --format markdown) >"$out/summary.md" || true
page() { # TITLE MARKDOWN_FILE HTML_FILE [open]
  {
    printf '<!doctype html><html><head><meta charset="utf-8"><title>%s</title><style>\n' "$1"
    cat "$sheet"
    printf '\nbody{margin:0;background:#fff}.markdown-body{box-sizing:border-box;width:1012px;padding:16px}</style></head>\n'
    printf '<body><article class="markdown-body">\n'
    "$gfm" <"$2"
    printf '</article>'
    # The second picture shows every collapsed block open.
    [ "${4:-}" = open ] && printf '<script>document.querySelectorAll("details").forEach(d => d.open = true)</script>'
    printf '</body></html>\n'
  } >"$3"
}
page summary "$out/summary.md" "$out/summary.html"
page summary "$out/summary.md" "$out/summary-open.html" open
height=${HEIGHT:-2400}
for name in summary summary-open; do
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --screenshot="$out/$name.png" --window-size=1012,"$height" "file://$out/$name.html" 2>/dev/null
done
echo "wrote $out/summary.md and, rendered, $out/summary.png (collapsed) and $out/summary-open.png (open)"
