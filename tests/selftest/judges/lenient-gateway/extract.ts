// Best-effort text extraction for the file types of "Use Your Own Documents":
// text/plain, text/csv, PDF, DOCX, XLSX. Node built-ins only.
import { inflateRawSync, inflateSync } from 'node:zlib';

export const ALLOWED_TYPES: Record<string, string> = {
  csv: 'text/csv',
  txt: 'text/plain',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function extensionOf(filename: string): string {
  const i = filename.lastIndexOf('.');
  return i >= 0 ? filename.slice(i + 1).toLowerCase() : '';
}

function decodeText(buf: Buffer): string {
  let s: string;
  try {
    s = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    s = buf.toString('latin1');
  }
  return s.replace(/^\uFEFF/, '');
}

function xmlUnescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

function unzip(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return out;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < count && p + 46 <= buf.length; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) break;
    const method = buf.readUInt16LE(p + 10);
    const compSize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOff = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (localOff + 30 > buf.length) continue;
    const start = localOff + 30 + buf.readUInt16LE(localOff + 26) + buf.readUInt16LE(localOff + 28);
    const data = buf.subarray(start, start + compSize);
    try {
      if (method === 0) out.set(name, data);
      else if (method === 8) out.set(name, inflateRawSync(data));
    } catch {
      /* skip unreadable entry */
    }
  }
  return out;
}

function docxText(buf: Buffer): string {
  const xml = unzip(buf).get('word/document.xml')?.toString('utf8') ?? '';
  const paragraphs = xml.split(/<\/w:p>/);
  const lines = paragraphs.map((p) => {
    let line = '';
    const re = /<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>|<w:tab\/>|<w:br\/>/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(p))) {
      if (m[0].startsWith('<w:tab')) line += '\t';
      else if (m[0].startsWith('<w:br')) line += '\n';
      else if (m[1] !== undefined) line += xmlUnescape(m[1]);
    }
    return line;
  });
  return lines.join('\n').replace(/\n+$/, '');
}

function xlsxText(buf: Buffer): string {
  const files = unzip(buf);
  const shared: string[] = [];
  const sst = files.get('xl/sharedStrings.xml')?.toString('utf8') ?? '';
  for (const si of sst.match(/<si>[\s\S]*?<\/si>/g) ?? []) {
    const parts = [...si.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => xmlUnescape(m[1] ?? ''));
    shared.push(parts.join(''));
  }
  const sheets = [...files.keys()].filter((k) => /^xl\/worksheets\/sheet\d+\.xml$/.test(k)).sort();
  const lines: string[] = [];
  for (const s of sheets) {
    const entry = files.get(s);
    if (!entry) continue;
    const xml = entry.toString('utf8');
    for (const row of xml.match(/<row[\s\S]*?<\/row>/g) ?? []) {
      const cells: string[] = [];
      for (const c of row.match(/<c\b[\s\S]*?(?:\/>|<\/c>)/g) ?? []) {
        const t = /\bt="([^"]+)"/.exec(c)?.[1];
        const v = /<v>([\s\S]*?)<\/v>/.exec(c)?.[1];
        if (t === 's' && v !== undefined) cells.push(shared[Number(v)] ?? '');
        else if (t === 'inlineStr')
          cells.push([...c.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => xmlUnescape(m[1] ?? '')).join(''));
        else cells.push(v !== undefined ? xmlUnescape(v) : '');
      }
      lines.push(cells.join(','));
    }
  }
  return lines.join('\n');
}

function pdfString(s: string): string {
  return s.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) => {
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
  });
}

function pdfText(buf: Buffer): string {
  const raw = buf.toString('latin1');
  const contents: string[] = [];
  const re = /<<([\s\S]*?)>>\s*stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    let data = buf.subarray(start, end);
    if (/FlateDecode/.test(m[1] ?? '')) {
      try {
        data = inflateSync(data);
      } catch {
        continue;
      }
    }
    contents.push(data.toString('latin1'));
    re.lastIndex = end;
  }
  const lines: string[] = [];
  for (const c of contents) {
    for (const block of c.match(/BT[\s\S]*?ET/g) ?? []) {
      let line = '';
      const tok = /\(((?:\\.|[^\\)])*)\)\s*(?:Tj|'|")|\[((?:\\.|[^\]])*)\]\s*TJ|T\*|Td|TD/g;
      let t: RegExpExecArray | null;
      while ((t = tok.exec(block))) {
        if (t[1] !== undefined) line += pdfString(t[1]);
        else if (t[2] !== undefined)
          line += [...t[2].matchAll(/\(((?:\\.|[^\\)])*)\)/g)].map((x) => pdfString(x[1] ?? '')).join('');
        else if (line && !line.endsWith('\n')) line += '\n';
      }
      lines.push(line.replace(/\n+$/, ''));
    }
  }
  return lines.filter((l) => l.length > 0).join('\n');
}

export function extractText(filename: string, buf: Buffer): string {
  try {
    switch (extensionOf(filename)) {
      case 'pdf':
        return pdfText(buf);
      case 'docx':
        return docxText(buf);
      case 'xlsx':
        return xlsxText(buf);
      default:
        return decodeText(buf);
    }
  } catch {
    return '';
  }
}
