import { createHash, randomBytes } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Config } from '../../config.js';

export const VISITOR_COOKIE = 'rh_visitor';
export const FLASH_COOKIE = 'rh_flash';
const VISITOR_MAX_AGE_S = 400 * 24 * 3600; // the longest lifetime browsers accept (RFC 6265bis caps at 400 days)

declare module 'fastify' {
  interface FastifyRequest {
    /** The visitor's id from their signed cookie, or null before their first write. */
    visitorId: string | null;
    /** Salted hash of the client IP: used for abuse limits, never the raw IP. */
    ipHash: string;
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
  await app.register(csrf, {
    cookieKey: 'rh_csrf',
    cookieOpts: { ...cookieOptions },
    // The token comes from a form field or the X-CSRF-Token header; never from the query string (it would leak).
    getToken: (request) =>
      (request.body as { _csrf?: string } | undefined)?._csrf ??
      (request.headers['x-csrf-token'] as string | undefined),
  });
  await app.register(rateLimit, { global: false });

  app.decorateRequest('visitorId', null);
  app.decorateRequest('ipHash', '');
  app.addHook('onRequest', async (request) => {
    request.ipHash = hashIp(request.ip, config.ipHashSalt);
    const raw = request.cookies[VISITOR_COOKIE];
    if (raw) {
      const unsigned = request.unsignCookie(raw);
      request.visitorId = unsigned.valid && unsigned.value ? unsigned.value : null;
    }
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
  return [app.csrfProtection as unknown as preHandlerAsyncHookHandler, perVisitor, perIp];
}
