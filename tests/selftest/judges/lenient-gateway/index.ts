// Judge implementation of the Haufe "Copilot via API" agents service, written from the
// offline copy of docs.haufe.ai only. Style: a lenient, gateway-fronted FastAPI-like service
// following the newer (2026) pages. Every open point is written down in DECISIONS.md.

import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { anonymize } from './anonymize.ts';
import { ALLOWED_TYPES, extensionOf, extractText } from './extract.ts';

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

type Loc = (string | number)[];
interface VErr {
  type: string;
  loc: Loc;
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

class ApiError extends Error {
  status: number;
  body: unknown;
  headers: Record<string, string>;
  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    super(`HTTP ${status}`);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }
}

const fail = (status: number, error_code: string, detail: string) => new ApiError(status, { error_code, detail });
const v422 = (errors: VErr[]) => new ApiError(422, { detail: errors });

const E = {
  unauthorized: () => fail(401, 'unauthorized', 'Missing or invalid API key'),
  threadNotFound: () => fail(404, 'thread_not_found', 'Thread not found'),
  threadDeactivated: () => fail(400, 'thread_is_deactivated', 'Thread is deactivated'),
  messageNotFound: () => fail(404, 'message_not_found', 'Message not found'),
  assistantNotFound: () => fail(404, 'assistant_not_found', 'Assistant not found'),
  assistantNotAvailable: () => fail(403, 'assistant_not_available', 'Assistant not available to your tenant'),
  noStreaming: () =>
    fail(
      422,
      'engine_does_not_support_streaming',
      'The selected engine does not support streaming responses. Please use the non-streaming endpoint.',
    ),
  metadata: () => fail(422, 'request_metadata_missing_or_incomplete', 'Request lacks required request metadata'),
  invalidInput: (detail = 'invalid input') => fail(400, 'invalid_input', detail),
  fileNotFound: () =>
    fail(
      404,
      'attachment_document_does_not_exist',
      'Document with `file_id` is not available for the user with `user_id` on the document server.',
    ),
  fileConflict: () => fail(409, 'conflict', "Conflict - File is infected with a virus or it's still being processed"),
  fileForbidden: () =>
    fail(403, 'attachment_access_forbidden', 'You do not have permission to access this attachment.'),
  attachmentUrlInvalid: () => fail(422, 'attachment_url_invalid', 'The provided base_url is not valid.'),
  attachmentNotUnique: () => fail(422, 'attachment_not_unique', 'A thread can contain only a single attachment.'),
  internal: () => fail(500, 'internal_server_error', 'Internal Server Error'),
};

// ---------------------------------------------------------------------------------------------
// Time, ids, cursors
// ---------------------------------------------------------------------------------------------

let lastMicros = 0;
function nowMicros(): number {
  let us = Date.now() * 1000;
  if (us <= lastMicros) us = lastMicros + 1;
  lastMicros = us;
  return us;
}
function isoMicros(us: number): string {
  const base = new Date(Math.floor(us / 1000)).toISOString().slice(0, 19);
  return `${base}.${String(us % 1_000_000).padStart(6, '0')}Z`;
}
const nowIso = () => isoMicros(nowMicros());
let seqCounter = 0;
const nextSeq = () => ++seqCounter;

const encCursor = (seq: number) => Buffer.from(JSON.stringify({ s: seq })).toString('base64url');

function isWellFormed(s: string): boolean {
  const f = (s as unknown as { isWellFormed?: () => boolean }).isWellFormed;
  if (typeof f === 'function') return f.call(s);
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

// ---------------------------------------------------------------------------------------------
// pydantic-like (lax mode) field validation
// ---------------------------------------------------------------------------------------------

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const missing = (loc: Loc, input: unknown): VErr => ({
  type: 'missing',
  loc,
  msg: 'Field required',
  input: input ?? null,
});
const strErr = (loc: Loc, input: unknown): VErr => ({
  type: 'string_type',
  loc,
  msg: 'Input should be a valid string',
  input,
});
const dictErr = (loc: Loc, input: unknown): VErr => ({
  type: 'dict_type',
  loc,
  msg: 'Input should be a valid dictionary',
  input,
});
const listErr = (loc: Loc, input: unknown): VErr => ({
  type: 'list_type',
  loc,
  msg: 'Input should be a valid list',
  input,
});

const UUID_RE = /^(?:urn:uuid:)?\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i;
function parseUuid(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = UUID_RE.exec(v);
  return m ? m.slice(1).join('-').toLowerCase() : null;
}
function uuidErr(loc: Loc, v: unknown): VErr {
  if (typeof v !== 'string')
    return { type: 'uuid_type', loc, msg: 'UUID input should be a string, bytes or UUID object', input: v };
  const bad = /[^0-9a-fA-F-]/.exec(v);
  const reason = bad
    ? `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${bad[0]}\` at ${bad.index + 1}`
    : `invalid length: expected length 32 for simple format, found ${v.replace(/-/g, '').length}`;
  return {
    type: 'uuid_parsing',
    loc,
    msg: `Input should be a valid UUID, ${reason}`,
    input: v,
    ctx: { error: reason },
  };
}

/** Reads an optional (nullable) field of a JSON object. */
function optStr(o: Record<string, unknown>, key: string, loc: Loc, errs: VErr[]): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') {
    errs.push(strErr([...loc, key], v));
    return null;
  }
  return v;
}
function optUuid(o: Record<string, unknown>, key: string, loc: Loc, errs: VErr[]): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  const u = parseUuid(v);
  if (!u) errs.push(uuidErr([...loc, key], v));
  return u;
}
function reqUuid(o: Record<string, unknown>, key: string, loc: Loc, errs: VErr[]): string | null {
  const v = o[key];
  if (v === undefined) {
    errs.push(missing([...loc, key], o));
    return null;
  }
  const u = parseUuid(v);
  if (!u) errs.push(uuidErr([...loc, key], v));
  return u;
}
function pathUuid(name: string, v: string | undefined): string {
  const u = parseUuid(v);
  if (!u) throw v422([uuidErr(['path', name], v)]);
  return u;
}

function lastQuery(q: URLSearchParams, key: string): string | undefined {
  const all = q.getAll(key);
  const v = all.length ? all[all.length - 1] : undefined;
  return v === undefined || v === '' ? undefined : v;
}
function qInt(q: URLSearchParams, key: string, errs: VErr[], def: number, ge?: number, le?: number): number {
  const raw = lastQuery(q, key);
  if (raw === undefined) return def;
  let n: number;
  if (/^\s*[+-]?\d+\s*$/.test(raw) || /^\s*[+-]?\d+\.0*\s*$/.test(raw)) n = Math.trunc(Number(raw));
  else {
    errs.push({
      type: 'int_parsing',
      loc: ['query', key],
      msg: 'Input should be a valid integer, unable to parse string as an integer',
      input: raw,
    });
    return def;
  }
  if (ge !== undefined && n < ge) {
    errs.push({
      type: 'greater_than_equal',
      loc: ['query', key],
      msg: `Input should be greater than or equal to ${ge}`,
      input: raw,
      ctx: { ge },
    });
  } else if (le !== undefined && n > le) {
    errs.push({
      type: 'less_than_equal',
      loc: ['query', key],
      msg: `Input should be less than or equal to ${le}`,
      input: raw,
      ctx: { le },
    });
  }
  return n;
}
const TRUE_WORDS = ['1', 'on', 't', 'true', 'y', 'yes'];
const FALSE_WORDS = ['0', 'off', 'f', 'false', 'n', 'no'];
function qBool(q: URLSearchParams, key: string, errs: VErr[], def: boolean, loc: Loc = ['query', key]): boolean {
  const raw = lastQuery(q, key);
  if (raw === undefined) return def;
  const s = raw.trim().toLowerCase();
  if (TRUE_WORDS.includes(s)) return true;
  if (FALSE_WORDS.includes(s)) return false;
  errs.push({
    type: 'bool_parsing',
    loc,
    msg: 'Input should be a valid boolean, unable to interpret input',
    input: raw,
  });
  return def;
}
function qCursor(q: URLSearchParams, errs: VErr[]): number | null {
  const raw = lastQuery(q, 'cursor');
  if (raw === undefined || raw === 'null') return null;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    const seq = isObj(parsed) ? parsed.s : undefined;
    if (typeof seq === 'number' && Number.isInteger(seq) && seq > 0) return seq;
  } catch {
    /* fall through */
  }
  errs.push({
    type: 'value_error',
    loc: ['query', 'cursor'],
    msg: 'Value error, Invalid cursor',
    input: raw,
    ctx: { error: 'Invalid cursor' },
  });
  return null;
}

function pageOf<T extends { seq: number }>(sortedDesc: T[], limit: number, cursor: number | null) {
  const rest = cursor === null ? sortedDesc : sortedDesc.filter((i) => i.seq < cursor);
  const items = rest.slice(0, limit);
  const more = rest.length > items.length;
  const last = items.at(-1);
  return { items, cursor: more && last ? encCursor(last.seq) : null };
}

// ---------------------------------------------------------------------------------------------
// Domain model
// ---------------------------------------------------------------------------------------------

interface Tenant {
  id: string;
  name: string;
  key: string;
  keyId: string;
  keyCreatedAt: string;
}

interface Assistant {
  id: string;
  tenantId: string;
  name: string;
  streaming: boolean;
  requestRequiredFields: Record<string, string[]>;
  metaType: string;
  intent: string;
  answer: string;
  source: { content: string; meta_data: Record<string, string> };
}

interface Attachment {
  file_id: string;
  user_id: string;
  base_url: string | null;
}

interface ToolCall {
  id: string;
  [k: string]: unknown;
}

interface Message {
  id: string;
  seq: number;
  threadId: string;
  role: 'user' | 'system' | 'tool' | 'assistant';
  content: string;
  createdAt: string;
  toolCalls?: ToolCall[];
  toolCallId?: string;
  attachments?: Attachment[];
  sources?: unknown[];
  metaData?: Record<string, unknown>;
  generated?: boolean; // produced by a run / chat completion (exempt from client-stack ordering rules)
  feedback?: { feedback: 'positive' | 'negative'; created_at: string; reason_ids: string[]; comment: string | null };
}

interface Thread {
  id: string;
  seq: number;
  tenantId: string;
  assistantId: string;
  title: string | null;
  userId: string | null;
  createdAt: string;
  lastUpdatedAt: string;
  deleted: boolean;
  viaChat: boolean;
  messages: Message[];
}

type ProcessingStatus = 'PROCESSING' | 'PROCESSED' | 'FAILED';
interface FileRec {
  id: string;
  seq: number;
  tenantId: string;
  userId: string;
  filename: string;
  persist: boolean;
  signedExpiresAt: number; // ms epoch; the upload URL is valid until then
  uploadedAt?: number; // ms epoch of the (last) PUT
  uploadSeq?: number;
  text?: string;
  infected?: boolean;
  deleted: boolean;
  purgeAt?: number; // persist=false: removed 24 h after upload
}
/** A file whose content has been PUT to the storage origin (the document server knows it). */
interface UploadedFile extends FileRec {
  uploadedAt: number;
}
const isUploaded = (f: FileRec): f is UploadedFile => f.uploadedAt !== undefined;

const PLACEHOLDER = '00000000-0000-0000-0000-000000000000';
const MAX_CONTENT = 30_000;
const MAX_FILE = 10 * 1024 * 1024;
const SIGNED_URL_TTL = 600;
const SCAN_MS = 60;
const EXTRACT_MS = 150;
const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

const FEEDBACK_REASONS = [
  {
    description: 'Die Antwort enthielt sachlich falsche oder veraltete Informationen.',
    id: 'd4e5f6a7-8901-4cde-8012-456789012345',
    reason: 'Falsche Information',
  },
  {
    description: 'Die Antwort ging nicht auf die gestellte Frage ein.',
    id: 'd4e5f6a7-8901-4cde-8012-456789012346',
    reason: 'Frage nicht beantwortet',
  },
  {
    description: 'Die Antwort war unvollständig oder zu oberflächlich.',
    id: 'd4e5f6a7-8901-4cde-8012-456789012347',
    reason: 'Unvollständige Antwort',
  },
  {
    description: 'Die angegebenen Quellen passten nicht zur Antwort.',
    id: 'd4e5f6a7-8901-4cde-8012-456789012348',
    reason: 'Unpassende Quellen',
  },
  {
    description: 'Die Antwort war schwer verständlich oder schlecht formuliert.',
    id: 'd4e5f6a7-8901-4cde-8012-456789012349',
    reason: 'Unverständlich',
  },
];

function seedTenants(): Tenant[] {
  const created = '2025-01-15T10:30:00.000000Z';
  return [
    {
      id: 'a0000000-0000-4000-8000-00000000000a',
      name: 'Judge Tenant A',
      key: 'judge-key-a',
      keyId: 'a0000000-0000-4000-8000-0000000000a1',
      keyCreatedAt: created,
    },
    {
      id: 'b0000000-0000-4000-8000-00000000000b',
      name: 'Judge Tenant B',
      key: 'judge-key-b',
      keyId: 'b0000000-0000-4000-8000-0000000000b1',
      keyCreatedAt: created,
    },
  ];
}

function seedAssistants(): Assistant[] {
  const bgb = {
    content:
      '§ 622 Abs. 3 BGB: Während einer vereinbarten Probezeit, längstens für die Dauer von sechs Monaten, kann das Arbeitsverhältnis mit einer Frist von zwei Wochen gekündigt werden.',
    meta_data: { document_title: 'Bürgerliches Gesetzbuch (BGB)', section: '§ 622 Abs. 3', app_doc_id: 'HI1234567' },
  };
  const sgb = {
    content:
      '§ 167 Abs. 2 SGB IX: Sind Beschäftigte innerhalb eines Jahres länger als sechs Wochen ununterbrochen oder wiederholt arbeitsunfähig, klärt der Arbeitgeber ...',
    meta_data: { document_title: 'Sozialgesetzbuch IX', section: '§ 167 Abs. 2', app_doc_id: 'HI7654321' },
  };
  const csrd = {
    content:
      'Art. 19a Richtlinie 2013/34/EU (CSRD): Große Unternehmen nehmen in den Lagebericht Angaben auf, die für das Verständnis der Auswirkungen ...',
    meta_data: {
      document_title: 'Corporate Sustainability Reporting Directive',
      section: 'Art. 19a',
      app_doc_id: 'HI5550001',
    },
  };
  const probezeit =
    'Während der Probezeit beträgt die Kündigungsfrist gemäß § 622 Abs. 3 BGB zwei Wochen. Diese Frist gilt für beide Seiten.';
  const bem =
    'BEM steht für Betriebliches Eingliederungsmanagement. Der Arbeitgeber muss es anbieten, wenn Beschäftigte innerhalb eines Jahres länger als sechs Wochen arbeitsunfähig sind.';
  const esg =
    'Die CSRD verpflichtet große Unternehmen, im Lagebericht über Nachhaltigkeitsaspekte nach den ESRS zu berichten.';
  return [
    {
      id: '00000000-0000-4000-8000-00000000a001',
      tenantId: 'a0000000-0000-4000-8000-00000000000a',
      name: 'Haufe Copilot Tax',
      streaming: true,
      requestRequiredFields: { __root__: ['user_data'], user_data: ['licence'] },
      metaType: '53aa66b7-b874-407f-967c-3a959c919d62',
      intent: 'Kündigungsfrist Probezeit',
      answer: probezeit,
      source: bgb,
    },
    {
      id: '00000000-0000-4000-8000-00000000a002',
      tenantId: 'a0000000-0000-4000-8000-00000000000a',
      name: 'Haufe Copilot HR',
      streaming: true,
      requestRequiredFields: {},
      metaType: '6b1f2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3',
      intent: 'Betriebliches Eingliederungsmanagement',
      answer: bem,
      source: sgb,
    },
    {
      id: '00000000-0000-4000-8000-00000000a003',
      tenantId: 'a0000000-0000-4000-8000-00000000000a',
      name: 'Haufe Copilot Sustainability',
      streaming: false,
      requestRequiredFields: {},
      metaType: '7c2a3b4c-5d6e-4f70-9182-a3b4c5d6e7f8',
      intent: 'Nachhaltigkeitsberichterstattung',
      answer: esg,
      source: csrd,
    },
    {
      id: '00000000-0000-4000-8000-00000000b001',
      tenantId: 'b0000000-0000-4000-8000-00000000000b',
      name: 'Haufe Copilot HR',
      streaming: true,
      requestRequiredFields: {},
      metaType: '6b1f2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3',
      intent: 'Betriebliches Eingliederungsmanagement',
      answer: bem,
      source: sgb,
    },
    {
      id: '00000000-0000-4000-8000-00000000b002',
      tenantId: 'b0000000-0000-4000-8000-00000000000b',
      name: 'Haufe Copilot Tax',
      streaming: false,
      requestRequiredFields: { __root__: ['user_data'], user_data: ['licence'] },
      metaType: '53aa66b7-b874-407f-967c-3a959c919d62',
      intent: 'Kündigungsfrist Probezeit',
      answer: probezeit,
      source: bgb,
    },
  ];
}

function assistantOut(a: Assistant) {
  return {
    id: a.id,
    meta_data_response_schema: {
      properties: {
        type: {
          const: 'lgagentmetadatamodel',
          default: 'lgagentmetadatamodel',
          enum: [a.metaType],
          title: 'Type',
          type: 'string',
        },
        legal_advice: {
          description: 'Indicates if the user query is a legal advice.',
          title: 'Is Legal Advice',
          type: 'boolean',
        },
        intent: { description: 'Intent of the user query.', title: 'Intent', type: 'string' },
      },
      required: ['legal_advice', 'intent'],
      title: 'LgAgentMetaDataModel',
      type: 'object',
    },
    name: a.name,
    request_required_fields: a.requestRequiredFields,
    streaming: a.streaming,
  };
}

// ---------------------------------------------------------------------------------------------
// Rate limiting (gateway): sliding windows per tenant and bucket
// ---------------------------------------------------------------------------------------------

const LIMITS = {
  answer: { rps: 15, rpm: 60 },
  other: { rps: 60, rpm: 180 },
} as const;

class RateLimiter {
  private log = new Map<string, number[]>();
  take(tenantId: string, bucket: keyof typeof LIMITS): void {
    const now = Date.now();
    const k = `${tenantId}:${bucket}`;
    const all = (this.log.get(k) ?? []).filter((t) => t > now - 60_000);
    this.log.set(k, all);
    const lastSecond = all.filter((t) => t > now - 1000);
    const { rps, rpm } = LIMITS[bucket];
    if (lastSecond.length >= rps || all.length >= rpm) {
      // Both lists are non-empty here (a limit was reached); `now` is only a type-level fallback.
      const waitMs = lastSecond.length >= rps ? (lastSecond[0] ?? now) + 1000 - now : (all[0] ?? now) + 60_000 - now;
      throw new ApiError(
        429,
        { message: 'Rate limit exceeded!' },
        {
          'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))),
          'x-ratelimit-limit': `${rps};w=1, ${rpm};w=60`,
          'x-ratelimit-remaining': '0',
        },
      );
    }
    all.push(now);
  }
}

const ANSWER_PATH = /^\/v1\/(?:threads\/[^/]+\/run(?:\/stream)?|chat\/completions(?:\/stream)?)$/;

// ---------------------------------------------------------------------------------------------
// HTTP plumbing
// ---------------------------------------------------------------------------------------------

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () =>
      tooBig
        ? reject(new ApiError(413, { error_code: 'payload_too_large', detail: 'Request body too large' }))
        : resolve(Buffer.concat(chunks)),
    );
    req.on('error', reject);
  });
}

function parseJson(buf: Buffer, required: boolean): unknown {
  const text0 = buf.toString('latin1').trim();
  if (text0 === '') {
    if (required) throw v422([missing(['body'], null)]);
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw v422([
      { type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: 'Invalid UTF-8' } },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const pos = Number(/position (\d+)/.exec(String((e as Error).message))?.[1] ?? 0);
    throw v422([
      {
        type: 'json_invalid',
        loc: ['body', pos],
        msg: 'JSON decode error',
        input: {},
        ctx: { error: 'Expecting value' },
      },
    ]);
  }
}

function bodyObject(body: unknown, required: boolean): Record<string, unknown> {
  if (body === undefined || (body === null && !required)) {
    if (required) throw v422([missing(['body'], null)]);
    return {};
  }
  if (!isObj(body)) {
    throw v422([
      {
        type: 'model_attributes_type',
        loc: ['body'],
        msg: 'Input should be a valid dictionary or object to extract fields from',
        input: body,
      },
    ]);
  }
  return body;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.headersSent) {
    res.end();
    return;
  }
  if (status === 204) {
    res.writeHead(204, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  tenant: Tenant;
  params: Record<string, string>;
  query: URLSearchParams;
  body: () => Promise<unknown>;
}

type Handler = (ctx: Ctx) => Promise<void> | void;
interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

// ---------------------------------------------------------------------------------------------
// Message input parsing and validation (docs/validation/messages)
// ---------------------------------------------------------------------------------------------

const ROLES = ['user', 'system', 'tool', 'assistant'] as const;
type Role = (typeof ROLES)[number];
const isRole = (v: unknown): v is Role => ROLES.some((r) => r === v);

interface MsgIn {
  role: Role;
  content: string | null;
  toolCalls: ToolCall[] | null;
  toolCallId: string | null;
  attachments: { file_id: string; user_id: string | null; base_url: string | null }[] | null;
  sources: unknown[] | null;
}

function parseMessageInput(raw: unknown, loc: Loc, errs: VErr[]): MsgIn | null {
  if (!isObj(raw)) {
    errs.push({
      type: 'model_attributes_type',
      loc,
      msg: 'Input should be a valid dictionary or object to extract fields from',
      input: raw,
    });
    return null;
  }
  const before = errs.length;
  let role: Role | null = null;
  if (raw.role === undefined) errs.push(missing([...loc, 'role'], raw));
  else if (!isRole(raw.role)) {
    errs.push({
      type: 'enum',
      loc: [...loc, 'role'],
      msg: "Input should be 'user', 'system', 'tool' or 'assistant'",
      input: raw.role,
      ctx: { expected: "'user', 'system', 'tool' or 'assistant'" },
    });
  } else role = raw.role;
  const content = optStr(raw, 'content', loc, errs);
  const toolCallId = optStr(raw, 'tool_call_id', loc, errs);
  let toolCalls: ToolCall[] | null = null;
  if (raw.tool_calls !== undefined && raw.tool_calls !== null) {
    if (!Array.isArray(raw.tool_calls)) errs.push(listErr([...loc, 'tool_calls'], raw.tool_calls));
    else {
      const calls: ToolCall[] = [];
      toolCalls = calls;
      raw.tool_calls.forEach((tc: unknown, i: number) => {
        const l = [...loc, 'tool_calls', i];
        if (!isObj(tc)) errs.push(dictErr(l, tc));
        else if (tc.id === undefined) errs.push(missing([...l, 'id'], tc));
        else if (typeof tc.id !== 'string') errs.push(strErr([...l, 'id'], tc.id));
        else calls.push(tc as ToolCall);
      });
    }
  }
  let attachments: MsgIn['attachments'] = null;
  if (raw.attachments !== undefined && raw.attachments !== null) {
    if (!Array.isArray(raw.attachments)) errs.push(listErr([...loc, 'attachments'], raw.attachments));
    else {
      const list: NonNullable<MsgIn['attachments']> = [];
      attachments = list;
      raw.attachments.forEach((a: unknown, i: number) => {
        const l = [...loc, 'attachments', i];
        if (!isObj(a)) {
          errs.push(dictErr(l, a));
          return;
        }
        let fileId: string | null = null;
        if (a.file_id === undefined || a.file_id === null) errs.push(missing([...l, 'file_id'], a));
        else if (typeof a.file_id !== 'string') errs.push(strErr([...l, 'file_id'], a.file_id));
        else fileId = a.file_id;
        const userId = optStr(a, 'user_id', l, errs);
        const baseUrl = optStr(a, 'base_url', l, errs);
        if (fileId !== null) list.push({ file_id: fileId, user_id: userId, base_url: baseUrl });
      });
    }
  }
  let sources: unknown[] | null = null;
  if (raw.sources !== undefined && raw.sources !== null) {
    if (!Array.isArray(raw.sources)) errs.push(listErr([...loc, 'sources'], raw.sources));
    else sources = raw.sources;
  }
  if (errs.length > before || role === null) return null;
  return { role, content, toolCalls: toolCalls?.length ? toolCalls : null, toolCallId, attachments, sources };
}

/** Content rules: apply to every message type. */
function contentRules(m: MsgIn): ApiError | null {
  const c = m.content ?? '';
  if (!isWellFormed(c))
    return fail(
      422,
      'message_content_invalid_unicode',
      'Message content must be valid UTF-8; broken Unicode characters are rejected.',
    );
  if (m.role === 'assistant' && m.toolCalls) {
    if (c.trim() !== '')
      return fail(
        422,
        'assistant_content_with_tool_calls',
        'Assistant message content must be empty when tool_calls is present.',
      );
  } else if (c.trim() === '') {
    return fail(422, 'message_content_empty', 'Message content cannot be empty.');
  }
  if ([...c].length > MAX_CONTENT)
    return fail(422, 'message_content_too_long', 'Message content must not exceed 30,000 characters.');
  return null;
}

/** Attachment rules inside one message. */
function attachmentCountRule(m: MsgIn): ApiError | null {
  if (m.role === 'user' && m.attachments && m.attachments.length > 1) {
    return fail(422, 'too_many_attachments', 'At most 1 attachment per user message.');
  }
  if (m.attachments) {
    for (const a of m.attachments) {
      if (a.base_url !== null) {
        try {
          const u = new URL(a.base_url);
          if (u.protocol !== 'http:' && u.protocol !== 'https:') return E.attachmentUrlInvalid();
        } catch {
          return E.attachmentUrlInvalid();
        }
      }
    }
  }
  return null;
}

interface StackItem {
  role: Role;
  toolCalls?: ToolCall[] | null;
  toolCallId?: string | null;
  generated?: boolean;
}

/** Message list rules. mode 'chat' = newer chat-completions page (last may be system); 'run' = user or tool. */
function stackRules(stack: StackItem[], mode: 'chat' | 'run'): ApiError | null {
  const final = stack.at(-1);
  if (final === undefined) {
    return mode === 'chat'
      ? fail(422, 'messages_empty', 'The messages array must contain at least one message.')
      : fail(422, 'no_user_message', 'The thread must contain at least one user message.');
  }
  if (stack.filter((m) => m.role === 'system').length > 1)
    return fail(422, 'multiple_system_messages', 'At most one system message is allowed.');
  if (!stack.some((m) => m.role === 'user')) {
    return fail(
      422,
      'no_user_message',
      mode === 'chat'
        ? 'The message stack must contain at least one user message.'
        : 'The thread must contain at least one user message.',
    );
  }
  for (const [i, m] of stack.entries()) {
    if (m.role === 'assistant' && !m.generated && (i === 0 || stack[i - 1]?.role !== 'user')) {
      return fail(
        422,
        'assistant_message_not_preceded_by_user',
        'An assistant message must be directly preceded by a user message.',
      );
    }
    if (m.role === 'tool') {
      const ok = stack
        .slice(0, i)
        .some((p) => p.role === 'assistant' && p.toolCalls?.some((tc) => tc.id === m.toolCallId));
      if (!ok) {
        return fail(
          422,
          'tool_message_has_no_matching_tool_call',
          "Tool message id not found in an preceding assistant message's tool calls in the thread",
        );
      }
    }
    if (m.role === 'assistant' && m.toolCalls && m.toolCalls.length) {
      const answered = new Set<string>();
      for (const next of stack.slice(i + 1)) {
        if (next.role !== 'tool') break;
        answered.add(next.toolCallId ?? '');
      }
      const last = i === stack.length - 1;
      if (!last && !m.toolCalls.every((tc) => answered.has(tc.id))) {
        return fail(
          422,
          'tool_calls_not_answered',
          'An assistant message requesting tool calls must be followed by the corresponding tool messages.',
        );
      }
    }
  }
  const lastRole = final.role;
  const allowed: Role[] = mode === 'chat' ? ['user', 'tool', 'system'] : ['user', 'tool'];
  if (!allowed.includes(lastRole)) {
    return fail(
      422,
      'incorrect_stack_ending',
      mode === 'chat'
        ? 'The last message in the stack must be a user, tool, or system message.'
        : 'The last message in the stack must be a user or tool message.',
    );
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The judge
// ---------------------------------------------------------------------------------------------

export interface JudgeOptions {
  host?: string;
  port?: number;
  rateLimits?: boolean;
  storagePort?: number;
}

export async function startJudge(
  options: JudgeOptions = {},
): Promise<{ url: string; storageUrl: string; close(): Promise<void> }> {
  const host = options.host ?? '127.0.0.1';
  const rateLimits = options.rateLimits !== false;
  const limiter = new RateLimiter();
  const secret = randomBytes(32);

  const tenants = seedTenants();
  const tenantByKey = new Map(tenants.map((t) => [t.key, t]));
  const assistants = seedAssistants();
  const threads = new Map<string, Thread>();
  const files = new Map<string, FileRec>();
  let storageOrigin = '';

  // ----- lookups -----------------------------------------------------------------------------

  const visibleAssistant = (tenant: Tenant, id: string) =>
    assistants.find((a) => a.id === id && a.tenantId === tenant.id);

  function getThread(tenant: Tenant, id: string, allowDeleted = false): Thread {
    const t = threads.get(id);
    if (!t || t.tenantId !== tenant.id) throw E.threadNotFound();
    if (t.deleted && !allowDeleted) throw E.threadDeactivated();
    return t;
  }

  function liveFile(tenant: Tenant, userId: string, fileId: string): UploadedFile | undefined {
    const f = files.get(fileId);
    if (!f || f.tenantId !== tenant.id || f.userId !== userId || f.deleted || !isUploaded(f)) return undefined;
    if (f.purgeAt !== undefined && Date.now() >= f.purgeAt) {
      f.deleted = true;
      return undefined;
    }
    return f;
  }

  function fileStatus(f: UploadedFile) {
    const t0 = f.uploadedAt;
    const elapsed = Date.now() - t0;
    const iso = (ms: number) => new Date(ms).toISOString();
    const steps: { createdAt: string; endedAt: string | null; status: string }[] = [];
    let status: ProcessingStatus = 'PROCESSING';
    steps.push({
      createdAt: iso(t0),
      endedAt: elapsed >= SCAN_MS ? iso(t0 + SCAN_MS) : null,
      status: 'ANTIVIRUS_SCANNING',
    });
    if (elapsed >= SCAN_MS) {
      if (f.infected) status = 'FAILED';
      else {
        steps.push({
          createdAt: iso(t0 + SCAN_MS),
          endedAt: elapsed >= EXTRACT_MS ? iso(t0 + EXTRACT_MS) : null,
          status: 'TEXT_EXTRACTION',
        });
        if (elapsed >= EXTRACT_MS) status = 'PROCESSED';
      }
    }
    const text = f.text ?? '';
    const done = status === 'PROCESSED';
    return {
      processing_status: status,
      processingStatus: status,
      processing_steps: steps,
      warnings: {
        empty: done && text.trim() === '',
        infected: elapsed >= SCAN_MS && !!f.infected,
        length: done && text.length > 1_000_000,
      },
    };
  }

  function resolveAttachments(
    tenant: Tenant,
    msgs: MsgIn[],
    fallbackUser: string | null,
    threadUser: string | null,
    existing: Attachment[],
    locOf: (mi: number) => Loc,
  ): Attachment[][] {
    const seen = new Set(existing.map((a) => `${a.file_id}|${a.user_id}|${a.base_url ?? ''}`));
    const out: Attachment[][] = [];
    // uniqueness first (a validation rule), then the document server look-ups
    const resolved: Attachment[][] = msgs.map((m, mi) =>
      m.role === 'user' && m.attachments
        ? m.attachments.map((a, ai) => {
            const user = a.user_id ?? fallbackUser;
            if (!user) throw v422([missing([...locOf(mi), 'attachments', ai, 'user_id'], a)]);
            return { file_id: a.file_id, user_id: parseUuid(user) ?? user, base_url: a.base_url };
          })
        : [],
    );
    for (const list of resolved) {
      for (const a of list) {
        const key = `${a.file_id}|${a.user_id}|${a.base_url ?? ''}`;
        if (seen.has(key)) throw E.attachmentNotUnique();
        seen.add(key);
      }
    }
    for (const list of resolved) {
      for (const a of list) {
        if (threadUser && a.user_id !== threadUser) throw E.fileForbidden();
        const f = liveFile(tenant, a.user_id, a.file_id);
        if (!f) throw E.fileNotFound();
        if (fileStatus(f).processing_status !== 'PROCESSED') throw E.fileConflict();
      }
      out.push(list);
    }
    return out;
  }

  // ----- meta_data (docs/validation/metadata) ------------------------------------------------

  function parseMetaData(body: Record<string, unknown>, errs: VErr[]): Record<string, unknown> | null {
    const md = body.meta_data;
    if (md === undefined || md === null) return null;
    if (!isObj(md)) {
      errs.push(dictErr(['body', 'meta_data'], md));
      return null;
    }
    if (md.user_data !== undefined && md.user_data !== null) {
      if (!isObj(md.user_data)) errs.push(dictErr(['body', 'meta_data', 'user_data'], md.user_data));
      else optStr(md.user_data, 'licence', ['body', 'meta_data', 'user_data'], errs);
    }
    return md;
  }

  function checkRequiredMetadata(a: Assistant, md: Record<string, unknown> | null) {
    for (const [scope, fields] of Object.entries(a.requestRequiredFields)) {
      const container = scope === '__root__' ? md : md?.[scope];
      for (const f of fields) {
        if (!isObj(container) || container[f] === undefined || container[f] === null) throw E.metadata();
      }
    }
  }

  // ----- output ------------------------------------------------------------------------------

  function threadOut(t: Thread) {
    return {
      assistant_id: t.assistantId,
      created_at: t.createdAt,
      id: t.id,
      last_updated_at: t.lastUpdatedAt,
      tenant_id: t.tenantId,
      title: t.title,
      user_id: t.userId,
    };
  }
  const displayed = (t: Thread) =>
    t.deleted ? { ...threadOut(t), tenant_id: PLACEHOLDER, user_id: t.userId ? PLACEHOLDER : null } : threadOut(t);

  function messageOut(m: Message) {
    const o: Record<string, unknown> = {
      content: m.content,
      created_at: m.createdAt,
      id: m.id,
      role: m.role,
      thread_id: m.threadId,
    };
    if (m.toolCalls) o.tool_calls = m.toolCalls;
    if (m.toolCallId) o.tool_call_id = m.toolCallId;
    if (m.attachments?.length) o.attachments = m.attachments;
    if (m.sources) o.sources = m.sources;
    if (m.metaData) o.meta_data = m.metaData;
    return o;
  }

  function storeMessage(t: Thread, m: MsgIn, attachments: Attachment[]): Message {
    const us = nowMicros();
    const msg: Message = {
      id: randomUUID(),
      seq: nextSeq(),
      threadId: t.id,
      role: m.role,
      content: anonymize(m.content ?? ''),
      createdAt: isoMicros(us),
    };
    if (m.role === 'assistant' && m.toolCalls) msg.toolCalls = m.toolCalls;
    if (m.role === 'tool' && m.toolCallId) msg.toolCallId = m.toolCallId;
    if (m.role === 'user' && attachments.length) msg.attachments = attachments;
    if (m.sources) msg.sources = m.sources;
    t.messages.push(msg);
    t.lastUpdatedAt = msg.createdAt;
    return msg;
  }

  function generateAnswer(t: Thread, a: Assistant): Message {
    const msg: Message = {
      id: randomUUID(),
      seq: nextSeq(),
      threadId: t.id,
      role: 'assistant',
      content: a.answer,
      createdAt: nowIso(),
      sources: [a.source],
      metaData: { intent: a.intent, legal_advice: false, type: a.metaType },
      generated: true,
    };
    t.messages.push(msg);
    t.lastUpdatedAt = msg.createdAt;
    return msg;
  }

  const answerOut = (m: Message) => ({
    content: m.content,
    created_at: m.createdAt,
    id: m.id,
    meta_data: m.metaData,
    role: 'assistant',
    sources: m.sources,
    thread_id: m.threadId,
  });

  async function streamAnswer(res: ServerResponse, m: Message) {
    res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-cache' });
    const words = m.content.split(/(?<= )/);
    const pieces: string[] = [];
    for (let i = 0; i < words.length; i += 4) pieces.push(words.slice(i, i + 4).join(''));
    for (const p of pieces) {
      res.write(
        `${JSON.stringify({ created_at: m.createdAt, delta: { content: p, role: 'assistant', sources: [] }, message_id: m.id, thread_id: m.threadId })}\n`,
      );
      await sleep(2);
    }
    res.write(
      `${JSON.stringify({ created_at: m.createdAt, delta: { content: '', role: 'assistant', sources: m.sources, meta_data: m.metaData }, message_id: m.id, thread_id: m.threadId })}\n`,
    );
    res.end();
  }

  // ----- handlers ----------------------------------------------------------------------------

  const routes: Route[] = [];
  function route(method: string, path: string, handler: Handler) {
    const keys: string[] = [];
    const pattern = new RegExp(
      '^' +
        path.replace(/\{(\w+)\}/g, (_, k: string) => {
          keys.push(k);
          return '([^/]+)';
        }) +
        '$',
    );
    routes.push({ method, pattern, keys, handler });
  }

  // Assistants
  route('GET', '/v1/assistants', ({ res, tenant }) => {
    sendJson(res, 200, assistants.filter((a) => a.tenantId === tenant.id).map(assistantOut));
  });
  route('GET', '/v1/assistants/{assistant_id}', ({ res, tenant, params }) => {
    const id = pathUuid('assistant_id', params.assistant_id);
    const a = visibleAssistant(tenant, id);
    if (!a) throw E.assistantNotFound();
    sendJson(res, 200, assistantOut(a));
  });

  // Tenants
  route('GET', '/v1/tenants/my-api-keys', ({ res, tenant }) => {
    sendJson(res, 200, {
      id: tenant.id,
      name: tenant.name,
      api_keys: [
        {
          api_key: tenant.key,
          created_at: tenant.keyCreatedAt,
          id: tenant.keyId,
          last_updated_at: tenant.keyCreatedAt,
        },
      ],
    });
  });

  // Threads
  route('POST', '/v1/threads', async ({ res, tenant, body }) => {
    const b = bodyObject(await body(), true);
    const errs: VErr[] = [];
    const assistantId = reqUuid(b, 'assistant_id', ['body'], errs);
    const title = optStr(b, 'title', ['body'], errs);
    const userId = optUuid(b, 'user_id', ['body'], errs);
    if (errs.length || assistantId === null) throw v422(errs);
    if (!visibleAssistant(tenant, assistantId)) throw E.assistantNotAvailable();
    const now = nowIso();
    const t: Thread = {
      id: randomUUID(),
      seq: nextSeq(),
      tenantId: tenant.id,
      assistantId,
      title,
      userId,
      createdAt: now,
      lastUpdatedAt: now,
      deleted: false,
      viaChat: false,
      messages: [],
    };
    threads.set(t.id, t);
    sendJson(res, 200, threadOut(t));
  });

  route('GET', '/v1/threads', ({ res, tenant, query }) => {
    const errs: VErr[] = [];
    const limit = qInt(query, 'limit', errs, 100, 1);
    const cursor = qCursor(query, errs);
    const rawUser = lastQuery(query, 'user_id');
    let userId: string | null = null;
    if (rawUser !== undefined && rawUser !== 'null') {
      userId = parseUuid(rawUser);
      if (!userId) errs.push(uuidErr(['query', 'user_id'], rawUser));
    }
    const includeDeleted = qBool(query, 'include_deleted', errs, false);
    if (errs.length) throw v422(errs);
    const list = [...threads.values()]
      .filter((t) => t.tenantId === tenant.id && (includeDeleted || !t.deleted))
      .map((t) => ({ seq: t.seq, out: displayed(t) }))
      .filter((x) => userId === null || x.out.user_id === userId)
      .sort((x, y) => y.seq - x.seq);
    const page = pageOf(list, limit, cursor);
    sendJson(res, 200, { cursor: page.cursor, items: page.items.map((x) => x.out) });
  });

  route('GET', '/v1/threads/{thread_id}', ({ res, tenant, params }) => {
    const t = getThread(tenant, pathUuid('thread_id', params.thread_id));
    sendJson(res, 200, threadOut(t));
  });

  route('DELETE', '/v1/threads/{thread_id}', ({ res, tenant, params }) => {
    const t = getThread(tenant, pathUuid('thread_id', params.thread_id));
    t.deleted = true;
    // Data Deletion: extended anonymization pass over the messages (names/birthdates are deliberately kept).
    for (const m of t.messages) m.content = anonymize(m.content);
    sendJson(res, 204, null);
  });

  // Messages
  route('GET', '/v1/threads/{thread_id}/messages', ({ res, tenant, params, query }) => {
    const threadId = pathUuid('thread_id', params.thread_id);
    const errs: VErr[] = [];
    const limit = qInt(query, 'limit', errs, 100, 1);
    const cursor = qCursor(query, errs);
    if (errs.length) throw v422(errs);
    const t = getThread(tenant, threadId);
    const sorted = [...t.messages].sort((x, y) => y.seq - x.seq);
    const page = pageOf(sorted, limit, cursor);
    sendJson(res, 200, { cursor: page.cursor, items: page.items.map(messageOut) });
  });

  route('POST', '/v1/threads/{thread_id}/messages', async ({ res, tenant, params, body }) => {
    const threadId = pathUuid('thread_id', params.thread_id);
    const b = bodyObject(await body(), true);
    const errs: VErr[] = [];
    const m = parseMessageInput(b, ['body'], errs);
    if (errs.length || !m) throw v422(errs);
    const t = getThread(tenant, threadId);
    if (t.viaChat)
      throw fail(
        409,
        'thread_created_via_chat_completions',
        'Cannot add messages to threads created via Chat Completions',
      );
    const contentErr = contentRules(m) ?? attachmentCountRule(m);
    if (contentErr) throw contentErr;
    const prev = t.messages[t.messages.length - 1];
    if (m.role === 'system' && t.messages.some((x) => x.role === 'system'))
      throw fail(422, 'multiple_system_messages', 'At most one system message is allowed.');
    if (m.role === 'assistant' && prev?.role !== 'user') {
      throw fail(
        422,
        'assistant_message_not_preceded_by_user',
        'An assistant message must be directly preceded by a user message.',
      );
    }
    if (
      m.role === 'tool' &&
      !t.messages.some((p) => p.role === 'assistant' && p.toolCalls?.some((tc) => tc.id === m.toolCallId))
    ) {
      throw fail(
        422,
        'tool_message_has_no_matching_tool_call',
        "Tool message id not found in an preceding assistant message's tool calls in the thread",
      );
    }
    const existing = t.messages.flatMap((x) => x.attachments ?? []);
    const [atts = []] = resolveAttachments(tenant, [m], t.userId, t.userId, existing, () => ['body']);
    const msg = storeMessage(t, m, atts);
    sendJson(res, 200, messageOut(msg));
  });

  route('DELETE', '/v1/threads/{thread_id}/messages/{message_id}', ({ res, tenant, params }) => {
    const threadId = pathUuid('thread_id', params.thread_id);
    const messageId = pathUuid('message_id', params.message_id);
    const t = getThread(tenant, threadId);
    const i = t.messages.findIndex((m) => m.id === messageId);
    if (i < 0) throw E.messageNotFound();
    t.messages.splice(i, 1);
    t.lastUpdatedAt = nowIso();
    sendJson(res, 204, null);
  });

  // Runs
  async function run(ctx: Ctx, stream: boolean) {
    const threadId = pathUuid('thread_id', ctx.params.thread_id);
    const b = bodyObject(await ctx.body(), false);
    const errs: VErr[] = [];
    const md = parseMetaData(b, errs);
    if (b.tools !== undefined && b.tools !== null && !Array.isArray(b.tools))
      errs.push(listErr(['body', 'tools'], b.tools));
    if (errs.length) throw v422(errs);
    const t = getThread(ctx.tenant, threadId);
    const a = visibleAssistant(ctx.tenant, t.assistantId);
    if (!a) throw E.assistantNotAvailable();
    if (stream && !a.streaming) throw E.noStreaming();
    checkRequiredMetadata(a, md);
    const stackErr = stackRules(t.messages, 'run');
    if (stackErr) throw stackErr;
    const answer = generateAnswer(t, a);
    if (stream) await streamAnswer(ctx.res, answer);
    else sendJson(ctx.res, 200, answerOut(answer));
  }
  route('POST', '/v1/threads/{thread_id}/run', (ctx) => run(ctx, false));
  route('POST', '/v1/threads/{thread_id}/run/stream', (ctx) => run(ctx, true));

  // Chat completions
  async function chat(ctx: Ctx, stream: boolean) {
    const errs: VErr[] = [];
    let threadId: string | null = null;
    const rawThread = lastQuery(ctx.query, 'thread_id');
    if (rawThread !== undefined && rawThread !== 'null') {
      threadId = parseUuid(rawThread);
      if (!threadId) errs.push(uuidErr(['query', 'thread_id'], rawThread));
    }
    const b = bodyObject(await ctx.body(), true);
    const assistantId = reqUuid(b, 'assistant_id', ['body'], errs);
    const userId = optUuid(b, 'user_id', ['body'], errs);
    if (threadId === null && errs.length === 0) threadId = optUuid(b, 'thread_id', ['body'], errs);
    const md = parseMetaData(b, errs);
    const msgs: MsgIn[] = [];
    if (b.messages === undefined) errs.push(missing(['body', 'messages'], b));
    else if (!Array.isArray(b.messages)) errs.push(listErr(['body', 'messages'], b.messages));
    else {
      b.messages.forEach((raw: unknown, i: number) => {
        const m = parseMessageInput(raw, ['body', 'messages', i], errs);
        if (m) msgs.push(m);
      });
    }
    if (errs.length || assistantId === null) throw v422(errs);
    const a = visibleAssistant(ctx.tenant, assistantId);
    if (!a) throw E.assistantNotFound();
    if (stream && !a.streaming) throw E.noStreaming();
    checkRequiredMetadata(a, md);
    const existingThread = threadId ? getThread(ctx.tenant, threadId) : null;
    for (const m of msgs) {
      const e = contentRules(m) ?? attachmentCountRule(m);
      if (e) throw e;
    }
    const stackErr = stackRules(
      msgs.map((m) => ({ role: m.role, toolCalls: m.toolCalls, toolCallId: m.toolCallId })),
      'chat',
    );
    if (stackErr) throw stackErr;
    const threadUser = existingThread ? existingThread.userId : userId;
    const atts = resolveAttachments(
      ctx.tenant,
      msgs,
      userId ?? existingThread?.userId ?? null,
      threadUser,
      [],
      (mi) => ['body', 'messages', mi],
    );
    let t = existingThread;
    if (!t) {
      const now = nowIso();
      t = {
        id: randomUUID(),
        seq: nextSeq(),
        tenantId: ctx.tenant.id,
        assistantId: a.id,
        title: null,
        userId,
        createdAt: now,
        lastUpdatedAt: now,
        deleted: false,
        viaChat: true,
        messages: [],
      };
      threads.set(t.id, t);
    }
    for (const [i, m] of msgs.entries()) storeMessage(t, m, atts[i] ?? []);
    const answer = generateAnswer(t, a);
    if (stream) await streamAnswer(ctx.res, answer);
    else sendJson(ctx.res, 200, answerOut(answer));
  }
  route('POST', '/v1/chat/completions', (ctx) => chat(ctx, false));
  route('POST', '/v1/chat/completions/stream', (ctx) => chat(ctx, true));

  // Feedback
  route('GET', '/v1/feedback/negative/reasons', ({ res }) => sendJson(res, 200, FEEDBACK_REASONS));

  function feedbackTarget(tenant: Tenant, params: Record<string, string>): Message {
    const threadId = pathUuid('thread_id', params.thread_id);
    const messageId = pathUuid('message_id', params.message_id);
    const t = getThread(tenant, threadId);
    const m = t.messages.find((x) => x.id === messageId);
    if (!m) throw E.messageNotFound();
    return m;
  }

  route('POST', '/v1/threads/{thread_id}/messages/{message_id}/feedback', async ({ res, tenant, params, body }) => {
    pathUuid('thread_id', params.thread_id);
    pathUuid('message_id', params.message_id);
    const b = bodyObject(await body(), true);
    const errs: VErr[] = [];
    let feedback: 'positive' | 'negative' | null = null;
    if (b.feedback === undefined) errs.push(missing(['body', 'feedback'], b));
    else if (b.feedback !== 'positive' && b.feedback !== 'negative') {
      errs.push({
        type: 'enum',
        loc: ['body', 'feedback'],
        msg: "Input should be 'positive' or 'negative'",
        input: b.feedback,
        ctx: { expected: "'positive' or 'negative'" },
      });
    } else feedback = b.feedback;
    const comment = optStr(b, 'comment', ['body'], errs);
    const reasonIds: string[] = [];
    const single = (key: string) => {
      const v = b[key];
      if (v === undefined || v === null || v === '') return;
      if (typeof v !== 'string') errs.push(strErr(['body', key], v));
      else reasonIds.push(v);
    };
    single('reason_id');
    single('reason');
    for (const key of ['reason_ids', 'reasons']) {
      const v = b[key];
      if (v === undefined || v === null) continue;
      if (!Array.isArray(v)) errs.push(listErr(['body', key], v));
      else {
        const items: unknown[] = v;
        for (const [i, x] of items.entries()) {
          if (typeof x === 'string') reasonIds.push(x);
          else errs.push(strErr(['body', key, i], x));
        }
      }
    }
    if (errs.length || feedback === null) throw v422(errs);
    const m = feedbackTarget(tenant, params);
    if (m.role !== 'assistant') throw E.invalidInput('Feedback can only be given on assistant messages');
    const hasComment = comment !== null && comment.trim() !== '';
    if (feedback === 'positive' && (reasonIds.length || hasComment))
      throw E.invalidInput('Positive feedback must not include a reason or comment');
    const ids = reasonIds.map((r) => {
      const hit = FEEDBACK_REASONS.find((x) => x.id === (parseUuid(r) ?? r) || x.reason === r);
      if (!hit) throw E.invalidInput('Unknown feedback reason');
      return hit.id;
    });
    m.feedback = { feedback, created_at: nowIso(), reason_ids: ids, comment: hasComment ? comment : null };
    sendJson(res, 200, { created_at: m.feedback.created_at, feedback: m.feedback.feedback, message_id: m.id });
  });

  route('DELETE', '/v1/threads/{thread_id}/messages/{message_id}/feedback', ({ res, tenant, params }) => {
    const m = feedbackTarget(tenant, params);
    if (m.role !== 'assistant') throw E.invalidInput('Feedback can only be given on assistant messages');
    delete m.feedback;
    sendJson(res, 204, null);
  });

  // Files
  function userIdHeader(req: IncomingMessage): string {
    const raw = req.headers['user-id'];
    const v = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (v === undefined || v.trim() === '') throw v422([missing(['header', 'user-id'], null)]);
    const s = v.trim();
    return parseUuid(s) ?? s;
  }

  route('GET', '/v1/files/signed-url', ({ req, res, tenant, query }) => {
    const errs: VErr[] = [];
    const filename = lastQuery(query, 'filename');
    if (filename === undefined) errs.push(missing(['query', 'filename'], null));
    const persist = qBool(query, 'persist', errs, true);
    let userId = '';
    try {
      userId = userIdHeader(req);
    } catch (e) {
      errs.push(...((e as ApiError).body as { detail: VErr[] }).detail);
    }
    if (errs.length || filename === undefined) throw v422(errs);
    const ext = extensionOf(filename);
    if (!ALLOWED_TYPES[ext]) {
      throw fail(
        422,
        'unsupported_file_type',
        `File type not supported. Allowed extensions: ${Object.keys(ALLOWED_TYPES).join(', ')}.`,
      );
    }
    const id = randomUUID();
    const expires = Math.floor(Date.now() / 1000) + SIGNED_URL_TTL;
    files.set(id, {
      id,
      seq: nextSeq(),
      tenantId: tenant.id,
      userId,
      filename,
      persist,
      signedExpiresAt: expires * 1000,
      deleted: false,
    });
    const sig = createHmac('sha256', secret).update(`${id}:${expires}`).digest('hex');
    sendJson(res, 200, {
      file_url: `${storageOrigin}/uploads/${id}/${encodeURIComponent(filename)}?X-Expires=${expires}&X-Signature=${sig}`,
      expires_in: SIGNED_URL_TTL,
      file_id: id,
      file_limits: { max_size: MAX_FILE, allowed_types: Object.values(ALLOWED_TYPES) },
    });
  });

  route('GET', '/v1/files', ({ req, res, tenant, query }) => {
    const errs: VErr[] = [];
    const page = qInt(query, 'page', errs, 1, 1);
    const limit = qInt(query, 'limit', errs, 30, 1, 100);
    let userId = '';
    try {
      userId = userIdHeader(req);
    } catch (e) {
      errs.push(...((e as ApiError).body as { detail: VErr[] }).detail);
    }
    if (errs.length) throw v422(errs);
    const mine = [...files.values()]
      .filter((f) => liveFile(tenant, userId, f.id))
      .sort((x, y) => (y.uploadSeq ?? 0) - (x.uploadSeq ?? 0));
    sendJson(res, 200, {
      files: mine.slice((page - 1) * limit, page * limit).map((f) => ({ file_id: f.id, file_name: f.filename })),
      limit,
      page,
      total: mine.length,
    });
  });

  route('GET', '/v1/files/{file_id}/status', ({ req, res, tenant, params }) => {
    const userId = userIdHeader(req);
    const f = liveFile(tenant, userId, decodeURIComponent(params.file_id ?? ''));
    if (!f) throw E.fileNotFound();
    sendJson(res, 200, fileStatus(f));
  });

  route('GET', '/v1/files/{file_id}', ({ req, res, tenant, params }) => {
    const userId = userIdHeader(req);
    const f = liveFile(tenant, userId, decodeURIComponent(params.file_id ?? ''));
    if (!f) throw E.fileNotFound();
    if (fileStatus(f).processing_status !== 'PROCESSED') throw E.fileConflict();
    const text = f.text ?? '';
    res.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'content-length': String(Buffer.byteLength(text)),
    });
    res.end(text);
  });

  route('DELETE', '/v1/files/{file_id}', ({ req, res, tenant, params }) => {
    const userId = userIdHeader(req);
    const f = liveFile(tenant, userId, decodeURIComponent(params.file_id ?? ''));
    if (!f) throw E.fileNotFound();
    f.deleted = true;
    sendJson(res, 204, null);
  });

  // ----- API server --------------------------------------------------------------------------

  async function handle(req: IncomingMessage, res: ServerResponse) {
    let bodyPromise: Promise<Buffer> | null = null;
    const getRaw = () => (bodyPromise ??= readBody(req, 25 * 1024 * 1024));
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let path = url.pathname.replace(/\/{2,}/g, '/');
      if (path.startsWith('/agents/')) path = path.slice('/agents'.length);
      if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);

      const rawKey = req.headers['api-key'];
      const key = (Array.isArray(rawKey) ? rawKey[0] : rawKey)?.trim();
      const tenant = key ? tenantByKey.get(key) : undefined;
      if (!tenant) throw E.unauthorized();
      if (rateLimits) limiter.take(tenant.id, ANSWER_PATH.test(path) ? 'answer' : 'other');

      const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
      const candidates = routes.filter((r) => r.pattern.test(path));
      if (!candidates.length) throw fail(404, 'not_found', 'Not Found');
      const r = candidates.find((c) => c.method === method);
      if (!r) {
        throw new ApiError(
          405,
          { error_code: 'method_not_allowed', detail: 'Method Not Allowed' },
          { allow: [...new Set(candidates.map((c) => c.method))].join(', ') },
        );
      }
      const m = r.pattern.exec(path);
      if (!m) throw fail(404, 'not_found', 'Not Found');
      const params: Record<string, string> = {};
      for (const [i, k] of r.keys.entries()) {
        const value = m[i + 1];
        if (value !== undefined) params[k] = value;
      }
      await r.handler({
        req,
        res,
        tenant,
        params,
        query: url.searchParams,
        body: async () => parseJson(await getRaw(), false),
      });
    } catch (e) {
      if (e instanceof ApiError) sendJson(res, e.status, e.body, e.headers);
      else {
        console.error('[judge] unhandled error', e);
        const ie = E.internal();
        sendJson(res, ie.status, ie.body);
      }
    } finally {
      if (!bodyPromise) req.resume();
    }
  }

  // ----- storage server (the signed upload URL points here) -----------------------------------

  function s3Error(res: ServerResponse, status: number, code: string, message: string) {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomUUID()}</RequestId></Error>`;
    res.writeHead(status, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(xml)) });
    res.end(xml);
  }

  async function handleStorage(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const id = /^\/uploads\/([^/]+)\/[^/]*$/.exec(url.pathname)?.[1];
    if (id === undefined) {
      req.resume();
      return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    }
    if (req.method !== 'PUT') {
      req.resume();
      return s3Error(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    }
    const expires = Number(url.searchParams.get('X-Expires'));
    const sig = url.searchParams.get('X-Signature') ?? '';
    const expected = createHmac('sha256', secret)
      .update(`${id}:${url.searchParams.get('X-Expires')}`)
      .digest('hex');
    const ok = sig.length === expected.length && timingSafeEqual(Buffer.from(sig), Buffer.from(expected));
    const f = files.get(id);
    if (!ok || !f) {
      req.resume();
      return s3Error(
        res,
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    }
    if (!Number.isFinite(expires) || Date.now() > expires * 1000) {
      req.resume();
      return s3Error(res, 403, 'AccessDenied', 'Request has expired');
    }
    if (f.deleted) {
      req.resume();
      return s3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    }
    let buf: Buffer;
    try {
      buf = await readBody(req, MAX_FILE);
    } catch {
      return s3Error(res, 400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
    }
    f.uploadedAt = Date.now();
    f.uploadSeq = nextSeq();
    f.infected = buf.includes(Buffer.from(EICAR));
    f.text = f.infected ? '' : extractText(f.filename, buf);
    if (!f.persist) f.purgeAt = f.uploadedAt + 24 * 3600 * 1000;
    const etag = `"${createHmac('md5', 'etag').update(buf).digest('hex')}"`;
    res.writeHead(200, { etag, 'content-length': '0' });
    res.end();
  }

  // ----- start -------------------------------------------------------------------------------

  const wrap =
    (fn: (req: IncomingMessage, res: ServerResponse) => Promise<void>) =>
    (req: IncomingMessage, res: ServerResponse) => {
      fn(req, res).catch((e) => {
        console.error('[judge] fatal', e);
        if (!res.headersSent) sendJson(res, 500, E.internal().body);
        else res.end();
      });
    };
  const api = http.createServer(wrap(handle));
  const storage = http.createServer(wrap(handleStorage));
  const listen = (s: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, host, () => resolve((s.address() as AddressInfo).port));
    });
  const storagePort = await listen(storage, options.storagePort ?? 0);
  let apiPort: number;
  try {
    apiPort = await listen(api, options.port ?? 0);
  } catch (e) {
    storage.close();
    throw e;
  }
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  storageOrigin = `http://${hostForUrl}:${storagePort}`;
  const url = `http://${hostForUrl}:${apiPort}`;

  const closeServer = (s: Server) =>
    new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });

  return {
    url,
    storageUrl: storageOrigin,
    close: async () => {
      await Promise.all([closeServer(api), closeServer(storage)]);
    },
  };
}
