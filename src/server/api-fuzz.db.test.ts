import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff } from '../../test/support/admin.js';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { describeEachDialect } from '../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../test/support/factories.js';
import { TestVisitor } from '../../test/support/visitor.js';
import { createApiTokenForEmail } from '../features/accounts/index.js';

/**
 * The API as a hostile client sees it: every operation of /api/openapi.json, sent random and edge values for each
 * parameter and body field, with and without credentials. No answer may be a 5xx, and every 4xx must be the
 * documented JSON error. Seeded, so a failure reproduces; it lists every failing request rather than the first.
 */

const SEED = 20_261_205;
const RUNS_PER_OPERATION = 400;

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
}
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body: JsonSchema | null;
  bearer: boolean;
}

// Edge values, as text (what a path segment or a query string carries).
const NUMBERS = ['2147483648', '2147483647', '9007199254740993', '9223372036854775808', '1e21', '1e300', '-1', '0'];
const NOT_NUMBERS = ['1.5', 'NaN', 'Infinity', '-0', '0x10', ' 7', '7 ', '1_000', '١٢'];
const STRINGS = [
  '',
  ' ',
  'x'.repeat(10_000),
  '\u0000',
  'a\u0000b',
  '\u0001\u0008\u001b\u001f\u007f',
  '\r\n\t',
  'é🎬\u202e\u200d\uFEFF',
  '\uD800',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '__proto__',
  'constructor',
  'null',
  'true',
  '[]',
  '{}',
];
/** Looks like a cursor or a token: base64 of forged positions, and base64 that decodes to nothing. */
const BASE64 = [
  '{"o":1e21,"f":"|||newest"}',
  '{"o":1e300,"f":"|||newest"}',
  '{"o":9223372036854775808,"f":"|||newest"}',
  '{"o":-24,"f":"|||newest"}',
  '{"o":2.5,"f":"|||newest"}',
  '{"o":"24","f":"|||newest"}',
  '{"o":24,"f":["|||newest"]}',
  '{"o":24}',
  'null',
  '[]',
  '\u0000',
].map((s) => Buffer.from(s).toString('base64url'));
/** Already percent-encoded: sent as is, so the server decodes (or fails to decode) it. */
const RAW_ENCODED = ['%00', '%ZZ', '%', '%C0%AF', '%E0%A4%A', '%FF%FE', '%2e%2e%2f', '%0d%0aSet-Cookie:x=1', '%u0000'];

/** The first value three times in four, else one of the others. */
const mostly = <T>(usual: T, ...others: T[]) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constantFrom(...others) });

const textEdge = (real: string[]) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...real, 'x') },
    { weight: 2, arbitrary: fc.constantFrom(...NUMBERS, ...NOT_NUMBERS) },
    { weight: 3, arbitrary: fc.constantFrom(...STRINGS) },
    { weight: 1, arbitrary: fc.constantFrom(...BASE64) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.integer().map(String) },
  );

/** encodeURIComponent, except that a lone surrogate (which it refuses) goes out as the bytes of one: invalid UTF-8. */
const encode = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return `${encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, ''))}%ED%A0%80`;
  }
};

/** How a text value goes into the URL: encoded as a browser would, or raw percent-junk the server must decode. */
const urlValue = (real: string[]) =>
  fc.oneof(
    { weight: 5, arbitrary: textEdge(real).map(encode) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_ENCODED) },
  );

const jsonEdge = (schema: JsonSchema | undefined): fc.Arbitrary<unknown> => {
  const typed =
    schema?.type === 'integer' || schema?.type === 'number'
      ? fc.constantFrom(2 ** 31, 2 ** 31 - 1, 2 ** 53, 2 ** 63, 1e21, 1e300, -1, 0, 0.5, 2.5, -0, 1)
      : schema?.type === 'boolean'
        ? fc.boolean()
        : schema?.type === 'object'
          ? fc.dictionary(fc.constantFrom('a', '__proto__', '\u0000', 'x'.repeat(60)), fc.constantFrom(...STRINGS))
          : fc.constantFrom(...STRINGS, 'Ann', 'ann@example.org', 'https://example.org/', 'A fine film, really.');
  return fc.oneof(
    { weight: 6, arbitrary: typed },
    { weight: 1, arbitrary: fc.constantFrom(...NUMBERS.map(Number), ...STRINGS, ...BASE64) },
    { weight: 1, arbitrary: fc.constantFrom(null, true, [], [1, 'a'], {}, { a: { b: [null] } }) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
};

/** Field values a handler accepts, so that a body with one bad field tests that field and not the others. */
const VALID_FIELDS: Record<string, unknown> = {
  authorName: 'Ann',
  authorEmail: 'ann@example.org',
  body: 'The bank scene still holds up.',
  stars: 3.5,
};

/**
 * A JSON body for `schema`: a valid body with one field changed or removed, or each field present or missing with
 * edge values, with extra fields, or not an object at all.
 */
const jsonBody = (schema: JsonSchema) => {
  const fields = Object.entries(schema.properties ?? {});
  const valid = Object.fromEntries(fields.filter(([name]) => name in VALID_FIELDS).map(([n]) => [n, VALID_FIELDS[n]]));
  const oneChanged =
    fields.length === 0
      ? fc.constant(valid)
      : fc.tuple(fc.constantFrom(...fields), mostly(false, true), fc.nat()).chain(([[name, field], remove, salt]) =>
          jsonEdge(field).map((value) => {
            const body: Record<string, unknown> = { ...valid, body: `${String(valid.body ?? '')} #${salt}` };
            if (remove) delete body[name];
            else body[name] = value;
            return body;
          }),
        );
  const object = fc
    .tuple(
      ...fields.map(([name, field]) => fc.option(jsonEdge(field), { freq: 4 }).map((v) => [name, v] as const)),
      fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })),
    )
    .map((parts) => {
      const extra = parts.pop() as Record<string, unknown> | null;
      const body: Record<string, unknown> = { ...(extra ?? {}) };
      for (const [name, value] of parts as Array<readonly [string, unknown]>) if (value !== null) body[name] = value;
      return body;
    });
  return fc.oneof(
    {
      weight: 1,
      arbitrary: fc.nat().map((salt) => ({ ...valid, ...('body' in valid ? { body: `${valid.body} ${salt}` } : {}) })),
    },
    { weight: 4, arbitrary: oneChanged },
    { weight: 4, arbitrary: object },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
};

type BodyMode =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'raw'; contentType: string; payload: string };

const bodyArb = (op: Operation): fc.Arbitrary<BodyMode> => {
  const json = op.body ? jsonBody(op.body) : fc.jsonValue({ maxDepth: 2 });
  const raw = fc.record({
    contentType: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-16',
      'application/x-www-form-urlencoded',
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
      'multipart/form-data',
      '',
    ),
    payload: fc.oneof(
      fc.constantFrom('{"stars":', '{"a":1}{"b":2}', '\u0000', 'stars=1&stars=2', 'a=%ZZ', '--x--', '', ' '),
      fc.string({ unit: 'binary', maxLength: 60 }),
      fc.constant(`{"body":"${'x'.repeat(1_100_000)}"}`),
    ),
  });
  return fc.oneof(
    { weight: op.body ? 1 : 3, arbitrary: fc.constant<BodyMode>({ kind: 'none' }) },
    { weight: 6, arbitrary: json.map((value): BodyMode => ({ kind: 'json', value })) },
    { weight: 2, arbitrary: raw.map((r): BodyMode => ({ kind: 'raw', ...r })) },
  );
};

interface Credentials {
  bearer: string;
  csrf: string;
  cookie: string;
}

/** One request for `op`: path filled in, some query parameters (missing, once, or repeated), body, credentials. */
function requestArb(op: Operation, real: Record<string, string[]>, creds: Credentials): fc.Arbitrary<InjectOptions> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const query = fc.tuple(
    ...queryParams.map((p) =>
      fc
        .oneof(
          { weight: p.required ? 1 : 3, arbitrary: fc.constant<string[]>([]) },
          { weight: 5, arbitrary: urlValue(real[p.name] ?? []).map((v) => [v]) },
          { weight: 1, arbitrary: fc.array(urlValue(real[p.name] ?? []), { minLength: 2, maxLength: 3 }) },
        )
        .map((values) => values.map((v) => `${encodeURIComponent(p.name)}=${v}`)),
    ),
  );
  return fc
    .record({
      path: fc.tuple(...pathParams.map((p) => urlValue(real[p.name] ?? []))),
      query,
      extraQuery: mostly(null, '__proto__[x]=1', 'a[b]=c', '%00=1', '&&', '=', 'x=%ZZ', 'limit=1&limit=2'),
      body: bodyArb(op),
      // Mostly as a real client would send them, so that requests get past the guards to the handlers.
      bearer: mostly('valid', 'none', 'Bearer nope', 'Bearer ', 'Basic YTpi', `Bearer ${'x'.repeat(5000)}`),
      csrf: mostly('valid', 'none', 'forged'),
      cookie: mostly(true, false),
    })
    .map((r) => {
      let url = op.path;
      pathParams.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, r.path[i]!);
      });
      const parts = [...r.query.flat(), ...(r.extraQuery ? [r.extraQuery] : [])];
      if (parts.length) url += `?${parts.join('&')}`;
      const headers: Record<string, string> = {};
      if (r.bearer === 'valid') headers.authorization = `Bearer ${creds.bearer}`;
      else if (r.bearer !== 'none') headers.authorization = r.bearer;
      if (r.csrf === 'valid') headers['x-csrf-token'] = creds.csrf;
      else if (r.csrf === 'forged') headers['x-csrf-token'] = 'forged-token';
      if (r.cookie) headers.cookie = creds.cookie;
      const options: InjectOptions = { method: op.method as InjectOptions['method'], url, headers };
      if (r.body.kind === 'json') {
        headers['content-type'] = 'application/json';
        options.payload = JSON.stringify(r.body.value) ?? 'null';
      } else if (r.body.kind === 'raw') {
        if (r.body.contentType) headers['content-type'] = r.body.contentType;
        options.payload = r.body.payload;
      }
      return options;
    });
}

function operationsOf(doc: {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: unknown; security?: unknown[] }>>;
}): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const content = (op.requestBody as { content?: Record<string, { schema: JsonSchema }> } | undefined)?.content;
      operations.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: content?.['application/json']?.schema ?? null,
        bearer: (op.security ?? []).length > 0,
      });
    }
  }
  return operations;
}

describeEachDialect('OpenAPI-driven fuzzer', (dialect) => {
  let t: TestApp;
  let creds: Credentials;
  let commentId: number;

  beforeAll(async () => {
    // Limits high enough that the fuzzer reaches the handlers rather than the rate limiter.
    t = await createTestApp(dialect, {
      engagement: {
        ratingPriorVotes: 5,
        votesPerIpPerFilm: 1000,
        writesPerVisitorPerMinute: 100_000,
        writesPerIpPerMinute: 100_000,
        commentsPerVisitorPerMinute: 100_000,
        commentsPerIpPerMinute: 100_000,
      },
    });
    await insertFilms(t.t.db, [
      buildFilm({ title: 'Heat', year: 1995, genres: ['Crime'], categories: ['English Movies'] }),
      buildFilm({ title: 'Ran', year: 1985, genres: ['Drama'], categories: ['Japanese Movies'] }),
    ]);
    const now = new Date('2026-11-25T12:00:00Z');
    await createStaff(t, now);
    const visitor = await TestVisitor.start(t.app);
    const posted = await visitor.api('POST', '/api/v1/films/heat/comments', {
      authorName: 'Ann',
      authorEmail: 'ann@example.org',
      body: 'The bank scene still holds up.',
    });
    commentId = (posted.json() as { id: number }).id;
    const session = await t.app.inject({ url: '/api/v1/session' });
    creds = {
      bearer: (await createApiTokenForEmail(t.t.db, ADMIN.email, 'fuzz', now)).token,
      csrf: (session.json() as { csrfToken: string }).csrfToken,
      cookie: (session.cookies as Array<{ name: string; value: string }>).map((c) => `${c.name}=${c.value}`).join('; '),
    };
  });
  afterAll(async () => t.close());

  it('answers every operation, whatever it is sent, with no 5xx and only JSON errors', {
    timeout: 120_000,
  }, async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThanOrEqual(20);
    const real: Record<string, string[]> = {
      slug: ['heat', 'ran', 'no-such-film'],
      id: [String(commentId), '1', '999999'],
      category: ['english-movies', 'nope'],
      genre: ['crime', 'drama'],
      q: ['heat', 'he', 'bank scene'],
      sort: ['newest', 'year', 'title', 'top-rated', 'most-liked', 'relevance', 'rating'],
      status: ['pending', 'approved', 'spam', 'trash'],
      limit: ['1', '50', '100', '101'],
      year: ['1995', '1799'],
      decade: ['1990', '1995'],
      cursor: BASE64,
    };

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    for (const [index, op] of operations.entries()) {
      const requests = fc.sample(requestArb(op, real, creds), { seed: SEED + index, numRuns: RUNS_PER_OPERATION });
      for (const request of requests) {
        sent++;
        const response = await t.app.inject(request);
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        const shown = `${request.method} ${String(request.url).slice(0, 160)} [${String(request.headers?.['content-type'] ?? '')}]`;
        if (response.statusCode >= 500) {
          failures.push(`${response.statusCode} ${shown}`);
          continue;
        }
        if (response.statusCode >= 400) {
          let message: unknown;
          try {
            message = (response.json() as { error?: { message?: unknown } }).error?.message;
          } catch {
            message = undefined;
          }
          const json = String(response.headers['content-type'] ?? '').startsWith('application/json');
          if (!json || typeof message !== 'string' || !message) {
            failures.push(`${response.statusCode} without the JSON error: ${shown} → ${response.body.slice(0, 120)}`);
          }
        }
      }
    }
    // The fuzzer must reach handlers, not only the validator: some answers succeed and some are refused.
    const count = (from: number, to: number) =>
      [...statuses].filter(([s]) => s >= from && s < to).reduce((n, [, c]) => n + c, 0);
    expect(sent).toBe(operations.length * RUNS_PER_OPERATION);
    expect(count(200, 300)).toBeGreaterThan(sent / 20);
    expect(count(400, 500)).toBeGreaterThan(sent / 4);
    expect(failures, failures.join('\n')).toEqual([]);
  });
});
