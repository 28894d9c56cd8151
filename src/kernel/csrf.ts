import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

export const CSRF_COOKIE = 'rh_csrf';
/** A form token's length: an HMAC-SHA256 in base64url. */
export const CSRF_TOKEN_LENGTH = 43;

/**
 * CSRF tokens by the signed double-submit pattern (OWASP CSRF Prevention Cheat Sheet): a random secret in an
 * httpOnly cookie, and in each form an HMAC of that secret under the server's key. A forged request from another
 * site cannot read the cookie, and a planted cookie is useless without the key. One HMAC per page instead of
 * @fastify/csrf-protection's salt + hash + signed cookie, which took 30 % of a cached page's CPU (decision 008).
 */
export class CsrfTokens {
  /** Random bytes are drawn in blocks: one system call per 512 new visitors instead of one each. */
  private pool = Buffer.alloc(0);
  private offset = 0;

  /**
   * HMAC-SHA256 (RFC 2104) per key, as two one-shot hashes over buffers prepared once: `createHmac` builds an object
   * per call, which cost twice as much on the cache-hit path of a first visit (decision 040). Same output.
   */
  private readonly keys: { inner: Buffer; outer: Buffer }[];

  /**
   * Tokens of recent visitors: a returning visitor's pages reuse theirs instead of one HMAC per page. Bounded (oldest
   * dropped first); only what any page already shows that visitor is kept.
   */
  private readonly recent = new Map<string, string>();
  private static readonly RECENT_LIMIT = 20_000;

  constructor(secrets: string[]) {
    this.keys = secrets.map((secret) => {
      let key = Buffer.from(`csrf:${secret}`);
      if (key.length > 64) key = hash('sha256', key, 'buffer');
      const inner = Buffer.alloc(64 + 64);
      const outer = Buffer.alloc(64 + 32);
      for (let i = 0; i < 64; i++) {
        inner[i] = (key[i] ?? 0) ^ 0x36;
        outer[i] = (key[i] ?? 0) ^ 0x5c;
      }
      return { inner, outer };
    });
  }

  private newSecret(): string {
    if (this.offset + 16 > this.pool.length) {
      this.pool = randomBytes(16 * 512);
      this.offset = 0;
    }
    const secret = this.pool.subarray(this.offset, this.offset + 16).toString('base64url');
    this.offset += 16;
    return secret;
  }

  private tokenFor(secret: string, key: { inner: Buffer; outer: Buffer }): string {
    // A secret is 22 base64url characters (longer cookie values are refused before this); hashed as they are.
    const message = Buffer.from(secret);
    const inner = message.length <= 64 ? key.inner : Buffer.alloc(64 + message.length, key.inner);
    message.copy(inner, 64);
    hash('sha256', inner.subarray(0, 64 + message.length), 'buffer').copy(key.outer, 64);
    return hash('sha256', key.outer, 'base64url');
  }

  /**
   * The token for this visitor's forms, creating their secret cookie on first need. Takes the cookie's value rather
   * than the request, because the cache-hit path runs before cookies are parsed.
   */
  issue(current: string | undefined, secure: boolean): { token: string; secret: string; setCookie: string | null } {
    let secret = current;
    let setCookie: string | null = null;
    if (secret?.length !== 22) {
      secret = this.newSecret();
      // Built by hand, not through setCookie: this runs on the cache-hit path, where every microsecond shows.
      setCookie = `${CSRF_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
    }
    let token = this.recent.get(secret);
    if (token === undefined) {
      token = this.tokenFor(secret, this.keys[0]!);
      // Only a returning visitor's token is worth remembering; a new one may never come back.
      if (!setCookie) {
        if (this.recent.size >= CsrfTokens.RECENT_LIMIT) this.recent.delete(this.recent.keys().next().value as string);
        this.recent.set(secret, token);
      }
    }
    return { token, secret, setCookie };
  }

  /** Throws a 403 unless the request carries a token matching its cookie (under any current key). */
  verify(request: FastifyRequest): void {
    const secret = request.cookies[CSRF_COOKIE];
    const body = request.body as { _csrf?: unknown } | undefined;
    const sent = typeof body?._csrf === 'string' ? body._csrf : request.headers['x-csrf-token'];
    if (!secret || typeof sent !== 'string' || sent.length === 0) {
      throw new AppError(
        'csrf_failed',
        'This form has expired or was sent from another site. Reload the page and try again.',
      );
    }
    const given = Buffer.from(sent);
    for (const key of this.keys) {
      const expected = Buffer.from(this.tokenFor(secret, key));
      if (expected.length === given.length && timingSafeEqual(expected, given)) return;
    }
    throw new AppError(
      'csrf_failed',
      'This form has expired or was sent from another site. Reload the page and try again.',
    );
  }
}

/** One cookie's value from a raw Cookie header, without parsing the rest (the cache-hit path). */
export function rawCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const at = header.indexOf(`${name}=`);
  if (at < 0 || (at > 0 && header[at - 1] !== ' ' && header[at - 1] !== ';')) return undefined;
  const start = at + name.length + 1;
  const end = header.indexOf(';', start);
  return header.slice(start, end < 0 ? undefined : end).trim();
}
