// Reads one answer's body incrementally under the transport's caps: decoded (gzip, deflate, br)
// under the same cap as a plain body, NDJSON split into lines as they arrive with a cap per line
// and one for the stream. Past a cap it stops reading at once and drops the rest, so memory stays
// bounded by the cap whatever the server sends.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createUnzip } from 'node:zlib';
import type { TooLarge } from '../check/check-response.ts';
import { LIMIT_SETTINGS, type TransportLimits } from './transport-limits.ts';

/** What was read of a body. */
export interface BodyRead {
  text: string;
  /** Decoded bytes read (at most the cap). */
  bytes: number;
  tooLarge?: TooLarge;
}

/** A body being read: `done` settles when it ended, passed a cap, or broke off. */
export interface BodyReader {
  done: Promise<BodyRead>;
  /** Decoded bytes so far. */
  readonly bytes: number;
  /** What has arrived so far, as text. */
  text(): string;
}

const NEWLINE = 0x0a;

function decoded(res: IncomingMessage): { source: Readable; encoding?: string } {
  const encoding = String(res.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  // createUnzip reads gzip and zlib-wrapped deflate alike, telling them apart by their header.
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' || encoding === 'deflate'
      ? createUnzip()
      : encoding === 'br'
        ? createBrotliDecompress()
        : undefined;
  if (!decoder) return { source: res };
  res.on('error', (error) => decoder.destroy(error));
  res.pipe(decoder);
  return { source: decoder, encoding };
}

/** Starts reading `res`; `onLine` gets each complete NDJSON line of an NDJSON answer as it arrives. */
export function readBody(res: IncomingMessage, limits: TransportLimits, onLine?: (line: string) => void): BodyReader {
  const ndjson = /^application\/x-ndjson\b/i.test(String(res.headers['content-type'] ?? ''));
  const cap = ndjson ? limits.maxStreamBytes : limits.maxBodyBytes;
  const chunks: Buffer[] = [];
  let bytes = 0;
  let line: Buffer[] = [];
  let lineBytes = 0;
  const { source, encoding } = decoded(res);
  const text = () => Buffer.concat(chunks).toString('utf8');
  const done = new Promise<BodyRead>((resolve, reject) => {
    let settled = false;
    const stop = (tooLarge: TooLarge) => {
      settled = true;
      // The rest is not read: the connection goes, and with it whatever the server still sends.
      source.destroy();
      res.destroy();
      resolve({ text: text(), bytes, tooLarge });
    };
    const takeLines = (chunk: Buffer): TooLarge | undefined => {
      let from = 0;
      for (let at = chunk.indexOf(NEWLINE); ; at = chunk.indexOf(NEWLINE, from)) {
        const end = at < 0 ? chunk.length : at;
        lineBytes += end - from;
        if (lineBytes > limits.maxLineBytes)
          return { part: 'line', limitBytes: limits.maxLineBytes, setting: LIMIT_SETTINGS.maxLineBytes };
        if (onLine) line.push(chunk.subarray(from, end));
        if (at < 0) return undefined;
        if (onLine) onLine(Buffer.concat(line).toString('utf8'));
        line = [];
        lineBytes = 0;
        from = at + 1;
      }
    };
    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      const room = cap - bytes;
      const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
      bytes += kept.length;
      chunks.push(kept);
      const lineCap = ndjson ? takeLines(kept) : undefined;
      if (lineCap) return stop(lineCap);
      if (chunk.length > room)
        stop({
          part: ndjson ? 'stream' : 'body',
          limitBytes: cap,
          setting: ndjson ? LIMIT_SETTINGS.maxStreamBytes : LIMIT_SETTINGS.maxBodyBytes,
        });
    });
    source.on('end', () => {
      if (settled) return;
      settled = true;
      if (onLine && lineBytes > 0) onLine(Buffer.concat(line).toString('utf8'));
      resolve({ text: text(), bytes });
    });
    source.on('error', (error) => {
      if (settled) return;
      settled = true;
      reject(
        encoding && error !== res.errored ? new Error(`its ${encoding} encoding is broken (${error.message})`) : error,
      );
    });
    source.on('close', () => {
      if (settled) return;
      settled = true;
      reject(new Error('the connection closed before the body ended'));
    });
  });
  return {
    done,
    get bytes() {
      return bytes;
    },
    text,
  };
}
