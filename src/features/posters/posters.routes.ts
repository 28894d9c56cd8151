import fs from 'node:fs';
import path from 'node:path';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { Id } from '../../kernel/schemas.js';
import { POSTER_FILE } from '../../lib/poster-key.js';

const PosterParams = Type.Object({
  filmId: Id(),
  file: Type.String({ maxLength: 40, pattern: POSTER_FILE.source }),
});

/** Poster files: their names carry the content hash, so they are cached for a year and never revalidated. */
export function registerPosterRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get<{ Params: Static<typeof PosterParams> }>(
    '/posters/:filmId/:file',
    { schema: { params: PosterParams } },
    async (request, reply) => {
      // Both parts are validated above (an integer, a hash-width.webp name), so the path cannot leave the folder.
      const file = path.join(ctx.config.posterDir, String(request.params.filmId), request.params.file);
      let size: number;
      try {
        size = (await fs.promises.stat(file)).size;
      } catch {
        throw new AppError('not_found', 'There is no poster at this address.');
      }
      return reply
        .type('image/webp')
        .header('content-length', String(size))
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(fs.createReadStream(file));
    },
  );
}
