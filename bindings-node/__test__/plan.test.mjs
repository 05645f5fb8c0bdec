// Every case of vectors/plan/ through `plan`: the whole result object (or the whole error) equals
// the case's `expect`, and the CLI's `--format json` gives the same.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'

import { plan } from '../main.js'
import { CLI, REPO } from './helpers.mjs'

const DIR = join(REPO, 'vectors', 'plan')
const cases = readdirSync(DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .flatMap((name) => JSON.parse(readFileSync(join(DIR, name), 'utf8')).map((c) => ({ ...c, file: name })))

/** The result of a case: the plan's object, or `{ error }` as the CLI writes an input error. */
function viaLibrary(c) {
  const document = 'planText' in c ? c.planText : c.plan
  try {
    return plan(document, c.policies ?? null, { parameters: c.parameters, now: c.context.now })
  } catch (error) {
    const body = { code: error.code, path: error.path, message: error.message }
    if (error.hint != null) body.hint = error.hint
    return { error: body }
  }
}

function viaCli(c) {
  const dir = mkdtempSync(join(tmpdir(), 'pimcheck-plan-'))
  const write = (name, text) => {
    writeFileSync(join(dir, name), text)
    return join(dir, name)
  }
  const args = ['plan', write('plan.json', 'planText' in c ? c.planText : JSON.stringify(c.plan)), '--now', c.context.now, '--format', 'json']
  if (c.policies) args.push('--policies', write('policies.json', JSON.stringify(c.policies)))
  if (c.parameters) args.push('--parameters', write('parameters.json', JSON.stringify(c.parameters)))
  const out = spawnSync(CLI, args, { encoding: 'utf8' })
  return { result: JSON.parse(out.stdout), status: out.status }
}

test('the plan vectors are there', () => {
  assert.ok(cases.length >= 15, `found only ${cases.length} plan cases`)
})

for (const c of cases) {
  test(`${c.file}: ${c.name}`, () => {
    const got = viaLibrary(c)
    assert.deepStrictEqual(got, c.expect)
    const cli = viaCli(c)
    assert.deepStrictEqual(cli.result, got)
    assert.equal(cli.status, c.expectExit)
  })
}

test('a plan of the wrong type is a TypeError naming the argument', () => {
  assert.throws(() => plan(42), (error) => error instanceof TypeError && /plan/.test(error.message))
})

const HOSTILE = JSON.parse(readFileSync(join(REPO, 'tests', 'bad-inputs', 'plan.json'), 'utf8'))

/** A source of tests/bad-inputs/plan.json as the manifest's `about` says. */
function hostileText(spec) {
  if ('json' in spec) return JSON.stringify(spec.json)
  if ('text' in spec) return spec.text
  if ('base64' in spec) return Buffer.from(spec.base64, 'base64')
  return spec.prefix + spec.repeat.repeat(spec.times) + spec.suffix
}

for (const c of HOSTILE.cases) {
  test(`hostile plan: ${c.name}`, () => {
    let result
    try {
      result = plan(hostileText(c.plan), HOSTILE.policies, { now: HOSTILE.now, maxInputBytes: c.maxInputBytes })
    } catch (error) {
      assert.ok('error' in c.expect, `${c.name}: ${error.message}`)
      assert.equal(error.code, c.expect.error)
      if ('path' in c.expect) assert.equal(error.path, c.expect.path)
      return
    }
    assert.ok(!('error' in c.expect), c.name)
    assert.equal(result.resources.length, c.expect.resources)
    assert.equal(result.resources.filter((e) => 'error' in e).length, c.expect.errors)
  })
}
