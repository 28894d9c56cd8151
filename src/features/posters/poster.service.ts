import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import sharp, { type Metadata } from 'sharp';
import { DEFAULT_LIMITS } from '../../config.js';
import {
  formatPosterKey,
  MIN_POSTER_WIDTH,
  POSTER_WIDTHS,
  parsePosterKey,
  posterWidths,
} from '../../lib/poster-key.js';

export const MAX_POSTER_BYTES = 10 * 1024 * 1024;

/**
 * Decompression bombs: a small file can claim a huge canvas (a 47 KB PNG of 49,000,000 × 1 px took 25 s and 420 MB).
 * Both are read from the header and checked before a pixel is decoded.
 */
export interface PosterLimits {
  /** POSTER_MAX_PIXELS: 40 MP by default, far beyond any real poster scan. */
  maxPixels: number;
  /** POSTER_MAX_ASPECT_RATIO: a poster is about 2:3; one side 20 times the other is a strip, not a poster. */
  maxAspectRatio: number;
}

export const DEFAULT_POSTER_LIMITS: PosterLimits = {
  maxPixels: DEFAULT_LIMITS.posterMaxPixels,
  maxAspectRatio: DEFAULT_LIMITS.posterMaxAspectRatio,
};

// libvips runs off the main thread, but with a thread per core by default: one fewer leaves a core for serving pages.
sharp.concurrency(Math.max(1, os.availableParallelism() - 1));
// Each upload is decoded a few times and never again; a cache of its decoded pixels only holds memory.
sharp.cache(false);

/** Posters are prepared one at a time per process, so two admins uploading at once do not double the memory. */
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const result = queue.then(work);
  queue = result.catch(() => {});
  return result;
}
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
export function preparePoster(
  posterDir: string,
  file: string,
  limits: PosterLimits = DEFAULT_POSTER_LIMITS,
): Promise<PreparedPoster> {
  return oneAtATime(() => prepare(posterDir, file, limits));
}

async function prepare(posterDir: string, file: string, limits: PosterLimits): Promise<PreparedPoster> {
  const size = (await fs.promises.stat(file)).size;
  if (size === 0) throw new PosterError('The poster file is empty.');
  if (size > MAX_POSTER_BYTES) throw new PosterError(tooLargeMessage(), 413);
  // libvips checks the limit too, as a second guard; the checks below give the reason in words first.
  const options = { limitInputPixels: limits.maxPixels, failOn: 'error' as const };
  let meta: Metadata;
  try {
    // Reads the header only: nothing is decoded, whatever size the image claims.
    meta = await sharp(file, { failOn: 'error', limitInputPixels: false }).metadata();
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
  if (width * height > limits.maxPixels) {
    const mp = (n: number) => `${Math.round(n / 100_000) / 10} megapixels`;
    throw new PosterError(
      `The image is ${width} × ${height} pixels (${mp(width * height)}); a poster may have at most ${mp(limits.maxPixels)}. Make it smaller.`,
    );
  }
  if (Math.max(width, height) > limits.maxAspectRatio * Math.max(1, Math.min(width, height))) {
    throw new PosterError(
      `The image is ${width} × ${height} pixels; a poster's longer side may be at most ${limits.maxAspectRatio} times its shorter side.`,
    );
  }
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
