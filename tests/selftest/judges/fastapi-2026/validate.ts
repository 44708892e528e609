// Request validation the way FastAPI + pydantic v2 do it: errors of path, query, header and
// body are collected and answered together as {"detail":[{type, loc, msg, input, ctx?}]}
// (FastAPI leaves out pydantic's "url"). Lax conversions follow pydantic's Python mode:
// "5" -> 5 for int, "yes" -> true for bool, but never 5 -> "5" for str.
import { ApiError } from './errors.ts';

export type Loc = (string | number)[];
export interface ErrorItem {
  type: string;
  loc: Loc;
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export class Issues {
  readonly items: ErrorItem[] = [];
  add(type: string, loc: Loc, msg: string, input: unknown, ctx?: Record<string, unknown>): undefined {
    this.items.push(ctx ? { type, loc, msg, input, ctx } : { type, loc, msg, input });
    return undefined;
  }
  throwIfAny(): void {
    if (this.items.length > 0) throw validationError(this.items);
  }
}

export function validationError(items: ErrorItem[]): ApiError {
  return new ApiError(422, { detail: JSON.parse(JSON.stringify(items)) });
}

export type Obj = Record<string, unknown>;

// A present field is anything but undefined; `null` counts as present (pydantic: explicit None).
export function required(o: Obj, key: string, loc: Loc, iss: Issues): unknown {
  if (!(key in o) || o[key] === undefined) return iss.add('missing', [...loc, key], 'Field required', o);
  return o[key];
}

export function str(v: unknown, loc: Loc, iss: Issues): string | undefined {
  if (typeof v === 'string') return v;
  return iss.add('string_type', loc, 'Input should be a valid string', v);
}

export function optStr(v: unknown, loc: Loc, iss: Issues): string | null | undefined {
  return v === undefined || v === null ? null : str(v, loc, iss);
}

export function obj(v: unknown, loc: Loc, iss: Issues): Obj | undefined {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
  // FastAPI validates with from_attributes=True, so pydantic names this error "model_attributes_type".
  return iss.add(
    'model_attributes_type',
    loc,
    'Input should be a valid dictionary or object to extract fields from',
    v,
  );
}

export function dict(v: unknown, loc: Loc, iss: Issues): Obj | undefined {
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
  return iss.add('dict_type', loc, 'Input should be a valid dictionary', v);
}

export function list(v: unknown, loc: Loc, iss: Issues): unknown[] | undefined {
  if (Array.isArray(v)) return v;
  return iss.add('list_type', loc, 'Input should be a valid list', v);
}

export function enumOf<T extends string>(v: unknown, values: readonly T[], loc: Loc, iss: Issues): T | undefined {
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
  const quoted = values.map((x) => `'${x}'`);
  const expected = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : (quoted[0] ?? '');
  return iss.add('enum', loc, `Input should be ${expected}`, v, { expected });
}

export function int(v: unknown, loc: Loc, iss: Issues, bounds: { ge?: number; le?: number } = {}): number | undefined {
  let n: number | undefined;
  if (typeof v === 'number') {
    if (Number.isInteger(v)) n = v;
    else
      return iss.add('int_from_float', loc, 'Input should be a valid integer, got a number with a fractional part', v);
  } else if (typeof v === 'boolean') {
    n = v ? 1 : 0;
  } else if (typeof v === 'string') {
    // pydantic-core strips whitespace and a zero fraction ("10.0" -> 10).
    const m = /^\s*([+-]?\d+)(?:\.0*)?\s*$/.exec(v);
    if (!m?.[1])
      return iss.add('int_parsing', loc, 'Input should be a valid integer, unable to parse string as an integer', v);
    n = Number(m[1]);
  } else {
    return iss.add('int_type', loc, 'Input should be a valid integer', v);
  }
  if (bounds.ge !== undefined && n < bounds.ge)
    return iss.add('greater_than_equal', loc, `Input should be greater than or equal to ${bounds.ge}`, v, {
      ge: bounds.ge,
    });
  if (bounds.le !== undefined && n > bounds.le)
    return iss.add('less_than_equal', loc, `Input should be less than or equal to ${bounds.le}`, v, { le: bounds.le });
  return n;
}

const TRUE = ['1', 'on', 't', 'true', 'y', 'yes'];
const FALSE = ['0', 'off', 'f', 'false', 'n', 'no'];
export function bool(v: unknown, loc: Loc, iss: Issues): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (TRUE.includes(s)) return true;
    if (FALSE.includes(s)) return false;
    return iss.add('bool_parsing', loc, 'Input should be a valid boolean, unable to interpret input', v);
  }
  return iss.add('bool_type', loc, 'Input should be a valid boolean', v);
}

// UUIDs are parsed like pydantic-core does (uuid crate): simple, hyphenated, braced and urn
// forms, any case; the value is normalised to lower-case hyphenated, as pydantic serialises it.
export function uuid(v: unknown, loc: Loc, iss: Issues): string | undefined {
  if (typeof v !== 'string') return iss.add('uuid_type', loc, 'UUID input should be a string, bytes or UUID object', v);
  const parsed = parseUuid(v);
  if (typeof parsed === 'string') return parsed;
  return iss.add('uuid_parsing', loc, `Input should be a valid UUID, ${parsed.error}`, v, { error: parsed.error });
}

export function optUuid(v: unknown, loc: Loc, iss: Issues): string | null | undefined {
  return v === undefined || v === null ? null : uuid(v, loc, iss);
}

export function parseUuid(s: string): string | { error: string } {
  let hex: string | undefined;
  if (s.length === 32 && /^[0-9a-f]{32}$/i.test(s)) hex = s;
  else if (s.length === 36 && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s))
    hex = s.replaceAll('-', '');
  else if (/^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i.test(s))
    hex = s.slice(1, -1).replaceAll('-', '');
  else if (/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s))
    hex = s.slice(9).replaceAll('-', '');
  if (hex) {
    const h = hex.toLowerCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  return { error: uuidErrorText(s) };
}

// Mirrors the diagnosis of the uuid crate so that messages read like pydantic's.
function uuidErrorText(input: string): string {
  let s = input;
  let offset = 0;
  let simple = true;
  if (s.startsWith('{') && s.endsWith('}') && s.length >= 2) [s, offset, simple] = [s.slice(1, -1), 1, false];
  else if (s.startsWith('urn:uuid:')) [s, offset, simple] = [s.slice(9), 9, false];
  const bounds: number[] = [];
  let hyphens = 0;
  let index = 0;
  for (const ch of s) {
    if (ch === '-') {
      if (hyphens < 4) bounds.push(index);
      hyphens++;
    } else if (!/^[0-9a-fA-F]$/.test(ch)) {
      return `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-fA-F-], found \`${ch}\` at ${index + offset + 1}`;
    }
    index += Buffer.byteLength(ch);
  }
  if (hyphens === 0 && simple) return `invalid length: expected length 32 for simple format, found ${s.length}`;
  if (hyphens !== 4) return `invalid group count: expected 5, found ${hyphens + 1}`;
  const starts = [0, 9, 14, 19, 24];
  const expected = [8, 4, 4, 4, 12];
  for (let i = 0; i < 4; i++) {
    const start = starts[i] ?? 0;
    if (bounds[i] !== (starts[i + 1] ?? 0) - 1)
      return `invalid group length in group ${i}: expected ${expected[i]}, found ${(bounds[i] ?? 0) - start}`;
  }
  return `invalid group length in group 4: expected 12, found ${s.length - 24}`;
}

export type Parser<T> = (v: unknown, loc: Loc, iss: Issues) => T | undefined;

// A required field: `undefined` means an error was recorded.
export function req<T>(o: Obj, key: string, loc: Loc, iss: Issues, parse: Parser<T>): T | undefined {
  const v = required(o, key, loc, iss);
  return v === undefined ? undefined : parse(v, [...loc, key], iss);
}

// An optional field (absent or null -> null): `undefined` means an error was recorded.
export function opt<T>(o: Obj, key: string, loc: Loc, iss: Issues, parse: Parser<T>): T | null | undefined {
  const v = o[key];
  return v === undefined || v === null ? null : parse(v, [...loc, key], iss);
}
