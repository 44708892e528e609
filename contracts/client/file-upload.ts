// Uploading a file to the URL GET /v1/files/signed-url handed out ("Use Your Own Documents"): an
// HTTP PUT to a storage origin, which is not the API. The PUT goes through the suite's one
// transport with no key at all: the key is the API's, and leaves the origin the user named for
// no one; the URL's own signature is the storage's credential. For the same reason the signed
// query never appears in a message or a curl line.
import type { Clock } from '../lib/clock.ts';
import { curlLine } from './curl-line.ts';
import { exchange, TransportError, type WireAnswer } from './transport.ts';
import type { TransportLimits } from './transport-limits.ts';

/** A file_url the suite cannot upload to: not an absolute http(s) URL. */
export class UploadUrlError extends Error {
  override name = 'UploadUrlError';
}

/** The storage's answer, and how to replay the upload (without the signed query). */
export interface UploadAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The storage origin the file went to. */
  origin: string;
  curl: string;
}

/** How an upload is sent: the target's limits, and whether it is live (a 429 is then waited out). */
export interface UploadOptions {
  limits: TransportLimits;
  live: boolean;
  clock?: Clock;
  signal?: AbortSignal;
}

/** The URL as messages show it: origin and path, the signed query left out. */
export function shownUploadUrl(fileUrl: string): string {
  const url = new URL(fileUrl);
  return `${url.origin}${url.pathname}${url.search ? '?<signed query>' : ''}`;
}

/** PUTs `bytes` to `fileUrl` with no api-key; throws UploadUrlError for a URL that is not http(s). */
export async function uploadFile(
  fileUrl: string,
  bytes: Uint8Array,
  contentType: string,
  options: UploadOptions,
): Promise<UploadAnswer> {
  let url: URL;
  try {
    url = new URL(fileUrl);
  } catch {
    throw new UploadUrlError(
      `Expected file_url to be an absolute http(s) URL. Got ${JSON.stringify(fileUrl.slice(0, 80))}.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UploadUrlError(`Expected file_url to use http or https. Got "${url.protocol}".`);
  const shown = shownUploadUrl(fileUrl);
  const headers = { 'content-type': contentType };
  const curl = `${curlLine('PUT', shown, 'none', headers)} --data-binary @<the file>  # the signed query is in file_url`;
  let answer: WireAnswer;
  try {
    // No `key`: the transport adds api-key only when a request carries one.
    ({ answer } = await exchange(
      {
        method: 'PUT',
        url: fileUrl,
        headers,
        body: bytes,
        label: `PUT ${shown}`,
        ...(options.signal ? { signal: options.signal } : {}),
      },
      { limits: options.limits, live: options.live, ...(options.clock ? { clock: options.clock } : {}) },
    ));
  } catch (error) {
    if (error instanceof TransportError) throw new Error(`${error.message}\nReproduce: ${curl}`);
    throw error;
  }
  return { status: answer.status, headers: answer.headers, body: answer.body, origin: url.origin, curl };
}
