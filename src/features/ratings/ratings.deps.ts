import type { AppContext, FindFilm } from '../../kernel/context.js';
import { filmNotFound } from '../../kernel/errors.js';

/** What the ratings routes are given: the app context (read-only) and the catalog's film lookup. */
export interface RatingsDeps {
  ctx: AppContext;
  findFilm: FindFilm;
}

export async function filmOr404(findFilm: FindFilm, slug: string) {
  const film = await findFilm(slug);
  if (!film) throw filmNotFound();
  return film;
}
