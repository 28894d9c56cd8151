import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { brotliTemplate, fillImage, fillTemplate, gzipJoin, gzipTemplate, imageOf, negotiate } from './compression.js';

describe('Accept-Encoding negotiation', () => {
  it('takes the highest q-value, ties in the order offered, identity when nothing fits', () => {
    expect(negotiate('gzip, deflate, br', ['br', 'gzip'])).toBe('br');
    expect(negotiate('gzip, deflate, br', ['gzip'])).toBe('gzip');
    expect(negotiate('br;q=0.5, gzip;q=0.8', ['br', 'gzip'])).toBe('gzip');
    expect(negotiate('br;q=0, gzip;q=0', ['br', 'gzip'])).toBeNull();
    expect(negotiate('*;q=0.1', ['br', 'gzip'])).toBe('br');
    expect(negotiate('identity', ['br', 'gzip'])).toBeNull();
    expect(negotiate(undefined, ['br', 'gzip'])).toBeNull();
    expect(negotiate('br', ['gzip'])).toBeNull();
  });
});

describe('gzip joined from separately deflated segments', () => {
  it('decompresses to the pieces in order, whatever the per-visitor parts are', () => {
    const head = Buffer.from('<html><body>'.repeat(300));
    const middle = Buffer.from('<p>shared ✓ text</p>'.repeat(200));
    for (const token of ['', 'tok-123', 'x'.repeat(70_000), 'é€']) {
      const pieces = [head, token, middle, 'value="a&amp;b"', Buffer.alloc(0), head];
      const { chunks, length } = gzipJoin(pieces);
      const body = Buffer.concat(chunks);
      expect(body.length).toBe(length);
      const expected = pieces.map(String).join('');
      expect(zlib.gunzipSync(body).toString()).toBe(expected);
    }
  });
});

describe('page templates: fixed bytes compressed once, holes filled per response (decision 040)', () => {
  const page = (n: number) =>
    `<article><h2>Film ${n}</h2><p>${'A shared paragraph of the page, “quoted” and é-accented. '.repeat(20)}</p>`;
  // Holes where a film page has its token and stamp, and a varying one (a saved name).
  const parts = [
    Buffer.from(`<html><body>${page(1)}<input value="`),
    43,
    Buffer.from(`"></form>${page(2)}<input value="`),
    36,
    Buffer.from(`."><input value="`),
    43,
    Buffer.from(`">${page(3)}</body></html>`),
  ];
  const randomFill = (length: number) => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    return Buffer.from(Array.from({ length }, () => alphabet[Math.floor(Math.random() * 64)]).join(''));
  };

  it('decompress to the page with each response’s own pieces, brotli and gzip', async () => {
    const br = await brotliTemplate(parts);
    const gzip = await gzipTemplate(parts);
    expect(br).not.toBeNull();
    for (let round = 0; round < 50; round++) {
      const fills = [randomFill(43), randomFill(36), randomFill(43)];
      let at = 0;
      const expected = Buffer.concat(parts.map((part) => (typeof part === 'number' ? fills[at++]! : part)));
      const b = fillTemplate(br!, fills)!;
      const g = fillTemplate(gzip, fills)!;
      expect(zlib.brotliDecompressSync(Buffer.concat(b.chunks)).equals(expected)).toBe(true);
      expect(zlib.gunzipSync(Buffer.concat(g.chunks)).equals(expected)).toBe(true);
      expect(Buffer.concat(b.chunks).length).toBe(b.length);
    }
    // Chained, each part compresses against the page before it: smaller than the parts deflated alone.
    const alone = gzipJoin([parts[0] as Buffer, 'x'.repeat(43), parts[2] as Buffer, 'y'.repeat(36)]);
    const chained = fillTemplate(gzip, [randomFill(43), randomFill(36), randomFill(43)])!;
    expect(chained.length).toBeLessThan(alone.length);
  });

  it('refuse a fill of another length, and brotli refuses a hole of varying length', async () => {
    const br = await brotliTemplate(parts);
    expect(fillTemplate(br!, [randomFill(42), randomFill(36), randomFill(43)])).toBeNull();
    const varying = [Buffer.from('<p>Name: <input value="'), -1, Buffer.from(`">${page(4)}`)];
    expect(await brotliTemplate(varying)).toBeNull();
    const gzip = await gzipTemplate(varying);
    for (const name of ['', 'Zoë', 'x'.repeat(300)]) {
      const filled = fillTemplate(gzip, [Buffer.from(name)])!;
      expect(zlib.gunzipSync(Buffer.concat(filled.chunks)).toString()).toBe(
        `<p>Name: <input value="${name}">${page(4)}`,
      );
    }
  });

  it('fill one buffer per answer, reused only when given back, in every encoding', async () => {
    const br = await brotliTemplate(parts);
    const gzip = await gzipTemplate(parts);
    for (const [encoded, decode] of [
      [null, (b: Buffer) => b],
      [gzip, zlib.gunzipSync],
      [br, zlib.brotliDecompressSync],
    ] as const) {
      const image = imageOf(parts, encoded)!;
      const seen: Buffer[] = [];
      for (let round = 0; round < 4; round++) {
        const fills = [randomFill(43), randomFill(36), randomFill(43)].map(String);
        const out = fillImage(image, fills)!;
        let at = 0;
        const expected = Buffer.concat(
          parts.map((part) => (typeof part === 'number' ? Buffer.from(fills[at++]!) : part)),
        );
        expect(decode(out).equals(expected)).toBe(true);
        // Rounds 0 and 1 give their buffer back: round 1 and 2 reuse it; round 2 keeps it, so round 3 gets a new one.
        if (round < 2) image.spare = out;
        seen.push(out);
      }
      expect(seen[1]).toBe(seen[0]);
      expect(seen[2]).toBe(seen[0]);
      expect(seen[3]).not.toBe(seen[0]);
      expect(fillImage(image, ['short', 'x'.repeat(36), 'y'.repeat(43)])).toBeNull();
    }
  });
});
