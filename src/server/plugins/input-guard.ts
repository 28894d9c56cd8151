import type { FastifyInstance } from 'fastify';
import { AppError } from '../../kernel/errors.js';

/**
 * Refusals every route needs and no schema can express, made once for all routes, each a 400 naming the field:
 * - a NUL character anywhere in the path parameters, query string or body: PostgreSQL refuses it in text (SQLite
 *   stores it) and no form field ever needs one. Checked before validation, so no route can forget.
 * - a number that is not finite after validation: Ajv coerces the text "Infinity" to a number and then skips
 *   minimum/maximum for it, so `/admin/comments/Infinity` would reach a query as an id.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    refuse(request, (v) => typeof v === 'string' && v.includes('\u0000'), 'must not contain a NUL character');
  });
  app.addHook('preHandler', async (request) => {
    refuse(request, (v) => typeof v === 'number' && !Number.isFinite(v), 'must be a finite number');
  });
}

function refuse(
  request: { params: unknown; query: unknown; body: unknown },
  bad: (value: unknown) => boolean,
  problem: string,
): void {
  for (const part of [request.params, request.query, request.body]) {
    const field = find(part, bad, '');
    if (field !== null) {
      const name = field || 'body';
      throw new AppError('invalid_field', `${name}: ${problem}`, name);
    }
  }
}

/** The dotted path of the first value (or key) that `bad` refuses, or null. */
function find(value: unknown, bad: (value: unknown) => boolean, path: string, depth = 0): string | null {
  if (bad(value)) return path;
  if (value === null || typeof value !== 'object' || depth > 32 || Buffer.isBuffer(value)) return null;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, inner] of entries) {
    const here = path ? `${path}.${key}` : key;
    if (bad(key)) return here.replaceAll('\u0000', '\\0');
    const found = find(inner, bad, here, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
