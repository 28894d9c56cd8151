import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MAX_POSTER_BYTES } from '../../posters/index.js';

/** Why a featured image was not brought; becomes a "skipped" reason in the summary. */
export class MediaError extends Error {}

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { maxBytes: MAX_POSTER_BYTES, timeoutMs: 15_000, maxRedirects: 3 };

/** What a poster may be: the poster pipeline decodes it again, this only refuses obvious non-images early. */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const UPLOADS = '/wp-content/uploads/';

/**
 * The local copy of an uploaded file: the part of its URL after `/wp-content/uploads/`, under `mediaDir`. Null when
 * the URL is not an upload or the file is absent; a path that would leave `mediaDir` (`../`) is never read.
 */
export async function localMediaFile(mediaDir: string, url: string): Promise<string | null> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://old.invalid').pathname);
  } catch {
    return null;
  }
  const at = pathname.indexOf(UPLOADS);
  if (at === -1) return null;
  const root = path.resolve(mediaDir);
  const file = path.resolve(root, pathname.slice(at + UPLOADS.length));
  if (!file.startsWith(`${root}${path.sep}`)) return null;
  const stat = await fs.promises.stat(file).catch(() => null);
  return stat?.isFile() ? file : null;
}

/**
 * Download an image to `dest`, within limits: http(s) only, at most `maxRedirects` redirects (each checked again),
 * a JPEG/PNG/WebP content type, at most `maxBytes` (declared or counted), and `timeoutMs` for the whole transfer.
 */
export async function fetchMedia(url: string, dest: string, limits: FetchLimits = DEFAULT_FETCH_LIMITS): Promise<void> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let current = url;
  try {
    for (let hop = 0; ; hop++) {
      const parsed = new URL(current);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        throw new MediaError(`not an http(s) address (${parsed.protocol})`);
      const response = await fetch(parsed, { redirect: 'manual', signal });
      if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
        await response.body?.cancel();
        if (hop >= limits.maxRedirects) throw new MediaError(`more than ${limits.maxRedirects} redirects`);
        current = new URL(response.headers.get('location') ?? '', parsed).href;
        continue;
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        throw new MediaError(`the server answered ${response.status}`);
      }
      const type = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!IMAGE_TYPES.has(type)) {
        await response.body.cancel();
        throw new MediaError(`not an image (${type || 'no content type'})`);
      }
      const declared = Number(response.headers.get('content-length'));
      if (declared > limits.maxBytes) {
        await response.body.cancel();
        throw new MediaError(`larger than ${limits.maxBytes} bytes`);
      }
      let seen = 0;
      const count = new Transform({
        transform(chunk: Buffer, _enc, done) {
          seen += chunk.length;
          done(seen > limits.maxBytes ? new MediaError(`larger than ${limits.maxBytes} bytes`) : null, chunk);
        },
      });
      // The web stream's types differ from Node's ReadableStream type; Readable.fromWeb reads either.
      await pipeline(
        Readable.fromWeb(response.body as Parameters<typeof Readable.fromWeb>[0]),
        count,
        fs.createWriteStream(dest),
      );
      return;
    }
  } catch (error) {
    await fs.promises.rm(dest, { force: true });
    if (error instanceof MediaError) throw error;
    if (signal.aborted) throw new MediaError(`took longer than ${limits.timeoutMs / 1000} s`);
    throw new MediaError(error instanceof Error ? error.message : String(error));
  }
}
