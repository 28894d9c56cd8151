import { createHash } from 'node:crypto';
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../kernel/context.js';
import { isMemberApiPattern } from '../kernel/member-token.js';
import { sendPage } from '../kernel/render.js';
import { ApiDocsPage, type OpenApiDocument } from './views/ApiDocsPage.js';

/** The groups of the reference, in reading order. */
const API_TAGS = [
  { name: 'session', description: 'Start here: the visitor cookie and the CSRF token every write needs.' },
  { name: 'catalog', description: 'Films, categories, genres and related films.' },
  { name: 'search', description: 'Full-text search and suggestions while typing.' },
  { name: 'ratings', description: 'Half-star votes: 0.5 to 5 stars, one per visitor and film.' },
  { name: 'likes', description: 'One like per visitor and film.' },
  { name: 'comments', description: 'Threaded comments; new ones may wait for moderation.' },
  {
    name: 'lists',
    description:
      'Members’ lists of films: your own under /me (session cookie, X-CSRF-Token on writes), public ones by id.',
  },
  {
    name: 'members',
    description:
      'Your account and your ratings under /me: session cookie (X-CSRF-Token on writes) or a personal API token.',
  },
  { name: 'admin', description: 'Moderation, with an API token from `/admin/tokens`.' },
];

/** The personal-token scope an operation on /api/v1/me needs (docs/decisions/043): reads take any token. */
const tokenScopeFor = (method: string | string[]) =>
  [method].flat().every((m) => m === 'GET' || m === 'HEAD') ? 'read' : 'read-write';

/**
 * What the API answers to a vote of 7 stars, shown on the docs page as the example of the error body (a test holds
 * the two equal, so the example cannot drift from what is sent).
 */
export const API_ERROR_EXAMPLE = {
  error: {
    code: 'invalid_field',
    message: 'stars: must be 0.5 to 5 in steps of 0.5',
    fields: { stars: 'stars: must be 0.5 to 5 in steps of 0.5' },
  },
};

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
          'Read the catalog, ratings, likes and comments; vote, like and comment as a visitor. Every error answers ' +
          '`{ "error": { "code", "message", "fields"? } }`, where `fields` maps each refused input field to what is ' +
          'wrong with it. Writes need the visitor cookie and CSRF token from `GET /api/v1/session`, sent back in an ' +
          "`X-CSRF-Token` header. A member's own data (`/api/v1/me/…`) takes the member session cookie (writes with " +
          'the CSRF header too) or a personal API token from `/settings/tokens` as `Authorization: Bearer …` (no CSRF ' +
          'header needed).',
      },
      tags: API_TAGS,
      servers: [{ url: ctx.config.publicUrl }],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description:
              "An API token: from /admin/tokens for /api/v1/admin/…, or a member's personal token from " +
              '/settings/tokens for /api/v1/me/… (no CSRF header needed with a token). A personal token has a ' +
              'scope chosen when it is created: `read` (GET and HEAD only; any other method answers 403) or ' +
              '`read-write`. Each /api/v1/me operation names the scope it needs in `x-token-scope`. Tokens created ' +
              'before scopes existed are `read-write`.',
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
    transform: ({ schema, url, route }) => ({
      schema: url.startsWith('/api/v1/')
        ? isMemberApiPattern(url)
          ? { ...schema, 'x-token-scope': tokenScopeFor(route.method) }
          : schema
        : { ...(schema ?? {}), hide: true },
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
      <ApiDocsPage document={app.swagger() as unknown as OpenApiDocument} errorExample={API_ERROR_EXAMPLE} />,
    ),
  );
}
