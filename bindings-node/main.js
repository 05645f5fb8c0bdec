// The entry of the package (`require('pimcheck')`; `index.mjs` re-exports it): a thin JavaScript
// layer over the native binding that `napi build` generates a loader for (`index.js`), typed by
// the generated `index.d.ts` and `types.d.ts`.
//
// Why it is here: V8 runs `JSON.stringify` several times faster called from JavaScript than
// through napi (where it is a property lookup on the global object and a call through the
// engine's API), and `JSON.parse` of a report costs more than the check itself. So on the common
// path (a policy or request that is an object or a JSON string, options that are an object or
// absent) this layer writes the objects' JSON text, reads the options' four values, and calls a
// native function that takes JSON text and gives the report as a "tape" (`__checkTape`,
// `__checkManyTape`: not part of the API; the format is in src/tape.rs).
// The tape is read here into the plain objects `JSON.parse` of the report's JSON would give, key
// for key and in the same order (so `JSON.stringify(report)` is still the CLI's line), several
// times faster than `JSON.parse`. It decides nothing: every other case (a Buffer, a value of the
// wrong type, options that are not an object, ...) goes to the native function of the same name,
// whose behaviour (errors, messages, their order) is the package's; the fast path reads the
// arguments in the same order the native functions do, so it throws what they would.
// `checkManyAsync` is the native method as it was (a batch's crossing is a small part of its time).
'use strict'

const native = require('./index.js')
const { isProxy } = require('node:util').types

const nativeCheck = native.check
const checkTape = native.__checkTape

// ---- reading a tape (src/tape.rs): one at a time, synchronously, so module state is safe ----
let tape = ''
let at = 0

/** A number: base-64 digits, the last one marked by 64 added to it. */
function num() {
  let n = 0
  let c
  while ((c = tape.charCodeAt(at++)) < 64) n = n * 64 + c
  return n * 64 + (c - 64)
}

/** A string: its length in UTF-16 code units, then its text. */
function str() {
  const end = num() + at
  const s = tape.slice(at, end)
  at = end
  return s
}

/** A list of findings, their keys in the order of the report's JSON. */
function findings() {
  const list = []
  for (let n = num(); n > 0; n--) {
    const has = num()
    const finding = { code: str() }
    if (has & 1) finding.rule = str()
    if (has & 2) finding.path = str()
    finding.message = str()
    if (has & 4) finding.serviceRule = str()
    if (has & 256) finding.serviceError = str()
    if (has & 8) finding.limit = str()
    if (has & 16) finding.actual = str()
    if (has & 32) finding.hint = str()
    if (has & 64) {
      const approvers = []
      for (let m = num(); m > 0; m--) {
        const present = num()
        const approver = {}
        if (present & 1) approver.id = str()
        if (present & 2) approver.kind = str()
        if (present & 4) approver.displayName = str()
        approvers.push(approver)
      }
      finding.approvers = approvers
    }
    if (has & 128) finding.claimValue = str()
    list.push(finding)
  }
  return list
}

/** One report at the tape's position. */
function report() {
  const allowed = num() === 1
  const request = { operation: str(), caller: str(), level: str() }
  const violations = findings()
  const obligations = findings()
  const warnings = findings()
  return { allowed, request, violations, obligations, warnings }
}

/** The report of a tape. */
function readReport(text) {
  tape = text
  at = 0
  const result = report()
  tape = ''
  return result
}

/** The reports of a batch's tape: their count, then each. */
function readReports(text) {
  tape = text
  at = 0
  const list = []
  for (let n = num(); n > 0; n--) list.push(report())
  tape = ''
  return list
}

/** A value the fast path writes with `JSON.stringify`: an object or array that is not bytes. */
function isJsonObject(value) {
  return typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)
}

/** A policy or request the fast path takes: a JSON string, or an object it writes itself. */
function isTextOrObject(value) {
  return typeof value === 'string' || isJsonObject(value)
}

/** Options the fast path reads: absent, or an object. */
function isOptions(options) {
  return options === undefined || options === null || typeof options === 'object'
}

/**
 * The JSON text of a policy or request the fast path takes; `undefined` when `JSON.stringify`
 * gives no string (an object whose `toJSON` returns `undefined`, say), which the native function
 * then meets as it always did.
 */
function textOf(value) {
  if (typeof value === 'string') return value
  const text = JSON.stringify(value)
  return typeof text === 'string' ? text : undefined
}

/** Checks one request against a policy: `check(policy, request, { now, mfa, level })`. */
/** Whether `options` asks for a redacted report (`{ redact: true }`): the core redacts it natively. */
function redacting(options) {
  return typeof options === 'object' && options !== null && options.redact === true
}

function check(policy, request, options) {
  if (redacting(options)) return native.__checkRedacted(policy, request, options)
  if (!isTextOrObject(policy) || !isTextOrObject(request) || !isOptions(options)) {
    return nativeCheck(policy, request, options)
  }
  const policyText = textOf(policy)
  if (policyText === undefined) return nativeCheck(policy, request, options)
  const requestText = textOf(request)
  if (requestText === undefined) return nativeCheck(policyText, request, options)
  if (options === undefined || options === null) {
    return readReport(checkTape(policyText, requestText))
  }
  return readReport(
    checkTape(policyText, requestText, options.now, options.mfa, options.level, options.maxInputBytes),
  )
}

/** A policy (role settings of any generation, or a set of them), read once and checked many times. */
class Policy extends native.Policy {
  /** Checks one request (an object or a JSON string). */
  check(request, options) {
    if (redacting(options)) return this.__checkRedacted(request, options)
    if (!isTextOrObject(request) || !isOptions(options)) return super.check(request, options)
    const text = textOf(request)
    if (text === undefined) return super.check(request, options)
    if (options === undefined || options === null) return readReport(this.__checkTape(text))
    return readReport(this.__checkTape(text, options.now, options.mfa, options.level, options.maxInputBytes))
  }

  /**
   * Checks an array of requests on the available cores; the reports come back in input order.
   * The first bad request throws its input error, with `.index` and the path under `/index`.
   */
  checkMany(requests, options) {
    // `Array.isArray` is true of a Proxy of an array, the native check (`napi_is_array`) is not.
    if (!Array.isArray(requests) || isProxy(requests) || !isOptions(options)) {
      return super.checkMany(requests, options)
    }
    const text = JSON.stringify(requests)
    if (options === undefined || options === null) return readReports(this.__checkManyTape(text))
    return readReports(
      this.__checkManyTape(text, options.now, options.mfa, options.level, options.maxInputBytes),
    )
  }
}

// A new object: the loader's own exports (`require('./index.js')`, the native functions the
// wrapper calls) stay as they are. Assignments, so that Node's CommonJS-to-ESM export detection
// (`import { check } from 'pimcheck'`) sees each name.
module.exports.__napiBindingTarget = native.__napiBindingTarget
module.exports.Policy = Policy
module.exports.check = check
module.exports.convert = native.convert
module.exports.show = native.show
module.exports.audit = native.audit
module.exports.lint = native.lint
module.exports.plan = native.plan
