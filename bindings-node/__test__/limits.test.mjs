// `maxInputBytes`: the core's input limit (default 16 MiB) on `check`, `new Policy`,
// `Policy.check`, `checkMany` and `checkManyAsync`; measured on the JSON text (an object as
// `JSON.stringify` writes it, in UTF-8).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'

import { check, Policy } from '../main.js'
import { REPO } from './helpers.mjs'

const { defaults: DEFAULTS } = JSON.parse(readFileSync(join(REPO, 'tests', 'bad-inputs', 'manifest.json'), 'utf8'))
const POLICY = DEFAULTS.policy
const REQUEST = DEFAULTS.request
const OPTS = { now: DEFAULTS.context.now, mfa: DEFAULTS.context.mfa }
const MIB = 1024 * 1024
const withReason = (n, ch = 'x') => ({ ...REQUEST, reason: ch.repeat(n) })
const bytes = (value) => Buffer.byteLength(JSON.stringify(value))

function throwsCode(run, code, path) {
  assert.throws(run, (e) => {
    assert.equal(e.code, code, e.message)
    if (path !== undefined) assert.equal(e.path, path)
    return true
  })
}

test('a bad maxInputBytes is InvalidOption everywhere', async () => {
  for (const value of [-1, 1.5, NaN, Infinity, -Infinity, true, '1000', [1000], {}, 10n]) {
    const opts = { ...OPTS, maxInputBytes: value }
    const calls = [
      () => check(POLICY, REQUEST, opts),
      () => new Policy(POLICY, { maxInputBytes: value }),
      () => new Policy(POLICY).check(REQUEST, opts),
      () => new Policy(POLICY).checkMany([REQUEST], opts),
    ]
    for (const call of calls) {
      assert.throws(call, (e) => {
        assert.equal(e.code, 'InvalidOption')
        assert.equal(e.path, 'maxInputBytes')
        assert.match(e.message, /^option `maxInputBytes` must be a whole number of bytes \(0 or more\), found `.+`$/)
        return true
      }, String(value))
    }
    await assert.rejects(new Policy(POLICY).checkManyAsync([REQUEST], opts), (e) => e.code === 'InvalidOption')
  }
})

test('undefined and null are the default; a huge number is no limit', () => {
  for (const maxInputBytes of [undefined, null, Number.MAX_SAFE_INTEGER, 1e300]) {
    assert.equal(check(POLICY, REQUEST, { ...OPTS, maxInputBytes }).allowed, true)
    assert.ok(new Policy(POLICY, { maxInputBytes }))
  }
  assert.ok(new Policy(POLICY, null))
  assert.throws(() => new Policy(POLICY, 5), TypeError)
})

test('the limit is on the JSON text, to the byte, for objects, strings and Buffers', () => {
  for (const request of [withReason(100), withReason(50, 'é'), withReason(20, '😀')]) {
    const size = bytes(request)
    const policy = new Policy(POLICY)
    for (const given of [request, JSON.stringify(request), Buffer.from(JSON.stringify(request))]) {
      assert.equal(policy.check(given, { ...OPTS, maxInputBytes: size }).allowed, true)
      throwsCode(() => policy.check(given, { ...OPTS, maxInputBytes: size - 1 }), 'InputTooLarge', '')
    }
    assert.equal(policy.checkMany([request], { ...OPTS, maxInputBytes: size })[0].allowed, true)
    throwsCode(() => policy.checkMany([request], { ...OPTS, maxInputBytes: size - 1 }), 'InputTooLarge', '/0')
  }
})

test('the policy limit on new Policy and check', () => {
  const size = bytes(POLICY)
  for (const given of [POLICY, JSON.stringify(POLICY), Buffer.from(JSON.stringify(POLICY))]) {
    assert.ok(new Policy(given, { maxInputBytes: size }))
    throwsCode(() => new Policy(given, { maxInputBytes: size - 1 }), 'InputTooLarge', '')
    throwsCode(() => check(given, REQUEST, { ...OPTS, maxInputBytes: size - 1 }), 'InputTooLarge', '')
  }
  assert.throws(() => new Policy(POLICY, { maxInputBytes: 10 }), (e) => /limit of `10` bytes/.test(e.message) && e.code === 'InputTooLarge' && /raise the input size limit/.test(e.hint))
})

test("a policy's limit is its own; each check's requests have theirs", () => {
  const policy = new Policy(POLICY, { maxInputBytes: 10 * MIB })
  assert.equal(policy.check(withReason(MIB), OPTS).allowed, true)
  throwsCode(() => policy.check(withReason(MIB), { ...OPTS, maxInputBytes: 1000 }), 'InputTooLarge', '')
})

test('checkMany and checkManyAsync name the request over the limit', async () => {
  const small = withReason(10)
  const big = withReason(5000)
  const policy = new Policy(POLICY)
  const opts = { ...OPTS, maxInputBytes: 2000 }
  for (const batch of [[small, big, small], [JSON.stringify(small), JSON.stringify(big)]]) {
    assert.throws(() => policy.checkMany(batch, opts), (e) => e.code === 'InputTooLarge' && e.path === '/1' && e.index === 1)
    await assert.rejects(policy.checkManyAsync(batch, opts), (e) => e.code === 'InputTooLarge' && e.path === '/1' && e.index === 1)
  }
  assert.equal(policy.checkMany(Array(300).fill(small), opts).length, 300)
})

test('the default is 16 MiB and can be raised', async () => {
  const request = JSON.stringify(withReason(17 * MIB))
  assert.throws(() => check(POLICY, request, OPTS), (e) => e.code === 'InputTooLarge' && /limit of `16777216` bytes/.test(e.message))
  assert.equal(check(POLICY, request, { ...OPTS, maxInputBytes: 32 * MIB }).allowed, true)
  const [report] = await new Policy(POLICY).checkManyAsync([request], { ...OPTS, maxInputBytes: 32 * MIB })
  assert.equal(report.allowed, true)
})
