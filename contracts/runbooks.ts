import { z } from 'zod';
import { ApproverRule, ApproverRules } from './approvals.ts';

/*
 * Runbooks (issue 13): a named outbound HTTP call that an agent (or an automation rule) runs on a
 * ticket, signed with the runbook's secret, optionally only after an approval.
 */

/** The ticket variables a URL or body template may use: `{{ticket.number}}`. */
export const RUNBOOK_VARIABLES = [
  'ticket.id',
  'ticket.number',
  'ticket.subject',
  'ticket.status',
  'ticket.priority',
  'ticket.category',
  'requester.name',
  'requester.email',
  'actor.name',
  'run.id',
] as const;
export type RunbookVariable = (typeof RUNBOOK_VARIABLES)[number];
export type RunbookValues = Record<RunbookVariable, string>;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The variable names a template uses, in order (unknown ones included, for validation). */
export function templateVariables(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/** JSON string escaping without the quotes: a value dropped inside "..." stays valid JSON. */
export function jsonEscape(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** Fills the placeholders; `escape` makes each value safe for where it goes (JSON, URL). */
export function renderTemplate(
  template: string,
  values: RunbookValues,
  encode: (value: string) => string,
): string {
  return template.replace(PLACEHOLDER, (_all, name: string) =>
    Object.hasOwn(values, name) ? encode(values[name as RunbookVariable]) : '',
  );
}

/** Sample values used to check a definition when it is saved (and in the editor's preview). */
export const RUNBOOK_SAMPLE_VALUES: RunbookValues = {
  'ticket.id': '1',
  'ticket.number': '10001',
  'ticket.subject': 'VPN "down" \\ 无法连接',
  'ticket.status': 'open',
  'ticket.priority': 'P2',
  'ticket.category': '网络/VPN',
  'requester.name': '王芳',
  'requester.email': 'wang.fang@example.com',
  'actor.name': 'Li Lei',
  'run.id': '1',
};

/** A path into the response's JSON: `$.ok`, `$.result.items[0].state`. */
export const RunbookResponsePath = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^\$(\.[A-Za-z0-9_-]+|\[\d{1,4}\])*$/, 'a JSON path such as "$.ok" or "$.items[0].state"');

/**
 * What counts as success, all parts required: the status within `status` (inclusive, default
 * 200..299); with `jsonPath`, the value there equal to `equals` (or, without `equals`, present
 * and truthy); with `contains`, that text in the response body.
 */
export const RunbookSuccess = z
  .strictObject({
    status: z
      .tuple([z.number().int().min(100).max(599), z.number().int().min(100).max(599)])
      .refine(([low, high]) => low <= high, 'the lower status comes first: [200, 299]')
      .default([200, 299]),
    jsonPath: RunbookResponsePath.optional(),
    equals: z.union([z.string().max(500), z.number(), z.boolean(), z.null()]).optional(),
    contains: z.string().min(1).max(500).optional(),
  })
  .refine((expression) => expression.equals === undefined || expression.jsonPath !== undefined, {
    message: '"equals" compares the value at "jsonPath": give a jsonPath',
    path: ['equals'],
  });
export type RunbookSuccess = z.infer<typeof RunbookSuccess>;

export const RUNBOOK_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const RunbookMethod = z.enum(RUNBOOK_METHODS);
export const RunbookBodyFormat = z.enum(['json', 'text']);
export const RunbookApprovalMode = z.enum(['all', 'any', 'sequence']);

/** Headers the sender sets itself; a definition may not set them. */
export const RESERVED_HEADERS = [
  'host',
  'content-length',
  'connection',
  'transfer-encoding',
  'idempotency-key',
  'x-servicedesk-signature',
  'x-servicedesk-run',
];
const HeaderName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'a header name (letters, digits and -)')
  .refine((name) => !RESERVED_HEADERS.includes(name.toLowerCase()), 'the sender sets this header itself');
const HeaderValue = z
  .string()
  .max(2000)
  .regex(/^[^\r\n\0]*$/, 'one line without control characters');

function checkUrl(url: string, ctx: z.RefinementCtx): void {
  for (const name of templateVariables(url)) {
    if (!(RUNBOOK_VARIABLES as readonly string[]).includes(name))
      ctx.addIssue({ code: 'custom', message: `unknown variable "{{${name}}}"`, path: ['url'] });
  }
  let parsed: URL;
  try {
    parsed = new URL(renderTemplate(url, RUNBOOK_SAMPLE_VALUES, encodeURIComponent));
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not a URL', path: ['url'] });
    return;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    ctx.addIssue({ code: 'custom', message: 'only http:// and https:// targets', path: ['url'] });
  if (parsed.username || parsed.password)
    ctx.addIssue({ code: 'custom', message: 'no user or password in the URL: use a header', path: ['url'] });
}

function checkBody(body: string, format: 'json' | 'text', ctx: z.RefinementCtx): void {
  for (const name of templateVariables(body)) {
    if (!(RUNBOOK_VARIABLES as readonly string[]).includes(name))
      ctx.addIssue({ code: 'custom', message: `unknown variable "{{${name}}}"`, path: ['bodyTemplate'] });
  }
  if (format !== 'json' || body.trim() === '') return;
  try {
    JSON.parse(renderTemplate(body, RUNBOOK_SAMPLE_VALUES, jsonEscape));
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'not valid JSON once the variables are filled in (variables go inside "...")',
      path: ['bodyTemplate'],
    });
  }
}

const definitionFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(2000).default(''),
  url: z.string().trim().min(1).max(2000),
  method: RunbookMethod.default('POST'),
  headers: z
    .record(HeaderName, HeaderValue)
    .refine((headers) => Object.keys(headers).length <= 30, 'at most 30 headers')
    .default({}),
  bodyFormat: RunbookBodyFormat.default('json'),
  bodyTemplate: z.string().max(20_000).default(''),
  timeoutSeconds: z.number().int().min(1).max(120).default(10),
  maxAttempts: z.number().int().min(1).max(10).default(3),
  success: RunbookSuccess.default({ status: [200, 299] }),
  requiresApproval: z.boolean().default(false),
  approverIds: z
    .array(z.number().int().positive())
    .max(20)
    .refine((ids) => new Set(ids).size === ids.length, 'each approver once')
    .default([]),
  /** Approvers by rule (a team's lead, the requester's manager), asked after approverIds. */
  approverRules: ApproverRules.default([]),
  approvalMode: RunbookApprovalMode.default('any'),
  active: z.boolean().default(true),
};

type Definition = {
  url: string;
  bodyTemplate: string;
  bodyFormat: 'json' | 'text';
  method: string;
  requiresApproval: boolean;
  approverIds: number[];
  approverRules: unknown[];
};

function checkDefinition(value: Definition, ctx: z.RefinementCtx): void {
  checkUrl(value.url, ctx);
  checkBody(value.bodyTemplate, value.bodyFormat, ctx);
  if (value.method === 'GET' && value.bodyTemplate.trim() !== '')
    ctx.addIssue({ code: 'custom', message: 'a GET request has no body', path: ['bodyTemplate'] });
  if (value.requiresApproval && value.approverIds.length === 0 && value.approverRules.length === 0)
    ctx.addIssue({
      code: 'custom',
      message: 'an approval needs at least one approver',
      path: ['approverIds'],
    });
}

/** A new runbook; the secret (at least 16 characters) signs every call and is never returned. */
export const CreateRunbookInput = z
  .strictObject({ ...definitionFields, secret: z.string().min(16).max(256) })
  .superRefine(checkDefinition);
export type CreateRunbookInput = z.infer<typeof CreateRunbookInput>;

/** The whole definition again (PUT); the secret only when it changes. */
export const UpdateRunbookInput = z
  .strictObject({ ...definitionFields, secret: z.string().min(16).max(256).optional() })
  .superRefine(checkDefinition);
export type UpdateRunbookInput = z.infer<typeof UpdateRunbookInput>;

export const RunbookDto = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  url: z.string(),
  method: RunbookMethod,
  headers: z.record(z.string(), z.string()),
  bodyFormat: RunbookBodyFormat,
  bodyTemplate: z.string(),
  timeoutSeconds: z.number().int(),
  maxAttempts: z.number().int(),
  success: RunbookSuccess,
  requiresApproval: z.boolean(),
  approverIds: z.array(z.number().int()),
  approverRules: z.array(ApproverRule),
  approvalMode: RunbookApprovalMode,
  active: z.boolean(),
  /** Whether a secret is stored (the secret itself never leaves the server). */
  secretSet: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RunbookDto = z.infer<typeof RunbookDto>;

/** What agents see to pick a runbook on a ticket. */
export const RunbookChoiceDto = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  requiresApproval: z.boolean(),
});
export type RunbookChoiceDto = z.infer<typeof RunbookChoiceDto>;

export const RUNBOOK_RUN_STATUSES = [
  'awaiting_approval',
  'queued',
  'sending',
  'succeeded',
  'failed',
  'rejected',
  'expired',
  'cancelled',
] as const;
export const RunbookRunStatus = z.enum(RUNBOOK_RUN_STATUSES);
export type RunbookRunStatus = z.infer<typeof RunbookRunStatus>;

export const StartRunbookRunInput = z.strictObject({ runbookId: z.number().int().positive() });

/**
 * Why an attempt or a run failed, as a code with its values: the reader's interface puts it
 * into words in its language (runbooks.failure.<code>). `error` keeps the English text.
 */
export const RUNBOOK_FAILURE_CODES = [
  'timeout',
  'connection_refused',
  'host_not_found',
  'connection_reset',
  'network',
  'server_error',
  'status_outside',
  'text_missing',
  'not_json',
  'json_value',
  'json_missing',
  'interrupted',
  'runbook_deleted',
] as const;
export const RunbookFailureCode = z.enum(RUNBOOK_FAILURE_CODES);
export type RunbookFailureCode = z.infer<typeof RunbookFailureCode>;
export const RunbookFailure = z.object({
  code: RunbookFailureCode,
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type RunbookFailure = z.infer<typeof RunbookFailure>;

export const RunbookRunDto = z.object({
  id: z.number().int(),
  ticketId: z.number().int(),
  runbookId: z.number().int().nullable(),
  runbookName: z.string(),
  status: RunbookRunStatus,
  approvalId: z.number().int().nullable(),
  requestedBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  output: z.string().nullable(),
  error: z.string().nullable(),
  /** The failure as a code (null while none, or when `error` is an approver's comment). */
  failure: RunbookFailure.nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type RunbookRunDto = z.infer<typeof RunbookRunDto>;
