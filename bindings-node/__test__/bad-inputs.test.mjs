// The hostile-input suite (tests/bad-inputs/manifest.json, read in place) through Node: every case
// gives its input error (code, and path where the case names one) or its verdict through `check`,
// `new Policy().check`, `checkMany` and `checkManyAsync`. Sources given as JSON objects are also
// passed as objects; `{ base64 }` sources as Buffers. Never a crash of the process.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'

import { check, Policy } from '../main.js'
import { REPO } from './helpers.mjs'

const MANIFEST = JSON.parse(readFileSync(join(REPO, 'tests', 'bad-inputs', 'manifest.json'), 'utf8'))
const DEFAULTS = MANIFEST.defaults
const OPTS = { now: DEFAULTS.context.now, mfa: DEFAULTS.context.mfa }

/** A source as text (a string), or bytes (a Buffer) for `{ base64 }`. */
function textSource(spec, fallback) {
  if (spec === 'default') return JSON.stringify(fallback)
  if ('json' in spec) return JSON.stringify(spec.json)
  if ('text' in spec) return spec.text
  if ('base64' in spec) return Buffer.from(spec.base64, 'base64')
  return spec.prefix + spec.repeat.repeat(spec.times) + spec.suffix
}

/** The same source as an object, where it is a JSON object or array; else undefined. */
function objectSource(spec, fallback) {
  if (spec === 'default') return fallback
  if ('json' in spec && spec.json !== null && typeof spec.json === 'object') return spec.json
  return undefined
}

/** `{ kind: 'report' | 'error' | 'type', value }`. */
function outcome(run) {
  try {
    return { kind: 'report', value: run() }
  } catch (e) {
    return { kind: e instanceof TypeError ? 'type' : 'error', value: e }
  }
}

async function outcomeAsync(run) {
  try {
    return { kind: 'report', value: await run() }
  } catch (e) {
    return { kind: e instanceof TypeError ? 'type' : 'error', value: e }
  }
}

function verify(c, how, { kind, value }, index) {
  const name = `${c.name} (${how})`
  const expect = c.expect
  if ('error' in expect) {
    assert.equal(kind, 'error', `${name}: expected ${expect.error}, got ${kind}: ${JSON.stringify(value)?.slice(0, 200)}`)
    assert.equal(value.code, expect.error, `${name}: ${value.message}`)
    if ('path' in expect) {
      const want = index === undefined ? expect.path : `/${index}${expect.path}`
      assert.equal(value.path, want, `${name}: ${value.message}`)
    }
    assert.equal(value.index, index, name)
    assert.ok(value.message.length <= 400, `${name}: message of ${value.message.length} bytes`)
    assert.ok(!value.message.endsWith('.'), name)
  } else {
    assert.equal(kind, 'report', `${name}: expected a report, got ${value?.code}: ${value?.message}`)
    assert.equal(value.allowed, expect.allowed, `${name}: ${JSON.stringify(value)}`)
    if ('violations' in expect) assert.deepEqual(value.violations.map((v) => v.code), expect.violations, name)
  }
}

test('the manifest is read in place', () => {
  assert.ok(MANIFEST.cases.length >= 40)
})

for (const c of MANIFEST.cases) {
  test(`hostile input: ${c.name}`, async () => {
    const policy = textSource(c.policy, DEFAULTS.policy)
    const request = textSource(c.request, DEFAULTS.request)
    verify(c, 'check', outcome(() => check(policy, request, OPTS)))

    const parsed = outcome(() => new Policy(policy))
    if (parsed.kind !== 'report') {
      verify(c, 'new Policy', parsed)
    } else {
      verify(c, 'Policy.check', outcome(() => parsed.value.check(request, OPTS)))
      const many = outcome(() => parsed.value.checkMany([request], OPTS))
      // A batch takes objects and strings, not bytes (types.d.ts): a Buffer element is written by
      // `JSON.stringify` as `{"type": "Buffer", "data": [...]}`, an input error, never a crash.
      if (Buffer.isBuffer(request)) {
        assert.notEqual(many.kind, 'report', c.name)
      } else {
        verify(c, 'checkMany', many.kind === 'report' ? { kind: 'report', value: many.value[0] } : many, 0)
        const manyAsync = await outcomeAsync(() => parsed.value.checkManyAsync([request], OPTS))
        verify(c, 'checkManyAsync', manyAsync.kind === 'report' ? { kind: 'report', value: manyAsync.value[0] } : manyAsync, 0)
      }
    }

    // Sources that are JSON objects or arrays, passed as objects: the same outcome.
    const policyObject = objectSource(c.policy, DEFAULTS.policy)
    const requestObject = objectSource(c.request, DEFAULTS.request)
    if (policyObject !== undefined || requestObject !== undefined) {
      verify(c, 'objects', outcome(() => check(policyObject ?? policy, requestObject ?? request, OPTS)))
    }

    // A JSON value that is not a document (a number, null) passed as a value: a TypeError.
    for (const spec of [c.policy, c.request]) {
      if (spec !== 'default' && 'json' in spec && (spec.json === null || typeof spec.json === 'number')) {
        const got = outcome(() => check(spec.json, request, OPTS))
        assert.equal(got.kind, 'type', `${c.name}: ${got.value?.message}`)
      }
    }
  })
}
