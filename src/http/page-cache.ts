import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { AppContext } from './context.js';
import { CSRF_PLACEHOLDER } from './csrf-placeholder.js';
import { isPersonalised } from './plugins/visitor.js';

interface CachedPage {
  version: string;
  /** The rendered page, CSRF placeholders still in it. */
  body: string;
  etag: string | null;
  contentType: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Cache this GET route's 200 answers per URL until the content version changes. `anonymous`: only for visitors
     * with no personal state (no visitor or flash cookie); others get a fresh render.
     */
    pageCache?: boolean | 'anonymous';
  }
  interface FastifyRequest {
    pageCacheVersion?: string;
  }
}

function cacheMode(request: FastifyRequest): 'store' | 'skip' {
  if (request.method !== 'GET' && request.method !== 'HEAD') return 'skip';
  const mode = request.routeOptions.config?.pageCache;
  if (mode === true) return 'store';
  if (mode === 'anonymous' && !isPersonalised(request)) return 'store';
  return 'skip';
}

/** Swap the visitor's own CSRF token into a page; pages without forms pass through untouched. */
function personalise(body: string, reply: FastifyReply): string {
  if (!body.includes(CSRF_PLACEHOLDER)) return body;
  return body.replaceAll(CSRF_PLACEHOLDER, reply.generateCsrf());
}

/**
 * Whole-response cache for public pages: reads far outnumber writes, so a warm page is one map lookup. Entries carry
 * the content version they were rendered at and are ignored once it moves on (docs/decisions/002).
 */
export function registerPageCache(app: FastifyInstance, ctx: AppContext): void {
  const cache = new LRUCache<string, CachedPage>({
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (page) => page.body.length + 200,
  });

  app.addHook('onRequest', async (request, reply) => {
    if (cacheMode(request) === 'skip') return;
    const version = await ctx.versions.current();
    request.pageCacheVersion = version;
    if (!ctx.config.pageCache) return;
    const hit = cache.get(request.url);
    if (!hit || hit.version !== version) return;
    reply.header('cache-control', 'no-cache').header('x-page-cache', 'hit');
    if (hit.etag) {
      reply.header('etag', hit.etag);
      if (request.headers['if-none-match'] === hit.etag) return reply.status(304).send();
    }
    return reply.type(hit.contentType).send(personalise(hit.body, reply));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string') return payload;
    if (reply.getHeader('x-page-cache') === 'hit') return payload;
    if (request.routeOptions.config?.pageCache === 'anonymous' && isPersonalised(request)) {
      reply.header('cache-control', 'private, no-store');
    }
    const storable =
      cacheMode(request) === 'store' && reply.statusCode === 200 && request.pageCacheVersion !== undefined;
    if (storable) {
      // A page with forms carries a per-visitor token, so its bytes differ per visitor: no ETag for it.
      const etag = payload.includes(CSRF_PLACEHOLDER)
        ? null
        : `"${createHash('sha1').update(payload).digest('base64url')}"`;
      reply.header('cache-control', 'no-cache');
      if (etag) reply.header('etag', etag);
      if (ctx.config.pageCache) {
        const contentType = String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8');
        cache.set(request.url, { version: request.pageCacheVersion!, body: payload, etag, contentType });
        reply.header('x-page-cache', 'miss');
      }
    }
    return personalise(payload, reply);
  });
}
