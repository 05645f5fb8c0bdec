// Hand-written types of pimcheck's public values (contract sections 2 and 3), re-exported by the
// generated index.d.ts. The report types are exact: codes are string-literal unions. The input
// types are structural: the objects of `@microsoft/microsoft-graph-types` and the flattened models
// of `@azure/arm-authorization` are assignable to them, as are the REST shapes of every generation;
// which shape a value has is decided at run time by pimcheck's core (contract 1.1, 1.2).

// ---------------------------------------------------------------------------------------------
// The report (contract section 2)

/** Codes of violations: the service would refuse the request (contract 3.1). */
export type ViolationCode =
  | 'PermanentNotAllowed'
  | 'DurationExceedsMaximum'
  | 'JustificationRequired'
  | 'TicketRequired'
  | 'MfaRequired'
  | 'EndNotAfterStart'
  | 'EndInPast'
  | 'InvalidScheduleType'
  | 'ConflictingExpiration'
  | 'LinkedEligibilityRequired'
  | 'UnsupportedRequest'
  | 'DurationTooShort'

/** Codes of obligations: allowed, but the service will still ask for something (contract 3.2). */
export type ObligationCode =
  | 'ApprovalRequired'
  | 'MfaRequired'
  | 'AuthenticationContextRequired'
  | 'CustomExtensionDecision'

/** Codes of warnings: worth knowing, never deny (contract 3.3). */
export type WarningCode =
  | 'UnknownRule'
  | 'StartInPast'
  | 'RecurrenceUnsupported'
  | 'ExceptionMembershipUnknown'

/** Every finding code. */
export type FindingCode = ViolationCode | ObligationCode | WarningCode

/** The rule name the service itself puts in a `RoleAssignmentRequestPolicyValidationFailed` refusal. */
export type ServiceRule =
  | 'ExpirationRule'
  | 'MfaRule'
  | 'JustificationRule'
  | 'TicketingRule'
  | 'EligibilityRule'

/** The error code the service answers with for a refusal that is not a policy rule. */
export type ServiceError = 'ActiveDurationTooShort'

/** Someone who may approve a request, as the policy names them. */
export interface Approver {
  /** The approver's object id. */
  id?: string
  /** `User` or `Group`. */
  kind?: string
  /** The display name or description, where the policy gives one. */
  displayName?: string
}

/** One finding. Optional keys are absent (never `null`) when they do not apply. */
export interface Finding<C extends FindingCode = FindingCode> {
  /** The stable code. */
  code: C
  /** The policy rule behind it: the iteration-3 rule id where one exists, else the iteration-2 `ruleIdentifier`. */
  rule?: string
  /** A JSON pointer into the request as given. */
  path?: string
  /** What is wrong, with the values in backticks. */
  message: string
  /** The rule name the service would put in its refusal (violations). */
  serviceRule?: ServiceRule
  /** The error code the service would answer with, for a refusal that is not a policy rule (`DurationTooShort`). */
  serviceError?: ServiceError
  /** The limit that was broken: an ISO 8601 duration or an RFC 3339 time. */
  limit?: string
  /** The requested value that broke it. */
  actual?: string
  /** How to fix it. */
  hint?: string
  /** Who will be asked to approve (`ApprovalRequired`), where the policy lists them. */
  approvers?: Approver[]
  /** The authentication context asked for (`AuthenticationContextRequired`). */
  claimValue?: string
}

/** A finding that denies the request. */
export type Violation = Finding<ViolationCode>
/** A finding that allows the request but tells what the service will still ask for. */
export type Obligation = Finding<ObligationCode>
/** A finding that never denies. */
export type Warning = Finding<WarningCode>

/** What the request was reduced to (contract 1.4). */
export interface RequestSummary {
  operation: 'assign' | 'activate' | 'update' | 'extend' | 'renew' | 'remove' | 'deactivate'
  caller: 'admin' | 'user'
  level: 'assignment' | 'eligibility'
}

/**
 * The verdict on one request. `JSON.stringify(report)` is the CLI's `--format json` line, byte for
 * byte. `allowed` is true exactly when `violations` is empty.
 */
export interface Report {
  allowed: boolean
  request: RequestSummary
  violations: Violation[]
  obligations: Obligation[]
  warnings: Warning[]
}

// ---------------------------------------------------------------------------------------------
// Errors (contract 3.4)

/**
 * Codes of errors: the input could not be read, so there is no report (contract 3.4); new codes
 * may be added. `InputTooLarge`: a policy or request over `maxInputBytes`. `Unreadable` (a file
 * that cannot be read) is the CLI's: the package reads no files. `Internal`: a bug in pimcheck (a
 * panic caught before it could take the process down), the message says where to report it.
 */
export type ErrorCode =
  | 'InvalidJson'
  | 'UnknownPolicyShape'
  | 'UnknownRequestShape'
  | 'InvalidPolicy'
  | 'InvalidRequest'
  | 'InvalidDateTime'
  | 'InvalidDuration'
  | 'AmbiguousLevel'
  | 'NoMatchingPolicy'
  | 'InvalidOption'
  | 'InputTooLarge'
  | 'Unreadable'
  | 'Internal'

/**
 * What `check`, `Policy` and `checkMany` throw (and `checkManyAsync` rejects with) for an input
 * error, or with `code` `'Internal'` for a bug in pimcheck: a plain `Error` with these properties.
 * A policy or request of the wrong JavaScript type (a number, `undefined`) is a `TypeError` with
 * `code` `'ERR_INVALID_ARG_TYPE'` instead.
 */
export interface PimcheckError extends Error {
  code: ErrorCode
  /** A JSON pointer into the policy or request (under `/index` in a batch), or an option name such as `now`. */
  path: string
  /** How to fix it, where a fix is known. */
  hint?: string
  /** In a batch: the position of the first bad request. */
  index?: number
}

// ---------------------------------------------------------------------------------------------
// Options (contract 1.3)

/** The level of an iteration-3 request that does not say it itself (contract 1.2). */
export type Level = 'assignment' | 'eligibility'

/** Options of a check. Absent, `undefined` and `null` all mean "not given". */
export interface CheckOptions {
  /** The evaluation time: a `Date`, or an RFC 3339 string (no offset: UTC). Default: the system clock. */
  now?: Date | string | null
  /** Whether the caller's sign-in satisfied MFA; not given = unknown. Anything but a boolean is `InvalidOption`. */
  mfa?: boolean | null
  /** The level of an iteration-3 request that does not say it. */
  level?: Level | null
  /**
   * The largest policy or request, in bytes of its JSON text (default 16 MiB): a string as given,
   * a `Buffer` as its bytes, an object as `JSON.stringify` writes it (in UTF-8). Over it: an error
   * with code `InputTooLarge` and path `''`. Not a whole number of 0 or more: `InvalidOption`.
   */
  maxInputBytes?: number | null
  /**
   * Principal and approver ids, display names, justifications and ticket numbers in the report
   * (and an input error's message) as placeholders (`principal-1`, `approver-2`, `<ticket-1>`).
   */
  redact?: boolean | null
}

/** Options of `show(policy, options)` and `policy.show(options)`. */
export interface ShowOptions {
  /** `json` (default: a `PolicyShow` object), `text` or `markdown` (a string, as `pimcheck show` prints it). */
  format?: 'json' | 'text' | 'markdown' | null
  /** Approvers' ids and names and notification recipients as placeholders (`approver-1`, `<name-1>`). */
  redact?: boolean | null
  /** The largest policy, in bytes of its JSON text (default 16 MiB); `show(policy, ...)` only. */
  maxInputBytes?: number | null
}

/** One setting of `show`: its section, the portal's label, the rule it is read from, its value. */
export interface ShownSetting {
  section: 'Activation' | 'Assignment' | 'Notification' | 'notInPortal' | 'unknown' | 'untargeted'
  /** The notification group the portal lists the row under. */
  group?: string
  label: string
  rule: string
  /** A check box, the portal's words, an approval, a notification row, or `null` where not set. */
  value:
    | boolean
    | string
    | null
    | { required: boolean; approvers: Approver[] }
    | {
        defaultRecipients: boolean
        additionalRecipients: string[]
        criticalEmailsOnly: boolean
        notificationLevel: string
      }
}

/** What `show` returns with `format: 'json'`: one entry per role (docs/settings.md). */
export interface PolicyShow {
  roles: Array<{
    id: string | null
    roleDefinitionId: string | null
    scope: string | null
    settings: ShownSetting[]
  }>
}

/** Options of `new Policy(policy, options)`. */
export interface PolicyOptions {
  /** The largest policy, in bytes of its JSON text (default 16 MiB); as in `CheckOptions`. */
  maxInputBytes?: number | null
}

/** The generations `convert` writes. */
export type Generation = 'graph' | 'arm' | 'iteration2'

/** Options of `convert`. */
export interface ConvertOptions {
  /** The generation to write. */
  to: Generation
}

/** What `convert` returns. */
export interface Conversion {
  /** The same settings in the target generation's JSON. */
  policy: Record<string, unknown>
  /** One line for each setting the target cannot express (empty when everything carried over). */
  warnings: string[]
}

/** Options of `lint`. */
export interface LintOptions {
  /** `'baseline'` adds the baseline lints (PIMB01-PIMB06); absent or `null`: correctness only. */
  profile?: 'baseline' | null
}

/** Which policy of the input a lint finding is about. */
export interface LintPolicyRef {
  /** The file (only from the CLI, which read it). */
  file?: string
  /** The policy's position in a set (0 for a single policy). */
  index: number
  id?: string
  roleDefinitionId?: string
  scope?: string
}

/** One lint finding (docs/lints.md). */
export interface LintFinding {
  /** The stable id: `PIM001`-`PIM013`, `PIMB01`-`PIMB06`. */
  id: string
  /** The lint's name, such as `MaximumWithPermanent`. */
  name: string
  severity: 'error' | 'warning'
  policy: LintPolicyRef
  /** The rule it is about, such as `Expiration_Admin_Eligibility`. */
  rule?: string
  /** The JSON pointer of the field, into the input as given. */
  path: string
  message: string
  hint?: string
}

/** What `lint` returns: `pimcheck lint --format json` without the findings' `policy.file`. */
export interface LintResult {
  findings: LintFinding[]
  /** How many policies the input held. */
  policies: number
}

/** A Terraform plan (`terraform show -json`) or an ARM template, as an object or JSON text. */
export type PlanInput = Record<string, unknown> | JsonText

/** Options of `plan`. */
export interface PlanOptions {
  /** An ARM parameters file (object or JSON text): resolves a template's `[parameters('x')]`. */
  parameters?: Record<string, unknown> | JsonText | null
  /** The evaluation time: a `Date` or an RFC 3339 string (default: now). */
  now?: Date | string | null
  /** The largest plan or policy, in bytes of its JSON text (default 16 MiB). */
  maxInputBytes?: number | null
}

/** An input error of one resource of a plan (contract 3.4), its path a JSON pointer into the plan. */
export interface PlanError {
  code: string
  path: string
  message: string
  hint?: string
}

/** What `plan` made of one PIM resource: a report, an error, or why it was skipped. */
export interface PlanEntry {
  /** Terraform's address (`module.x.azurerm_pim_eligible_role_assignment.y`), or a template's symbolic name or JSON pointer. */
  address: string
  /** The resource type as the document writes it. */
  type: string
  /** Terraform's planned actions (`create`, `update`, `delete`); `create` for a template's resources. */
  actions: string[]
  /** The JSON pointer in the document that the report's finding paths are relative to. */
  pointer: string
  /** The check's report. */
  report?: Report
  /** The fix in Terraform's words (or a template's properties), where the report denies. */
  fix?: string
  /** The resource could not be read as a request. */
  error?: PlanError
  /** Why the resource was not judged. */
  skipped?: 'NoPolicyForResource' | 'UnknownAtPlanTime'
}

/** What `plan` returns: one entry per created, updated or replaced PIM request resource. */
export interface PlanResult {
  resources: PlanEntry[]
  /** True when no report denies and no resource failed to read. */
  allowed: boolean
}

// ---------------------------------------------------------------------------------------------
// Inputs: structural types that the service's shapes of every generation satisfy

/** A JSON text: a string, or its UTF-8 bytes (a `Buffer` or `Uint8Array`, as `fs.readFileSync` gives). */
export type JsonText = string | Uint8Array

/** The target of an iteration-3 rule (Graph `unifiedRoleManagementPolicyRuleTarget`, ARM `RoleManagementPolicyRuleTarget`). */
export interface PolicyRuleTarget {
  caller?: string | null
  level?: string | null
  operations?: ReadonlyArray<string> | null
  enforcedSettings?: ReadonlyArray<string> | null
  inheritableSettings?: ReadonlyArray<string> | null
  targetObjects?: ReadonlyArray<unknown> | null
}

/**
 * An iteration-3 rule: Graph `unifiedRoleManagementPolicyRule` (and its expiration, enablement,
 * approval, authentication-context and notification kinds), or an ARM rule (`ruleType`).
 */
export interface PolicyRule {
  id?: string | null
  '@odata.type'?: string | null
  ruleType?: string | null
  target?: PolicyRuleTarget | null
  isExpirationRequired?: boolean | null
  maximumDuration?: string | null
  enabledRules?: ReadonlyArray<string> | null
  isEnabled?: boolean | null
  claimValue?: string | null
  setting?: unknown
}

/**
 * An iteration-3 policy with its rules at the top level: Graph `unifiedRoleManagementPolicy`
 * (`@microsoft/microsoft-graph-types` `UnifiedRoleManagementPolicy`), or the flattened ARM model
 * (`@azure/arm-authorization` `RoleManagementPolicy`).
 */
export interface RoleManagementPolicy {
  id?: string | null
  displayName?: string | null
  scopeId?: string | null
  scopeType?: string | null
  scope?: string | null
  isOrganizationDefault?: boolean | null
  rules?: ReadonlyArray<PolicyRule> | null
  effectiveRules?: ReadonlyArray<PolicyRule> | null
}

/**
 * A policy assignment: Graph `unifiedRoleManagementPolicyAssignment` with its `policy` expanded,
 * or the flattened ARM `RoleManagementPolicyAssignment` with `effectiveRules`.
 */
export interface RoleManagementPolicyAssignment {
  id?: string | null
  policyId?: string | null
  roleDefinitionId?: string | null
  scopeId?: string | null
  scopeType?: string | null
  scope?: string | null
  policy?: RoleManagementPolicy | null
  effectiveRules?: ReadonlyArray<PolicyRule> | null
}

/** An ARM REST object: the properties under `properties` (`{"properties": {"rules": [...]}}`). */
export interface ArmPolicyResource {
  id?: string | null
  name?: string | null
  type?: string | null
  properties?: (RoleManagementPolicy & RoleManagementPolicyAssignment) | null
}

/** One rule of an iteration-2 role setting: `setting` is a JSON string. */
export interface GovernanceRuleSetting {
  ruleIdentifier?: string | null
  setting?: string | null
}

/** An iteration-2 `governanceRoleSetting`. */
export interface GovernanceRoleSetting {
  id?: string | null
  resourceId?: string | null
  roleDefinitionId?: string | null
  adminEligibleSettings?: ReadonlyArray<GovernanceRuleSetting> | null
  adminMemberSettings?: ReadonlyArray<GovernanceRuleSetting> | null
  userEligibleSettings?: ReadonlyArray<GovernanceRuleSetting> | null
  userMemberSettings?: ReadonlyArray<GovernanceRuleSetting> | null
}

/** Any one policy document. */
export type PolicyDocument =
  | GovernanceRoleSetting
  | RoleManagementPolicy
  | RoleManagementPolicyAssignment
  | ArmPolicyResource

/** A list response: rules (`{"value": [rule, ...]}`) or a policy set (`{"value": [policy, ...]}`). */
export interface ListResponse {
  '@odata.context'?: string | null
  '@odata.nextLink'?: string | null
  nextLink?: string | null
  value?: ReadonlyArray<PolicyRule | PolicyDocument> | null
}

/** What `check` and `new Policy` take: a JSON text, or a parsed policy of any generation. */
export type PolicyInput = JsonText | PolicyDocument | ListResponse | ReadonlyArray<PolicyRule>

/** A time as the service writes it (a string), or a `Date` (as the ARM SDK's models hold it). */
export type DateTimeInput = string | Date

/** The schedule of an iteration-3 request (Graph `requestSchedule`, ARM `scheduleInfo`). */
export interface RequestSchedule {
  startDateTime?: DateTimeInput | null
  expiration?: {
    type?: string | null
    endDateTime?: DateTimeInput | null
    duration?: string | null
  } | null
  recurrence?: unknown
}

/** Ticket information of a request. */
export interface TicketInfo {
  ticketNumber?: string | null
  ticketSystem?: string | null
}

/**
 * An iteration-3 request with its fields at the top level: Graph `unifiedRoleAssignmentScheduleRequest`
 * or `unifiedRoleEligibilityScheduleRequest` (`action`), or the flattened ARM
 * `RoleAssignmentScheduleRequest` / `RoleEligibilityScheduleRequest` (`requestType`).
 */
export interface ScheduleRequest {
  '@odata.type'?: string | null
  type?: string | null
  action?: string | null
  requestType?: string | null
  principalId?: string | null
  roleDefinitionId?: string | null
  directoryScopeId?: string | null
  appScopeId?: string | null
  scope?: string | null
  justification?: string | null
  scheduleInfo?: RequestSchedule | null
  ticketInfo?: TicketInfo | null
  linkedRoleEligibilityScheduleId?: string | null
  targetScheduleId?: string | null
  isValidationOnly?: boolean | null
}

/** An ARM REST request: `{"properties": {"requestType": ...}}`. */
export interface ArmScheduleRequestResource {
  id?: string | null
  name?: string | null
  type?: string | null
  properties?: ScheduleRequest | null
}

/** An iteration-2 `governanceRoleAssignmentRequest`. */
export interface GovernanceRoleAssignmentRequest {
  type?: string | null
  assignmentState?: string | null
  roleDefinitionId?: string | null
  resourceId?: string | null
  subjectId?: string | null
  reason?: string | null
  linkedEligibleRoleAssignmentId?: string | null
  schedule?: {
    type?: string | null
    startDateTime?: DateTimeInput | null
    endDateTime?: DateTimeInput | null
    duration?: string | null
  } | null
  ticketInfo?: TicketInfo | null
}

/** What `check` takes as the request: a JSON text, or a parsed request of any generation. */
export type RequestInput = Uint8Array | BatchRequestInput

/** What `checkMany` takes for each request: a JSON string, or a parsed request of any generation. */
export type BatchRequestInput =
  | string
  | GovernanceRoleAssignmentRequest
  | ScheduleRequest
  | ArmScheduleRequestResource

// ---------------------------------------------------------------------------------------------
// The audit (contract section 7)

/** A schedule list as users export it: its JSON text (a list response, an array or NDJSON), a
 * list response object (`{ value: [...] }`) or an array of schedules, of any generation. */
export type ScheduleListInput = string | Uint8Array | { value: object[] } | object[]

/** The options of `audit`. */
export interface AuditOptions {
  /** The time the schedules are judged at: a `Date` or an RFC 3339 string; default: now. */
  now?: Date | string | null
  /** A schedule ending within this long after `now` is `ExpiresSoon` (ISO 8601; default `P14D`). */
  expiringWithin?: string | null
  /** The largest policy set, and the largest entry of the list, in bytes (default 16 MiB). */
  maxInputBytes?: number | null
}

/** The codes of audit findings, in the order findings of one schedule are listed. */
export type AuditCode =
  | 'NoMatchingPolicy'
  | 'PermanentNotAllowed'
  | 'DurationExceedsMaximum'
  | 'AssignedOutsidePim'
  | 'Expired'
  | 'ExpiresSoon'

/** The schedule a finding is about. */
export interface AuditSchedule {
  /** Its position among all entries given, from 0. */
  index: number
  id?: string
  principalId?: string
  roleDefinitionId?: string
  scope?: string
  level: 'assignment' | 'eligibility'
  /** Present (true) for the activation of an eligibility. */
  activation?: true
}

/** One finding of an audit. */
export interface AuditFinding {
  code: AuditCode
  severity: 'error' | 'warning'
  schedule: AuditSchedule
  rule?: string
  limit?: string
  actual?: string
  message: string
  hint?: string
}

/** An entry of the list that could not be read (its other entries are still judged). */
export interface AuditError {
  code: string
  /** A JSON pointer into the list: `/value/3/scheduleInfo/startDateTime`. */
  path: string
  message: string
  hint?: string
  index: number
}

/** The result of `audit`: the same object as `JSON.parse` of `pimcheck audit --format json`. */
export interface AuditResult {
  findings: AuditFinding[]
  errors: AuditError[]
  summary: {
    schedules: number
    withFindings: number
    unreadable: number
    byCode: Partial<Record<AuditCode, number>>
  }
}
