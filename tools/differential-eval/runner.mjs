// Reads simulation cases (one JSON object per line) from standard input and
// writes one JSON line per case with iam-simulate's answer. Run by
// tests/differential.rs; iam-simulate (AGPL-3.0) is only ever run here, out
// of process, never copied into or linked with cloudlint.
import { createInterface } from 'node:readline'
import { runSimulation } from '@cloud-copilot/iam-simulate'

const named = (policies, prefix) => policies.map((policy, i) => ({ name: `${prefix}${i}`, policy }))
const levels = (list, prefix) =>
  list.map((policies, i) => ({ orgIdentifier: `${prefix}${i}`, policies: named(policies, `${prefix}${i}-`) }))

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of lines) {
  if (!line.trim()) continue
  const c = JSON.parse(line)
  const simulation = {
    request: {
      principal: c.principal,
      action: c.action,
      resource: { resource: c.resource, accountId: c.resourceAccount },
      contextVariables: c.context,
    },
    identityPolicies: named(c.identity, 'identity'),
    serviceControlPolicies: levels(c.scps, 'scp'),
    resourceControlPolicies: levels(c.rcps, 'rcp'),
    resourcePolicy: c.resourcePolicy ?? undefined,
    permissionBoundaryPolicies: c.boundary ? named([c.boundary], 'boundary') : undefined,
    sessionPolicy: c.session ?? undefined,
  }
  let out
  try {
    const r = await runSimulation(simulation, {})
    out = r.resultType === 'error' ? { id: c.id, error: r.errors } : { id: c.id, decision: r.overallResult }
  } catch (e) {
    out = { id: c.id, error: String(e) }
  }
  process.stdout.write(JSON.stringify(out) + '\n')
}
