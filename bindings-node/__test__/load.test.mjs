// Load: `checkManyAsync` on 100,000 requests, eight rounds, with the resident memory measured after
// each round (after a full garbage collection) and required to stay flat over the last three: no
// leak in the batch, the libuv task or the reports. The first rounds are warm-up: glibc gives each
// thread that allocates an arena of its own, and the core's batch (chunks of 256 handed between the
// calling thread and fresh worker threads each call) grows them over four or five rounds before they
// level off (they do: flat from the first round with MALLOC_ARENA_MAX=1, and at a plateau after about
// five rounds without it). A leak keeps growing after that. One request shape (a JSON string), to
// keep a debug build near 20 s.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import v8 from 'node:v8'
import vm from 'node:vm'

import { Policy } from '../main.js'
import { REPO } from './helpers.mjs'

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc')
const { defaults: DEFAULTS } = JSON.parse(readFileSync(join(REPO, 'tests', 'bad-inputs', 'manifest.json'), 'utf8'))
const MB = 1024 * 1024

test('checkManyAsync of 100,000 requests, eight times, in flat memory', async (t) => {
  const policy = new Policy(DEFAULTS.policy)
  const requests = Array(100_000).fill(JSON.stringify(DEFAULTS.request))
  const figures = []
  for (let round = 0; round < 8; round++) {
    const started = Date.now()
    let reports = await policy.checkManyAsync(requests, DEFAULTS.context)
    assert.equal(reports.length, 100_000)
    assert.equal(reports[99_999].allowed, true)
    reports = null
    gc()
    figures.push({ rss: process.memoryUsage().rss, seconds: (Date.now() - started) / 1000 })
  }
  t.diagnostic(
    'checkManyAsync, 100,000 requests a round; RSS after each round (MB) and time (s): ' +
      figures.map((f) => `${(f.rss / MB).toFixed(1)} (${f.seconds.toFixed(1)} s)`).join(', '),
  )
  const warm = figures[4].rss
  const last = figures[7].rss
  assert.ok(last <= Math.max(warm * 1.2, warm + 50 * MB), JSON.stringify(figures))
})
