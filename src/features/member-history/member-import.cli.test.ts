// `reelhouse member-import` end to end: the compiled CLI (dist/cli.js: run `npm run build` first) as a child process
// on a real SQLite file; what an operator sees (exit code, line-numbered report) against what the database holds.
// Fixtures: test/fixtures/history (layouts and sources in src/features/history/history.test.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, holdings, insertFixtureCatalog, tempDir } from '../../../test/support/member-history.js';
import { createSignedInMember } from '../../../test/support/members.js';
import { createDb } from '../../db/create-db.js';
import { migrateToLatest } from '../../db/migrate.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(ROOT, 'dist', 'cli.js');

describe('reelhouse member-import', () => {
  const dir = tempDir();
  const dbFile = path.join(dir, 'cli.db');
  let member: { id: number; visitorId: string; email: string };
  beforeAll(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before these tests`);
    const db = createDb({ dialect: 'sqlite', file: dbFile });
    await migrateToLatest(db);
    await insertFixtureCatalog(db);
    member = (await createSignedInMember(db)).member;
    await db.destroy();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, 'member-import', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `sqlite:${dbFile}`, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
    });
  const held = async () => {
    const db = createDb({ dialect: 'sqlite', file: dbFile });
    try {
      return await holdings(db, member);
    } finally {
      await db.destroy();
    }
  };

  it('imports an IMDb CSV, printing skipped rows by line, and exits 0; a second run changes nothing', () => {
    const file = path.join(FIXTURES, 'imdb/ratings.csv');
    const run = cli('--email', member.email.toUpperCase(), file);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Added: 0 diary entries, 2 ratings');
    expect(run.stdout).toContain('ratings.csv: line 4: skipped: not a film (title type TV Series)');
    const again = cli('--email', member.email, file);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Added: 0 diary entries, 0 ratings');
  });

  it('exits 1 with the line named when the file is refused, and changes nothing', async () => {
    const before = await held();
    const wrong = path.join(dir, 'wrong.csv');
    fs.writeFileSync(wrong, 'Film,Stars\nHeat,5\n');
    const run = cli('--email', member.email, wrong);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'refused, nothing was imported: wrong.csv, line 1: not a Letterboxd, IMDb or Trakt export',
    );
    expect(await held()).toEqual(before);
    const unknown = cli('--email', 'nobody@example.org', path.join(FIXTURES, 'imdb/ratings.csv'));
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('no member has the address nobody@example.org');
  });
});
