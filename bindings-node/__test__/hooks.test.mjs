// The bench and test hooks exist only in a build with the cargo feature `bench-hooks`: a default
// addon exposes none of them. scripts/test.sh runs this file on a default build with
// `PIMCHECK_BENCH_HOOKS=0`, then the whole suite on a `--features bench-hooks` build with
// `PIMCHECK_BENCH_HOOKS=1`.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'

import { HOOKS, hooksPresent } from './helpers.mjs'

const binding = createRequire(import.meta.url)('../index.js')

test('a build has all the hooks or none', () => {
  assert.ok([0, HOOKS.length].includes(hooksPresent(binding).length), `only ${hooksPresent(binding)}`)
})

const expected = process.env.PIMCHECK_BENCH_HOOKS
test(
  'the build exposes the hooks it was built with',
  ['0', '1'].includes(expected) ? {} : { skip: 'PIMCHECK_BENCH_HOOKS (0 or 1) says which build this is; scripts/test.sh sets it' },
  () => {
    assert.deepEqual(hooksPresent(binding), expected === '1' ? HOOKS : [])
  },
)

test('no hook is in the package API', async () => {
  const esm = await import('../index.mjs')
  const cjs = createRequire(import.meta.url)('../main.js')
  for (const name of HOOKS) {
    assert.equal(name in esm, false, name)
    assert.equal(name in cjs, false, name)
  }
})
