// The compact crossing of reports (the "tape": written by src/tape.rs, read by main.js) against the
// core's one report writer (`Report::to_json`, which the native functions give to `JSON.parse`):
// for every vector, the objects the tape gives are the objects of the writer's JSON, field for
// field and in the same order. A field added to a finding and its writer but not to the tape fails
// here, named, in every vector that has it.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'

import { check, Policy } from '../main.js'
import { inputs, options, vectorCases } from './helpers.mjs'

// The native functions (the generated loader): the report as `JSON.parse` of the core's writer.
const native = createRequire(import.meta.url)('../index.js')

/** What differs between the tape's object and the writer's, each with its JSON pointer. */
function differences(tape, writer, at = '') {
  const where = at || '/'
  if (writer === null || typeof writer !== 'object') {
    return Object.is(tape, writer) ? [] : [`${where}: the tape gives ${JSON.stringify(tape)}, the writer ${JSON.stringify(writer)}`]
  }
  if (tape === null || typeof tape !== 'object' || Array.isArray(tape) !== Array.isArray(writer)) {
    return [`${where}: the tape gives ${JSON.stringify(tape)}, the writer ${JSON.stringify(writer)}`]
  }
  if (Array.isArray(writer)) {
    const out = tape.length === writer.length ? [] : [`${where}: the tape gives ${tape.length} items, the writer ${writer.length}`]
    return out.concat(writer.flatMap((item, i) => differences(tape[i], item, `${at}/${i}`)))
  }
  const tapeKeys = Object.keys(tape)
  const writerKeys = Object.keys(writer)
  const out = [
    ...writerKeys.filter((k) => !(k in tape)).map((k) => `${at}/${k}: the field \`${k}\` is in the core's writer but not in the tape (src/tape.rs, main.js)`),
    ...tapeKeys.filter((k) => !(k in writer)).map((k) => `${at}/${k}: the field \`${k}\` is in the tape but not in the core's writer`),
  ]
  if (out.length === 0 && tapeKeys.join() !== writerKeys.join()) {
    out.push(`${where}: the fields come in another order: tape ${tapeKeys.join(', ')}, writer ${writerKeys.join(', ')}`)
  }
  return out.concat(writerKeys.filter((k) => k in tape).flatMap((k) => differences(tape[k], writer[k], `${at}/${k}`)))
}

/** The report of a call, or `undefined` when it throws (the vectors' errors are tested elsewhere). */
function reportOf(call) {
  try {
    return call()
  } catch {
    return undefined
  }
}

const cases = vectorCases()
  .map((c) => ({ c, ...inputs(c), options: options(c) }))
  .map((v) => ({ ...v, writer: reportOf(() => native.check(v.policy, v.request, v.options)) }))
  .filter((v) => v.writer !== undefined)

test('the vectors give reports with findings of every kind', () => {
  const findings = cases.flatMap((v) => [...v.writer.violations, ...v.writer.obligations, ...v.writer.warnings])
  assert.ok(cases.length >= 80, `only ${cases.length} vectors give a report`)
  assert.ok(findings.some((f) => f.approvers?.length > 0), 'no vector has approvers')
  assert.ok(findings.some((f) => 'claimValue' in f), 'no vector has a claimValue')
})

test('check: the tape gives the writer\'s report, field for field, for every vector', () => {
  const found = cases.flatMap((v) => differences(check(v.policy, v.request, v.options), v.writer).map((d) => `${v.c.file}: ${v.c.name}: ${d}`))
  assert.deepEqual(found, [])
})

test('checkMany: the batch tape gives the writer\'s reports, field for field, for every vector', () => {
  const found = cases.flatMap((v) => {
    const policy = new Policy(v.policy)
    const requests = [v.request, v.request]
    const viaTape = policy.checkMany(requests, v.options)
    const viaWriter = native.Policy.prototype.checkMany.call(policy, requests, v.options)
    assert.equal(JSON.stringify(viaWriter), JSON.stringify([v.writer, v.writer]))
    return differences(viaTape, viaWriter).map((d) => `${v.c.file}: ${v.c.name}: ${d}`)
  })
  assert.deepEqual(found, [])
})

test('a field missing from the tape is named', () => {
  const writer = { code: 'X', message: 'm', newField: { a: 1 } }
  assert.deepEqual(differences({ code: 'X', message: 'm' }, writer), [
    "/newField: the field `newField` is in the core's writer but not in the tape (src/tape.rs, main.js)",
  ])
  assert.deepEqual(differences({ message: 'm', code: 'X', newField: { a: 1 } }, writer), [
    '/: the fields come in another order: tape message, code, newField, writer code, message, newField',
  ])
})
