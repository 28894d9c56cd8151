import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipJoin, negotiate } from './compression.js';

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
