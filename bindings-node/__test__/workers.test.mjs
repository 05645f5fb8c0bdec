// The addon in worker threads: each thread loads it on its own, checks concurrently with the main
// thread, and gets the same reports; threads ending (or being terminated) do not take the process.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Worker } from 'node:worker_threads'

import { Policy } from '../main.js'
import { example } from './helpers.mjs'

const POLICY = example('g2-rolesetting-get-response.json')
const REQUEST = example('g2-request-useradd-activate.json')
const OPTS = { now: '2018-05-12T23:00:00Z', mfa: true }
const requests = Array.from({ length: 2000 }, (_, i) => ({ ...REQUEST, schedule: { ...REQUEST.schedule, duration: `PT${1 + (i % 12)}H` } }))

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const { check, Policy } = require(workerData.module)
const policy = new Policy(workerData.policy)
const out = { one: check(workerData.policy, workerData.requests[0], workerData.opts), many: policy.checkMany(workerData.requests, workerData.opts) }
let error
try { policy.checkMany([workerData.requests[0], 5], workerData.opts) } catch (e) { error = { type: e.constructor.name, message: e.message } }
out.error = error
policy.checkManyAsync(workerData.requests, workerData.opts).then((asyncReports) => {
  out.async = asyncReports
  parentPort.postMessage(JSON.stringify(out))
})
`

function runWorker() {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { module: new URL('../main.js', import.meta.url).pathname, policy: POLICY, requests, opts: OPTS },
    })
    worker.once('message', (m) => resolve(JSON.parse(m)))
    worker.once('error', reject)
  })
}

test('four worker threads and the main thread check at once and agree', async () => {
  const policy = new Policy(POLICY)
  const pending = [runWorker(), runWorker(), runWorker(), runWorker()]
  const expected = policy.checkMany(requests, OPTS)
  const mainAsync = await policy.checkManyAsync(requests, OPTS)
  assert.deepEqual(mainAsync, expected)
  for (const got of await Promise.all(pending)) {
    assert.deepEqual(got.one, expected[0])
    assert.deepEqual(got.many, expected)
    assert.deepEqual(got.async, expected)
    assert.equal(got.error.type, 'TypeError')
    assert.match(got.error.message, /requests\[1\]/)
  }
})

test('a worker terminated in the middle of an async batch does not crash the process', async () => {
  const worker = new Worker(
    `const { Policy } = require(${JSON.stringify(new URL('../main.js', import.meta.url).pathname)});
     const { workerData, parentPort } = require('node:worker_threads');
     const p = new Policy(workerData.policy);
     const big = Array.from({ length: 20 }, () => workerData.requests).flat();
     p.checkManyAsync(big, workerData.opts);
     parentPort.postMessage('started');`,
    { eval: true, workerData: { policy: POLICY, requests, opts: OPTS } },
  )
  await new Promise((resolve) => worker.once('message', resolve))
  await worker.terminate()
  // Still alive and working.
  assert.equal(new Policy(POLICY).check(REQUEST, OPTS).allowed, false)
})
