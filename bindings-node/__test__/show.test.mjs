// `show` and `policy.show`: every policy of examples/payloads and vectors gives `pimcheck show`'s
// output (the JSON form as an object, text and Markdown byte for byte); `{ redact: true }` on
// `show` and `check`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

import { check, show, Policy } from '../index.mjs'
import { CLI, EXAMPLES, vectorCases, example } from './helpers.mjs'

function policies() {
  const seen = new Set()
  const out = []
  const candidates = readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8'))])
  for (const c of vectorCases()) if (c.policy !== undefined) candidates.push([c.name, c.policy])
  for (const [name, policy] of candidates) {
    const key = JSON.stringify(policy)
    if (seen.has(key)) continue
    seen.add(key)
    try {
      new Policy(policy)
    } catch {
      continue
    }
    out.push([name, policy])
  }
  return out
}

const cliShow = (policy, ...args) =>
  execFileSync(CLI, ['show', ...args, '-'], { input: JSON.stringify(policy), encoding: 'utf8' })

test('every example and vector policy is shown as pimcheck show shows it', () => {
  const all = policies()
  assert.ok(all.length > 50, `only ${all.length} policies`)
  for (const [name, policy] of all) {
    const shown = show(policy)
    assert.deepEqual(shown, JSON.parse(cliShow(policy, '--format', 'json')), name)
    assert.equal(JSON.stringify(shown) + '\n', cliShow(policy, '--format', 'json'), name)
    assert.deepEqual(new Policy(policy).show(), shown, name)
    assert.equal(show(policy, { format: 'text' }), cliShow(policy), name)
    assert.equal(new Policy(policy).show({ format: 'markdown' }), cliShow(policy, '--format', 'markdown'), name)
  }
})

test('show with redact replaces approvers and recipients only', () => {
  const policy = example('g2-rolesetting-aadroles-all-rules-assembled.json')
  const plain = show(policy, { format: 'text' })
  const redacted = show(policy, { format: 'text', redact: true })
  assert.ok(plain.includes('pim approvers'))
  assert.equal(
    redacted,
    plain.replaceAll('PIM@jsfjpo.mail.onmicrosoft.com', '<recipient-1>').replaceAll('pim approvers', '<name-1>'),
  )
  assert.equal(redacted, cliShow(policy, '--redact'))
})

test('an unknown show format is InvalidOption', () => {
  assert.throws(() => show({ value: [] }, { format: 'yaml' }), { code: 'InvalidOption' })
})

test('check with redact hides approvers and keeps the rest', () => {
  const policy = {
    userMemberSettings: [
      {
        ruleIdentifier: 'ApprovalRule',
        setting: JSON.stringify({ Enabled: true, Approvers: [{ Id: '6f60e502', Type: 'User', DisplayName: 'Ada' }] }),
      },
    ],
  }
  const request = {
    type: 'UserAdd',
    assignmentState: 'Active',
    subjectId: 'alice',
    linkedEligibleRoleAssignmentId: 'e327f4be',
    schedule: { type: 'Once', duration: 'PT1H' },
  }
  const now = '2026-01-01T00:00:00Z'
  const plain = JSON.stringify(check(policy, request, { now }))
  assert.ok(plain.includes('6f60e502'))
  const expected = plain.replace('"6f60e502"', '"approver-1"').replace('"Ada"', '"<name-1>"')
  assert.equal(JSON.stringify(check(policy, request, { now, redact: true })), expected)
  assert.equal(JSON.stringify(new Policy(policy).check(request, { now, redact: true })), expected)
  assert.throws(
    () => check(policy, { ...request, reason: 5 }, { now, redact: true }),
    (e) => e.code === 'InvalidRequest' && e.path === '/reason' && !e.message.includes('`5`'),
  )
})
