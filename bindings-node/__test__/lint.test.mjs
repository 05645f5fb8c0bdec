// `lint` (issue #17) through the Node API: every case of vectors/lint/ (the whole result), the same
// JSON as `pimcheck lint --format json`, every example policy linted, and option errors.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import pimcheck from '../main.js'
import { REPO, CLI } from './helpers.mjs'

const LINT = join(REPO, 'vectors', 'lint')
const CASES = readdirSync(LINT)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .flatMap((name) => JSON.parse(readFileSync(join(LINT, name), 'utf8')))

test('the lint vectors are there', () => {
  assert.ok(CASES.length >= 100, `${CASES.length} lint cases`)
})

test('every lint vector gives its whole result, from an object, a string and a Buffer', () => {
  for (const c of CASES) {
    const policy = 'policyText' in c ? c.policyText : c.policy
    const options = { profile: c.lint.profile }
    if (c.lint.error) {
      assert.throws(() => pimcheck.lint(policy, options), (e) => e.code === c.lint.error, c.name)
      continue
    }
    const result = pimcheck.lint(policy, options)
    assert.deepStrictEqual(result, c.lint.result, c.name)
    assert.deepStrictEqual([...new Set(result.findings.map((f) => f.id))].sort(), [...c.lint.ids].sort(), c.name)
    const text = JSON.stringify(policy, null, 2)
    assert.deepStrictEqual(pimcheck.lint(text, options), result, c.name)
    assert.deepStrictEqual(pimcheck.lint(Buffer.from(text), options), result, c.name)
  }
})

test('the same JSON as the CLI, byte for byte once the file is left out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pimcheck-lint-'))
  try {
    for (const c of CASES.filter((c) => !c.lint.error).filter((_, i) => i % 7 === 0)) {
      const file = join(dir, 'policy.json')
      writeFileSync(file, JSON.stringify(c.policy, null, 2))
      const args = ['lint', '--format', 'json', file, ...(c.lint.profile ? ['--profile', c.lint.profile] : [])]
      let out
      try {
        out = execFileSync(CLI, args, { encoding: 'utf8' })
      } catch (e) {
        out = e.stdout // exit 1: findings at the fail-on level
      }
      const fromCli = JSON.parse(out)
      for (const f of fromCli.findings) delete f.policy.file
      assert.strictEqual(JSON.stringify(fromCli), JSON.stringify(pimcheck.lint(c.policy, { profile: c.lint.profile })), c.name)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

test('every example policy lints or is named as no policy', () => {
  const dir = join(REPO, 'examples', 'payloads')
  let linted = 0
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    try {
      const result = pimcheck.lint(readFileSync(join(dir, name)), { profile: 'baseline' })
      assert.ok(result.policies >= 1, name)
      linted++
    } catch (e) {
      assert.strictEqual(e.code, 'UnknownPolicyShape', name)
    }
  }
  assert.ok(linted >= 5)
})

test('a profile other than baseline, and options that are not an object', () => {
  assert.throws(() => pimcheck.lint({ rules: [] }, { profile: 'strict' }), (e) =>
    e.code === 'InvalidOption' && e.path === 'profile' && e.message.includes('found `strict`'))
  assert.throws(() => pimcheck.lint({ rules: [] }, 'baseline'), TypeError)
  assert.deepStrictEqual(pimcheck.lint({ rules: [] }), { findings: [], policies: 1 })
  assert.deepStrictEqual(pimcheck.lint({ rules: [] }, { profile: null }), { findings: [], policies: 1 })
})
