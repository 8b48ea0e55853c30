// The same workload as benches/eval.rs, run by iam-simulate, for the
// comparison in the report: node bench.mjs [DIR] [ROUNDS]
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runSimulation } from '@cloud-copilot/iam-simulate'

const dir = process.argv[2] ?? '/work/shared/corpus/iam-policies/aws-managed'
const rounds = Number(process.argv[3] ?? 50)
const identityPolicies = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ name: f, policy: JSON.parse(readFileSync(join(dir, f), 'utf8')) }))
const requests = [
  ['s3:GetObject', 'arn:aws:s3:::bucket/key.txt'],
  ['ec2:DescribeInstances', '*'],
  ['iam:PassRole', 'arn:aws:iam::111122223333:role/app'],
  ['kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
  ['dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:111122223333:table/t'],
  ['lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:111122223333:function:f'],
  ['sts:AssumeRole', 'arn:aws:iam::111122223333:role/other'],
  ['logs:PutLogEvents', 'arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s'],
]
const sim = ([action, resource]) => ({
  request: {
    principal: 'arn:aws:iam::111122223333:user/bench',
    action,
    resource: { resource, accountId: '111122223333' },
    contextVariables: { 'aws:SourceIp': '10.1.2.3', 'aws:SecureTransport': 'true' },
  },
  identityPolicies,
  serviceControlPolicies: [],
  resourceControlPolicies: [],
})
for (const r of requests) {
  const res = await runSimulation(sim(r), {})
  console.log(r[0], res.resultType === 'error' ? JSON.stringify(res.errors).slice(0, 200) : res.overallResult)
}
const start = process.hrtime.bigint()
let n = 0
for (let i = 0; i < rounds; i++) for (const r of requests) { await runSimulation(sim(r), {}); n++ }
const ms = Number(process.hrtime.bigint() - start) / 1e6
console.log(`${identityPolicies.length} policies, ${n} requests in ${ms.toFixed(0)} ms: ${(ms / n).toFixed(3)} ms/request, ${(n / ms * 1000).toFixed(0)} requests/s`)
