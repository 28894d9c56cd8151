import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration from the environment', () => {
  it('runs with no settings at all: port 3000 and a SQLite file under ./var', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database).toMatchObject({ dialect: 'sqlite' });
    expect(config.database.dialect === 'sqlite' && config.database.file.endsWith('reelhouse.db')).toBe(true);
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('reads a PostgreSQL URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://app@db.internal/reelhouse' }).database.dialect).toBe('postgres');
  });

  it('lists every bad value at once, each naming its variable', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      PUBLIC_URL: 'example.com',
      PAGE_CACHE: 'maybe',
      COOKIE_SECRET: 'short',
    });
    for (const name of ['PORT', 'LOG_LEVEL', 'PUBLIC_URL', 'PAGE_CACHE', 'COOKIE_SECRET']) {
      expect(
        problems.some((p) => p.startsWith(`${name}:`)),
        name,
      ).toBe(true);
    }
  });

  it('works the related-films queue unless RELATED_WORKER says off (decision 048)', () => {
    expect(loadConfig({}).relatedWorker).toBe(true);
    expect(loadConfig({ RELATED_WORKER: 'off' }).relatedWorker).toBe(false);
    expect(loadConfig({ RELATED_WORKER: 'on' }).relatedWorker).toBe(true);
    expect(problemsOf({ RELATED_WORKER: 'sometimes' }).join('\n')).toMatch(/^RELATED_WORKER: expected on or off/);
  });

  it('refuses to run in production without a cookie secret', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).join('\n')).toMatch(/COOKIE_SECRET: required/);
  });

  it('rejects a database URL it cannot use, with the variable named', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://localhost/db' }).join('\n')).toMatch(/DATABASE_URL/);
  });
});
