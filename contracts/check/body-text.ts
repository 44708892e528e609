// A response body as every check and client reads it: JSON without throwing, NDJSON as its lines,
// the error_code of an error body. k6 loads it (the load scripts count stream lines with it).

/** JSON.parse without throwing: a body that is not JSON is a finding, not a crash. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The lines of an NDJSON text, blank ones (a trailing newline) left out. */
export function ndjsonLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** The `error_code` of a parsed body, when it is an object with a string one. */
export function errorCodeOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const code = (value as { error_code?: unknown }).error_code;
  return typeof code === 'string' ? code : undefined;
}

/** The `error_code` of a body's text, when it is JSON with a string one. */
export function errorCodeOfText(text: string): string | undefined {
  const parsed = parseJson(text);
  return parsed.ok ? errorCodeOf(parsed.value) : undefined;
}
