import { type IntegerOptions, Type } from '@sinclair/typebox';
import { MAX_ID } from '../lib/ids.js';
import { SLUG_CHARS } from '../lib/slug.js';

/**
 * Schema pieces every route shares, so a rule about an input holds on every route that takes it. Ids are bounded by
 * PostgreSQL's `integer`: an id past 2^31 - 1 is refused as a 400 naming the field, never sent to the database.
 */
export const Id = (options: IntegerOptions = {}) => Type.Integer({ minimum: 1, maximum: MAX_ID, ...options });

export const IdParams = Type.Object({ id: Id() });

/** Form fields that hold an id as text (a select, a hidden input): up to 9 digits is always below MAX_ID. */
export const IdText = Type.String({ pattern: '^[0-9]{1,9}$' });
/** As IdText, and the empty string for "none" (a select's first option). */
export const OptionalIdText = Type.String({ pattern: '^[0-9]{0,9}$' });

/**
 * A slug as lib/slug.ts makes them: lower-case letters of any script, marks, digits and hyphens (a Cyrillic or CJK
 * title keeps its own letters; the router hands the route the decoded text).
 */
export const Slug = (options: { minLength?: number } = {}) =>
  Type.String({ minLength: 1, maxLength: 200, pattern: `^[${SLUG_CHARS}-]+$`, ...options });

export const SlugParams = Type.Object({ slug: Slug() });

/**
 * The body of every API error (server/error-handler.tsx): a stable code, a message, and the offending fields. A
 * response schema must list `fields`, or the serializer would drop it.
 */
export const ApiErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Record(Type.String(), Type.String())),
  }),
});

/** The error statuses any API route may answer (bad input, CSRF, not found, rate limit; an outage): one shape. */
export const ApiErrorResponses = { '4xx': ApiErrorBody, '5xx': ApiErrorBody };
