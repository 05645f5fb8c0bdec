// Node runner of the benchmark contract (benches/CONTRACT.md): the native package (`node`) and the
// hand-written plain-JavaScript checker (`node-plain`, reference-checker.mjs) on the scenarios of
// the manifest, one JSON line per runner and scenario on stdout. A summary with the medians, the
// ratios and this package's targets goes to stderr:
//   - a single `Policy.check` at most 2x the plain-JavaScript check;
//   - `checkMany` at least 1,000,000 requests/s on 10,000 requests (all cores).
//
//   (cd bindings-node && npx napi build --platform --release)
//   node benches/node/bench.mjs [benches/scenarios.json] [--only id,id]
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

import * as plain from './reference-checker.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const onlyAt = args.indexOf('--only')
const only = onlyAt >= 0 ? new Set(args[onlyAt + 1].split(',')) : null
const manifestPath = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--only') ?? resolve(HERE, '..', 'scenarios.json'))
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
const BENCHES = dirname(manifestPath)
// The package as `require('pimcheck')` loads it: its `main` (the JavaScript layer over the native
// binding), not the generated loader of the native binding alone.
const pimcheck = createRequire(import.meta.url)(resolve(HERE, '..', '..', 'bindings-node'))
// The native module itself, for the floor of reading objects through napi (`__visitFloor`).
const native = createRequire(import.meta.url)(resolve(HERE, '..', '..', 'bindings-node', 'index.js'))

const text = (path) => readFileSync(resolve(BENCHES, path), 'utf8')
const log = (...a) => console.error(...a)

/** Times `call` as the contract says: per-call median and p95 in ns over `samples` samples of `inner` calls. */
function measure(call, { inner, samples, warmup }) {
  let keep
  for (let i = 0; i < warmup * inner; i++) keep = call()
  const times = new Float64Array(samples)
  for (let s = 0; s < samples; s++) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < inner; i++) keep = call()
    times[s] = Number(process.hrtime.bigint() - t0) / inner
  }
  times.sort()
  globalThis.__keep = keep
  const at = (q) => times[Math.round((samples - 1) * q)]
  return { n: samples * inner, median_ns: at(0.5), p95_ns: at(0.95) }
}

function line(runner, scenario, result, items = 1) {
  const out = { runner, scenario: scenario.id }
  if (result.reason) Object.assign(out, { status: 'skipped', reason: result.reason })
  else {
    Object.assign(out, { n: result.n, median_ns: +result.median_ns.toFixed(1), p95_ns: +result.p95_ns.toFixed(1) })
    out.throughput = Math.round((items * 1e9) / result.median_ns)
    out.status = 'ok'
  }
  console.log(JSON.stringify(out))
  return out
}

/** Both runners' calls for one scenario, each verified once before timing. */
function calls(s) {
  const opts = s.context ?? {}
  switch (s.kind) {
    case 'parse_policy': {
      const policy = text(s.policy)
      return { node: () => new pimcheck.Policy(policy), plain: () => plain.compile(JSON.parse(policy)) }
    }
    case 'parse_request': {
      const request = text(s.request)
      return { node: null, nodeReason: 'no separate request-parsing step in the Node API', plain: () => JSON.parse(request) }
    }
    case 'check': {
      const policyText = text(s.policy)
      const request = JSON.parse(text(s.request))
      const policy = new pimcheck.Policy(policyText)
      const compiled = plain.compile(JSON.parse(policyText))
      const a = JSON.stringify(policy.check(request, opts))
      const b = JSON.stringify(plain.check(compiled, request, opts))
      if (a !== b) throw new Error(`${s.id}: the plain checker disagrees with pimcheck:\n${b}\n${a}`)
      // The floor: what the package pays before Rust sees the request (it crosses as JSON text),
      // so the best ratio against plain JS that any work after it could reach.
      return {
        node: () => policy.check(request, opts),
        plain: () => plain.check(compiled, request, opts),
        floor: () => JSON.stringify(request),
        visit: () => native.__visitFloor(request),
      }
    }
    case 'report_json': {
      const policyText = text(s.policy)
      const requestText = text(s.request)
      return {
        node: () => JSON.stringify(pimcheck.check(policyText, requestText, opts)),
        plain: () => JSON.stringify(plain.check(plain.compile(JSON.parse(policyText)), JSON.parse(requestText), opts)),
      }
    }
    case 'batch': {
      const files = s.requests.map((f) => JSON.parse(text(f)))
      const requests = Array.from({ length: s.item_count }, (_, i) => files[i % files.length])
      const policyText = text(s.policy)
      const policy = new pimcheck.Policy(policyText)
      const compiled = plain.compile(JSON.parse(policyText))
      const a = JSON.stringify(policy.checkMany(requests, opts))
      const b = JSON.stringify(requests.map((r) => plain.check(compiled, r, opts)))
      if (a !== b) throw new Error(`${s.id}: the plain checker disagrees with pimcheck`)
      // The contract's batch kind is one thread: pimcheck's checkMany uses every core, so the
      // one-thread figure is a loop of check (the same work, the same boundary crossings per item).
      return { node: () => policy.checkMany(requests, opts), plain: () => requests.map((r) => plain.check(compiled, r, opts)), items: s.item_count }
    }
    default:
      return { node: null, nodeReason: `kind ${s.kind} is not for the Node runner`, plain: null, plainReason: `kind ${s.kind} is not for the Node runner` }
  }
}

const results = {}
for (const s of manifest.scenarios) {
  if (only && !only.has(s.id)) continue
  const policy = manifest.iteration_policy
  const counts = { inner: s.inner ?? 1, samples: s.samples ?? policy.samples, warmup: s.warmup_samples ?? policy.warmup_samples }
  let c
  try {
    c = calls(s)
  } catch (e) {
    line('node', s, { reason: e.message })
    line('node-plain', s, { reason: e.message })
    continue
  }
  const items = c.items ?? s.item_count ?? 1
  // Each call once before timing: a payload the plain checker does not read (ARM) is skipped.
  const run = (call, reason) => {
    if (!call) return { reason }
    try {
      call()
    } catch (e) {
      return { reason: `the call fails: ${e.message}` }
    }
    return measure(call, counts)
  }
  results[s.id] = {
    kind: s.kind,
    items,
    node: line('node', s, run(c.node, c.nodeReason), items),
    plain: line('node-plain', s, run(c.plain, c.plainReason), items),
    floor: c.floor ? line('node-floor', s, run(c.floor), items) : null,
    visit: c.visit ? line('node-floor-visit', s, run(c.visit), items) : null,
  }
}

// ---- this package's targets: a single check, and checkMany on 10,000 requests on every core ----
const summary = []
for (const [id, r] of Object.entries(results)) {
  if (r.node.status !== 'ok' || r.plain.status !== 'ok') continue
  summary.push(`${id.padEnd(36)} node ${fmt(r.node.median_ns)}  plain ${fmt(r.plain.median_ns)}  node/plain ${(r.node.median_ns / r.plain.median_ns).toFixed(2)}x`)
  if (r.floor?.status === 'ok') {
    summary.push(`${''.padEnd(36)} floor (JSON.stringify of the request alone) ${fmt(r.floor.median_ns)} = ${(r.floor.median_ns / r.plain.median_ns).toFixed(2)}x plain`)
  }
  if (r.visit?.status === 'ok') {
    summary.push(`${''.padEnd(36)} floor (every key and value read through napi) ${fmt(r.visit.median_ns)} = ${(r.visit.median_ns / r.plain.median_ns).toFixed(2)}x plain`)
  }
}

function fmt(ns) {
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} us` : `${ns.toFixed(0)} ns`
}

if (!only || only.has('checkMany-10k')) {
  const batch = manifest.scenarios.find((s) => s.kind === 'batch')
  const files = batch.requests.map((f) => JSON.parse(text(f)))
  const objects = Array.from({ length: 10_000 }, (_, i) => files[i % files.length])
  const strings = objects.map((o) => JSON.stringify(o))
  const policy = new pimcheck.Policy(text(batch.policy))
  const opts = batch.context
  const counts = { inner: 1, samples: 30, warmup: 3 }
  const many = { id: 'checkMany-10k-objects' }
  const manyStrings = { id: 'checkMany-10k-strings' }
  const r1 = line('node', many, measure(() => policy.checkMany(objects, opts), counts), 10_000)
  const r2 = line('node', manyStrings, measure(() => policy.checkMany(strings, opts), counts), 10_000)
  summary.push(`checkMany 10k objects (${availableParallelism()} cores)   ${fmt(r1.median_ns)}  ${r1.throughput.toLocaleString('en')} requests/s  (target 1,000,000)`)
  summary.push(`checkMany 10k JSON strings              ${fmt(r2.median_ns)}  ${r2.throughput.toLocaleString('en')} requests/s`)
  // The ceiling of the object path: one JSON.stringify of the array on the main thread, before
  // any request is read.
  const r3 = line('node-floor', { id: 'checkMany-10k-objects' }, measure(() => JSON.stringify(objects), counts), 10_000)
  summary.push(`checkMany ceiling (JSON.stringify of the 10k array alone) ${fmt(r3.median_ns)}  ${r3.throughput.toLocaleString('en')} requests/s`)
  const r4 = line('node-floor-visit', { id: 'checkMany-10k-objects' }, measure(() => native.__visitFloor(objects), counts), 10_000)
  summary.push(`checkMany ceiling (every key and value of the 10k read through napi) ${fmt(r4.median_ns)}  ${r4.throughput.toLocaleString('en')} requests/s`)
}
const single = results['check-iteration2-activation']
if (single?.node.status === 'ok') {
  summary.push(`single check, documented payload: ${(single.node.median_ns / single.plain.median_ns).toFixed(2)}x plain JS (target at most 2x)`)
}
log(`\nnode ${process.version}, ${availableParallelism()} cores, medians per call\n` + summary.join('\n'))
