import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { findLegacyRedirect, isWordPressQuery } from '../features/importers/index.js';
import { servePublishedPage } from '../features/pages/index.js';
import { DEFAULT_SETTINGS } from '../features/settings/index.js';
import type { AppContext } from '../kernel/context.js';
import { AppError, type ErrorCode, RETRY_AFTER_SECONDS } from '../kernel/errors.js';
import { ErrorPage } from '../views/ErrorPage.js';
import { Layout, type SiteChrome } from '../views/Layout.js';

/**
 * The API answers errors in JSON. Judged by the route that matched, so `/%61pi/v1/…` gets the same format as
 * `/api/v1/…`; only a request no route matched (a 404) falls back to the URL's text.
 */
const wantsJson = (request: FastifyRequest) => (request.routeOptions.url ?? request.url).startsWith('/api/');

/** "querystring/page must be >= 1" → field "page", message "page must be >= 1". */
function describeValidation(error: FastifyError): { field: string | undefined; message: string } {
  const first = error.validation?.[0];
  if (!first) return { field: undefined, message: error.message };
  const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const missing = (first.params as { missingProperty?: string } | undefined)?.missingProperty;
  const field = missing ?? (path || undefined);
  const allowed = (first.params as { allowedValues?: unknown[] } | undefined)?.allowedValues;
  const detail = allowed ? `must be one of ${allowed.join(', ')}` : first.message;
  return { field, message: field ? `${field}: ${detail}` : `${error.validationContext}: ${detail}` };
}

async function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  ctx: AppContext,
  status: number,
  code: ErrorCode,
  message: string,
  field?: string,
) {
  if (status === 503) {
    // Both say "try again soon": browsers show the page, clients and load balancers read the header.
    reply.header('retry-after', String(RETRY_AFTER_SECONDS)).header('cache-control', 'no-store');
  }
  if (wantsJson(request)) {
    // `fields` maps each offending field to its message (one today; the shape allows a form's worth).
    return reply.status(status).send({ error: { code, message, ...(field ? { fields: { [field]: message } } : {}) } });
  }
  // The site chrome (title, navigation) comes from the database; an error page must render when that is the error,
  // so it falls back to the defaults. A 503 does not even try: the database just failed this request.
  const chrome = status === 503 ? offlineChrome(ctx) : await ctx.chrome().catch(() => offlineChrome(ctx));
  const head = { title: status === 404 ? 'Page not found' : `Error ${status}`, noindex: true };
  const html = `<!doctype html>${renderToString(
    <Layout chrome={chrome} head={head}>
      <ErrorPage status={status} message={message} />
    </Layout>,
  )}`;
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}

function offlineChrome(ctx: AppContext): SiteChrome {
  return {
    siteTitle: DEFAULT_SETTINGS.siteTitle,
    tagline: DEFAULT_SETTINGS.tagline,
    navCategories: [],
    stylesheetHref: ctx.assets.stylesheet.href,
    faviconHref: ctx.assets.favicon.href,
    scriptHref: ctx.assets.islands.href,
    publicUrl: ctx.config.publicUrl,
  };
}

const UNAVAILABLE_MESSAGE = 'The site is briefly unavailable. Please try again in a few seconds.';

/**
 * Fastify's own refusals before any route matched (a malformed percent-encoding such as `/film/%ZZ`, a path parameter
 * past maxParamLength) would otherwise go out in Fastify's format; they get the site's error format instead.
 */
export function answerFrameworkErrors(
  getContext: () => AppContext,
): NonNullable<FastifyServerOptions['frameworkErrors']> {
  return (error, request, reply) => {
    const answer =
      error.code === 'FST_ERR_BAD_URL'
        ? sendError(request, reply, getContext(), 400, 'bad_request', 'This address is malformed (a broken %-escape).')
        : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? sendError(request, reply, getContext(), 404, 'not_found', 'There is nothing at this address.')
          : sendError(
              request,
              reply,
              getContext(),
              500,
              'internal',
              'The server hit an error. Please try again later.',
            );
    answer.catch(() => {
      const plain = reply as FastifyReply;
      if (!plain.sent) plain.status(400).type('text/plain; charset=utf-8').send('Bad request');
    });
  };
}

/** The one error handler: known errors keep their message, anything else is logged and shown as a plain 500. */
export function registerErrorHandling(app: FastifyInstance, ctx: AppContext): void {
  // An imported site's old addresses (WordPress permalinks, archives, /feed/) answer 301 from the stored redirects. The
  // query forms (/?p=12) reach the home page's route rather than a 404, so they are caught here before routing.
  app.addHook('onRequest', async (request, reply) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !isWordPressQuery(request.url)) return;
    const target = await findLegacyRedirect(ctx.db, request.url);
    if (target) return reply.redirect(target, 301);
  });
  app.setNotFoundHandler(async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD') {
      // Static pages live at any path (an imported page keeps its old address): they answer where no route does.
      const page = await servePublishedPage(ctx, request, reply);
      if (page) return page;
      const target = await findLegacyRedirect(ctx.db, request.url);
      if (target) return reply.redirect(target, 301);
    }
    return sendError(
      request,
      reply,
      ctx,
      404,
      'not_found',
      'There is nothing at this address. It may have moved, or never existed.',
    );
  });

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    // An error thrown by a hook that runs before the cookie parser (the page cache reads the content version first)
    // leaves request.cookies unset, and the onSend hooks read it: parse now, so the error page goes out like any other
    // answer instead of failing a second time on a null.
    // biome-ignore lint/suspicious/noExplicitAny: @fastify/cookie declares cookies non-null, but it is null until parsed
    if ((request.cookies as any) == null) request.cookies = app.parseCookie(request.headers.cookie ?? '');
    if (isDatabaseUnavailable(error)) {
      // Logged at warn without the stack: during an outage every request ends here, and the cause is one fact.
      request.log.warn({ reqId: request.id, url: request.url, reason: error.message }, 'database unavailable');
      return sendError(request, reply, ctx, 503, 'unavailable', UNAVAILABLE_MESSAGE);
    }
    if (error instanceof AppError)
      return sendError(request, reply, ctx, error.status, error.code, error.message, error.field);
    if (error.validation) {
      const { field, message } = describeValidation(error);
      return sendError(request, reply, ctx, 400, 'invalid_field', message, field);
    }
    if (error.code?.startsWith('FST_CSRF')) {
      return sendError(
        request,
        reply,
        ctx,
        403,
        'csrf_failed',
        'This form has expired or was sent from another site. Reload the page and try again.',
      );
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code: ErrorCode =
        status === 413
          ? 'payload_too_large'
          : status === 429
            ? 'rate_limited'
            : status === 404
              ? 'not_found'
              : 'bad_request';
      return sendError(request, reply, ctx, status, code, error.message);
    }
    request.log.error({ err: error, reqId: request.id, method: request.method, url: request.url }, 'request failed');
    try {
      return await sendError(
        request,
        reply,
        ctx,
        500,
        'internal',
        'The server hit an error. It has been logged; please try again later.',
      );
    } catch {
      // Rendering the error page itself failed (e.g. the database is down): fall back to plain text.
      return reply.status(500).type('text/plain; charset=utf-8').send('Internal server error');
    }
  });
}
