// Reads a request body up to a limit. Past the limit the mock stops buffering at once, so an
// oversized upload costs it no memory (the documented answer is 413, decided before the key).
import type { IncomingMessage } from 'node:http';

/** The body as text, or the fact that it was too large. */
export type BodyResult = { tooLarge: false; text: string } | { tooLarge: true };

/** 1 MiB: our reading of the gateway's limit (x-assumed on PayloadTooLarge in the contract). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Resolves with the body, or with tooLarge as soon as the limit is passed. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.resolve({ tooLarge: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Inline listeners, not named ones: tsx keeps function names with a helper call per
    // definition, which costs more than the rest of this function on the hot path.
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return;
      size += chunk.length;
      if (size > limit) {
        // Past the limit the rest of the upload is dropped as it arrives.
        chunks.length = 0;
        resolve({ tooLarge: true });
      } else chunks.push(chunk);
    });
    req.once('end', () => {
      if (size <= limit)
        resolve({
          tooLarge: false,
          text: chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8'),
        });
    });
    // A client that hangs up mid-body makes Node emit 'error' (ECONNRESET, "aborted"): the
    // pending read settles, and the pipeline sees the closed socket and answers nothing.
    req.once('error', reject);
  });
}
