/**
 * The error catalog: stable codes a client can branch on, each with its HTTP status. Messages for 4xx are shown to
 * the visitor; 5xx details are logged and replaced by a generic message.
 */
export const ERROR_CODES = {
  bad_request: 400,
  invalid_field: 400,
  unauthorized: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  film_not_found: 404,
  category_not_found: 404,
  genre_not_found: 404,
  person_not_found: 404,
  page_not_found: 404,
  tag_not_found: 404,
  method_not_allowed: 405,
  duplicate_comment: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

/** What a 503 tells clients to wait before trying again (RFC 9110 §10.2.3): an outage or overload is short or not. */
export const RETRY_AFTER_SECONDS = 5;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_CODES[code];
  }
}

export const notFound = (code: ErrorCode, what: string) => new AppError(code, `${what} was not found.`);

/**
 * The one "no such film" error (404 film_not_found), worded for where it was asked: a page at an address (no
 * argument), the API by slug (it names the slug it was given), the admin by id.
 */
export function filmNotFound(asked?: { slug: string } | { id: number }): AppError {
  if (asked && 'slug' in asked) return new AppError('film_not_found', `No film "${asked.slug}".`);
  if (asked && 'id' in asked)
    return new AppError('film_not_found', 'There is no film with this id; it may have been deleted.');
  return new AppError('film_not_found', 'There is no film at this address.');
}
