import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';

let t: TestApp;
const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);

beforeAll(async () => {
  process.on('warning', onWarning);
  // Logging on, as a server runs: Fastify checks its logging options only when an app is created.
  t = await createTestApp('sqlite', { logLevel: 'info' });
  // Node emits warnings on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
});
afterAll(async () => {
  process.off('warning', onWarning);
  await t.close();
});

it('starts without a Fastify deprecation warning', () => {
  expect(warnings.map((w) => `${(w as Error & { code?: string }).code ?? w.name}: ${w.message}`)).toEqual([]);
});

it('writes no log line per request (the reverse proxy keeps the access log)', async () => {
  const info = vi.spyOn(t.app.log, 'info').mockImplementation(() => {});
  const response = await t.app.inject({ url: '/healthz' });
  expect(response.statusCode).toBe(200);
  expect(await t.app.inject({ url: '/no-such-page' })).toMatchObject({ statusCode: 404 });
  expect(info).not.toHaveBeenCalled();
});
