import { createHash } from 'node:crypto';
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../kernel/context.js';
import { sendPage } from '../kernel/render.js';
import { ApiDocsPage, type OpenApiDocument } from './views/ApiDocsPage.js';

const isApiRead = (method: string, url: string) => url.startsWith('/api/') && (method === 'GET' || method === 'HEAD');

/**
 * Cross-cutting API behaviour, registered before any route so every route's schema reaches the OpenAPI document:
 * the document itself, CORS for reads, and ETag / If-None-Match on every API GET.
 */
export async function registerApiPlumbing(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Reelhouse API',
        version: '1.0.0',
        description:
          'Read the catalog, ratings and likes; vote and like as a visitor. Errors always look like ' +
          '`{ "error": { "code", "message", "field"? } }`. Writes need the visitor cookie and CSRF token from ' +
          "`GET /api/v1/session`, sent back in an `X-CSRF-Token` header. A member's own data (`/api/v1/me/…`) takes " +
          'the member session cookie (writes with the CSRF header too) or a personal API token from ' +
          '`/settings/tokens` as `Authorization: Bearer …` (no CSRF header needed).',
      },
      servers: [{ url: ctx.config.publicUrl }],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              "An API token: from /admin/tokens for /api/v1/admin/…, or a member's personal token from " +
              '/settings/tokens for /api/v1/me/… (no CSRF header needed with a token)',
          },
          memberSession: {
            type: 'apiKey',
            in: 'cookie',
            name: 'rh_member',
            description: 'The member session cookie from /login; writes also need the X-CSRF-Token header',
          },
        },
      },
    },
    // Only the versioned API is documented; pages and assets are not part of the contract.
    transform: ({ schema, url }) => ({
      schema: url.startsWith('/api/v1/') ? schema : { ...(schema ?? {}), hide: true },
      url,
    }),
  });

  // Reads are public data and may be fetched from any origin (without cookies); writes stay same-origin, so a
  // preflight for anything but GET/HEAD gets no CORS grant.
  app.options('/api/v1/*', { schema: { hide: true } }, async (request, reply) => {
    const wanted = String(request.headers['access-control-request-method'] ?? '').toUpperCase();
    if (wanted === 'GET' || wanted === 'HEAD') {
      reply
        .header('access-control-allow-origin', '*')
        .header('access-control-allow-methods', 'GET, HEAD')
        .header('access-control-allow-headers', String(request.headers['access-control-request-headers'] ?? ''))
        .header('access-control-max-age', '86400');
    }
    return reply.status(204).send();
  });

  app.addHook('onSend', async (request, reply, payload) => {
    // The matched route's pattern, not the URL's text: an encoded spelling of an API path gets the same headers.
    const pattern = request.routeOptions.url ?? request.url;
    if (!isApiRead(request.method, pattern)) return payload;
    if (pattern.startsWith('/api/v1/')) reply.header('access-control-allow-origin', '*');
    if (reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const etag = `"${createHash('sha1').update(payload).digest('base64url')}"`;
    reply.header('etag', etag);
    if (!reply.getHeader('cache-control'))
      reply.header('cache-control', request.visitorId ? 'private, no-cache' : 'no-cache');
    if (request.headers['if-none-match'] === etag) {
      reply.status(304);
      return '';
    }
    return payload;
  });
}

export function registerApiDocs(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/docs', { schema: { hide: true }, config: { pageCache: true } }, async (_request, reply) =>
    sendPage(
      reply,
      ctx,
      { title: 'API documentation', description: 'The Reelhouse JSON API, version 1.', canonicalPath: '/api/docs' },
      <ApiDocsPage document={app.swagger() as unknown as OpenApiDocument} />,
    ),
  );
}
