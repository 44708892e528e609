// PII anonymization, as described on docs.haufe.ai/docs/guides/anonymization.
// Detectors are deliberately conservative (checksums, prefixes, word boundaries) so that
// ordinary test text (UUIDs, timestamps, Date.now() values) is never rewritten.

const NOT_BEFORE = String.raw`(?<![\w\-+./@])`;
const NOT_AFTER = String.raw`(?![\w\-/@]|\.\d)`;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const IBAN = new RegExp(`${NOT_BEFORE}[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?${NOT_AFTER}`, 'g');
const CARD = new RegExp(`${NOT_BEFORE}\\d(?:[ -]?\\d){12,18}${NOT_AFTER}`, 'g');
const SSN_DE = new RegExp(`${NOT_BEFORE}\\d{2} ?(\\d{2})(\\d{2})\\d{2} ?[A-Z] ?\\d{3}${NOT_AFTER}`, 'g');
const TAX_ID = new RegExp(`${NOT_BEFORE}[1-9]\\d(?: ?\\d{3}){3}${NOT_AFTER}`, 'g');
const PHONE_INTL = new RegExp(
  `${NOT_BEFORE}(?:\\+|00)[1-9]\\d{0,2}[ \\-/]?\\(?\\d{1,5}\\)?(?:[ \\-/]?\\d{2,}){1,4}(?:-\\d{1,4})?${NOT_AFTER}`,
  'g',
);
const PHONE_NAT = new RegExp(`${NOT_BEFORE}\\(?0[1-9]\\d{1,4}\\)?[ \\-/]\\d{3,}(?:[ \\-]\\d{2,})*${NOT_AFTER}`, 'g');
const PHONE_MOBILE = new RegExp(`${NOT_BEFORE}01[5-7]\\d{7,9}${NOT_AFTER}`, 'g');

function digits(s: string): string {
  return s.replace(/\D/g, '');
}

function ibanValid(raw: string): boolean {
  const s = raw.replace(/ /g, '');
  if (s.length < 15 || s.length > 34) return false;
  const re = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of re) {
    const v = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem === 1;
}

function luhn(num: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = num.length - 1; i >= 0; i--) {
    let d = Number(num[i]);
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

function cardValid(raw: string): boolean {
  const n = digits(raw);
  if (n.length < 13 || n.length > 19) return false;
  const issuer = /^(4|5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720)|3[47]|6011|65|35)/.test(n);
  return issuer && luhn(n);
}

function taxIdValid(raw: string): boolean {
  const n = digits(raw);
  if (n.length !== 11 || n[0] === '0') return false;
  // digit distribution of the first ten digits: exactly one digit repeats (2 or 3 times)
  const counts = new Map<string, number>();
  for (const d of n.slice(0, 10)) counts.set(d, (counts.get(d) ?? 0) + 1);
  const repeated = [...counts.values()].filter((c) => c > 1);
  const [only] = repeated;
  if (repeated.length !== 1 || only === undefined || only > 3) return false;
  // ISO 7064 MOD 11,10 check digit
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (Number(n[i]) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  let check = 11 - product;
  if (check === 10) check = 0;
  return check === Number(n[10]);
}

function phoneValid(raw: string): boolean {
  const n = digits(raw);
  return n.length >= 7 && n.length <= 15;
}

export function anonymize(text: string): string {
  let out = text.replace(EMAIL, '<EMAIL_ADDRESS>');
  out = out.replace(IBAN, (m) => (ibanValid(m) ? '<IBAN>' : m));
  out = out.replace(CARD, (m) => (cardValid(m) ? '<CREDIT_CARD_NUMBER>' : m));
  out = out.replace(SSN_DE, (m, dd: string, mm: string) => {
    const day = Number(dd) % 50; // day + 50 marks a follow-up number
    const month = Number(mm);
    return day >= 1 && day <= 31 && month >= 1 && month <= 12 ? '<SSN_DE>' : m;
  });
  out = out.replace(TAX_ID, (m) => (taxIdValid(m) ? '<TAX_ID>' : m));
  out = out.replace(PHONE_INTL, (m) => (phoneValid(m) ? '<PHONE_NUMBER>' : m));
  out = out.replace(PHONE_NAT, (m) => (phoneValid(m) ? '<PHONE_NUMBER>' : m));
  out = out.replace(PHONE_MOBILE, '<PHONE_NUMBER>');
  return out;
}
