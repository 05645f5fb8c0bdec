// Example back end: a preflight check of Azure PIM requests with pimcheck.
//
//   POST /preflight  {"request": {...}, "policy": {...}, "options": {"now", "mfa", "level"}}
//   -> 200 the report (allowed), 422 the report (denied), 400 {"error": {...}} (an input error, or a
//      body that is not JSON)
//
// Started with PIMCHECK_POLICIES=FILE (one policy, or a set such as a list response of every role),
// `policy` may be left out of the body: the entry matching the request's role and scope is used.
// Listens on HOST (default 127.0.0.1) and PORT (default 3000; 0 picks a free port).
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

import Fastify from 'fastify'
import { Policy } from 'pimcheck'

/** The error body of an input error (pimcheck's `code`, `path`, `message`, `hint`, `index`). */
function errorBody(error) {
  const body = { code: error.code, path: error.path ?? '', message: error.message }
  if (error.hint !== undefined) body.hint = error.hint
  return { error: body }
}

/** Builds the service; `policies` is the file named by PIMCHECK_POLICIES, if any. */
export function build({ policies } = {}) {
  // Read once at start: a bad file stops the service before it listens.
  const shared = policies ? new Policy(readFileSync(policies)) : null
  const app = Fastify({ logger: false })

  // Any body is taken as text and parsed here, so that a body that is not JSON gets the same
  // `{"error": {...}}` answer as every other input error.
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body))

  app.post('/preflight', async (req, reply) => {
    let body
    try {
      body = JSON.parse(req.body ?? '')
    } catch (e) {
      return reply.code(400).send({ error: { code: 'InvalidJson', path: '', message: `the body is not valid JSON: ${e.message}` } })
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return reply.code(400).send({ error: { code: 'InvalidJson', path: '', message: 'the body must be a JSON object with `request`' } })
    }
    const { request, policy, options } = body
    try {
      const checker = policy !== undefined ? new Policy(policy) : shared
      if (!checker) {
        return reply.code(400).send({ error: { code: 'InvalidPolicy', path: '/policy', message: 'no `policy` in the body and no PIMCHECK_POLICIES file' } })
      }
      const report = checker.check(request, options ?? {})
      return reply.code(report.allowed ? 200 : 422).send(report)
    } catch (e) {
      if (e instanceof TypeError) {
        // A missing or mistyped `request`, `policy` or `options`.
        return reply.code(400).send({ error: { code: e.code, path: '', message: e.message } })
      }
      if (typeof e.code === 'string' && typeof e.path === 'string') return reply.code(400).send(errorBody(e))
      throw e
    }
  })
  return app
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const app = build({ policies: process.env.PIMCHECK_POLICIES })
  const host = process.env.HOST || '127.0.0.1'
  const port = Number(process.env.PORT ?? 3000)
  const address = await app.listen({ host, port })
  console.log(`pimcheck preflight listening on ${address}`)
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => app.close().then(() => process.exit(0)))
}
