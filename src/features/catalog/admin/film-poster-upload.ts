import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../../kernel/context.js';
import { discardUpload } from '../../../kernel/uploads.js';
import {
  MAX_POSTER_BYTES,
  PosterError,
  type PreparedPoster,
  preparePoster,
  tooLargeMessage,
} from '../../posters/index.js';

/** What a film form's route declares so the multipart parser takes its poster (uploads.ts). */
export const POSTER_UPLOAD = { field: 'poster', maxBytes: MAX_POSTER_BYTES };

/**
 * The uploaded poster checked and resized, before the database transaction opens (sharp takes a moment), or the
 * problem to show next to the poster field. Nothing chosen: null.
 */
export async function takePoster(
  ctx: Pick<AppContext, 'config'>,
  request: FastifyRequest,
): Promise<{ prepared: PreparedPoster | null; problem?: string; status?: number }> {
  const upload = request.upload;
  if (!upload) return { prepared: null };
  if (upload.tooLarge || !upload.path) {
    await discardUpload(request);
    return { prepared: null, problem: tooLargeMessage(), status: 413 };
  }
  try {
    const { posterMaxPixels: maxPixels, posterMaxAspectRatio: maxAspectRatio } = ctx.config.limits;
    return { prepared: await preparePoster(ctx.config.posterDir, upload.path, { maxPixels, maxAspectRatio }) };
  } catch (error) {
    if (error instanceof PosterError) return { prepared: null, problem: error.message, status: error.status };
    throw error;
  } finally {
    // The resized copies are all that is kept; the upload itself goes now rather than after the response.
    await discardUpload(request);
  }
}
