// Shared helpers of the Node tests: the repository's vectors (read in place, never copied) and
// the CLI binary that every report is compared with.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const REPO = resolve(PACKAGE, '..')
/** Microsoft's documented payloads: the repository's examples/payloads (else shared/examples beside it, or benches/data). */
export const EXAMPLES =
  process.env.PIMCHECK_SHARED_EXAMPLES ??
  [resolve(REPO, 'examples', 'payloads'), resolve(REPO, '..', 'shared', 'examples'), resolve(REPO, 'benches', 'data')].find((d) => existsSync(join(d, 'g2-rolesetting-get-response.json')))

/** The CLI binary: `PIMCHECK_CLI`, else `../target/debug/pimcheck` (relative to the package). */
export const CLI = resolve(PACKAGE, process.env.PIMCHECK_CLI ?? '../target/debug/pimcheck')

/** Every case of every `*.json` file below `vectors/`, recursively, with the file it came from. */
export function vectorCases() {
  const files = []
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      // vectors/audit/ holds the audit's cases (audit.test.mjs), not checks.
      // `vectors/plan/` holds `pimcheck plan` cases, in a format of their own (plan.test.mjs).
      if (statSync(path).isDirectory()) { if (name !== 'audit' && path !== join(REPO, 'vectors', 'plan')) walk(path) }
      else if (name.endsWith('.json')) files.push(path)
    }
  }
  walk(join(REPO, 'vectors'))
  return files.flatMap((file) => {
    const data = JSON.parse(readFileSync(file, 'utf8'))
    // A case without `expect` belongs to an extension of the format (vectors/README.md), run by its own test.
    return (Array.isArray(data) ? data : [data])
      .filter((c) => 'expect' in c)
      .map((c) => ({ ...c, file: file.slice(REPO.length + 1) }))
  })
}

/** The policy and request of a case as given to the library: raw text where the case has it. */
export function inputs(c) {
  return {
    policy: 'policyText' in c ? c.policyText : c.policy,
    request: 'requestText' in c ? c.requestText : c.request,
  }
}

/** The options of a case as given to the library (values of the wrong kind passed unchanged). */
export function options(c) {
  const ctx = c.context ?? {}
  const opts = { now: ctx.now }
  if ('mfa' in ctx) opts.mfa = ctx.mfa
  if ('level' in ctx) opts.level = ctx.level
  return opts
}

let scratch
/** Runs the CLI on a case with `--format json`: `{ status, line }` (the one stdout line). */
export function runCli(c) {
  scratch ??= mkdtempSync(join(tmpdir(), 'pimcheck-node-'))
  const policyFile = join(scratch, 'policy.json')
  const requestFile = join(scratch, 'request.json')
  writeFileSync(policyFile, 'policyText' in c ? c.policyText : JSON.stringify(c.policy))
  writeFileSync(requestFile, 'requestText' in c ? c.requestText : JSON.stringify(c.request))
  const args = ['check', '--policy', policyFile, '--request', requestFile, '--format', 'json']
  const ctx = c.context ?? {}
  if ('now' in ctx) args.push('--now', String(ctx.now))
  if ('mfa' in ctx) args.push('--mfa', String(ctx.mfa))
  if ('level' in ctx) args.push('--level', String(ctx.level))
  const run = spawnSync(CLI, args, { encoding: 'utf8' })
  if (run.error) throw run.error
  return { status: run.status, line: run.stdout.replace(/\n$/, ''), stderr: run.stderr }
}

/** The CLI's version line: proves the binary is there before the vector tests start. */
export function cliVersion() {
  return execFileSync(CLI, ['--version'], { encoding: 'utf8' }).trim()
}

/** The codes of a list of findings, sorted, for comparison as sets. */
export const codes = (findings) => [...new Set(findings.map((f) => f.code))].sort()

/** A documented payload from shared/examples. */
export const example = (name) => JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8'))

/** The hooks built only with the cargo feature `bench-hooks` (scripts/test.sh and bench.sh turn it on). */
export const HOOKS = ['__visitFloor', '__panicForTests', '__panicForTestsAsync']

/** The hooks the native module of this build exposes. */
export function hooksPresent(binding) {
  return HOOKS.filter((name) => typeof binding[name] === 'function')
}

/** `{ skip }` for a test that needs the hooks, with the reason when this build has none. */
export function needsHooks(binding) {
  return hooksPresent(binding).length > 0
    ? {}
    : { skip: 'a default build has no bench or test hooks: build with `napi build --features bench-hooks`' }
}
