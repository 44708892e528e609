// PII replacement of the Anonymization guide. Stored messages keep what the client sent; the
// answer generator (the "downstream service") only sees the anonymized form, and the Data
// Deletion pass rewrites stored messages of a deleted thread with the same rules.
const RULES: [RegExp, string][] = [
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '<EMAIL_ADDRESS>'],
  [/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,3})?\b/g, '<IBAN>'],
  [/\b(?:\d{4}[ -]?){3}\d{4}\b/g, '<CREDIT_CARD_NUMBER>'],
  [/\b\d{2} ?\d{6} ?[A-Z] ?\d{3}\b/g, '<SSN_DE>'],
  [/\b\d{11}\b/g, '<TAX_ID>'],
  [/(?:\+|\b00)\d{2}[ /-]?\d{2,5}[ /-]?\d{3,10}\b|\b0\d{2,5}[ /-]\d{3,10}\b/g, '<PHONE_NUMBER>'],
];

export function anonymize(text: string): string {
  return RULES.reduce((t, [re, tag]) => t.replace(re, tag), text);
}
