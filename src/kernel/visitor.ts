import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Db } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import type { CsrfTokens } from './csrf.js';
import { AppError } from './errors.js';
import { MEMBER_COOKIE } from './member.js';
import { countWrite, sweepWriteLimits } from './write-limits.js';

// What features need of the visitor: their id (created on first write), the one-shot flash message, which cookies
// make a page personal, and the guards every public write passes. The plugins that parse cookies and decorate the
// request (server/plugins/visitor.ts) sit above the features; this sits below them.
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
    /** Where the write limits are counted: the database, shared by every instance. */
    writeLimitStore: { db: Db; clock: Clock };
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
export const PERSONAL_COOKIES = new Set([VISITOR_COOKIE, FLASH_COOKIE, MEMBER_COOKIE]);

/** True when the response may depend on who is asking (own vote, a flash message, saved comment details). */
export const isPersonalised = (request: FastifyRequest) => {
  for (const name of PERSONAL_COOKIES) if (request.cookies[name]) return true;
  return false;
};

export interface WriteLimits {
  perVisitorPerMinute: number;
  perIpPerMinute: number;
}

const WRITE_WINDOW_MS = 60_000;

/**
 * preHandlers for a visitor write: CSRF first, then one limit per visitor and one per IP hash, both counted on every
 * public write (votes, likes, comments together) and both enforced: past either, 429 with Retry-After.
 */
export function writeGuards(app: FastifyInstance, limits: WriteLimits): preHandlerAsyncHookHandler[] {
  const { db, clock } = app.writeLimitStore;
  let nextSweep = 0;
  const csrf: preHandlerAsyncHookHandler = async (request) => app.verifyCsrf(request);
  const limit: preHandlerAsyncHookHandler = async (request, reply) => {
    const now = clock.now();
    if (now.getTime() >= nextSweep) {
      nextSweep = now.getTime() + WRITE_WINDOW_MS;
      await sweepWriteLimits(db, now);
    }
    const visitorKey = `v:${request.visitorId ?? request.ipHash}`;
    const ipKey = `ip:${request.ipHash}`;
    const counts = await countWrite(db, [visitorKey, ipKey], now, WRITE_WINDOW_MS);
    const over = counts.filter((c) => c.hits > (c.key === ipKey ? limits.perIpPerMinute : limits.perVisitorPerMinute));
    if (over.length === 0) return;
    const endsAt = Math.max(...over.map((c) => Date.parse(c.windowEndsAt)));
    const retryAfterS = Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000));
    reply.header('retry-after', String(retryAfterS));
    throw new AppError(
      'rate_limited',
      over.some((c) => c.key === ipKey)
        ? `Too many ratings, likes and comments from your network (at most ${limits.perIpPerMinute} a minute). Please wait ${retryAfterS} seconds.`
        : `You are rating, liking and commenting very fast (at most ${limits.perVisitorPerMinute} a minute). Please wait ${retryAfterS} seconds.`,
    );
  };
  return [csrf, limit];
}
