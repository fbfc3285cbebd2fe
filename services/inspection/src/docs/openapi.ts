import { ROLES, type Role } from '../identity/access';
import { CONCLUSION_RESULTS, DISMISSAL_REASONS, FINDING_STATUSES, REFERRAL_TARGETS } from '../workflow/lifecycle';
import { ATTACHMENT_TYPES } from '../work/file-types';

/**
 * The OpenAPI 3.1 document of the inspection API, served at GET /api/docs. Written by hand so
 * that it says what the handlers really check; a unit test holds it to the controllers: every
 * route is here, nothing else is, and `x-roles` matches each endpoint's declared roles.
 */
type Schema = Record<string, unknown>;

const str = (description?: string): Schema => ({ type: 'string', ...(description ? { description } : {}) });
const int = (description?: string): Schema => ({ type: 'integer', ...(description ? { description } : {}) });
const bool = (description?: string): Schema => ({ type: 'boolean', ...(description ? { description } : {}) });
const enumOf = (values: readonly string[], description?: string): Schema => ({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({ type: 'object', properties, ...(required.length ? { required } : {}) });
const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const list = (items: Schema): Schema => ({ type: 'array', items });
const json = (schema: Schema) => ({ content: { 'application/json': { schema } } });

const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, schema: str(), description });
const query = (name: string, schema: Schema, description: string) => ({ name, in: 'query', required: false, schema, description });

interface Op {
  summary: string;
  description?: string;
  /** Who may call it: null = anyone (no token), [] = any signed-in user. */
  roles: Role[] | null;
  params?: unknown[];
  body?: Schema;
  rawBody?: Record<string, { schema: Schema }>;
  ok: { status: number; description: string; schema?: Schema; content?: Record<string, { schema: Schema }> };
  errors?: Record<number, string>;
}

function operation(tag: string, op: Op): Record<string, unknown> {
  const errors: Record<number, string> = {};
  if (op.body || op.params?.some((p) => (p as { in: string }).in === 'query')) errors[400] = 'A field is wrong: the answer names it (`field`) and says why (`message`).';
  if (op.roles !== null) {
    errors[401] = 'No valid bearer token.';
    errors[403] = 'The caller lacks a listed role or the unit is outside their scope (logged and audited).';
  }
  Object.assign(errors, op.errors);
  return {
    tags: [tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    'x-roles': op.roles === null ? 'public' : op.roles.length === 0 ? 'any signed-in user' : op.roles,
    ...(op.roles === null ? { security: [] } : {}),
    ...(op.params ? { parameters: op.params } : {}),
    ...(op.body ? { requestBody: { required: true, ...json(op.body) } } : {}),
    ...(op.rawBody ? { requestBody: { required: true, content: op.rawBody } } : {}),
    responses: {
      [op.ok.status]: { description: op.ok.description, ...(op.ok.content ? { content: op.ok.content } : op.ok.schema ? json(op.ok.schema) : {}) },
      ...Object.fromEntries(Object.entries(errors).map(([code, description]) => [code, { description, ...json(ref('Error')) }])),
    },
  };
}

const READERS: Role[] = [...ROLES];
const findingId = pathParam('id', 'The finding id (from `integrity.findings.v1`).');

export const PATHS: Record<string, Record<string, Record<string, unknown>>> = {
  '/health': {
    get: operation('Operations', { summary: 'Health of the whole system', description: 'Kafka, the store, Redis, this service\'s consumers and the detector. 200 when all are up, 503 naming what is down.', roles: null, ok: { status: 200, description: 'Everything is up.' }, errors: { 503: 'Something is down; `down` names it.' } }),
  },
  '/api/docs': {
    get: operation('Operations', { summary: 'This document', description: 'OpenAPI 3.1 as JSON; a browser (Accept: text/html) gets a readable page.', roles: null, ok: { status: 200, description: 'The OpenAPI document.' } }),
  },
  '/api/auth/sign-in': {
    post: operation('Identity', {
      summary: 'Sign in', description: 'A 15-minute access token and a refresh token. Five failures within 15 minutes lock the account for 15 minutes (423).', roles: null,
      body: obj({ username: str(), password: str() }, ['username', 'password']), ok: { status: 200, description: 'Signed in.', schema: ref('Tokens') },
      errors: { 401: 'Wrong user name or password.', 423: 'Locked after repeated failures.' },
    }),
  },
  '/api/auth/refresh': {
    post: operation('Identity', { summary: 'Exchange a refresh token for new tokens', description: 'Each refresh token works once; using one twice ends all of the user\'s sessions.', roles: null, body: obj({ refreshToken: str() }, ['refreshToken']), ok: { status: 200, description: 'New tokens.', schema: ref('Tokens') }, errors: { 401: 'Unknown, expired or used refresh token.' } }),
  },
  '/api/auth/password': {
    post: operation('Identity', { summary: 'Change one\'s own password', description: 'At least 12 characters. The only call a one-time password allows.', roles: [], body: obj({ currentPassword: str(), newPassword: str() }, ['currentPassword', 'newPassword']), ok: { status: 204, description: 'Changed; other sessions end.' } }),
  },
  '/api/auth/me': {
    get: operation('Identity', { summary: 'Who the token belongs to', roles: [], ok: { status: 200, description: 'The principal.', schema: obj({ sub: str(), roles: list(enumOf(ROLES)), unitId: str() }) } }),
  },
  '/api/users': {
    get: operation('Users', { summary: 'Users in the caller\'s units', roles: ['admin'], ok: { status: 200, description: 'Users.', schema: obj({ items: list(ref('User')) }) } }),
    post: operation('Users', {
      summary: 'Create a user', description: 'The answer carries a one-time password, shown once; it must be changed at first sign-in. `officerId` links the user to their registry record (assignment checks declared relations through it).',
      roles: ['admin'], body: obj({ username: str('2–64 characters: a-z, 0-9, . _ -'), roles: list(enumOf(ROLES)), unitId: str(), name: str(), officerId: str() }, ['username', 'roles', 'unitId']),
      ok: { status: 201, description: 'Created.', schema: { allOf: [ref('User'), obj({ oneTimePassword: str() })] } }, errors: { 409: 'The user name is taken.' },
    }),
  },
  '/api/users/{username}': {
    patch: operation('Users', { summary: 'Change roles, unit, registry link, name or active flag', roles: ['admin'], params: [pathParam('username', 'The user.')], body: obj({ roles: list(enumOf(ROLES)), unitId: str(), officerId: str(), name: str(), active: bool('false: no sign-in, no new assignments') }), ok: { status: 200, description: 'The user as it is now.', schema: ref('User') }, errors: { 404: 'No such user.' } }),
  },
  '/api/users/{username}/password-reset': {
    post: operation('Users', { summary: 'Reset a password to a one-time password', roles: ['admin'], params: [pathParam('username', 'The user.')], ok: { status: 201, description: 'The one-time password, shown once.', schema: obj({ username: str(), oneTimePassword: str() }) }, errors: { 404: 'No such user.' } }),
  },
  '/api/audit/verify': {
    get: operation('Audit', { summary: 'Recompute the audit hash chain', description: 'Names the first entry whose hash or link does not match.', roles: ['admin', 'inspection_supervisor'], ok: { status: 200, description: 'The result.', schema: obj({ ok: bool(), entries: int(), firstBad: int('sequence number of the first entry that does not match'), reason: str() }) } }),
  },
  '/api/findings': {
    get: operation('Findings', {
      summary: 'Findings in the caller\'s units, newest first', roles: READERS,
      params: [
        query('unit', str(), 'One unit (must be in scope).'), query('rule', str(), 'Rule id.'), query('severity', enumOf(['low', 'medium', 'high', 'critical']), 'Severity.'),
        query('status', enumOf(FINDING_STATUSES), 'Workflow status.'), query('officer', str(), 'Officer id.'), query('assignee', str(), 'Inspector user name; `me` for the caller.'), query('from', str(), 'Detected at or after (date or RFC 3339).'),
        query('to', str(), 'Detected at or before.'), query('page', int(), 'From 1.'), query('pageSize', int(), '1–500, default 50.'),
      ],
      ok: { status: 200, description: 'A page.', schema: obj({ total: int(), page: int(), pageSize: int(), items: list(ref('Task')) }) },
    }),
  },
  '/api/findings/{id}': {
    get: operation('Findings', { summary: 'One finding: its task, its text, its inspection and the allowed next states', roles: READERS, params: [findingId], ok: { status: 200, description: 'The finding.', schema: obj({ task: ref('Task'), finding: ref('FindingMessage'), allowedNext: list(enumOf(FINDING_STATUSES)), inspection: ref('Inspection') }) }, errors: { 404: 'No such finding.' } }),
  },
  '/api/findings/{id}/transitions': {
    post: operation('Findings', {
      summary: 'Move a finding to its next status',
      description: 'open → triaged | dismissed; triaged → under_inspection | dismissed; under_inspection → concluded; concluded → referred | closed. Supervisors triage, dismiss, refer and close; the assigned inspector (or a supervisor) starts and concludes. Each move is audited and published on `integrity.findings.v1`.',
      roles: ['inspector', 'inspection_supervisor'], params: [findingId],
      body: obj({
        to: enumOf(FINDING_STATUSES), reason: enumOf(DISMISSAL_REASONS, 'dismissed: required'), note: str('dismissed, referred: required; closed: optional'),
        result: enumOf(CONCLUSION_RESULTS, 'concluded: required'), reasoning: str('concluded: required'), truePositive: bool('concluded: required — was it a real irregularity? (rule precision)'),
        target: enumOf(REFERRAL_TARGETS, 'referred: required'),
      }, ['to']),
      ok: { status: 200, description: 'Moved.', schema: obj({ findingId: str(), status: enumOf(FINDING_STATUSES), allowedNext: list(enumOf(FINDING_STATUSES)) }) },
      errors: { 404: 'No such finding.', 409: 'Not a legal move from the current status (or it changed meanwhile); `allowedNext` lists the legal ones.' },
    }),
  },
  '/api/findings/{id}/assignment': {
    post: operation('Findings', { summary: 'Reassign the finding\'s inspection (with its joined findings)', description: 'The new inspector must be eligible: not of the unit concerned, not the officer concerned, no declared relation either way. The cap does not bind a supervisor.', roles: ['inspection_supervisor'], params: [findingId], body: obj({ assignee: str(), reason: str() }, ['assignee', 'reason']), ok: { status: 200, description: 'The inspection.', schema: ref('Inspection') }, errors: { 404: 'No such finding.', 409: 'The inspection is no longer open.' } }),
  },
  '/api/findings/{id}/case-file': {
    get: operation('Case file', { summary: 'The case file behind a finding', description: 'The case\'s events in business-time order (evidence marked, denouncers withheld), the money ledger, the officer\'s other findings in the caller\'s units, and the rule\'s explanation, legal basis and checklist.', roles: READERS, params: [findingId], ok: { status: 200, description: 'The case file.', schema: ref('CaseFile') }, errors: { 404: 'No such finding.' } }),
  },
  '/api/complaints/{complaintId}/denouncer': {
    get: operation('Case file', { summary: 'Who made a denunciation', description: 'Only for the roles that handle it, within their units; never to anyone of the accused officer\'s unit, nor to the accused. Every read and every refusal is audited.', roles: ['inspection_supervisor', 'committee_chair'], params: [pathParam('complaintId', 'The complaint id of the denunciation.')], ok: { status: 200, description: 'The denouncer\'s fields.', schema: obj({ complaintId: str(), caseId: str(), againstOfficerId: str(), denouncer: { type: 'object' } }) }, errors: { 404: 'No such denunciation.' } }),
  },
  '/api/findings/{id}/work': {
    get: operation('Inspection work', { summary: 'Notes, checklist and attachments of a finding', roles: READERS, params: [findingId], ok: { status: 200, description: 'The working papers.', schema: ref('Work') }, errors: { 404: 'No such finding.' } }),
  },
  '/api/findings/{id}/notes': {
    post: operation('Inspection work', { summary: 'Add a note', roles: ['inspector', 'inspection_supervisor'], params: [findingId], body: obj({ text: str() }, ['text']), ok: { status: 201, description: 'The note.' }, errors: { 404: 'No such finding.', 409: 'The finding is final.' } }),
  },
  '/api/findings/{id}/checklist/{itemId}': {
    post: operation('Inspection work', { summary: 'Mark a checklist item', roles: ['inspector', 'inspection_supervisor'], params: [findingId, pathParam('itemId', 'An item of the rule\'s checklist.')], body: obj({ done: bool(), note: str() }, ['done']), ok: { status: 201, description: 'The mark.' }, errors: { 404: 'No such finding.', 409: 'The finding is final.' } }),
  },
  '/api/findings/{id}/attachments': {
    post: operation('Inspection work', {
      summary: 'Attach a file', description: `The raw file is the body; Content-Type is its type (one of ${ATTACHMENT_TYPES.join(', ')}; checked against the content). Stored under its SHA-256, once however often it is attached. Size limit: ATTACHMENT_MAX_BYTES (10 MiB by default).`,
      roles: ['inspector', 'inspection_supervisor'], params: [findingId, { name: 'name', in: 'query', required: true, schema: str(), description: 'File name.' }],
      rawBody: Object.fromEntries(ATTACHMENT_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
      ok: { status: 201, description: 'The attachment.', schema: ref('Attachment') }, errors: { 400: 'Type not accepted, content not of that type, or no name.', 404: 'No such finding.', 409: 'The finding is final.', 413: 'Too large.' },
    }),
  },
  '/api/attachments/{sha256}': {
    get: operation('Inspection work', { summary: 'Download an attachment', description: 'For anyone who may read a finding it is attached to.', roles: READERS, params: [pathParam('sha256', '64 hex digits.')], ok: { status: 200, description: 'The file.', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, errors: { 400: 'Not a SHA-256.', 404: 'No such attachment.' } }),
  },
  '/api/notifications': {
    get: operation('Notifications', { summary: 'The caller\'s notifications, newest first', description: 'New assignments, SLA reminders, escalations.', roles: [], params: [query('limit', int(), '1–500, default 50.')], ok: { status: 200, description: 'Notifications.', schema: obj({ items: list(obj({ _id: str(), kind: enumOf(['inspection.assigned', 'sla.reminder', 'sla.escalation']), findingId: str(), at: str(), text: str() })) }) } }),
  },
  '/api/admin/jobs': {
    get: operation('Operations', { summary: 'Background jobs by state (failed by default)', roles: ['admin'], params: [query('state', enumOf(['failed', 'delayed', 'waiting', 'prioritized', 'active', 'completed']), 'Default failed.'), query('queue', str(), 'One queue.'), query('limit', int(), '1–1000.')], ok: { status: 200, description: 'Counts per queue and the jobs.', schema: obj({ counts: { type: 'object' }, state: str(), items: list(ref('Job')) }) } }),
  },
  '/api/admin/jobs/{queue}/{id}/retry': {
    post: operation('Operations', { summary: 'Retry a failed job', roles: ['admin'], params: [pathParam('queue', 'Queue name.'), pathParam('id', 'Job id.')], ok: { status: 200, description: 'The job.', schema: ref('Job') }, errors: { 404: 'No such failed job.' } }),
  },
};

const SCHEMAS: Record<string, Schema> = {
  Error: obj({ statusCode: int(), error: str(), message: str(), field: str('the request field that is wrong (400)'), allowedNext: list(enumOf(FINDING_STATUSES)) }),
  Tokens: obj({ accessToken: str(), expiresAt: str(), refreshToken: str(), mustChangePassword: bool() }),
  User: obj({ username: str(), name: str(), roles: list(enumOf(ROLES)), unitId: str(), officerId: str(), active: bool(), mustChangePassword: bool(), locked: bool() }),
  Task: obj({
    _id: str('the finding id'), ruleId: str(), severity: str(), unitId: str(), caseId: str(), officerId: str(), findingStatus: enumOf(FINDING_STATUSES),
    findingDetectedAt: str(), inspectionId: str(), assignee: str(), assignedAt: str(), dueAt: str(), remindAt: str(), escalatedAt: str(), waitingReason: str(),
    conclusion: obj({ result: enumOf(CONCLUSION_RESULTS), reasoning: str(), truePositive: bool(), by: str(), at: str() }),
    dismissal: obj({ reason: enumOf(DISMISSAL_REASONS), note: str(), by: str(), at: str() }),
    referral: obj({ target: enumOf(REFERRAL_TARGETS), note: str(), by: str(), at: str() }),
  }),
  FindingMessage: { type: 'object', description: 'As published on integrity.findings.v1 (EVENTS.md): title, explanation, legalBasis, evidence, ruleVersion, …' },
  Inspection: obj({ id: str('the lead finding'), assignee: str(), waitingReason: str(), dueAt: str(), escalatedAt: str(), findings: list(obj({ findingId: str(), ruleId: str(), severity: str(), status: str(), joinedAt: str() })) }),
  CaseFile: obj({
    findingId: str(), finding: ref('FindingMessage'), rule: obj({ ruleId: str(), ruleVersion: int(), legalBasis: str(), firesWhen: obj({ vi: str(), en: str() }), checklist: list(obj({ id: str(), vi: str(), en: str() })) }),
    caseId: str(), timeline: list(obj({ eventId: str(), type: str(), occurredAt: str(), actorId: str(), data: { type: 'object' }, inEvidence: bool(), denouncerWithheld: bool() })),
    ledger: obj({ collected: int(), deposited: int(), disbursed: int(), remitted: int(), reversedReceipts: int(), reversedPayouts: int(), feesAssessed: int(), feesWaived: int(), balance: int(), cashNotDeposited: int(), lines: list({ type: 'object' }) }),
    officer: obj({ officerId: str(), name: str(), unitId: str(), otherFindings: list({ type: 'object' }) }),
  }),
  Attachment: obj({ _id: str(), sha256: str(), name: str(), contentType: str(), size: int(), by: str(), at: str() }),
  Work: obj({ findingId: str(), notes: list({ type: 'object' }), checklist: list(obj({ id: str(), vi: str(), en: str(), done: bool() })), attachments: list(ref('Attachment')) }),
  Job: obj({ queue: str(), id: str(), name: str(), data: { type: 'object' }, attemptsMade: int(), failedReason: str(), createdAt: str(), finishedAt: str(), runAt: str() }),
};

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'THADS integrity audit — inspection API',
      version: '1.0.0',
      description: 'Findings raised by the detector, their inspection (assignment, SLA, case file, working papers, conclusion), users and the audit trail. Sign in at /api/auth/sign-in and send `Authorization: Bearer <accessToken>`. Every endpoint lists who may call it in `x-roles`; data is limited to the caller\'s units.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } }, schemas: SCHEMAS },
    paths: PATHS,
  };
}
