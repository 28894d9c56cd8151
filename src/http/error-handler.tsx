import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { ErrorPage } from '../views/ErrorPage.js';
import type { AppContext } from './context.js';
import { AppError, type ErrorCode } from './errors.js';
import { sendPage } from './render.js';

const wantsJson = (request: FastifyRequest) => request.url.startsWith('/api/');

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
  if (wantsJson(request)) {
    // `fields` maps each offending field to its message (one today; the shape allows a form's worth).
    return reply.status(status).send({ error: { code, message, ...(field ? { fields: { [field]: message } } : {}) } });
  }
  return sendPage(
    reply,
    ctx,
    { title: status === 404 ? 'Page not found' : `Error ${status}`, noindex: true },
    <ErrorPage status={status} message={message} />,
    status,
  );
}

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
  app.setNotFoundHandler(async (request, reply) =>
    sendError(
      request,
      reply,
      ctx,
      404,
      'not_found',
      'There is nothing at this address. It may have moved, or never existed.',
    ),
  );

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
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
