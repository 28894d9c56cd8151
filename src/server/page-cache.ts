import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { AppContext } from '../kernel/context.js';
import { CSRF_COOKIE, type CsrfTokens, rawCookie } from '../kernel/csrf.js';
import { isPersonalised, PERSONAL_COOKIES } from '../kernel/visitor.js';
import type { SpliceMarks } from '../views/render-marks.js';

interface CachedPage {
  version: string;
  /**
   * The rendered page as UTF-8 bytes, cut at each placeholder: the visitor's CSRF token or a fresh form stamp goes
   * between the parts (`slots[i]` says which follows `parts[i]`). Bytes, not a string, so a hit is a memory copy
   * rather than a fresh UTF-8 encoding of the whole page.
   */
  parts: Buffer[];
  slots: Slot[];
  /** Total bytes of the parts. */
  length: number;
  etag: string | null;
  contentType: string;
  /** Served from the cache only to visitors with no personal cookie. */
  anonymousOnly: boolean;
  /**
   * The response headers every hit of this page sends, as Node's flat [name, value, …] list, built once when the
   * page is stored: an object literal spread per request showed up as map transitions and GC in the profile.
   */
  headers: string[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Cache this GET route's 200 answers per URL until the content version changes. `anonymous`: only for visitors
     * with no personal state (no visitor, flash or saved-details cookie); others get a fresh render.
     */
    pageCache?: boolean | 'anonymous';
  }
  interface FastifyRequest {
    pageCacheVersion?: string;
  }
}

/**
 * Whether the matched route's answers may be shared, from its config: never the URL's text, which the router decodes
 * before matching. A route that checks who is asking (config.auth, set by the auth plugin) is never shared.
 */
const modeOf = (request: FastifyRequest) => {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  const config = request.routeOptions.config;
  return config?.auth ? undefined : config?.pageCache;
};

/** The cheap test the hit path can afford: is any personalising cookie named in the raw header? */
function hasPersonalCookie(header: string | undefined): boolean {
  if (!header) return false;
  for (const name of PERSONAL_COOKIES) if (rawCookie(header, name)) return true;
  return false;
}

function cacheable(request: FastifyRequest, personal: boolean): boolean {
  const mode = modeOf(request);
  return mode === true || (mode === 'anonymous' && !personal);
}

type Slot = 'csrf' | 'stamp';

/**
 * The page cut at this render's marks (csrf-placeholder.tsx): `parts` with a `slots[i]` between `parts[i]` and
 * `parts[i + 1]`. Only the marks drawn for this very render are cut at, so user text on the page (which may spell
 * any marker it likes) passes through as it is.
 */
function cut(body: string, marks: SpliceMarks): { parts: string[]; slots: Slot[] } {
  // The marks are `rh-<uuid>-c|s`: letters, digits and dashes, nothing a regular expression reads specially.
  const pieces = body.split(new RegExp(`(${marks.csrf}|${marks.stamp})`));
  const parts: string[] = [];
  const slots: Slot[] = [];
  for (let i = 0; i < pieces.length; i++) {
    if (i % 2 === 0) parts.push(pieces[i]!);
    else slots.push(pieces[i] === marks.csrf ? 'csrf' : 'stamp');
  }
  return { parts, slots };
}

/** Put the visitor's own CSRF token and a fresh form stamp into the slots of a cut page. */
function splice(parts: string[], slots: Slot[], reply: FastifyReply, stamp: () => string): string {
  if (slots.length === 0) return parts[0]!;
  const token = slots.includes('csrf') ? reply.generateCsrf() : '';
  const stampValue = slots.includes('stamp') ? stamp() : '';
  let out = parts[0]!;
  for (let i = 0; i < slots.length; i++) out += (slots[i] === 'csrf' ? token : stampValue) + parts[i + 1]!;
  return out;
}

/** A page with personal fields gets them filled; anything else (pages without forms, JSON) passes through untouched. */
function personalise(body: string, reply: FastifyReply, stamp: () => string): string {
  if (!reply.spliceMarks) return body;
  const { parts, slots } = cut(body, reply.spliceMarks);
  return splice(parts, slots, reply, stamp);
}

export type FrontCache = (req: IncomingMessage, res: ServerResponse) => boolean;

/**
 * Whole-response cache for public pages: reads far outnumber writes, so a warm page is one map lookup. Entries carry
 * the content version they were rendered at and are ignored once it moves on (docs/decisions/002). The hit path is an
 * onRequest hook registered before every other plugin, so a hit skips cookie parsing, routing hooks and rendering
 * (docs/decisions/008).
 */
export function registerPageCache(
  app: FastifyInstance,
  ctx: AppContext,
  security: Record<string, string>,
  csrf: () => CsrfTokens,
  /** A fresh signed \"form shown at\" stamp for the forms' stamp fields (the spam filter's). */
  formStamp: () => string,
): FrontCache {
  // Set by sendPage; declared here so every reply has the same shape from the start.
  app.decorateReply('spliceMarks', null);
  const cache = new LRUCache<string, CachedPage>({
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (page) => page.parts.reduce((n, p) => n + p.length, 200),
  });

  /** Write a cached page: precomputed headers, the visitor's CSRF token spliced between the stored byte slices. */
  const writeHit = (
    hit: CachedPage,
    req: IncomingMessage,
    res: ServerResponse,
    cookieHeader: string | undefined,
    secure: boolean,
  ) => {
    if (hit.etag && req.headers['if-none-match'] === hit.etag) {
      res.writeHead(304, hit.headers).end();
      return;
    }
    const head = req.method === 'HEAD';
    if (hit.parts.length === 1) {
      res.writeHead(200, [...hit.headers, 'content-length', String(hit.length)]);
      res.end(head ? undefined : hit.parts[0]);
      return;
    }
    const { token, setCookie } = csrf().issue(rawCookie(cookieHeader, CSRF_COOKIE), secure);
    const stamp = hit.slots.includes('stamp') ? formStamp() : '';
    let length = hit.length;
    for (const slot of hit.slots) length += slot === 'csrf' ? token.length : Buffer.byteLength(stamp);
    const headers = [...hit.headers, 'content-length', String(length)];
    if (setCookie) headers.push('set-cookie', setCookie);
    res.writeHead(200, headers);
    if (head) {
      res.end();
      return;
    }
    // Written piece by piece (Node gathers them into one writev), not concatenated: no page-sized copy per request.
    for (let i = 0; i < hit.parts.length - 1; i++) {
      res.write(hit.parts[i]);
      res.write(hit.slots[i] === 'csrf' ? token : stamp);
    }
    res.end(hit.parts[hit.parts.length - 1]);
  };

  app.addHook('onRequest', async (request, reply) => {
    if (!modeOf(request)) {
      reply.headers(security);
      return;
    }
    const cookieHeader = request.headers.cookie;
    if (!cacheable(request, hasPersonalCookie(cookieHeader))) {
      reply.headers(security);
      return;
    }
    const version = await ctx.versions.current();
    request.pageCacheVersion = version;
    const hit = ctx.config.pageCache ? cache.get(request.url) : undefined;
    if (!hit || hit.version !== version) {
      reply.headers(security);
      return;
    }
    reply.hijack();
    writeHit(hit, request.raw, reply.raw, cookieHeader, request.protocol === 'https');
    // Returning the reply tells Fastify the request is answered: no further hooks, no handler.
    return reply;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string') return payload;
    // Pages that are never cached (admin, errors, forms' answers) still need their token swapped in.
    if (!modeOf(request)) return personalise(payload, reply, formStamp);
    if (reply.getHeader('x-page-cache') === 'hit') return payload;
    const personal = isPersonalised(request);
    if (!cacheable(request, personal)) {
      reply.header('cache-control', 'private, no-store');
      return personalise(payload, reply, formStamp);
    }
    if (reply.statusCode === 200 && request.pageCacheVersion !== undefined) {
      // A page with forms carries a per-visitor token, so its bytes differ per visitor: no ETag for it.
      const { parts, slots } = reply.spliceMarks ? cut(payload, reply.spliceMarks) : { parts: [payload], slots: [] };
      const etag = parts.length > 1 ? null : `"${createHash('sha1').update(payload).digest('base64url')}"`;
      reply.header('cache-control', 'no-cache');
      if (etag) reply.header('etag', etag);
      if (ctx.config.pageCache) {
        const contentType = String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8');
        const bytes = parts.map((part) => Buffer.from(part));
        const hitHeaders: Record<string, string> = {
          ...security,
          'content-type': contentType,
          'cache-control': 'no-cache',
          'x-page-cache': 'hit',
          ...(etag ? { etag } : {}),
        };
        cache.set(request.url, {
          version: request.pageCacheVersion,
          parts: bytes,
          slots,
          length: bytes.reduce((n, b) => n + b.length, 0),
          etag,
          contentType,
          anonymousOnly: modeOf(request) === 'anonymous',
          headers: Object.entries(hitHeaders).flat(),
        });
        reply.header('x-page-cache', 'miss');
      }
      return splice(parts, slots, reply, formStamp);
    }
    return personalise(payload, reply, formStamp);
  });

  /**
   * The front cache: called by the HTTP server before Fastify sees the request. A fresh hit is written and true
   * returned; anything else (a miss, a stale version, a personal cookie, an error) returns false and Fastify takes
   * the request as usual, where the hook above and the handler do the full job.
   */
  return (req, res) => {
    if (!ctx.config.pageCache || (req.method !== 'GET' && req.method !== 'HEAD') || req.url === undefined) return false;
    const hit = cache.get(req.url);
    if (!hit) return false;
    const version = ctx.versions.peek();
    if (version === undefined || hit.version !== version) return false;
    const cookieHeader = req.headers.cookie;
    if (hit.anonymousOnly && hasPersonalCookie(cookieHeader)) return false;
    const secure =
      (req.socket as { encrypted?: boolean }).encrypted === true ||
      (ctx.config.trustProxy && req.headers['x-forwarded-proto'] === 'https');
    writeHit(hit, req, res, cookieHeader, secure);
    return true;
  };
}
