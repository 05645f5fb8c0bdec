// The entry of the package (`require('pimcheck')`; `index.mjs` re-exports it): a thin JavaScript
// layer over the native binding that `napi build` generates a loader for (`index.js`), typed by
// the generated `index.d.ts` and `types.d.ts`.
//
// Why it is here: V8 runs `JSON.stringify` and `JSON.parse` several times faster called from
// JavaScript than through napi (where each is a property lookup on the global object and a call
// through the engine's API). So on the common path (a policy or request that is an object or a
// JSON string, options that are an object or absent) this layer writes the objects' JSON text,
// reads the options' four values, calls a native function that takes and returns JSON text
// (`__checkText`, `__checkManyText`, `__checkManyTextAsync`: not part of the API), and gives the
// report's text to `JSON.parse`. It decides nothing: every other case (a Buffer, a value of the
// wrong type, options that are not an object, ...) goes to the native function of the same name,
// whose behaviour (errors, messages, their order) is the package's; the fast path reads the
// arguments in the same order the native functions do, so it throws what they would.
'use strict'

const native = require('./index.js')
const { isProxy } = require('node:util').types

const nativeCheck = native.check
const checkText = native.__checkText

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
function check(policy, request, options) {
  if (!isTextOrObject(policy) || !isTextOrObject(request) || !isOptions(options)) {
    return nativeCheck(policy, request, options)
  }
  const policyText = textOf(policy)
  if (policyText === undefined) return nativeCheck(policy, request, options)
  const requestText = textOf(request)
  if (requestText === undefined) return nativeCheck(policyText, request, options)
  if (options === undefined || options === null) {
    return JSON.parse(checkText(policyText, requestText))
  }
  return JSON.parse(
    checkText(policyText, requestText, options.now, options.mfa, options.level, options.maxInputBytes),
  )
}

/** A policy (role settings of any generation, or a set of them), read once and checked many times. */
class Policy extends native.Policy {
  /** Checks one request (an object or a JSON string). */
  check(request, options) {
    if (!isTextOrObject(request) || !isOptions(options)) return super.check(request, options)
    const text = textOf(request)
    if (text === undefined) return super.check(request, options)
    if (options === undefined || options === null) return JSON.parse(this.__checkText(text))
    return JSON.parse(this.__checkText(text, options.now, options.mfa, options.level, options.maxInputBytes))
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
    if (options === undefined || options === null) return JSON.parse(this.__checkManyText(text))
    return JSON.parse(
      this.__checkManyText(text, options.now, options.mfa, options.level, options.maxInputBytes),
    )
  }

  /**
   * As `checkMany`, off the main thread: a Promise of the reports, the event loop stays free.
   * Every failure (a wrong argument type included) rejects the Promise.
   */
  checkManyAsync(requests, options) {
    if (!Array.isArray(requests) || isProxy(requests) || !isOptions(options)) {
      return super.checkManyAsync(requests, options)
    }
    let pending
    try {
      const text = JSON.stringify(requests)
      pending =
        options === undefined || options === null
          ? this.__checkManyTextAsync(text)
          : this.__checkManyTextAsync(text, options.now, options.mfa, options.level, options.maxInputBytes)
    } catch (error) {
      // `JSON.stringify` of a cyclic request, or a getter of the options that throws.
      return Promise.reject(error)
    }
    return pending.then(JSON.parse)
  }
}

// A new object: the loader's own exports (`require('./index.js')`, the native functions the
// wrapper calls) stay as they are. Assignments, so that Node's CommonJS-to-ESM export detection
// (`import { check } from 'pimcheck'`) sees each name.
module.exports.__napiBindingTarget = native.__napiBindingTarget
module.exports.Policy = Policy
module.exports.check = check
module.exports.convert = native.convert
