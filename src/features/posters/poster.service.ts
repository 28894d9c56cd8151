import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import sharp, { type Metadata } from 'sharp';
import { formatPosterKey, MIN_POSTER_WIDTH, POSTER_WIDTHS, parsePosterKey, posterWidths } from './poster-key.js';

export const MAX_POSTER_BYTES = 10 * 1024 * 1024;
/** Decompression bombs: a small file can claim a huge canvas. 50 MP is far beyond any real poster scan. */
const MAX_POSTER_PIXELS = 50_000_000;
const ACCEPTED_FORMATS: Record<string, string> = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP' };

/** A problem with an upload, worded for the person who uploaded it. */
export class PosterError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 = 400,
  ) {
    super(message);
    this.name = 'PosterError';
  }
}

export const tooLargeMessage = () =>
  `The poster file is larger than ${MAX_POSTER_BYTES / 1024 / 1024} MB. Save it smaller (a poster needs at most ${POSTER_WIDTHS[POSTER_WIDTHS.length - 1]} px across) and upload it again.`;

/** Resized copies waiting in a staging folder beside the posters, so installing them is a rename, not a copy. */
export interface PreparedPoster {
  hash: string;
  maxWidth: number;
  stagingDir: string;
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Check an uploaded file really is a JPEG, PNG or WebP poster by decoding it (a renamed text file or a truncated
 * image fails here, whatever its name or declared type says), and make the WebP copies in a staging folder.
 */
export async function preparePoster(posterDir: string, file: string): Promise<PreparedPoster> {
  const size = (await fs.promises.stat(file)).size;
  if (size === 0) throw new PosterError('The poster file is empty.');
  if (size > MAX_POSTER_BYTES) throw new PosterError(tooLargeMessage(), 413);
  const options = { limitInputPixels: MAX_POSTER_PIXELS, failOn: 'error' as const };
  let meta: Metadata;
  try {
    meta = await sharp(file, options).metadata();
  } catch {
    throw new PosterError('This file is not an image: upload the poster as a JPEG, PNG or WebP file.');
  }
  const label = ACCEPTED_FORMATS[meta.format ?? ''];
  if (!label)
    throw new PosterError(
      `This is a ${String(meta.format ?? 'unknown').toUpperCase()} image; upload the poster as a JPEG, PNG or WebP file.`,
    );
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (width * height > MAX_POSTER_PIXELS)
    throw new PosterError(`The image is ${width} × ${height} pixels, more than a poster needs; make it smaller.`, 413);
  if (width < MIN_POSTER_WIDTH)
    throw new PosterError(`The image is ${width} px wide; a poster needs to be at least ${MIN_POSTER_WIDTH} px wide.`);

  const hash = await hashFile(file);
  const maxWidth = Math.min(width, POSTER_WIDTHS[POSTER_WIDTHS.length - 1]!);
  await fs.promises.mkdir(posterDir, { recursive: true });
  const stagingDir = await fs.promises.mkdtemp(path.join(posterDir, '.staging-'));
  try {
    // One decode per width, one at a time: a 2-core server keeps serving pages meanwhile.
    for (const w of posterWidths(maxWidth)) {
      await sharp(file, options)
        .autoOrient()
        .resize({ width: w, withoutEnlargement: true })
        .webp({ quality: 82 })
        .toFile(path.join(stagingDir, `${hash}-${w}.webp`));
    }
  } catch {
    await fs.promises.rm(stagingDir, { recursive: true, force: true });
    throw new PosterError(`This ${label} file could not be decoded: it may be damaged or cut short. Try another copy.`);
  }
  return { hash, maxWidth, stagingDir };
}

/** Move the prepared copies to their final place; returns the poster key to store. */
export async function installPoster(posterDir: string, filmId: number, prepared: PreparedPoster): Promise<string> {
  const dir = path.join(posterDir, String(filmId));
  await fs.promises.mkdir(dir, { recursive: true });
  for (const name of await fs.promises.readdir(prepared.stagingDir)) {
    await fs.promises.rename(path.join(prepared.stagingDir, name), path.join(dir, name));
  }
  await fs.promises.rm(prepared.stagingDir, { recursive: true, force: true });
  return formatPosterKey({ filmId, hash: prepared.hash, maxWidth: prepared.maxWidth });
}

export async function discardPreparedPoster(prepared: PreparedPoster): Promise<void> {
  await fs.promises.rm(prepared.stagingDir, { recursive: true, force: true });
}

/** Delete the files of a poster that is no longer used (replaced, removed, or its film deleted). */
export async function removePosterFiles(posterDir: string, key: string | null | undefined): Promise<void> {
  const parts = key ? parsePosterKey(key) : null;
  if (!parts) return;
  const dir = path.join(posterDir, String(parts.filmId));
  await Promise.all(
    posterWidths(parts.maxWidth).map((w) => fs.promises.rm(path.join(dir, `${parts.hash}-${w}.webp`), { force: true })),
  );
  // The folder goes once empty; another upload may be landing in it, so a non-empty folder is simply left.
  await fs.promises.rmdir(dir).catch(() => {});
}
