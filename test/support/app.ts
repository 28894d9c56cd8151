import type { FastifyInstance } from 'fastify';
import { type Config, loadConfig } from '../../src/config.js';
import type { Clock } from '../../src/lib/clock.js';
import { createApp } from '../../src/server/app.js';
import { createTestDatabase, type DialectName, type TestDatabase } from './databases.js';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ COOKIE_SECRET: 'test-secret-test-secret-test-secret-0123', LOG_LEVEL: 'silent', PORT: '0' }),
    publicUrl: 'http://reelhouse.test',
    ...overrides,
  };
}

export interface TestApp {
  app: FastifyInstance;
  t: TestDatabase;
  close(): Promise<void>;
}

/** The real app over a real, freshly migrated database of the given dialect. */
/** A clock tests can move forward (session expiry, rate windows). */
export class TestClock implements Clock {
  constructor(private current = new Date('2026-11-25T12:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export async function createTestApp(
  dialect: DialectName,
  overrides: Partial<Config> = {},
  options: { clock?: Clock } = {},
): Promise<TestApp> {
  const t = await createTestDatabase(dialect);
  const app = await createApp({ config: testConfig(overrides), db: t.db, clock: options.clock });
  return {
    app,
    t,
    async close() {
      await app.close();
      await t.destroy();
    },
  };
}
