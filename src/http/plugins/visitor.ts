import { createHash, randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Config } from '../../config.js';
import { CSRF_COOKIE, CsrfTokens } from './csrf.js';

export const VISITOR_COOKIE = 'rh_visitor';
export const FLASH_COOKIE = 'rh_flash';
const VISITOR_MAX_AGE_S = 400 * 24 * 3600; // the longest lifetime browsers accept (RFC 6265bis caps at 400 days)

declare module 'fastify' {
  interface FastifyRequest {
    /** The visitor's id from their signed cookie, or null before their first write. Read on first use. */
    visitorId: string | null;
    /** Salted hash of the client IP: used for abuse limits, never the raw IP. Computed on first use. */
    ipHash: string;
    visitorState?: { visitorId?: string | null; ipHash?: string };
  }
  interface FastifyReply {
    /** This visitor's CSRF token for a form (sets the secret cookie when the visitor has none). */
    generateCsrf(): string;
  }
  interface FastifyInstance {
    /** Throws 403 unless the request carries a valid CSRF token (form field `_csrf` or X-CSRF-Token header). */
    verifyCsrf(request: FastifyRequest): void;
    csrfTokens: CsrfTokens;
  }
}

const cookieOptions = {
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure: 'auto' as const,
  signed: true,
};

export function hashIp(ip: string, salt: string): string {
  return createHash('sha256').update(`${salt}\u0000${ip}`).digest('base64url').slice(0, 22);
}

/** The visitor id, creating it (and its cookie) on the visitor's first write. */
export function ensureVisitor(request: FastifyRequest, reply: FastifyReply): string {
  if (request.visitorId) return request.visitorId;
  const id = randomBytes(16).toString('base64url');
  reply.setCookie(VISITOR_COOKIE, id, { ...cookieOptions, maxAge: VISITOR_MAX_AGE_S });
  request.visitorId = id;
  return id;
}

/** A one-shot message for the next page (the JavaScript-off path: POST → redirect → message). */
export function setFlash(reply: FastifyReply, message: string): void {
  reply.setCookie(FLASH_COOKIE, message, { ...cookieOptions, maxAge: 60 });
}

export function takeFlash(request: FastifyRequest, reply: FastifyReply): string | null {
  const raw = request.cookies[FLASH_COOKIE];
  if (!raw) return null;
  reply.clearCookie(FLASH_COOKIE, { path: '/' });
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid ? unsigned.value : null;
}

/** Cookies whose presence makes a page personal (features that personalise pages add theirs). */
export const PERSONAL_COOKIES = new Set([VISITOR_COOKIE, FLASH_COOKIE]);

/** True when the response may depend on who is asking (own vote, a flash message, saved comment details). */
export const isPersonalised = (request: FastifyRequest) => {
  for (const name of PERSONAL_COOKIES) if (request.cookies[name]) return true;
  return false;
};

export interface WriteLimits {
  perVisitorPerMinute: number;
  perIpPerMinute: number;
}

/** Cookies, form bodies, CSRF, the visitor id and the write rate limits. */
export async function registerVisitorPlugins(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(cookie, { secret: config.cookieSecrets, hook: 'onRequest' });
  await app.register(formbody);
  await app.register(rateLimit, { global: false });

  // The token comes from a form field or the X-CSRF-Token header; never from the query string (it would leak).
  const tokens = new CsrfTokens(config.cookieSecrets);
  app.decorate('csrfTokens', tokens);
  app.decorateReply('generateCsrf', function (this: FastifyReply) {
    const { token, secret, setCookie } = tokens.issue(
      this.request.cookies[CSRF_COOKIE],
      this.request.protocol === 'https',
    );
    if (setCookie) {
      const existing = this.getHeader('set-cookie');
      this.header('set-cookie', existing ? [existing, setCookie].flat().map(String) : setCookie);
    }
    this.request.cookies[CSRF_COOKIE] = secret;
    return token;
  });
  app.decorate('verifyCsrf', (request: FastifyRequest) => tokens.verify(request));

  // Lazy: a cached page never needs either, so neither costs anything there.
  app.decorateRequest('visitorState', undefined);
  app.decorateRequest('visitorId', {
    getter(this: FastifyRequest) {
      this.visitorState ??= {};
      if (this.visitorState.visitorId === undefined) {
        const raw = this.cookies[VISITOR_COOKIE];
        const unsigned = raw ? this.unsignCookie(raw) : null;
        this.visitorState.visitorId = unsigned?.valid && unsigned.value ? unsigned.value : null;
      }
      return this.visitorState.visitorId;
    },
    setter(this: FastifyRequest, value: string | null) {
      this.visitorState ??= {};
      this.visitorState.visitorId = value;
    },
  });
  app.decorateRequest('ipHash', {
    getter(this: FastifyRequest) {
      this.visitorState ??= {};
      this.visitorState.ipHash ??= hashIp(this.ip, config.ipHashSalt);
      return this.visitorState.ipHash;
    },
  });
}

/** preHandlers for a visitor write: CSRF first, then one limit per visitor and one per IP hash (429 + Retry-After). */
export function writeGuards(app: FastifyInstance, limits: WriteLimits): preHandlerAsyncHookHandler[] {
  const perVisitor = app.rateLimit({
    max: limits.perVisitorPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `v:${request.visitorId ?? request.ipHash}`,
  });
  const perIp = app.rateLimit({
    max: limits.perIpPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `ip:${request.ipHash}`,
  });
  const csrf: preHandlerAsyncHookHandler = async (request) => app.verifyCsrf(request);
  return [csrf, perVisitor, perIp];
}
