// Whether a message's content read back is the content sent, with the readings the docs leave
// open (decision 0071): surrounding whitespace may be stripped (Message Validation refuses blank
// content but says nothing of how content is stored), and the Anonymization guide's PII may come
// back as its placeholder tag. Anything else (a normalized form, a truncation, an escape, a mangled
// astral character) is a change the docs do not allow. No Node imports (k6-safe).

/** The Anonymization guide's placeholders, and the two its data-deletion pass adds. */
export const PII_PLACEHOLDERS = [
  '<EMAIL_ADDRESS>',
  '<PHONE_NUMBER>',
  '<IBAN>',
  '<CREDIT_CARD_NUMBER>',
  '<TAX_ID>',
  '<SSN_DE>',
  '<PERSON>',
  '<BIRTH_DATE>',
] as const;

// Whitespace to any reading a store may strip by: JavaScript's trim and Python's str.strip.
const STRIPPABLE = /^[\s\u001c-\u001f\u0085]*$/u;

/** Whether `got` is `sent` with leading and trailing whitespace (only) taken off. */
function stripped(sent: string, got: string): boolean {
  if (got === '') return STRIPPABLE.test(sent);
  for (let at = sent.indexOf(got); at >= 0; at = sent.indexOf(got, at + 1))
    if (STRIPPABLE.test(sent.slice(0, at)) && STRIPPABLE.test(sent.slice(at + got.length))) return true;
  return false;
}

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const TAG = new RegExp(`(${PII_PLACEHOLDERS.map(literal).join('|')})`);

/** What a placeholder may stand for: an address with an @; a name; otherwise (numbers, dates, ids) text with a digit. */
function spanOf(tag: string): string {
  if (tag === '<EMAIL_ADDRESS>') return '\\S*@\\S*';
  if (tag === '<PERSON>') return '[\\s\\S]+?';
  return '[\\s\\S]*?\\d[\\s\\S]*?';
}

/** Whether `got` is `sent` with some non-empty spans replaced by placeholder tags (that `sent` did not hold there). */
function anonymized(sent: string, got: string): boolean {
  const parts = got.split(TAG);
  if (parts.length === 1) return false;
  // Literal text as it is; each tag stands for text of the original that its entity could be.
  const pattern = parts.map((part, i) => (i % 2 === 1 ? spanOf(part) : literal(part))).join('');
  const whole = new RegExp(`^[\\s\\u001c-\\u001f\\u0085]*${pattern}[\\s\\u001c-\\u001f\\u0085]*$`, 'u');
  return whole.test(sent);
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
const codePoint = (text: string, at: number) => {
  const point = text.codePointAt(at);
  return point === undefined ? 'the end' : `U+${point.toString(16).toUpperCase().padStart(4, '0')}`;
};

/** The index of the first UTF-16 unit where two texts differ (the shorter's length when one starts the other). */
export function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return i;
}

/** What was done to the content, when a known transformation explains it (for the report). */
function diagnose(sent: string, got: string): string {
  for (const form of ['NFC', 'NFD', 'NFKC', 'NFKD'] as const)
    if (sent.normalize(form) === got) return `it came back normalized to ${form}`;
  if (got.length < sent.length && sent.startsWith(got))
    return `it came back cut to ${got.length} of ${sent.length} UTF-16 units`;
  if (sent.replace(/[&<>"']/g, (c) => HTML[c] ?? c) === got || sent.replace(/[&<>]/g, (c) => HTML[c] ?? c) === got)
    return 'it came back HTML-escaped';
  if (sent.trim() === got.trim()) return 'only its surrounding whitespace differs, beyond what stripping explains';
  const at = firstDifference(sent, got);
  return `the first difference is at UTF-16 unit ${at} of ${sent.length}: sent ${codePoint(sent, at)}, read ${codePoint(got, at)} (${got.length} units read)`;
}

/**
 * Undefined when the content read back is the content sent by one of the open readings; else what
 * differs. A lone surrogate cannot travel as UTF-8, so content that held one is not compared.
 */
export function contentDiffers(sent: string, got: unknown): string | undefined {
  if (typeof got !== 'string')
    return `content is ${got === undefined ? 'missing' : JSON.stringify(got)}, not the string sent`;
  if (got === sent || stripped(sent, got) || anonymized(sent, got)) return undefined;
  if (/[\ud800-\udfff]/.test(sent.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))) return undefined;
  return `content differs from what was sent: ${diagnose(sent, got)}`;
}
