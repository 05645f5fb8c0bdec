// The Node-specific behaviour of the package: module formats, host types, options, errors,
// batches (sync and async), conversion.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, test } from 'node:test'

import { check, convert, Policy } from '../main.js'
import { EXAMPLES, example } from './helpers.mjs'

const require = createRequire(import.meta.url)

const POLICY = example('g2-rolesetting-get-response.json')
const REQUEST = example('g2-request-useradd-activate.json') // PT9H against a PT8H maximum
const NOW = '2018-05-12T23:00:00Z'
const OPTS = { now: NOW, mfa: true }

/** An activation like the documented one, with another duration. */
const activation = (duration) => ({ ...REQUEST, schedule: { ...REQUEST.schedule, duration } })

/** Runs `fn` and returns what it threw (fails if nothing). */
function thrown(fn) {
  try {
    fn()
  } catch (error) {
    return error
  }
  assert.fail('nothing was thrown')
}

describe('module formats', () => {
  test('require and import give the same functions', async () => {
    const cjs = require('pimcheck')
    const esm = await import('pimcheck')
    assert.equal(typeof cjs.check, 'function')
    assert.equal(esm.check, cjs.check)
    assert.equal(esm.Policy, cjs.Policy)
    assert.equal(esm.convert, cjs.convert)
    assert.equal(esm.default.check, cjs.check)
  })

  test('package.json states engines.node and the types', () => {
    const pkg = require('pimcheck/package.json')
    assert.match(pkg.engines.node, />=\s*20/)
    assert.equal(pkg.exports['.'].types, './index.d.ts')
  })
})

describe('inputs', () => {
  const expected = JSON.stringify(check(POLICY, REQUEST, OPTS))

  test('the documented payloads give the documented verdict', () => {
    const report = check(POLICY, REQUEST, OPTS)
    assert.equal(report.allowed, false)
    assert.deepEqual(report.violations.map((v) => v.code), ['DurationExceedsMaximum'])
    assert.equal(report.violations[0].limit, 'PT8H')
    assert.equal(report.violations[0].serviceRule, 'ExpirationRule')
    assert.equal(Object.getPrototypeOf(report), Object.prototype, 'a plain object')
  })

  test('a refusal that is no policy rule names the service error, not a service rule', () => {
    const policy = { rules: [{ '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule',
      id: 'Expiration_EndUser_Assignment', isExpirationRequired: true, maximumDuration: 'PT8H',
      target: { caller: 'EndUser', level: 'Assignment' } }] }
    const request = { action: 'selfActivate', principalId: '071cc716-8147-4397-a5ba-b2105951cc0b',
      scheduleInfo: { startDateTime: '2026-01-01T00:00:00Z', expiration: { type: 'afterDuration', duration: 'PT2M' } } }
    const report = check(policy, request, { now: '2026-01-01T00:00:00Z' })
    assert.deepEqual(report.violations.map((v) => v.code), ['DurationTooShort'])
    assert.equal(report.violations[0].serviceError, 'ActiveDurationTooShort')
    assert.equal(report.violations[0].serviceRule, undefined)
    assert.equal(report.request.level, 'assignment')
  })

  test('objects, JSON strings and UTF-8 bytes give the same report', () => {
    const policyText = readFileSync(join(EXAMPLES, 'g2-rolesetting-get-response.json'))
    const requestText = JSON.stringify(REQUEST)
    assert.equal(JSON.stringify(check(JSON.stringify(POLICY), requestText, OPTS)), expected)
    assert.equal(JSON.stringify(check(policyText, Buffer.from(requestText), OPTS)), expected)
    assert.equal(JSON.stringify(check(new Uint8Array(policyText), REQUEST, OPTS)), expected)
    assert.equal(JSON.stringify(new Policy(policyText.toString('utf8')).check(REQUEST, OPTS)), expected)
  })

  test('a policy or request of the wrong type is a TypeError naming the argument', () => {
    for (const [value, found] of [[5, 'number'], [undefined, 'undefined'], [null, 'null'], [true, 'boolean'], [() => 1, 'function']]) {
      const e1 = thrown(() => check(value, REQUEST, OPTS))
      assert.ok(e1 instanceof TypeError)
      assert.match(e1.message, new RegExp(`argument \`policy\`.*found ${found}`))
      assert.equal(e1.code, 'ERR_INVALID_ARG_TYPE')
      const e2 = thrown(() => check(POLICY, value, OPTS))
      assert.ok(e2 instanceof TypeError)
      assert.match(e2.message, /argument `request`/)
      assert.ok(thrown(() => new Policy(value)) instanceof TypeError)
      assert.ok(thrown(() => new Policy(POLICY).check(value)) instanceof TypeError)
    }
    assert.ok(thrown(() => check(new Int16Array(4), REQUEST, OPTS)) instanceof TypeError)
    assert.ok(thrown(() => check(POLICY, REQUEST, 'now')) instanceof TypeError)
  })

  test('a JSON value of the wrong shape is the contract input error', () => {
    assert.equal(thrown(() => check({}, REQUEST, OPTS)).code, 'UnknownPolicyShape')
    assert.equal(thrown(() => check('[1', REQUEST, OPTS)).code, 'InvalidJson')
    assert.equal(thrown(() => check(POLICY, {}, OPTS)).code, 'UnknownRequestShape')
    assert.equal(thrown(() => check(Buffer.from([0xff]), REQUEST, OPTS)).code, 'InvalidJson')
  })

  test('Dates in a request (as the ARM SDK models hold them) are read as their RFC 3339 text', () => {
    const withDate = { ...REQUEST, schedule: { ...REQUEST.schedule, startDateTime: new Date(REQUEST.schedule.startDateTime) } }
    assert.equal(JSON.stringify(check(POLICY, withDate, OPTS)), expected)
  })
})

describe('options', () => {
  test('now: a Date and the same instant as a string give the same report', () => {
    const a = check(POLICY, REQUEST, { now: new Date(NOW), mfa: true })
    const b = check(POLICY, REQUEST, { now: '2018-05-13T01:00:00+02:00', mfa: true })
    assert.equal(JSON.stringify(a), JSON.stringify(check(POLICY, REQUEST, OPTS)))
    assert.equal(JSON.stringify(b), JSON.stringify(a))
  })

  test('now: the default is the system clock', () => {
    const future = new Date(Date.now() + 86_400_000).toISOString()
    const past = { ...REQUEST, schedule: { ...REQUEST.schedule, startDateTime: '2018-05-12T23:28:43.537Z', duration: 'PT1H' } }
    const later = { ...past, schedule: { ...past.schedule, startDateTime: future } }
    for (const opts of [undefined, null, {}, { now: undefined }, { now: null }]) {
      assert.deepEqual(check(POLICY, past, opts).warnings.map((w) => w.code), ['StartInPast'])
      assert.deepEqual(check(POLICY, later, opts).warnings, [])
    }
  })

  test('now: not a time, an invalid Date or another type is InvalidOption', () => {
    for (const now of ['tomorrow', '2026-02-30T00:00:00Z', new Date('nope'), 1_700_000_000_000, {}]) {
      const e = thrown(() => check(POLICY, REQUEST, { now }))
      assert.equal(e.code, 'InvalidOption', String(now))
      assert.equal(e.path, 'now')
      assert.ok(!(e instanceof TypeError))
    }
  })

  test('mfa: true, false or unknown; anything else is InvalidOption', () => {
    const codes = (mfa) => {
      const r = check(POLICY, { ...activation('PT1H') }, { now: NOW, mfa })
      return { v: r.violations.map((f) => f.code), o: r.obligations.map((f) => f.code) }
    }
    const mfaPolicy = JSON.parse(JSON.stringify(POLICY))
    for (const s of mfaPolicy.userMemberSettings) if (s.ruleIdentifier === 'MfaRule') s.setting = '{"mfaRequired":true}'
    assert.ok(check(mfaPolicy, activation('PT1H'), { now: NOW, mfa: false }).violations.some((v) => v.code === 'MfaRequired'))
    assert.ok(check(mfaPolicy, activation('PT1H'), { now: NOW }).obligations.some((v) => v.code === 'MfaRequired'))
    assert.ok(!check(mfaPolicy, activation('PT1H'), { now: NOW, mfa: true }).obligations.some((v) => v.code === 'MfaRequired'))
    assert.deepEqual(codes(null), codes(undefined))
    for (const mfa of ['yes', 'true', 1, 0, {}, []]) {
      const e = thrown(() => check(POLICY, REQUEST, { now: NOW, mfa }))
      assert.equal(e.code, 'InvalidOption', JSON.stringify(mfa))
      assert.equal(e.path, 'mfa')
    }
    assert.match(thrown(() => check(POLICY, REQUEST, { now: NOW, mfa: 'true' })).message, /found `"true"`/)
  })

  test('level: assignment or eligibility; anything else is InvalidOption', () => {
    check(POLICY, REQUEST, { now: NOW, level: 'eligibility' })
    for (const level of ['active', 3, true]) {
      const e = thrown(() => check(POLICY, REQUEST, { now: NOW, level }))
      assert.equal(e.code, 'InvalidOption')
      assert.equal(e.path, 'level')
    }
  })
})

describe('errors', () => {
  test('an input error is an Error with code, path, message and hint', () => {
    const e = thrown(() => check(POLICY, activation('P1Y'), OPTS))
    assert.ok(e instanceof Error)
    assert.ok(!(e instanceof TypeError))
    assert.equal(e.code, 'InvalidDuration')
    assert.equal(e.path, '/schedule/duration')
    assert.match(e.message, /`P1Y`/)
    assert.match(e.hint, /P365D/)
    assert.equal(e.index, undefined)
  })

  test('a batch throws the first bad request, with index and the path under it', () => {
    const policy = new Policy(POLICY)
    const requests = [activation('PT1H'), activation('PT2H'), activation('PT3H'), activation('P1M'), activation('P1Y')]
    const e = thrown(() => policy.checkMany(requests, OPTS))
    assert.equal(e.code, 'InvalidDuration')
    assert.equal(e.index, 3)
    assert.equal(e.path, '/3/schedule/duration')
    const t = thrown(() => policy.checkMany([REQUEST, 7], OPTS))
    assert.ok(t instanceof TypeError)
    assert.match(t.message, /requests\[1\]/)
    assert.ok(thrown(() => policy.checkMany(REQUEST, OPTS)) instanceof TypeError)
  })

  test('a batch larger than one thread takes still gives the lowest bad index', () => {
    const policy = new Policy(POLICY)
    const requests = Array.from({ length: 5000 }, (_, i) => activation(i === 4321 || i === 4999 ? 'P1Y' : `PT${1 + (i % 9)}H`))
    const e = thrown(() => policy.checkMany(requests, OPTS))
    assert.equal(e.index, 4321)
    assert.equal(e.path, '/4321/schedule/duration')
  })
})

describe('batches', () => {
  const policy = new Policy(POLICY)
  const requests = Array.from({ length: 3000 }, (_, i) => (i % 3 === 0 ? JSON.stringify(activation(`PT${1 + (i % 12)}H`)) : activation(`PT${1 + (i % 12)}H`)))

  test('checkMany gives the reports of check, in input order', () => {
    const reports = policy.checkMany(requests, OPTS)
    assert.equal(reports.length, requests.length)
    reports.forEach((r, i) => assert.deepEqual(r, policy.check(requests[i], OPTS)))
    assert.deepEqual(policy.checkMany([], OPTS), [])
  })

  test('checkManyAsync resolves to the same reports', async () => {
    const reports = await policy.checkManyAsync(requests, OPTS)
    assert.deepEqual(reports, policy.checkMany(requests, OPTS))
  })

  test('checkManyAsync rejects (never throws) on every failure', async () => {
    const bad = [REQUEST, activation('P1Y')]
    await assert.rejects(policy.checkManyAsync(bad, OPTS), (e) => e.code === 'InvalidDuration' && e.index === 1 && e.path === '/1/schedule/duration')
    await assert.rejects(policy.checkManyAsync(bad, { now: 'soon' }), (e) => e.code === 'InvalidOption' && e.path === 'now')
    await assert.rejects(policy.checkManyAsync(5, OPTS), TypeError)
    await assert.rejects(policy.checkManyAsync([REQUEST, null], OPTS), /requests\[1\]/)
    const cyclic = { ...REQUEST }
    cyclic.self = cyclic
    await assert.rejects(policy.checkManyAsync([cyclic], OPTS), TypeError)
  })

  test('checkManyAsync leaves the event loop free', async () => {
    const big = Array.from({ length: 40_000 }, (_, i) => activation(`PT${1 + (i % 12)}H`))
    let ticks = 0
    let done = false
    const tick = () => {
      if (done) return
      ticks += 1
      setImmediate(tick)
    }
    setImmediate(tick)
    const reports = await policy.checkManyAsync(big, OPTS)
    done = true
    assert.equal(reports.length, big.length)
    assert.ok(ticks > 1, `the event loop turned ${ticks} time(s) while the batch ran`)
  })
})

describe('convert', () => {
  test('writes every generation, and the converted policy checks the same', () => {
    const graph = convert(POLICY, { to: 'graph' })
    assert.ok(Array.isArray(graph.policy.rules))
    assert.deepEqual(graph.warnings, [])
    const arm = convert(JSON.stringify(POLICY), { to: 'ARM' })
    assert.ok(Array.isArray(arm.policy.properties.rules))
    const back = convert(graph.policy, { to: 'iteration2' })
    assert.ok(Array.isArray(back.policy.userMemberSettings))
    const graphRequest = {
      '@odata.type': '#microsoft.graph.unifiedRoleAssignmentScheduleRequest',
      action: 'selfActivate',
      justification: 'Activate the owner role',
      scheduleInfo: { startDateTime: REQUEST.schedule.startDateTime, expiration: { type: 'afterDuration', duration: 'PT9H' } },
    }
    const report = check(graph.policy, graphRequest, OPTS)
    assert.deepEqual(report.violations.map((v) => v.code), ['DurationExceedsMaximum'])
  })

  test('a bad `to` is InvalidOption; a bad policy its input error', () => {
    for (const options of [{ to: 'v1' }, { to: 5 }, {}, undefined]) {
      const e = thrown(() => convert(POLICY, options))
      assert.equal(e.code, 'InvalidOption')
      assert.equal(e.path, 'to')
    }
    assert.ok(thrown(() => convert(POLICY, 'graph')) instanceof TypeError)
    assert.equal(thrown(() => convert({}, { to: 'graph' })).code, 'UnknownPolicyShape')
  })
})

describe('the JavaScript layer (main.js)', () => {
  // The native functions behind it, as they were before it: every answer must be the same.
  const native = require('../index.js')
  const outcome = (run) => {
    try {
      return { report: JSON.stringify(run()) }
    } catch (e) {
      return { type: e.constructor.name, code: e.code, path: e.path, message: e.message, hint: e.hint, index: e.index }
    }
  }

  test('reports with text beyond ASCII are the same objects, key for key', () => {
    const policy = JSON.parse(JSON.stringify(POLICY))
    for (const s of policy.userMemberSettings) {
      if (s.ruleIdentifier === 'ApprovalRule') s.setting = s.setting.replaceAll('Alex Wilber', 'Zoë 😀 \\"Ω\\" \\u0001')
    }
    const request = { ...activation('PT9H'), reason: 'é😀' }
    const a = check(policy, request, OPTS)
    assert.deepEqual(a, native.check(policy, request, OPTS))
    assert.equal(JSON.stringify(a), JSON.stringify(native.check(policy, request, OPTS)))
    assert.ok(JSON.stringify(a).includes('😀'), JSON.stringify(a))
    const parsed = new Policy(policy)
    const many = Array.from({ length: 300 }, (_, i) => activation(`PT${1 + (i % 12)}H`))
    assert.equal(JSON.stringify(parsed.checkMany(many, OPTS)), JSON.stringify(new native.Policy(policy).checkMany(many, OPTS)))
  })

  test('odd arguments give what the native functions give', () => {
    const cyclic = { ...REQUEST }
    cyclic.self = cyclic
    const noJson = { toJSON: () => undefined }
    const proxy = new Proxy([REQUEST], {})
    const args = [
      [POLICY, REQUEST, { now: new Date(NOW), mfa: true }],
      [POLICY, REQUEST, { now: new Date('nope') }],
      [POLICY, REQUEST, { now: NOW, mfa: 'true', level: 3 }],
      [POLICY, REQUEST, { now: NOW, maxInputBytes: -1 }],
      [POLICY, REQUEST, { now: NOW, maxInputBytes: 10 }],
      [POLICY, REQUEST, Object.assign([], OPTS)],
      [POLICY, REQUEST, 'now'],
      [POLICY, REQUEST, () => 1],
      [POLICY, cyclic, OPTS],
      [cyclic, REQUEST, OPTS],
      [5, cyclic, OPTS],
      [noJson, REQUEST, OPTS],
      [POLICY, noJson, OPTS],
      [POLICY, new Date(NOW), OPTS],
      [new DataView(new ArrayBuffer(2)), REQUEST, OPTS],
      [POLICY, Buffer.from(JSON.stringify(REQUEST)), OPTS],
      [POLICY, '{"a":1,"a":2}', OPTS],
      [{}, REQUEST, { now: 'soon' }],
    ]
    const policy = new Policy(POLICY)
    const nativePolicy = new native.Policy(POLICY)
    for (const [p, r, o] of args) {
      const label = `${String(p)?.slice(0, 20)} ${String(r)?.slice(0, 20)} ${JSON.stringify(o)}`
      assert.deepEqual(outcome(() => check(p, r, o)), outcome(() => native.check(p, r, o)), label)
      assert.deepEqual(outcome(() => policy.check(r, o)), outcome(() => nativePolicy.check(r, o)), label)
      assert.deepEqual(outcome(() => policy.checkMany([r, r], o)), outcome(() => nativePolicy.checkMany([r, r], o)), label)
    }
    for (const requests of [proxy, REQUEST, null, [REQUEST, 5], [cyclic], [REQUEST, activation('P1Y')]]) {
      assert.deepEqual(outcome(() => policy.checkMany(requests, OPTS)), outcome(() => nativePolicy.checkMany(requests, OPTS)))
    }
  })
})
