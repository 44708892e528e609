// Streams k6's `--out json` NDJSON and hands over the Point lines of the wanted metrics. k6 writes
// one compact object a line with a `"metric":"<name>"` member, whose position depends on the k6
// version (easyjson put it last, encoding/json first), so the name is found by searching the raw
// bytes and only wanted lines are decoded and parsed. Most of a k6 file is metrics the report does
// not read, which is what keeps this faster than parsing every line.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** The `data` of a Point line. */
export interface PointData {
  time: string;
  value: number;
  tags: Record<string, string> | null;
}

/** Counts of what the reader saw. */
export interface ScanStats {
  lines: number;
  points: number;
  bytes: number;
}

const MEMBER = Buffer.from('"metric":"');
const NEWLINE = 10;
const QUOTE = 34;

/** Opens a k6 JSON output file; `.gz` (what k6 writes for `--out json=file.gz`) is decompressed. */
export function openK6Output(path: string): Readable {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  return path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
}

/** Calls `onPoint` for each Point of a wanted metric, in file order. */
export async function scanPoints(
  input: Readable,
  wanted: ReadonlySet<string>,
  onPoint: (metric: string, data: PointData) => void,
): Promise<ScanStats> {
  const stats: ScanStats = { lines: 0, points: 0, bytes: 0 };

  const line = (buffer: Buffer, start: number, end: number): void => {
    if (end <= start) return;
    stats.lines += 1;
    const at = buffer.indexOf(MEMBER, start);
    let name: string | null = null;
    if (at !== -1 && at < end) {
      const from = at + MEMBER.length;
      const to = buffer.indexOf(QUOTE, from);
      name = buffer.toString('latin1', from, to);
      if (!wanted.has(name)) return;
    }
    // Either a wanted name, or JSON laid out in another way (spaces): parse and look.
    let parsed: { type?: string; metric?: string; data?: PointData };
    try {
      parsed = JSON.parse(buffer.toString('utf8', start, end)) as typeof parsed;
    } catch {
      throw new Error(`Line ${stats.lines} is not JSON; expected k6's --out json output (one JSON object a line).`);
    }
    if (
      parsed.type !== 'Point' ||
      parsed.data === undefined ||
      parsed.metric === undefined ||
      !wanted.has(parsed.metric)
    )
      return;
    stats.points += 1;
    onPoint(parsed.metric, parsed.data);
  };

  let carry: Buffer | null = null;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    stats.bytes += chunk.length;
    const buffer: Buffer = carry === null ? chunk : Buffer.concat([carry, chunk]);
    let start = 0;
    for (let end = buffer.indexOf(NEWLINE, start); end !== -1; end = buffer.indexOf(NEWLINE, start)) {
      line(buffer, start, buffer[end - 1] === 13 ? end - 1 : end);
      start = end + 1;
    }
    carry = start < buffer.length ? buffer.subarray(start) : null;
  }
  if (carry !== null) line(carry, 0, carry.length);
  return stats;
}

// k6 stamps each point with an RFC 3339 time with up to nine fraction digits and a zone
// ("2025-01-15T10:00:01.123456789+01:00"). Date.parse drops the digits past milliseconds and is
// slow at a million calls, so the whole-second part is parsed once per second and the fraction added.

/** A parser that returns epoch milliseconds (with the sub-millisecond part) for k6 timestamps. */
export function createTimestampParser(): (text: string) => number {
  let lastKey = '';
  let lastBase = 0;
  return (text) => {
    let index = 19;
    let fraction = 0;
    if (text.charCodeAt(index) === 46) {
      index += 1;
      let scale = 100;
      for (let code = text.charCodeAt(index); code >= 48 && code <= 57; code = text.charCodeAt(++index)) {
        fraction += (code - 48) * scale;
        scale /= 10;
      }
    }
    const key = text.slice(0, 19) + text.slice(index);
    if (key !== lastKey) {
      lastBase = Date.parse(key);
      if (Number.isNaN(lastBase)) throw new Error(`"${text}" is not an RFC 3339 time as k6 writes it.`);
      lastKey = key;
    }
    return lastBase + fraction;
  };
}
