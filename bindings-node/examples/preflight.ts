// A preflight check typed end to end: the request and policy types Node users already have
// (Microsoft Graph's and the ARM SDK's) go in, a precisely typed report comes out.
// Checked by `tsc -p examples/tsconfig.json` (strict, no emit); not run.
import type {
  UnifiedRoleAssignmentScheduleRequest,
  UnifiedRoleEligibilityScheduleRequest,
  UnifiedRoleManagementPolicy,
  UnifiedRoleManagementPolicyAssignment,
  UnifiedRoleManagementPolicyRule,
} from '@microsoft/microsoft-graph-types'
import type {
  RoleAssignmentScheduleRequest,
  RoleEligibilityScheduleRequest,
  RoleManagementPolicy,
  RoleManagementPolicyAssignment,
} from '@azure/arm-authorization'
import {
  check,
  convert,
  Policy,
  type Conversion,
  type ErrorCode,
  type Violation,
  type PimcheckError,
  type Report,
  type ViolationCode,
} from 'pimcheck'

declare const graphPolicy: UnifiedRoleManagementPolicy
declare const graphAssignment: UnifiedRoleManagementPolicyAssignment
declare const graphRules: UnifiedRoleManagementPolicyRule[]
declare const graphActivation: UnifiedRoleAssignmentScheduleRequest
declare const graphEligibility: UnifiedRoleEligibilityScheduleRequest
declare const armPolicy: RoleManagementPolicy
declare const armAssignment: RoleManagementPolicyAssignment
declare const armActivation: RoleAssignmentScheduleRequest
declare const armEligibility: RoleEligibilityScheduleRequest

/** What a back end answers before it calls Graph: the service's refusal, ahead of time. */
export function preflight(request: UnifiedRoleAssignmentScheduleRequest, mfa: boolean): string[] {
  const report: Report = check(graphPolicy, request, { now: new Date(), mfa })
  if (report.allowed) return []
  return report.violations.map((v) => `${v.serviceRule ?? v.code}: ${v.message}${v.hint ? ` (${v.hint})` : ''}`)
}

// Every generation's objects are accepted as they are.
const graph = new Policy(graphPolicy)
graph.check(graphActivation, { level: 'assignment' })
graph.check(graphEligibility, { now: '2026-01-01T00:00:00Z', level: 'eligibility' })
new Policy(graphAssignment)
new Policy(graphRules)
new Policy({ value: graphRules })
const arm = new Policy(armPolicy)
arm.check(armActivation, { mfa: true })
arm.check(armEligibility, { mfa: null, level: 'eligibility' })
new Policy(armAssignment)
new Policy({ value: [armAssignment] })
check(armPolicy, armActivation)
// JSON text and bytes too.
check('{"userMemberSettings": []}', Buffer.from('{}'))

// The report's codes are literal unions: a typo is a compile error.
const report = graph.check(graphActivation)
const first: Violation | undefined = report.violations[0]
if (first) {
  const code: ViolationCode = first.code
  if (code === 'DurationExceedsMaximum') console.log(first.limit, first.actual)
  // @ts-expect-error: not a violation code
  if (code === 'DurationTooLong') console.log('never')
}
for (const o of report.obligations) {
  if (o.code === 'ApprovalRequired') console.log(o.approvers?.map((a) => a.displayName))
  // @ts-expect-error: StartInPast is a warning, never an obligation
  if (o.code === 'StartInPast') console.log('never')
}
const operation: 'assign' | 'activate' | 'update' | 'extend' | 'renew' | 'remove' | 'deactivate' = report.request.operation
console.log(operation)

// Batches, sync and async.
const reports: Report[] = graph.checkMany([graphActivation, JSON.stringify(graphActivation)], { level: 'assignment' })
export const pending: Promise<Report[]> = graph.checkManyAsync(reports.length ? [graphActivation] : [])

// Errors carry the contract's codes.
try {
  check(graphPolicy, graphActivation)
} catch (e) {
  const error = e as PimcheckError
  const code: ErrorCode = error.code
  console.log(code, error.path, error.hint, error.index)
}

// Conversion.
const converted: Conversion = convert(armPolicy, { to: 'graph' })
console.log(converted.warnings.length)

// Wrong inputs are compile errors.
// @ts-expect-error: a number is not a policy
check(42, graphActivation)
// @ts-expect-error: an object of none of the shapes is not a request
check(graphPolicy, { displayName: 'x' })
// @ts-expect-error: mfa is a boolean
check(graphPolicy, graphActivation, { mfa: 'yes' })
// @ts-expect-error: level is assignment or eligibility
check(graphPolicy, graphActivation, { level: 'active' })
// @ts-expect-error: `to` names a generation
convert(graphPolicy, { to: 'v1' })
