import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
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
export async function createTestApp(dialect: DialectName, overrides: Partial<Config> = {}): Promise<TestApp> {
  const t = await createTestDatabase(dialect);
  const app = await createApp({ config: testConfig(overrides), db: t.db });
  return {
    app,
    t,
    async close() {
      await app.close();
      await t.destroy();
    },
  };
}
