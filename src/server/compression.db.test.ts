import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { csrfOf } from '../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock, testConfig } from '../../test/support/app.js';
import { describeEachDialect } from '../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';
import { packageRoot } from '../lib/package-root.js';

/**
 * Pages and assets go out compressed as the client asks (docs/decisions/022, addendum): the bytes must decompress to
 * exactly what an identity answer carries, a spliced page with the visitor's own token and parts in it.
 */

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  html: string;
}

/** Raw HTTP (fetch would decompress silently): the front cache answers these. */
function get(origin: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(`${origin}${path}`, { headers }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () => {
          const raw = Buffer.concat(parts);
          const encoding = res.headers['content-encoding'];
          const plain =
            encoding === 'br' ? zlib.brotliDecompressSync(raw) : encoding === 'gzip' ? zlib.gunzipSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, html: plain.toString() });
        });
      })
      .on('error', reject);
  });
}

/**
 * The answer once it comes brotli-compressed: a spliced page's compressed forms are built off the event loop after
 * the first request that asks for compression (decision 040). Polls for at most 5 s.
 */
async function once(ask: () => Promise<Answer>): Promise<Answer> {
  const until = Date.now() + 5000;
  for (;;) {
    const answer = await ask();
    if (answer.headers['content-encoding'] === 'br' || Date.now() > until) {
      expect(answer.headers['content-encoding']).toBe('br');
      return answer;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const cookiesOf = (answer: Answer) => (answer.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]!);

describeEachDialect('compressed pages and assets', (dialect) => {
  let t: TestApp;
  let origin = '';
  const clock = new TestClock();

  beforeAll(async () => {
    t = await createTestApp(
      dialect,
      {
        shedEventLoopDelayMs: 0,
        engagement: { ...testConfig().engagement, writesPerVisitorPerMinute: 10_000, writesPerIpPerMinute: 10_000 },
      },
      { clock },
    );
    await insertFilms(t.t.db, [
      buildFilm({ title: 'Squeezed', synopsis: 'A film whose page goes out compressed. '.repeat(20) }),
    ]);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => t.close());

  it('sends br, gzip and identity that decompress to the same page, with Vary, and 304 on a matching ETag', async () => {
    // The privacy page has no form: no per-visitor part, so one body per encoding and an ETag each.
    const path = '/privacy';
    await get(origin, path);
    const identity = await get(origin, path, { 'accept-encoding': 'identity' });
    expect(identity.status).toBe(200);
    expect(identity.headers['x-page-cache']).toBe('hit');
    expect(identity.headers['content-encoding']).toBeUndefined();
    for (const [accept, expected] of [
      ['gzip, deflate, br', 'br'],
      ['br;q=0.5, gzip', 'gzip'],
      ['gzip;q=0, br;q=0', undefined],
    ] as const) {
      const answer = await get(origin, path, { 'accept-encoding': accept });
      expect(answer.headers['content-encoding'], accept).toBe(expected);
      expect(answer.headers.vary).toContain('accept-encoding');
      expect(answer.html).toBe(identity.html);
      expect(Number(answer.headers['content-length'])).toBe(answer.raw.length);
      if (expected) expect(answer.raw.length).toBeLessThan(identity.raw.length / 2);
      const etag = answer.headers.etag;
      expect(etag).toBeTruthy();
      const again = await get(origin, path, { 'accept-encoding': accept, 'if-none-match': etag! });
      expect(again.status).toBe(304);
      expect(again.raw.length).toBe(0);
    }
    // An ETag of one encoding does not validate another's bytes.
    const br = await get(origin, path, { 'accept-encoding': 'br' });
    const gzipAgainstBr = await get(origin, path, { 'accept-encoding': 'gzip', 'if-none-match': br.headers.etag! });
    expect(gzipAgainstBr.status).toBe(200);
    // Through Fastify's hook (inject) the same bytes.
    const injected = await t.app.inject({ url: path, headers: { 'accept-encoding': 'br' } });
    expect(zlib.brotliDecompressSync(injected.rawPayload).toString()).toBe(identity.html);
  });

  it('splices the visitor’s own token and vote into a gzip page', async () => {
    const first = await get(origin, '/film/squeezed', { 'accept-encoding': 'gzip, br' });
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(first.headers.vary).toContain('accept-encoding');
    const firstCookie = cookiesOf(first).join('; ');
    const token = csrfOf(first.html);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The voter: a vote through the API, then the page from the cache with their stars and their own token.
    const voted = await new Promise<{ status: number; cookies: string[] }>((resolve, reject) => {
      const req = http.request(
        `${origin}/api/v1/films/squeezed/rating`,
        { method: 'PUT', headers: { cookie: firstCookie, 'x-csrf-token': token, 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          const cookies = (res.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]!);
          res.on('end', () => resolve({ status: res.statusCode ?? 0, cookies }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ stars: 4 }));
    });
    expect(voted.status).toBe(200);
    const jar = new Map(
      [...cookiesOf(first), ...voted.cookies].map((pair) => [pair.slice(0, pair.indexOf('=')), pair] as const),
    );
    const cookie = [...jar.values()].join('; ');
    await get(origin, '/film/squeezed', { cookie });
    const plain = await get(origin, '/film/squeezed', { cookie, 'accept-encoding': 'identity' });
    const packed = await get(origin, '/film/squeezed', { cookie, 'accept-encoding': 'gzip' });
    expect(packed.headers['x-page-cache']).toBe('hit');
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(Number(packed.headers['content-length'])).toBe(packed.raw.length);
    expect(packed.html).toBe(plain.html);
    expect(csrfOf(packed.html)).toBe(token);
    expect(packed.html).toMatch(/Your rating: <strong>4 stars<\/strong>/);
    expect(packed.raw.length).toBeLessThan(plain.raw.length / 2);
    // Someone else gets the same page with their own token and no stars of the voter's.
    const other = await get(origin, '/film/squeezed', { 'accept-encoding': 'gzip' });
    expect(csrfOf(other.html)).not.toBe(token);
    expect(other.html).not.toContain('Your rating: <strong>');
    // Once the page's brotli template for the voter's variants is built (decision 040), the same page goes out br.
    const br = await once(() => get(origin, '/film/squeezed', { cookie, 'accept-encoding': 'gzip, br' }));
    expect(br.html).toBe(plain.html);
    expect(Number(br.headers['content-length'])).toBe(br.raw.length);
    expect(br.raw.length).toBeLessThan(packed.raw.length);
    const otherBr = await once(() => get(origin, '/film/squeezed', { 'accept-encoding': 'br' }));
    expect(csrfOf(otherBr.html)).not.toBe(token);
    expect(otherBr.html).not.toContain('Your rating: <strong>');
  });

  it('sends a spliced page br, with each visitor’s own token, identical to its identity bytes', async () => {
    const first = await get(origin, '/film/squeezed');
    const cookie = cookiesOf(first).join('; ');
    const br = await once(() => get(origin, '/film/squeezed', { cookie, 'accept-encoding': 'br' }));
    const plain = await get(origin, '/film/squeezed', { cookie, 'accept-encoding': 'identity' });
    expect(br.headers['x-page-cache']).toBe('hit');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(br.html).toBe(plain.html);
    expect(csrfOf(br.html)).toBe(csrfOf(plain.html));
    // Two new visitors at once: two tokens, each decompressing into its own page.
    const [a, b] = await Promise.all([
      get(origin, '/film/squeezed', { 'accept-encoding': 'br' }),
      get(origin, '/film/squeezed', { 'accept-encoding': 'br' }),
    ]);
    expect(a.headers['content-encoding']).toBe('br');
    expect(csrfOf(a.html)).not.toBe(csrfOf(b.html));
    expect(a.html.replaceAll(csrfOf(a.html), '')).toBe(b.html.replaceAll(csrfOf(b.html), ''));
  });

  it('sends the stylesheet compressed, with Vary', async () => {
    const home = await get(origin, '/');
    const href = /href="(\/assets\/site\.[0-9a-f]+\.css)"/.exec(home.html)?.[1];
    expect(href).toBeTruthy();
    const identity = await get(origin, href!, { 'accept-encoding': 'identity' });
    const br = await get(origin, href!, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(br.html).toBe(identity.html);
    expect(br.raw.length).toBeLessThan(identity.raw.length / 3);
    // The build's brotli 11 form (scripts/build.mjs), not one made by this process: `npm run build` first.
    const built = path.join(packageRoot(), 'dist', 'assets', `${href!.slice('/assets/'.length)}.br`);
    expect(fs.existsSync(built), `${built} (run npm run build)`).toBe(true);
    expect(br.raw.equals(fs.readFileSync(built))).toBe(true);
  });
});
