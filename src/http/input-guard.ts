import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.js';

/**
 * PostgreSQL refuses a NUL character in text (SQLite stores it), and no form field ever needs one. One hook refuses
 * it in every route's path parameters, query string and body, before validation, with a 400 naming the field, so no
 * route can forget and no NUL reaches a query, a log line or an HTML page.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const part of [request.params, request.query, request.body]) {
      const field = findNul(part, '');
      if (field !== null) {
        const name = field || 'body';
        throw new AppError('invalid_field', `${name}: must not contain a NUL character`, name);
      }
    }
  });
}

/** The dotted path of the first string (value or key) holding U+0000, or null. */
function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > 32 || Buffer.isBuffer(value)) return null;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, inner] of entries) {
    const here = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return here.replaceAll('\u0000', '\\0');
    const found = findNul(inner, here, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
