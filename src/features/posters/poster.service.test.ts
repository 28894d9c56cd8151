import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blackPng } from '../../../test/support/images.js';
import { posterSources } from '../../lib/poster-key.js';
import {
  discardPreparedPoster,
  installPoster,
  PosterError,
  preparePoster,
  removePosterFiles,
} from './poster.service.js';

let dir: string;
const posterDir = () => path.join(dir, 'posters');

async function write(name: string, data: Buffer | Promise<Buffer>) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, await data);
  return file;
}
const image = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 20, g: 90, b: 160 } } });

describe('posters', () => {
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-posters-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('turns a JPEG, PNG or WebP into WebP copies 200, 400 and 800 px wide, named by content', async () => {
    for (const [name, data] of [
      ['a.jpg', image(1200, 1800).jpeg().toBuffer()],
      ['a.png', image(1200, 1800).png().toBuffer()],
      ['a.webp', image(1200, 1800).webp().toBuffer()],
    ] as const) {
      const prepared = await preparePoster(posterDir(), await write(name, data));
      const key = await installPoster(posterDir(), 7, prepared);
      const sources = posterSources(key)!;
      expect(sources.srcset).toMatch(/-200\.webp 200w, .*-400\.webp 400w, .*-800\.webp 800w$/);
      for (const width of [200, 400, 800]) {
        const meta = await sharp(path.join(posterDir(), '7', `${prepared.hash}-${width}.webp`)).metadata();
        expect(meta.format).toBe('webp');
        expect(meta.width).toBe(width);
        expect(meta.height).toBe(width * 1.5);
      }
      await removePosterFiles(posterDir(), key);
    }
    // Nothing left behind: no staging folder, and the film's folder went with its last poster.
    expect(fs.readdirSync(posterDir())).toEqual([]);
  });

  it('never enlarges a small poster: its largest copy is its own width', async () => {
    const prepared = await preparePoster(posterDir(), await write('small.png', image(300, 450).png().toBuffer()));
    const key = await installPoster(posterDir(), 8, prepared);
    expect(posterSources(key)!.srcset).toMatch(/-200\.webp 200w, .*-300\.webp 300w$/);
    await removePosterFiles(posterDir(), key);
  });

  it('refuses what is not a JPEG, PNG or WebP poster, saying why', async () => {
    const refused = async (file: string) => {
      try {
        await preparePoster(posterDir(), file);
      } catch (error) {
        expect(error).toBeInstanceOf(PosterError);
        return (error as PosterError).message;
      }
      throw new Error(`${file} was accepted`);
    };
    expect(await refused(await write('text.jpg', Buffer.from('hello, I am text')))).toContain('not an image');
    expect(await refused(await write('anim.gif', image(400, 600).gif().toBuffer()))).toContain(
      'This is a GIF image; upload the poster as a JPEG, PNG or WebP file.',
    );
    expect(await refused(await write('tiny.png', image(120, 180).png().toBuffer()))).toContain('at least 200 px wide');
    const whole = await image(1000, 1500).jpeg().toBuffer();
    expect(await refused(await write('cut.jpg', whole.subarray(0, whole.length / 2)))).toMatch(
      /damaged|cut short|not an image/,
    );
    expect(await refused(await write('empty.png', Buffer.alloc(0)))).toContain('empty');
    expect(fs.readdirSync(posterDir()).filter((n) => n.startsWith('.staging'))).toEqual([]);
  });

  it('refuses a poster of too many pixels or a strip-like shape from its header, before decoding it', async () => {
    const refused = async (file: string) => {
      const error = await preparePoster(posterDir(), file).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, `${file} was accepted`).toBeInstanceOf(PosterError);
      expect((error as PosterError).status).toBe(400);
      return (error as PosterError).message;
    };
    // The attack: 49,000,000 × 1 px in a file of about 50 KB.
    const bomb = blackPng(49_000_000, 1);
    expect(bomb.length).toBeLessThan(100_000);
    expect(await refused(await write('strip.png', bomb))).toBe(
      'The image is 49000000 × 1 pixels (49 megapixels); a poster may have at most 40 megapixels. Make it smaller.',
    );
    // Few pixels, but 40 times wider than high.
    expect(await refused(await write('band.png', blackPng(8000, 200)))).toBe(
      "The image is 8000 × 200 pixels; a poster's longer side may be at most 20 times its shorter side.",
    );
    // Limits are the caller's (POSTER_MAX_PIXELS, POSTER_MAX_ASPECT_RATIO).
    expect(
      await preparePoster(posterDir(), await write('fine.png', blackPng(400, 600)), {
        maxPixels: 300_000,
        maxAspectRatio: 2,
      }).then(discardPreparedPoster),
    ).toBeUndefined();
    await expect(
      preparePoster(posterDir(), await write('over.png', blackPng(400, 600)), {
        maxPixels: 200_000,
        maxAspectRatio: 2,
      }),
    ).rejects.toThrow('at most 0.2 megapixels');
    expect(fs.readdirSync(posterDir()).filter((n) => n.startsWith('.staging'))).toEqual([]);
  });
});
