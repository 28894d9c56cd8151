import { defineConfig } from 'vitest/config';

// Three projects, so a developer gets a first signal fast: `npm run test:unit` (seconds: pure logic and in-process
// SQLite), `test:db` (every database test on SQLite and PostgreSQL, CLI runs, the HTML validator) and `test:e2e`
// (Chromium). `npm test` runs all three.
const shared = {
  setupFiles: ['test/support/setup.ts'],
  env: { TZ: 'UTC' },
  testTimeout: 20_000,
  hookTimeout: 60_000,
};

const slow = ['src/**/*.db.test.{ts,tsx}', 'src/**/*.cli.test.{ts,tsx}', 'src/http/html-validity.test.ts'];

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    // Two cores: files in parallel would fight over them; the e2e spec starts a browser.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { ...shared, name: 'unit', include: ['src/**/*.test.{ts,tsx}', 'test/*.test.ts'], exclude: slow },
      },
      { extends: true, test: { ...shared, name: 'db', include: slow } },
      {
        extends: true,
        // A spec's set-up starts a server that imports the demo catalog and builds its related films, and a browser:
        // tens of seconds on a busy two-core machine.
        test: { ...shared, name: 'e2e', include: ['test/e2e/**/*.test.{ts,tsx}'], hookTimeout: 180_000 },
      },
    ],
  },
});
