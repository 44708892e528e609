// Text extraction of the processing pipeline for the file types of "Use Your Own Documents".
// Deliberately small: plain text and CSV as they are, the text operators of a PDF, and the
// XML parts of DOCX/XLSX (zip archives, inflated with node:zlib).
import { inflateRawSync } from 'node:zlib';

export const ALLOWED_TYPES: Record<string, string> = {
  csv: 'text/csv',
  txt: 'text/plain',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';

export function extract(fileName: string, bytes: Buffer): { text: string; kind: 'ok' | 'infected' | 'unsupported' } {
  if (bytes.toString('latin1').includes(EICAR)) return { text: '', kind: 'infected' };
  const ext = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  try {
    if (ext === 'txt' || ext === 'csv') return { text: bytes.toString('utf8'), kind: 'ok' };
    if (ext === 'pdf') return { text: pdfText(bytes), kind: 'ok' };
    if (ext === 'docx') return { text: xmlText(zipEntry(bytes, 'word/document.xml')), kind: 'ok' };
    if (ext === 'xlsx') return { text: xmlText(zipEntry(bytes, 'xl/sharedStrings.xml')), kind: 'ok' };
  } catch {
    // a damaged document is reported like an unsupported one
  }
  return { text: '', kind: 'unsupported' };
}

function pdfText(bytes: Buffer): string {
  const src = bytes.toString('latin1');
  const out: string[] = [];
  for (const m of src.matchAll(/\(((?:\\.|[^\\)])*)\)\s*(?:Tj|'|")|\[((?:[^\]])*)\]\s*TJ/g)) {
    const parts =
      m[1] !== undefined ? [m[1]] : [...(m[2] ?? '').matchAll(/\(((?:\\.|[^\\)])*)\)/g)].map((x) => x[1] ?? '');
    out.push(
      parts.join('').replace(/\\([nrt()\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c as 'n'] ?? c),
    );
  }
  return out.join('\n');
}

function zipEntry(zip: Buffer, name: string): string {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip');
  let p = zip.readUInt32LE(eocd + 16);
  for (let n = zip.readUInt16LE(eocd + 10); n > 0; n--) {
    const method = zip.readUInt16LE(p + 10);
    const size = zip.readUInt32LE(p + 20);
    const nameLen = zip.readUInt16LE(p + 28);
    const local = zip.readUInt32LE(p + 42);
    const entry = zip.toString('utf8', p + 46, p + 46 + nameLen);
    if (entry === name) {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    p += 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  throw new Error(`no ${name}`);
}

function xmlText(xml: string): string {
  return xml
    .replace(/<\/(w:p|si|row)>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(
      /&(lt|gt|quot|apos|amp);/g,
      (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e as 'lt'] ?? '',
    )
    .trim();
}
