import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { AppContext } from './context.js';

interface CachedPage {
  version: string;
  body: string;
  etag: string;
  contentType: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Cache this GET route's 200 answers per URL until the content version changes. */
    pageCache?: boolean;
  }
  interface FastifyRequest {
    pageCacheVersion?: string;
  }
}

const isCacheable = (request: FastifyRequest) =>
  (request.method === 'GET' || request.method === 'HEAD') && request.routeOptions.config?.pageCache === true;

/**
 * Whole-response cache for public pages: reads far outnumber writes, so a warm page is one map lookup. Entries carry
 * the content version they were rendered at and are ignored once it moves on.
 */
export function registerPageCache(app: FastifyInstance, ctx: AppContext): void {
  const cache = new LRUCache<string, CachedPage>({
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (page) => page.body.length + 200,
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!isCacheable(request)) return;
    const version = await ctx.versions.current();
    request.pageCacheVersion = version;
    if (!ctx.config.pageCache) return;
    const hit = cache.get(request.url);
    if (!hit || hit.version !== version) return;
    reply.header('etag', hit.etag).header('cache-control', 'no-cache').header('x-page-cache', 'hit');
    if (request.headers['if-none-match'] === hit.etag) return reply.status(304).send();
    return reply.type(hit.contentType).send(hit.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!isCacheable(request) || reply.getHeader('x-page-cache') === 'hit') return payload;
    if (reply.statusCode !== 200 || typeof payload !== 'string' || request.pageCacheVersion === undefined) return payload;
    const etag = `"${createHash('sha1').update(payload).digest('base64url')}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache');
    if (ctx.config.pageCache) {
      const contentType = String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8');
      cache.set(request.url, { version: request.pageCacheVersion, body: payload, etag, contentType });
      reply.header('x-page-cache', 'miss');
    }
    return payload;
  });
}
