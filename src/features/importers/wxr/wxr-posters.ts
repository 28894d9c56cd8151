import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Writer } from '../../../kernel/unit-of-work.js';
import { findImportedFilm, setImportedPoster } from '../../catalog/index.js';
import {
  discardPreparedPoster,
  installPoster,
  PosterError,
  type PosterLimits,
  type PreparedPoster,
  preparePoster,
  removePosterFiles,
} from '../../posters/index.js';
import { DEFAULT_FETCH_LIMITS, type FetchLimits, fetchMedia, localMediaFile, MediaError } from './media.js';
import { findImportedItem, updateImportedFilmStamp } from './wxr-import.repository.js';

/** Where featured images come from: a local copy of wp-content/uploads, and/or downloads. */
export interface MediaOptions {
  dir?: string;
  fetch?: boolean;
  fetchLimits?: FetchLimits;
  posterDir: string;
  posterLimits?: PosterLimits;
}

export interface PendingPoster {
  postId: string;
  filmSource: string;
  /** The attachment's WordPress id (`_thumbnail_id`), resolved once the whole export has been read. */
  thumbnailId: string;
}

/**
 * Bring one featured image as a film's poster through the poster pipeline (decoded, checked, resized), then set it in
 * a transaction of its own. Returns null when done, or the reason it was skipped. A film that got a poster meanwhile,
 * or that an admin edited, is left as it is.
 */
export async function bringPoster(
  writer: Writer,
  media: MediaOptions,
  source: string,
  pending: PendingPoster,
  url: string,
  now: () => string,
): Promise<string | null> {
  let file = media.dir ? await localMediaFile(media.dir, url) : null;
  let download: string | null = null;
  if (!file && media.fetch) {
    download = path.join(await fs.promises.mkdtemp(path.join(os.tmpdir(), 'reelhouse-media-')), 'image');
    try {
      await fetchMedia(url, download, media.fetchLimits ?? DEFAULT_FETCH_LIMITS);
      file = download;
    } catch (error) {
      await fs.promises.rm(path.dirname(download), { recursive: true, force: true });
      if (error instanceof MediaError) return `featured image not downloaded: ${error.message}`;
      throw error;
    }
  }
  if (!file) return media.dir ? 'featured image not found in --media-dir' : 'featured image not found';
  let prepared: PreparedPoster;
  try {
    prepared = await preparePoster(media.posterDir, file, media.posterLimits);
  } catch (error) {
    if (error instanceof PosterError) return `featured image refused: ${error.message}`;
    throw error;
  } finally {
    if (download) await fs.promises.rm(path.dirname(download), { recursive: true, force: true });
  }
  let installed: string | null = null;
  try {
    const set = await writer.write(async ({ tx, touched }) => {
      const film = await findImportedFilm(tx, pending.filmSource, pending.postId);
      const record = await findImportedItem(tx, source, pending.postId);
      if (!film || film.posterKey || record?.film_updated_at !== film.updatedAt) return false;
      installed = await installPoster(media.posterDir, film.id, prepared);
      const at = now();
      await setImportedPoster(tx, film.id, installed, at);
      await updateImportedFilmStamp(tx, source, pending.postId, at);
      touched('catalog');
      return true;
    });
    if (!set) await discardPreparedPoster(prepared);
    return set ? null : 'featured image: the film already has a poster or was edited here';
  } catch (error) {
    await removePosterFiles(media.posterDir, installed);
    await discardPreparedPoster(prepared);
    throw error;
  }
}
