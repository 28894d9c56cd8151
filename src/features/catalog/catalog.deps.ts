import type { AppContext, FilmChangeListener, FilmPageExtension, HomePageSection } from '../../kernel/context.js';
import type { FilmEngagement } from './engagement.js';

/** What the catalog's routes are given by the composition root (server/routes.ts); nothing is looked up on ctx. */
export interface CatalogDeps {
  ctx: AppContext;
  /** What ratings, likes and comments contribute to listings and sorts. */
  engagement: FilmEngagement;
  /** The other features' blocks on the film page, in page order. */
  filmSections: FilmPageExtension[];
  /** Told after each committed admin write to a film (related films, search). */
  filmChangeListeners: FilmChangeListener[];
  /** Other features' blocks on the home page after the newest films (the site's lists), in page order. */
  homeSections?: HomePageSection[];
}
