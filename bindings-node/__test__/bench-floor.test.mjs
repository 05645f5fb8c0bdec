// The benchmarks' floor of reading objects through napi (`__visitFloor`, a hook of
// benches/node/bench.mjs, not part of the API).
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'

import { needsHooks } from './helpers.mjs'

const binding = createRequire(import.meta.url)('../index.js')
const hooks = needsHooks(binding)

// It counts the bytes of every key and string; a cyclic object stops at the depth limit.
test('the visit floor of the benchmarks reads every key and string, and survives a cycle', hooks, () => {
  assert.equal(binding.__visitFloor({ ab: 'cde', f: [1, 'gh', { i: null }] }), 2 + 3 + 1 + 2 + 1)
  assert.equal(binding.__visitFloor([{ a: 'b' }, { a: 'b' }]), 4)
  const cyclic = { a: 'b' }
  cyclic.self = cyclic
  assert.ok(binding.__visitFloor(cyclic) > 0)
})
