// Signed upload URLs, as a storage service issues them for pre-signed PUTs: the URL's own
// expiry and HMAC signature are the only credential, so the PUT needs (and takes) no api-key.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Issues and verifies the upload URLs of one mock instance. */
export class UploadUrls {
  readonly #secret = randomBytes(32);
  /** The origin URLs name: the storage listener's own, or a public one given in the options. */
  origin: string | undefined;

  constructor(origin?: string) {
    this.origin = origin;
  }

  #signature(fileId: string, expiresAtMs: number): string {
    return createHmac('sha256', this.#secret).update(`${fileId}:${expiresAtMs}`).digest('base64url');
  }

  /** The URL to PUT the file to; undefined while the storage origin is not listening yet. */
  url(fileId: string, expiresAtMs: number): string | undefined {
    if (this.origin === undefined) return undefined;
    return `${this.origin}/uploads/${fileId}?expires=${expiresAtMs}&signature=${this.#signature(fileId, expiresAtMs)}`;
  }

  /** Whether the signature is this instance's for the file and expiry. */
  verify(fileId: string, expires: string, signature: string): boolean {
    if (!/^\d{1,15}$/.test(expires)) return false;
    const want = Buffer.from(this.#signature(fileId, Number(expires)));
    const got = Buffer.from(signature);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}
