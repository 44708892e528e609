// Reads a request body up to a limit. Past the limit the mock stops buffering at once, so an
// oversized upload costs it no memory (the documented answer is 413, decided before the key), but
// it goes on reading and dropping the rest, as a well-behaved server does: a server that answers
// and closes while the client is still writing makes the client's kernel reset the connection,
// and the client may lose the 413 (issue 24: "write EPIPE" one run in ten).
import type { IncomingMessage } from 'node:http';

/** The body as text, or the fact that it was too large. */
export type BodyResult = { tooLarge: false; text: string } | { tooLarge: true };

/** 1 MiB: our reading of the gateway's limit (x-assumed on PayloadTooLarge in the contract). */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * How much of an oversized upload is read and dropped before the 413 goes out. Past it the
 * connection is closed unread: draining without end would let any client hold the mock busy.
 */
export const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

/** Resolves with the body, or with tooLarge once the rest of an oversized upload is drained. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Too large by its declared length: nothing is kept, the upload is only drained.
    if (declared > limit) size = limit + 1;
    if (declared > limit + MAX_DRAIN_BYTES) return resolve({ tooLarge: true });
    // Inline listeners, not named ones: a transform that keeps function names (tsx, esbuild's
    // keepNames) adds a helper call per definition, which costs more than the rest of this
    // function on the hot path.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (chunks.length > 0) chunks.length = 0;
      // An upload past what is drained: answer now (the connection closes).
      if (size > limit + MAX_DRAIN_BYTES) resolve({ tooLarge: true });
    });
    req.once('end', () => {
      if (size > limit) return resolve({ tooLarge: true });
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
