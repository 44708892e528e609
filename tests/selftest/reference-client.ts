// A tiny fetch client for driving the reference server directly in the self-test's own tests.
import type { ReferenceServer } from './reference-server/index.ts';

/** A raw answer: status, lower-case headers, text, and the parsed JSON when it parses. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

/** What one call sends. */
export interface RawCall {
  key?: 'main' | 'other' | 'none';
  body?: unknown;
  rawBody?: string;
  prefer?: string;
  /** The body's content type (default application/json). */
  contentType?: string;
}

/** Calls the server on 127.0.0.1 with a timeout, so a hung server fails the test instead of stalling it. */
export async function callServer(
  server: ReferenceServer,
  method: string,
  path: string,
  call: RawCall = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = {};
  const key = call.key ?? 'main';
  if (key === 'main') headers['api-key'] = server.apiKey;
  if (key === 'other') headers['api-key'] = server.otherTenantApiKey;
  if (call.prefer !== undefined) headers.prefer = call.prefer;
  const body = call.rawBody ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  if (body !== undefined) headers['content-type'] = call.contentType ?? 'application/json';
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: Object.fromEntries(response.headers.entries()), text, json };
}

/** The first assistant of the main tenant: streaming, no required fields. */
export async function firstAssistant(server: ReferenceServer): Promise<{ id: string; streaming: boolean }> {
  const list = (await callServer(server, 'GET', '/v1/assistants')).json as Array<{
    id: string;
    streaming: boolean;
    request_required_fields: Record<string, string[]>;
  }>;
  const first = list[0];
  if (!first) throw new Error('Expected the reference server to list assistants. Got none.');
  return first;
}

/** The assistant that requires user_data.licence. */
export async function licensedAssistant(server: ReferenceServer): Promise<{ id: string }> {
  const list = (await callServer(server, 'GET', '/v1/assistants')).json as Array<{
    id: string;
    request_required_fields: Record<string, string[]>;
  }>;
  const found = list.find((a) => (a.request_required_fields.user_data ?? []).includes('licence'));
  if (!found) throw new Error('Expected an assistant requiring user_data.licence. Got none.');
  return found;
}

/** A new thread of the given assistant (else the first) holding these messages. */
export async function threadWith(server: ReferenceServer, messages: unknown[], assistantId?: string): Promise<string> {
  const created = await callServer(server, 'POST', '/v1/threads', {
    body: { assistant_id: assistantId ?? (await firstAssistant(server)).id },
  });
  if (created.status !== 201 && created.status !== 200)
    throw new Error(`Expected 201 (or 200) creating a thread. Got ${created.status}: ${created.text}`);
  const id = (created.json as { id: string }).id;
  for (const message of messages) {
    const res = await callServer(server, 'POST', `/v1/threads/${id}/messages`, { body: message });
    if (res.status !== 201 && res.status !== 200)
      throw new Error(`Expected 201 (or 200) adding ${JSON.stringify(message)}. Got ${res.status}: ${res.text}`);
  }
  return id;
}

/** How many threads, of either tenant, the server still holds (not deleted): what a run left behind. */
export async function liveThreadCount(
  server: Pick<ReferenceServer, 'url' | 'apiKey' | 'otherTenantApiKey'>,
): Promise<number> {
  let count = 0;
  for (const key of ['main', 'other'] as const) {
    const answer = await callServer(server as ReferenceServer, 'GET', '/v1/threads', { key });
    count += ((answer.json as { items?: unknown[] } | undefined)?.items ?? []).length;
  }
  return count;
}
