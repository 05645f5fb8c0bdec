// A hand-written checker in plain JavaScript of the same rules pimcheck applies, for the benchmark
// payloads: iteration-2 role settings and requests, and Graph (iteration 3) rules and requests.
// It is the yardstick `bench.mjs` compares the native package with, so it is written the way a
// careful JavaScript developer would write it for production: the policy is compiled once, a check
// is straight-line code on the request object, and the report has the same content (codes, rule
// ids, paths, messages, hints, approvers) as pimcheck's, key for key, which bench.mjs verifies
// before timing. It does not read ARM, policy sets or every error case: pimcheck's job, not the
// yardstick's.

const CALLERS = { admin: 'Admin', user: 'EndUser' }
const LEVELS = { assignment: 'Assignment', eligibility: 'Eligibility' }
const LISTS = [
  ['adminEligibleSettings', 'admin', 'eligibility'],
  ['adminMemberSettings', 'admin', 'assignment'],
  ['userEligibleSettings', 'user', 'eligibility'],
  ['userMemberSettings', 'user', 'assignment'],
]

// ---- durations and times -------------------------------------------------------------------

const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i
const TIMESPAN = /^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/

/** An ISO 8601 duration (`P[nW][nD][T[nH][nM][nS]]`) or a .NET TimeSpan, in milliseconds. */
function parseDuration(text) {
  let m = ISO_DURATION.exec(text)
  if (m && text !== 'P' && !/T$/i.test(text)) {
    return ((+(m[1] ?? 0) * 7 + +(m[2] ?? 0)) * 86400 + +(m[3] ?? 0) * 3600 + +(m[4] ?? 0) * 60) * 1000 + Math.round(+(m[5] ?? 0) * 1000)
  }
  m = TIMESPAN.exec(text)
  if (m) return ((+(m[1] ?? 0) * 86400 + +m[2] * 3600 + +m[3] * 60) * 1000) + Math.round(+m[4] * 1000)
  throw new Error(`invalid duration ${text}`)
}

/** Milliseconds as pimcheck writes durations: `P[nD][T[nH][nM][nS]]`. */
function formatDuration(ms) {
  if (ms === 0) return 'PT0S'
  const sign = ms < 0 ? '-' : ''
  ms = Math.abs(ms)
  const days = Math.floor(ms / 86400000)
  let rest = ms - days * 86400000
  const h = Math.floor(rest / 3600000)
  rest -= h * 3600000
  const min = Math.floor(rest / 60000)
  rest -= min * 60000
  let out = sign + 'P' + (days ? days + 'D' : '')
  if (h || min || rest) {
    out += 'T' + (h ? h + 'H' : '') + (min ? min + 'M' : '')
    if (rest) out += (rest % 1000 ? (rest / 1000).toFixed(3).replace(/0+$/, '') : rest / 1000) + 'S'
  }
  return out
}

const HAS_OFFSET = /(?:Z|[+-]\d\d:?\d\d)$/i

/** An RFC 3339 time (no offset: UTC) in milliseconds. */
function parseTime(text) {
  const ms = Date.parse(HAS_OFFSET.test(text) ? text : text + 'Z')
  if (Number.isNaN(ms)) throw new Error(`invalid date-time ${text}`)
  return ms
}

/** Milliseconds as RFC 3339 UTC with `Z`, sub-seconds only where there are any. */
const formatTime = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z')

// ---- policies --------------------------------------------------------------------------------

const emptyRules = () => ({ expiration: null, enablement: null, approval: null, acrs: null, unknown: [] })

/** Keys of an iteration-2 setting, matched without regard to case. */
function lowerKeys(object) {
  const out = {}
  for (const k in object) out[k.toLowerCase()] = object[k]
  return out
}

function compileIteration2(policy) {
  const sets = {}
  for (const [list, caller, level] of LISTS) {
    const rules = emptyRules()
    const suffix = `${CALLERS[caller]}_${LEVELS[level]}`
    for (const entry of policy[list] ?? []) {
      const s = lowerKeys(JSON.parse(entry.setting))
      switch (entry.ruleIdentifier) {
        case 'ExpirationRule': {
          const max = typeof s.maximumgrantperiodinminutes === 'number'
            ? s.maximumgrantperiodinminutes * 60000
            : s.maximumgrantperiod ? parseDuration(s.maximumgrantperiod) : null
          rules.expiration = { id: `Expiration_${suffix}`, permanentAllowed: s.permanentassignment === true, maximum: max }
          break
        }
        case 'MfaRule':
        case 'JustificationRule':
        case 'TicketingRule': {
          rules.enablement ??= { id: `Enablement_${suffix}`, mfa: false, justification: false, ticketing: false }
          if (entry.ruleIdentifier === 'MfaRule') rules.enablement.mfa = s.mfarequired === true
          else if (entry.ruleIdentifier === 'JustificationRule') rules.enablement.justification = s.required === true
          else rules.enablement.ticketing = s.required === true
          break
        }
        case 'ApprovalRule':
          rules.approval = {
            id: `Approval_${suffix}`,
            required: s.enabled === true,
            approvers: (s.approvers ?? []).map((a) => {
              const k = lowerKeys(a)
              return { id: k.id, kind: k.type, displayName: k.displayname }
            }),
          }
          break
        case 'AcrsRule':
          rules.acrs = { id: `AuthenticationContext_${suffix}`, enabled: s.acrsrequired === true, claimValue: s.acrs ?? null }
          break
        default:
          rules.unknown.push(entry.ruleIdentifier)
      }
    }
    sets[`${caller}/${level}`] = rules
  }
  return sets
}

const GRAPH_KIND = /unifiedRoleManagementPolicy(\w+)Rule$/

function compileGraph(rules) {
  const sets = {}
  for (const caller of ['admin', 'user']) for (const level of ['assignment', 'eligibility']) sets[`${caller}/${level}`] = emptyRules()
  for (const rule of rules) {
    const target = rule.target ?? {}
    const caller = String(target.caller).toLowerCase() === 'enduser' ? 'user' : 'admin'
    const level = String(target.level).toLowerCase() === 'eligibility' ? 'eligibility' : 'assignment'
    const set = sets[`${caller}/${level}`]
    const kind = GRAPH_KIND.exec(rule['@odata.type'] ?? '')?.[1]
    switch (kind) {
      case 'Expiration':
        set.expiration = { id: rule.id, permanentAllowed: rule.isExpirationRequired === false, maximum: rule.maximumDuration ? parseDuration(rule.maximumDuration) : null }
        break
      case 'Enablement': {
        const enabled = (rule.enabledRules ?? []).map((r) => r.toLowerCase())
        set.enablement = { id: rule.id, mfa: enabled.includes('multifactorauthentication'), justification: enabled.includes('justification'), ticketing: enabled.includes('ticketing') }
        break
      }
      case 'Approval': {
        const s = rule.setting ?? {}
        const approvers = (s.approvalStages ?? []).flatMap((stage) => stage.primaryApprovers ?? []).map((a) => ({
          id: a.userId ?? a.groupId ?? a.id,
          kind: /groupMembers$/.test(a['@odata.type'] ?? '') ? 'Group' : 'User',
          displayName: a.description ?? undefined,
        }))
        set.approval = { id: rule.id, required: s.isApprovalRequired === true, approvers }
        break
      }
      case 'AuthenticationContext':
        set.acrs = { id: rule.id, enabled: rule.isEnabled === true, claimValue: rule.claimValue || null }
        break
      case 'Notification':
        break
      default:
        set.unknown.push(rule.id)
    }
  }
  return sets
}

/** Compiles a policy once: an iteration-2 role setting, or Graph rules (`{"value": [...]}`). */
export function compile(policy) {
  if (LISTS.some(([list]) => list in policy)) return compileIteration2(policy)
  return compileGraph(Array.isArray(policy) ? policy : policy.value ?? policy.rules)
}

// ---- requests ----------------------------------------------------------------------------------

const ITERATION2_TYPES = {
  adminadd: ['assign', 'admin'], adminupdate: ['update', 'admin'], adminextend: ['extend', 'admin'], adminrenew: ['renew', 'admin'],
  adminremove: ['remove', 'admin'], useradd: ['activate', 'user'], userextend: ['extend', 'user'], userrenew: ['renew', 'user'], userremove: ['deactivate', 'user'],
}
const GRAPH_ACTIONS = {
  adminassign: ['assign', 'admin'], adminupdate: ['update', 'admin'], adminextend: ['extend', 'admin'], adminrenew: ['renew', 'admin'],
  adminremove: ['remove', 'admin'], selfactivate: ['activate', 'user'], selfextend: ['extend', 'user'], selfrenew: ['renew', 'user'], selfdeactivate: ['deactivate', 'user'],
}
const NO_END = Date.parse('0001-01-01T00:00:00Z')

/** The request reduced to what the rules look at, with the JSON pointers of its fields. */
function read(request, level) {
  if ('assignmentState' in request) {
    const [operation, caller] = ITERATION2_TYPES[request.type.toLowerCase()]
    const s = request.schedule ?? null
    const end = s?.endDateTime ? parseTime(s.endDateTime) : null
    const duration = s?.duration ? parseDuration(s.duration) : null
    return {
      operation, caller, level: request.assignmentState.toLowerCase() === 'active' ? 'assignment' : 'eligibility',
      justification: request.reason, ticket: request.ticketInfo?.ticketNumber,
      link: operation === 'activate' ? Boolean(request.linkedEligibleRoleAssignmentId) : true,
      schedule: s && {
        pattern: s.type ?? null, start: s.startDateTime ? parseTime(s.startDateTime) : null, expiration: null,
        end: end === NO_END ? null : end, duration: duration === 0 ? null : duration,
      },
      paths: { operation: '/type', start: '/schedule/startDateTime', end: '/schedule/endDateTime', duration: '/schedule/duration', expiration: '/schedule', pattern: '/schedule/type', justification: '/reason', ticket: '/ticketInfo/ticketNumber', link: '/linkedEligibleRoleAssignmentId' },
    }
  }
  const [operation, caller] = GRAPH_ACTIONS[request.action.toLowerCase()]
  const odata = request['@odata.type'] ?? ''
  const s = request.scheduleInfo ?? null
  const x = s?.expiration ?? null
  return {
    operation, caller, level: /Eligibility/i.test(odata) ? 'eligibility' : /Assignment/i.test(odata) ? 'assignment' : level,
    justification: request.justification, ticket: request.ticketInfo?.ticketNumber, link: true,
    schedule: s && {
      pattern: null, start: s.startDateTime ? parseTime(s.startDateTime) : null, expiration: x?.type?.toLowerCase() ?? null,
      end: x?.endDateTime ? parseTime(x.endDateTime) : null, duration: x?.duration ? parseDuration(x.duration) : null,
    },
    paths: { operation: '/action', start: '/scheduleInfo/startDateTime', end: '/scheduleInfo/expiration/endDateTime', duration: '/scheduleInfo/expiration/duration', expiration: '/scheduleInfo/expiration', justification: '/justification', ticket: '/ticketInfo/ticketNumber', link: '' },
  }
}

// ---- the check ---------------------------------------------------------------------------------

const RANK = {
  PermanentNotAllowed: 0, DurationExceedsMaximum: 1, JustificationRequired: 2, TicketRequired: 3, MfaRequired: 4, EndNotAfterStart: 5,
  EndInPast: 6, InvalidScheduleType: 7, ConflictingExpiration: 8, LinkedEligibilityRequired: 9, UnsupportedRequest: 10,
  ApprovalRequired: 0, AuthenticationContextRequired: 5, UnknownRule: 0, StartInPast: 1,
}
const byRank = (a, b) => RANK[a.code] - RANK[b.code] || ((a.path ?? '') < (b.path ?? '') ? -1 : (a.path ?? '') > (b.path ?? '') ? 1 : 0)

/** A finding with pimcheck's keys in pimcheck's order; absent values left out. */
function finding(code, rule, path, message, serviceRule, limit, actual, hint) {
  const f = { code }
  if (rule != null) f.rule = rule
  if (path != null) f.path = path
  f.message = message
  if (serviceRule != null) f.serviceRule = serviceRule
  if (limit != null) f.limit = limit
  if (actual != null) f.actual = actual
  if (hint != null) f.hint = hint
  return f
}

const blank = (text) => typeof text !== 'string' || text.trim() === ''

function checkMaximum(length, start, rule, path, violations) {
  if (!rule || rule.maximum == null || length <= rule.maximum) return
  const limit = formatDuration(rule.maximum)
  const actual = formatDuration(length)
  violations.push(finding('DurationExceedsMaximum', rule.id, path, `requested duration \`${actual}\` exceeds the maximum \`${limit}\``, 'ExpirationRule', limit, actual,
    `request at most ${limit}, ending no later than ${formatTime(start + rule.maximum)}`))
}

function checkSchedule(rule, r, now, out) {
  const p = r.paths
  const s = r.schedule ?? { pattern: null, start: null, expiration: null, end: null, duration: null }
  if (s.pattern != null && s.pattern.toLowerCase() !== 'once') {
    out.violations.push(finding('InvalidScheduleType', null, p.pattern, `the schedule type \`${s.pattern}\` is not supported`, null, null, null, 'use the schedule type `Once`'))
  }
  let start = now
  if (s.start != null && s.start < now) {
    out.warnings.push(finding('StartInPast', null, p.start, `the start \`${formatTime(s.start)}\` is before now \`${formatTime(now)}\`; the service starts the request now`))
  } else if (s.start != null) start = s.start
  const written = s.start ?? now
  let end, duration, conflict
  if (s.expiration === 'noexpiration' && (s.end != null || s.duration != null)) conflict = ['the expiration type says `noExpiration` but an end or a duration is given', p.expiration]
  else if (s.expiration === 'afterdatetime' && s.end == null) conflict = ['the expiration type says `afterDateTime` but no `endDateTime` is given', p.end]
  else if (s.expiration === 'afterduration' && s.duration == null) conflict = ['the expiration type says `afterDuration` but no `duration` is given', p.duration]
  else if (s.end != null && s.duration != null) {
    if (written + s.duration === s.end) duration = s.duration
    else conflict = [`the end \`${formatTime(s.end)}\` and the duration \`${formatDuration(s.duration)}\` give different ends from the start \`${formatTime(written)}\``, p.duration]
  } else if (s.end != null) end = s.end
  else if (s.duration != null) duration = s.duration
  if (conflict) {
    out.violations.push(finding('ConflictingExpiration', null, conflict[1], conflict[0], null, null, null, 'give either an end or a duration, matching the expiration type'))
  } else if (end != null) {
    if (end <= start) out.violations.push(finding('EndNotAfterStart', null, p.end, `the end \`${formatTime(end)}\` is not after the start \`${formatTime(start)}\``))
    if (end <= now) out.violations.push(finding('EndInPast', null, p.end, `the end \`${formatTime(end)}\` is not after now \`${formatTime(now)}\``))
    if (end > start) checkMaximum(end - start, start, rule, p.end, out.violations)
  } else if (duration != null) {
    if (duration <= 0) out.violations.push(finding('EndNotAfterStart', null, p.duration, `the duration \`${formatDuration(duration)}\` is not positive`))
    else checkMaximum(duration, start, rule, p.duration, out.violations)
  } else if (r.operation === 'activate' || (rule && !rule.permanentAllowed)) {
    const subject = r.operation === 'activate' ? 'an activation must have an end' : `a permanent ${r.level} is not allowed: the rule requires an end`
    const max = rule?.maximum
    out.violations.push(finding('PermanentNotAllowed', rule?.id, p.expiration, subject, 'ExpirationRule', max != null ? formatDuration(max) : null, 'permanent',
      max != null ? `request at most ${formatDuration(max)}, ending no later than ${formatTime(start + max)}` : 'give an end date-time or a duration'))
  }
}

function checkEnablement(rules, r, mfa, out) {
  const p = r.paths
  if (r.operation === 'activate' && !r.link) {
    out.violations.push(finding('LinkedEligibilityRequired', null, p.link, 'an activation must name the eligible assignment it activates', 'EligibilityRule', null, null,
      'set `linkedEligibleRoleAssignmentId` to the id of the eligible assignment'))
  }
  const rule = rules.enablement
  if (!rule) return
  if (rule.justification && blank(r.justification)) {
    out.violations.push(finding('JustificationRequired', rule.id, p.justification, 'a justification is required', 'JustificationRule', null, null, 'say why the role is needed'))
  }
  if (rule.ticketing && blank(r.ticket)) {
    out.violations.push(finding('TicketRequired', rule.id, p.ticket, 'ticket information is required', 'TicketingRule', null, null, 'give `ticketInfo` with a `ticketNumber` (and a `ticketSystem`)'))
  }
  if (rule.mfa && mfa === false) {
    out.violations.push(finding('MfaRequired', rule.id, null, 'multi-factor authentication is required and the sign-in did not satisfy it', 'MfaRule', null, null, 'sign in again with multi-factor authentication'))
  } else if (rule.mfa && mfa == null) {
    out.obligations.push(finding('MfaRequired', rule.id, null, 'multi-factor authentication is required; the service will ask for it if the sign-in did not satisfy it'))
  }
}

/** Checks a request object against a compiled policy: a report like pimcheck's. */
export function check(compiled, request, { now, mfa, level } = {}) {
  const nowMs = now == null ? Date.now() : now instanceof Date ? now.getTime() : parseTime(now)
  const r = read(request, level)
  const out = { violations: [], obligations: [], warnings: [] }
  const { operation, caller } = r
  if (operation === 'remove' || operation === 'deactivate') {
    // nothing is checked
  } else if ((operation === 'activate' && caller === 'user' && r.level === 'assignment') || (caller === 'admin' && operation !== 'activate')) {
    const rules = compiled[`${caller}/${r.level}`]
    for (const id of rules.unknown) out.warnings.push(finding('UnknownRule', id, null, `the rule \`${id}\` is not known to pimcheck and was not evaluated`))
    checkSchedule(rules.expiration, r, nowMs, out)
    checkEnablement(rules, r, mfa, out)
    if (rules.approval?.required) {
      const f = finding('ApprovalRequired', rules.approval.id, null, 'the request will wait for approval before it takes effect')
      if (rules.approval.approvers.length) f.approvers = rules.approval.approvers
      out.obligations.push(f)
    }
    if (rules.acrs?.enabled) {
      const f = finding('AuthenticationContextRequired', rules.acrs.id, null, rules.acrs.claimValue ? `the service will ask for the authentication context \`${rules.acrs.claimValue}\`` : 'the service will ask for an authentication context')
      if (rules.acrs.claimValue) f.claimValue = rules.acrs.claimValue
      out.obligations.push(f)
    }
  } else if (caller === 'user' && (operation === 'extend' || operation === 'renew')) {
    const rules = compiled[`admin/${r.level}`]
    for (const id of rules.unknown) out.warnings.push(finding('UnknownRule', id, null, `the rule \`${id}\` is not known to pimcheck and was not evaluated`))
    checkSchedule(rules.expiration, r, nowMs, out)
    out.obligations.push(finding('ApprovalRequired', null, null, `a user's request to ${operation} is decided by an administrator`))
  } else {
    out.violations.push(finding('UnsupportedRequest', null, r.paths.operation, `the service does not accept \`${operation}\` by a ${caller} at ${r.level} level`, null, null, null,
      operation === 'activate' && r.level === 'eligibility' ? 'activate with an assignment request (iteration 2: `assignmentState` `Active`)' : "see which operations each caller may request in the contract's section 1.4"))
  }
  out.violations.sort(byRank)
  out.obligations.sort(byRank)
  out.warnings.sort(byRank)
  return { allowed: out.violations.length === 0, request: { operation, caller, level: r.level }, ...out }
}
