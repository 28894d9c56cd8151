import type { FastifyBaseLogger } from 'fastify';
import type { FilmChange, FilmChangeListener } from '../../../kernel/context.js';

/**
 * Tell derived data (related films, search) about a film write, after it committed. The write stands whatever a
 * listener does, so a failing listener is logged and the next one still runs.
 */
export async function notifyFilmChange(
  ctx: { filmChangeListeners: readonly FilmChangeListener[] },
  log: Pick<FastifyBaseLogger, 'error'>,
  change: FilmChange,
): Promise<void> {
  for (const listener of ctx.filmChangeListeners) {
    try {
      await listener(change);
    } catch (error) {
      log.error({ err: error, change }, 'a film change listener failed');
    }
  }
}
