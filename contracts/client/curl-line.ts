/** How the key of a request is named in a reproduction line: a variable, never its value. */
export type KeyRef = 'API_KEY' | 'API_KEY_OTHER_TENANT' | 'an invalid key' | 'none';

const MAX_BODY = 2_000;

function quote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * A curl command that reproduces a request. The key appears as a shell variable (or a
 * placeholder for a deliberately invalid one), so the line is safe to print and to attach.
 */
export function curlLine(
  method: string,
  url: string,
  key: KeyRef,
  headers: Record<string, string>,
  body?: string,
): string {
  const parts = ['curl', '-sS', '-i', '-X', method, quote(url)];
  if (key === 'API_KEY' || key === 'API_KEY_OTHER_TENANT') parts.push('-H', `"api-key: $${key}"`);
  if (key === 'an invalid key') parts.push('-H', quote('api-key: <an invalid key>'));
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'api-key') parts.push('-H', quote(`${name}: ${value}`));
  }
  if (body !== undefined) {
    parts.push('--data-binary', body.length > MAX_BODY ? `@body.json  # ${body.length} bytes, not shown` : quote(body));
  }
  return parts.join(' ');
}
