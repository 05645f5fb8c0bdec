// Limits and fix (issue #16) through the Node API: the limits vectors' whole JSON, the fix outcome
// of every denied vector through `check(..., {fix: true})`, the CLI's `check --fix` bytes, and
// `JSON.stringify` of a report checked without `fix` unchanged.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'

import pimcheck from '../main.js'
import { CLI, REPO, inputs, options, vectorCases } from './helpers.mjs'

const LIMITS = JSON.parse(readFileSync(join(REPO, 'vectors/limits/limits.json'), 'utf8'))
const OUTCOMES = JSON.parse(readFileSync(join(REPO, 'vectors/limits/fix.json'), 'utf8')).fix
const DENIED = vectorCases().filter((c) => c.expect.allowed === false)

test('the extension is there', () => {
  assert.ok(LIMITS.length >= 12)
  assert.ok(DENIED.length > 100)
})

test('every limits vector gives its whole JSON', () => {
  for (const c of LIMITS) {
    const policy = new pimcheck.Policy(c.policy)
    const got = policy.limits({ request: c.request, now: c.context.now, level: c.context.level })
    assert.deepStrictEqual(got, c.expectLimits, c.name)
  }
})

/** The `pimcheck fix` outcome a report checked with `{fix: true}` stands for. */
function outcome(report) {
  if (report.suggestion === null) {
    assert.equal(typeof report.suggestionUnavailable, 'string')
    return { exit: 3, needs: [] }
  }
  return { exit: report.suggestion.needs.length ? 1 : 0, needs: report.suggestion.needs }
}

test('every denied vector has its fix outcome, and the bytes of check --fix', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'pimcheck-node-fix-'))
  for (const c of DENIED) {
    const { policy, request } = inputs(c)
    const report = pimcheck.check(policy, request, { ...options(c), fix: true })
    assert.deepStrictEqual(outcome(report), OUTCOMES[c.name], c.name)
    const viaPolicy = new pimcheck.Policy(policy).check(request, { ...options(c), fix: true })
    assert.deepStrictEqual(viaPolicy, report, c.name)
    writeFileSync(join(scratch, 'p.json'), 'policyText' in c ? c.policyText : JSON.stringify(c.policy))
    writeFileSync(join(scratch, 'r.json'), 'requestText' in c ? c.requestText : JSON.stringify(c.request))
    const args = ['check', '--fix', '--format', 'json', '--policy', join(scratch, 'p.json'), '--request', join(scratch, 'r.json')]
    const ctx = c.context ?? {}
    for (const key of ['now', 'mfa', 'level']) if (key in ctx) args.push(`--${key}`, String(ctx[key]))
    const cli = spawnSync(CLI, args, { encoding: 'utf8' })
    assert.equal(JSON.stringify(report), cli.stdout.replace(/\n$/, ''), c.name)
  }
})

test('fix leaves an allowed report as it is and refuses a fix of the wrong kind', () => {
  const policy = {
    userMemberSettings: [{ ruleIdentifier: 'ExpirationRule', setting: '{"permanentAssignment":false,"maximumGrantPeriodInMinutes":480}' }],
  }
  const request = { type: 'UserAdd', assignmentState: 'Active', linkedEligibleRoleAssignmentId: 'e', schedule: { type: 'Once', duration: 'PT1H' } }
  const now = '2026-01-01T00:00:00Z'
  assert.deepStrictEqual(pimcheck.check(policy, request, { now, fix: true }), pimcheck.check(policy, request, { now }))
  const denied = pimcheck.check(policy, { ...request, schedule: { type: 'Once', duration: 'PT9H' } }, { now, fix: true })
  assert.deepStrictEqual(denied.suggestion.changes, [{ path: '/schedule/duration', from: 'PT9H', to: 'PT8H' }])
  assert.throws(() => pimcheck.check(policy, request, { now, fix: 'yes' }), (e) => e.code === 'InvalidOption')
})

test('limits: redact, errors, and no latestEnd without a start', () => {
  const policy = new pimcheck.Policy(LIMITS[0].policy)
  const redacted = policy.limits({ redact: true })
  const approvers = redacted.limits.flatMap((l) => l.approvers)
  assert.ok(approvers.length > 0 && approvers.every((a) => a.id.startsWith('approver-')))
  assert.ok(policy.limits().limits.every((l) => l.latestEnd === null))
  assert.throws(() => policy.limits({ now: 'yesterday' }), (e) => e.code === 'InvalidOption')
  assert.throws(() => policy.limits({ request: '{' }), (e) => e.code === 'InvalidJson')
})
