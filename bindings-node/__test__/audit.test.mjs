// `audit`: every case of vectors/audit/ through the Node API, the whole result compared with the
// case's `output` and with the CLI's `--format json` output; the hostile schedule lists of
// tests/bad-inputs/schedules.json, each judged around its bad entries.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'

import { audit } from '../main.js'
import { CLI, REPO } from './helpers.mjs'

const dir = join(REPO, 'vectors', 'audit')
const cases = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .flatMap((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')))
const scratch = mkdtempSync(join(tmpdir(), 'pimcheck-node-audit-'))

/** The case's schedules as the library takes them: the raw text where the case has it. */
const schedulesOf = (c) => ('schedulesText' in c ? c.schedulesText : c.schedules)

test('the audit vectors are there', () => {
  assert.ok(cases.length >= 12, `found only ${cases.length} audit cases`)
})

cases.forEach((c, i) => {
  test(`vectors/audit: ${c.name}`, () => {
    const options = { now: c.context.now, expiringWithin: c.context.expiringWithin }
    const result = audit(c.policies, schedulesOf(c), options)
    assert.deepEqual(result, c.output)
    const policies = join(scratch, `p${i}.json`)
    const schedules = join(scratch, `s${i}.json`)
    writeFileSync(policies, JSON.stringify(c.policies))
    writeFileSync(schedules, typeof schedulesOf(c) === 'string' ? schedulesOf(c) : JSON.stringify(c.schedules))
    const args = ['audit', '--policies', policies, '--schedules', schedules, '--now', c.context.now, '--format', 'json']
    if (c.context.expiringWithin) args.push('--expiring-within', c.context.expiringWithin)
    const cli = spawnSync(CLI, args, { encoding: 'utf8' })
    assert.equal(cli.stdout.trim(), JSON.stringify(result))
  })
})

/** The bytes of a hostile source (tests/bad-inputs/source.rs, for text sources). */
function source(spec) {
  if ('text' in spec) return spec.text
  if ('json' in spec) return JSON.stringify(spec.json)
  return spec.prefix + spec.repeat.repeat(spec.times) + spec.suffix
}

const manifest = JSON.parse(readFileSync(join(REPO, 'tests', 'bad-inputs', 'schedules.json'), 'utf8'))
for (const c of manifest.cases) {
  test(`bad schedules: ${c.name}`, () => {
    const result = audit(manifest.policies, source(c.schedules), { now: manifest.now })
    assert.equal(result.summary.schedules, c.expect.schedules)
    const errors = Object.fromEntries(result.errors.map((e) => [String(e.index), e.code]))
    const count = c.expect.errorCount ?? Object.keys(c.expect.errors).length
    assert.equal(result.errors.length, count)
    for (const [index, code] of Object.entries(c.expect.errors)) assert.equal(errors[index], code)
    const findings = {}
    for (const f of result.findings) (findings[f.schedule.index] ??= []).push(f.code)
    assert.deepEqual(findings, c.expect.findings)
  })
}

test('a bad option is an input error, a bad argument a TypeError', () => {
  const policies = { value: [] }
  assert.throws(() => audit(policies, [], { now: '2026-06-01T00:00:00Z', expiringWithin: 'two weeks' }), { code: 'InvalidOption' })
  assert.throws(() => audit(policies, [], { now: 'yesterday' }), { code: 'InvalidOption' })
  assert.throws(() => audit(policies, 42, { now: '2026-06-01T00:00:00Z' }), TypeError)
  assert.throws(() => audit('{', [], { now: '2026-06-01T00:00:00Z' }), { code: 'InvalidJson' })
})
