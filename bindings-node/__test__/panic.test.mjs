// A panic in the core (a bug) becomes the core's `Internal` error (code `Internal`, a message that
// says it is a bug and where to report it), thrown, or rejecting the promise of the async batch; it
// never aborts the process. Test hooks, not part of the API: `__panicForTests` (a call into the core
// guarded as every entry point's is) and `__panicForTestsAsync` (work on a libuv thread, guarded as
// `checkManyAsync`'s is).
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'

import { needsHooks } from './helpers.mjs'

const binding = createRequire(import.meta.url)('../index.js')
const hooks = needsHooks(binding)

test('a panic in a synchronous call is a thrown Error', hooks, () => {
  for (let i = 0; i < 3; i++) {
    assert.throws(
      () => binding.__panicForTests(),
      (e) => e instanceof Error && e.code === 'Internal' && e.path === '' && /internal error in pimcheck .*deliberate panic.*this is a bug/.test(e.message),
    )
  }
})

test('a panic on a worker thread rejects the promise', hooks, async () => {
  await assert.rejects(
    binding.__panicForTestsAsync(),
    (e) => e instanceof Error && e.code === 'Internal' && /internal error in pimcheck .*this is a bug/.test(e.message),
  )
  // The process and the addon go on.
  assert.equal(typeof binding.check, 'function')
})
