// What a route handler gets, and the FastAPI-style readers for path, query and header params.
import type { Json } from './errors.ts';
import type { Tenant } from './fixtures.ts';
import type { Body, Reply } from './http.ts';
import type { Store } from './store.ts';
import { bool, type Issues, int, optUuid, str, uuid } from './validate.ts';

export interface Urls {
  api: string;
  storage: string;
}

export interface Ctx {
  tenant: Tenant;
  params: Record<string, string>;
  url: URL;
  headers: Record<string, string | string[] | undefined>;
  body: Body;
  store: Store;
  urls: Urls;
  secret: Buffer; // signs upload URLs of the storage origin
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  answer?: boolean; // counts against the answer-generation rate limit
  body?: boolean; // the operation declares a JSON request body
  handler: (ctx: Ctx) => Reply | Promise<Reply>;
}

export const json = (status: number, body: Json): Reply => ({ status, json: body });
export const noContent = (): Reply => ({ status: 204 });

export function pathUuid(ctx: Ctx, name: string, iss: Issues): string | undefined {
  return uuid(ctx.params[name] ?? '', ['path', name], iss);
}

// Starlette keeps the last value of a repeated query parameter.
export function query(ctx: Ctx, name: string): string | undefined {
  return ctx.url.searchParams.getAll(name).at(-1);
}

export function queryInt(
  ctx: Ctx,
  name: string,
  iss: Issues,
  def: number,
  bounds: { ge?: number; le?: number },
): number | undefined {
  const v = query(ctx, name);
  return v === undefined ? def : int(v, ['query', name], iss, bounds);
}

export function queryBool(ctx: Ctx, name: string, iss: Issues, def: boolean): boolean | undefined {
  const v = query(ctx, name);
  return v === undefined ? def : bool(v, ['query', name], iss);
}

export function queryUuid(ctx: Ctx, name: string, iss: Issues): string | null | undefined {
  return optUuid(query(ctx, name), ['query', name], iss);
}

export function requiredQuery(ctx: Ctx, name: string, iss: Issues): string | undefined {
  const v = query(ctx, name);
  return v === undefined ? iss.add('missing', ['query', name], 'Field required', null) : str(v, ['query', name], iss);
}

export function requiredHeader(ctx: Ctx, name: string, iss: Issues): string | undefined {
  const v = ctx.headers[name];
  const value = Array.isArray(v) ? v.at(-1) : v;
  return value === undefined ? iss.add('missing', ['header', name], 'Field required', null) : value;
}
