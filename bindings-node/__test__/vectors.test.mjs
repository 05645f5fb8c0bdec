// Every case of vectors/ through the Node API, compared with the expected codes and, byte for
// byte, with the CLI's `--format json` output for the same input.
import assert from 'node:assert/strict'
import { test } from 'node:test'

import { check, Policy } from '../main.js'
import { cliVersion, codes, inputs, options, runCli, vectorCases } from './helpers.mjs'

const cases = vectorCases()

test('the vectors are there and the CLI runs', () => {
  assert.ok(cases.length >= 100, `found only ${cases.length} vector cases`)
  assert.match(cliVersion(), /^pimcheck /)
})

/** The library's answer to a case: `{ report }` or `{ error }`. */
function viaLibrary(c) {
  const { policy, request } = inputs(c)
  try {
    return { report: check(policy, request, options(c)) }
  } catch (error) {
    return { error }
  }
}

for (const c of cases) {
  test(`${c.file}: ${c.name}`, () => {
    const got = viaLibrary(c)
    const cli = runCli(c)
    if ('error' in c.expect) {
      assert.ok(got.error, `expected the input error ${c.expect.error}, got a report: ${JSON.stringify(got.report)}`)
      assert.ok(!(got.error instanceof TypeError), `a TypeError: ${got.error.message}`)
      assert.equal(got.error.code, c.expect.error, got.error.message)
      assert.equal(typeof got.error.path, 'string')
      assert.equal(cli.status, 2, cli.stderr)
      const cliError = JSON.parse(cli.line).error
      assert.equal(cliError.code, got.error.code)
      // Options are host values in Node (a string "yes" is shown in quotes): only the code and
      // path are the same there; everything read from the documents is the same error.
      assert.equal(cliError.path, got.error.path)
      if (got.error.code !== 'InvalidOption') {
        assert.equal(cliError.message, got.error.message)
        assert.equal(cliError.hint, got.error.hint)
      }
      return
    }
    assert.ok(got.report, `unexpected input error ${got.error?.code}: ${got.error?.message}`)
    const { report } = got
    assert.equal(report.allowed, c.expect.allowed)
    assert.deepEqual(codes(report.violations), [...new Set(c.expect.violations)].sort())
    assert.deepEqual(codes(report.obligations), [...new Set(c.expect.obligations)].sort())
    assert.deepEqual(codes(report.warnings), [...new Set(c.expect.warnings)].sort())
    assert.equal(JSON.stringify(report), cli.line, 'JSON.stringify(report) differs from the CLI')
    assert.equal(cli.status, report.allowed ? 0 : 1)
    // The same through a parsed Policy, a batch and JSON-string inputs.
    const { policy, request } = inputs(c)
    const parsed = new Policy(policy)
    const text = typeof request === 'string' ? request : JSON.stringify(request)
    assert.equal(JSON.stringify(parsed.check(text, options(c))), cli.line)
    assert.equal(JSON.stringify(parsed.checkMany([request, text], options(c))), `[${cli.line},${cli.line}]`)
  })
}
