// Starts the example service as `npm start` would (node server.mjs) on 127.0.0.1 with an
// ephemeral port, sends real HTTP requests, and stops it.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'

const HERE = dirname(fileURLToPath(import.meta.url))
const SERVER = resolve(HERE, '..', 'server.mjs')
const REPO = resolve(HERE, '..', '..', '..')
const EXAMPLES =
  process.env.PIMCHECK_SHARED_EXAMPLES ??
  [resolve(REPO, '..', 'shared', 'examples'), resolve(REPO, 'benches', 'data')].find((d) => existsSync(join(d, 'g2-rolesetting-get-response.json')))
const example = (name) => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8'))

const POLICY = example('g2-rolesetting-get-response.json')
const REQUEST = example('g2-request-useradd-activate.json') // PT9H against a PT8H maximum
const OPTIONS = { now: '2018-05-12T23:00:00Z', mfa: true }
const shorter = { ...REQUEST, schedule: { ...REQUEST.schedule, duration: 'PT8H' } }

/** Starts the server; resolves to `{ url, stop }` once it says where it listens. */
function start(env = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [SERVER], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stderr.on('data', (d) => (err += d))
    child.stdout.on('data', (d) => {
      out += d
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)
      if (m) {
        resolvePromise({
          url: m[1],
          stop: () => new Promise((done) => {
            child.once('exit', done)
            child.kill('SIGTERM')
          }),
        })
      }
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${err}`)))
  })
}

const post = async (url, body, raw = false) => {
  const res = await fetch(`${url}/preflight`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ? body : JSON.stringify(body),
  })
  return { status: res.status, text: await res.text() }
}

describe('with the policy in the body', () => {
  let server
  before(async () => (server = await start()))
  after(() => server.stop())

  test('200 for an allowed request, with the report', async () => {
    const { status, text } = await post(server.url, { request: shorter, policy: POLICY, options: OPTIONS })
    assert.equal(status, 200)
    const report = JSON.parse(text)
    assert.equal(report.allowed, true)
    assert.deepEqual(report.obligations.map((o) => o.code), ['ApprovalRequired'])
  })

  test('422 for a denied request; the body is the report pimcheck gives', async () => {
    const { status, text } = await post(server.url, { request: REQUEST, policy: POLICY, options: OPTIONS })
    assert.equal(status, 422)
    const { check } = await import('pimcheck')
    assert.equal(text, JSON.stringify(check(POLICY, REQUEST, OPTIONS)))
  })

  test('400 for an input error, with code, path and message', async () => {
    const bad = { ...REQUEST, schedule: { ...REQUEST.schedule, duration: 'P1Y' } }
    const { status, text } = await post(server.url, { request: bad, policy: POLICY, options: OPTIONS })
    assert.equal(status, 400)
    const { error } = JSON.parse(text)
    assert.equal(error.code, 'InvalidDuration')
    assert.equal(error.path, '/schedule/duration')
    assert.match(error.hint, /P365D/)
    const mfa = await post(server.url, { request: REQUEST, policy: POLICY, options: { mfa: 'yes' } })
    assert.equal(mfa.status, 400)
    assert.equal(JSON.parse(mfa.text).error.code, 'InvalidOption')
  })

  test('400 for a body that is not JSON, or without a request', async () => {
    const notJson = await post(server.url, '{"request": ', true)
    assert.equal(notJson.status, 400)
    assert.equal(JSON.parse(notJson.text).error.code, 'InvalidJson')
    const noRequest = await post(server.url, { policy: POLICY })
    assert.equal(noRequest.status, 400)
    assert.match(JSON.parse(noRequest.text).error.message, /`request`/)
    const noPolicy = await post(server.url, { request: REQUEST })
    assert.equal(noPolicy.status, 400)
  })
})

describe('with PIMCHECK_POLICIES', () => {
  let server
  before(async () => {
    // A set of two roles' settings: the documented one under the request's role and scope, and
    // another role. The request is matched to its own role.
    const set = {
      value: [
        { ...POLICY, roleDefinitionId: REQUEST.roleDefinitionId, resourceId: REQUEST.resourceId },
        { ...POLICY, id: 'other', roleDefinitionId: '00000000-0000-0000-0000-000000000001', resourceId: REQUEST.resourceId },
      ],
    }
    const file = join(mkdtempSync(join(tmpdir(), 'preflight-')), 'policies.json')
    writeFileSync(file, JSON.stringify(set))
    server = await start({ PIMCHECK_POLICIES: file })
  })
  after(() => server.stop())

  test('the policy may be left out: the matching entry of the set is used', async () => {
    const denied = await post(server.url, { request: REQUEST, options: OPTIONS })
    assert.equal(denied.status, 422)
    assert.deepEqual(JSON.parse(denied.text).violations.map((v) => v.code), ['DurationExceedsMaximum'])
    const allowed = await post(server.url, { request: shorter, options: OPTIONS })
    assert.equal(allowed.status, 200)
  })

  test('a request for a role the set does not hold is 400 NoMatchingPolicy', async () => {
    const other = { ...REQUEST, roleDefinitionId: 'ffffffff-0000-0000-0000-000000000000' }
    const { status, text } = await post(server.url, { request: other, options: OPTIONS })
    assert.equal(status, 400)
    assert.equal(JSON.parse(text).error.code, 'NoMatchingPolicy')
  })
})
