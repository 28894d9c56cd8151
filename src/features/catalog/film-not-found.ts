import { AppError } from '../../kernel/errors.js';

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
