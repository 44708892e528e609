// Cursor paging for threads and messages ("cursor-based pagination", newest first).
// A cursor is opaque to clients: base64url of "<scope>:<seq>", where seq is the internal,
// strictly increasing creation number of the last item handed out. The scope binds a
// cursor to the list it came from, so a cursor of one thread is refused on another.

export function encodeCursor(scope: string, seq: number): string {
  return Buffer.from(`${scope}:${seq}`, 'utf8').toString('base64url');
}

/** Returns the seq, or null when the cursor is malformed or from another list. */
export function decodeCursor(scope: string, raw: string): number | null {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  const text = Buffer.from(raw, 'base64url').toString('utf8');
  const prefix = `${scope}:`;
  if (!text.startsWith(prefix)) return null;
  const digits = text.slice(prefix.length);
  return /^\d{1,15}$/.test(digits) ? Number(digits) : null;
}

/** items must be newest first; returns at most `limit` items older than `beforeSeq`. */
export function pageOf<T extends { seq: number }>(
  items: T[],
  beforeSeq: number | null,
  limit: number,
): { items: T[]; nextSeq: number | null } {
  const rest = beforeSeq === null ? items : items.filter((item) => item.seq < beforeSeq);
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page, nextSeq: rest.length > page.length && last ? last.seq : null };
}
