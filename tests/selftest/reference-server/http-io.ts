// Reading requests and writing answers: JSON, empty bodies, errors and NDJSON.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ErrorCode, errorCatalog, wireCode } from './catalog.ts';

/** The largest body the server reads; larger ones are answered 413. */
export const maxBodyBytes = 1024 * 1024;

/** One entry of a validation_error detail list. */
export interface ValidationIssue {
  loc: Array<string | number>;
  message: string;
  type: string;
}

/** Reads the whole body; `tooLarge` when it passes maxBodyBytes (the rest is drained, not kept). */
export async function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) tooLarge = true;
    else chunks.push(chunk);
  }
  return { text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge };
}

/** Answers a JSON body. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** Answers an empty body. */
export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

/** Answers a catalog error in the documented envelope `{error_code, detail}`. */
export function sendError(res: ServerResponse, code: ErrorCode, options: ErrorOptions = {}): void {
  const entry = errorCatalog[code];
  const body = { error_code: options.errorCode ?? wireCode(code), detail: options.detail ?? entry.detail };
  sendJson(res, options.status ?? entry.status, body, options.headers);
}

/** How an answered error differs from its catalog entry. */
export interface ErrorOptions {
  detail?: string;
  status?: number;
  headers?: Record<string, string>;
  /** Overrides the wire error_code (breaks use it). */
  errorCode?: string;
  /** The detail list of a validation_error. */
  issues?: ValidationIssue[];
}

/** Thrown by handlers to answer an error; the dispatcher turns it into a response. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly options: ErrorOptions;
  constructor(code: ErrorCode, options: ErrorOptions = {}) {
    super(`${code}${options.detail ? `: ${options.detail}` : ''}`);
    this.code = code;
    this.options = options;
  }
}

/** Throws a 422 validation_error with these issues. */
export function invalid(issues: ValidationIssue[]): never {
  throw new ApiError('validation_error', { issues });
}
