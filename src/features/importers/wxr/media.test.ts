import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpeg, startMediaServer } from '../../../../test/support/media-server.js';
import { fetchMedia, localMediaFile } from './media.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'media-'));
const limits = { maxBytes: 32 * 1024, timeoutMs: 1_000, maxRedirects: 2 };
let server: Awaited<ReturnType<typeof startMediaServer>>;
let image: Buffer;

beforeAll(async () => {
  image = await jpeg();
  server = await startMediaServer(image);
});
afterAll(async () => {
  await server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('downloading featured images', () => {
  const dest = (name: string) => path.join(tmp, name);

  it('downloads an image, following a redirect', async () => {
    await fetchMedia(`${server.base}/hop/2`, dest('ok.jpg'), limits);
    expect(fs.readFileSync(dest('ok.jpg')).equals(image)).toBe(true);
  });

  it('refuses too many redirects, non-images, files over the limit and slow servers, leaving no file', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/hop/3', /more than 2 redirects/],
      ['/page.html', /not an image \(text\/html\)/],
      ['/big.jpg', /larger than 32768 bytes/],
      ['/slow.jpg', /took longer than 1 s/],
      ['/missing.jpg', /answered 404/],
    ];
    for (const [url, reason] of cases) {
      await expect(fetchMedia(`${server.base}${url}`, dest('bad'), limits)).rejects.toThrow(reason);
      expect(fs.existsSync(dest('bad'))).toBe(false);
    }
    await expect(fetchMedia('file:///etc/passwd', dest('bad'), limits)).rejects.toThrow(/not an http\(s\) address/);
  });

  it('finds the local copy of an upload, never outside the media folder', async () => {
    const media = path.join(tmp, 'uploads');
    fs.mkdirSync(path.join(media, '2014', '02'), { recursive: true });
    fs.writeFileSync(path.join(media, '2014', '02', 'spin ü.jpg'), image);
    fs.writeFileSync(path.join(tmp, 'secret.jpg'), image);
    expect(await localMediaFile(media, 'https://old.example/wp-content/uploads/2014/02/spin%20%C3%BC.jpg')).toBe(
      path.join(media, '2014', '02', 'spin ü.jpg'),
    );
    expect(await localMediaFile(media, 'https://old.example/wp-content/uploads/../secret.jpg')).toBeNull();
    expect(await localMediaFile(media, 'https://old.example/wp-content/uploads/%2e%2e/secret.jpg')).toBeNull();
    expect(await localMediaFile(media, 'https://old.example/images/spin.jpg')).toBeNull();
  });
});
