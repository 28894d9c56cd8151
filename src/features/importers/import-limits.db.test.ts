// What a hostile or broken import file may cost (issue 12, items 6, 9 and 10): each bad record is refused by the
// physical line it is on, every good row around it is kept, on SQLite and PostgreSQL alike; a file that inflates or
// grows past a limit stops with the limit named and keeps what was stored before it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { createTestDatabase, describeEachDialect, type TestDatabase } from '../../../test/support/databases.js';
import { DEFAULT_IMPORT_LIMITS, runImport } from './import.service.js';

const HEADER = 'title,year,synopsis,origin,language,genres,director,cast,source_id';
const good = (n: number) => `Good Film ${n},${2000 + n},"Synopsis ${n}, with a comma.",France,French,Drama,,,g-${n}`;

describeEachDialect('import of hostile and broken files', (dialect) => {
  let t: TestDatabase;
  let dir: string;
  const file = (name: string, content: string | Buffer) => {
    const full = path.join(dir, name);
    fs.writeFileSync(full, content);
    return full;
  };
  const storedIds = async () =>
    (await t.db.selectFrom('films').select('source_id').orderBy('source_id').execute()).map((r) => r.source_id);
  const goodIds = (...numbers: number[]) => numbers.map((n) => `g-${n}`).sort();

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-import-limits-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    t = await createTestDatabase(dialect);
  });
  afterEach(async () => t.destroy());

  it('refuses a row with a NUL byte by its line, and imports the seven others', async () => {
    const rows = [1, 2, 3, 4, 5, 6, 7, 8].map(good);
    rows[3] = `Nul\u0000Title,2004,"A title with a NUL byte.",France,French,Drama,,,g-4`;
    const summary = await runImport(t.db, { file: file('nul.csv', `${HEADER}\n${rows.join('\n')}\n`), format: 'csv' });
    expect(summary.rejected).toEqual([{ position: 'line 5', reason: 'title contains a NUL character' }]);
    expect(summary.inserted).toBe(7);
    expect(await storedIds()).toEqual(goodIds(1, 2, 3, 5, 6, 7, 8));
  });

  it('refuses a row whose quote never closes by its own line, and keeps the good rows after it', async () => {
    // 15 lines: the header, 14 rows; line 8 opens a quote it never closes.
    const rows = Array.from({ length: 14 }, (_, i) => good(i + 1));
    rows[6] = 'Broken Quote,2012,"This synopsis never ends,France,French,Drama,,,g-7';
    const summary = await runImport(t.db, {
      file: file('quote.csv', `${HEADER}\n${rows.join('\n')}\n`),
      format: 'csv',
    });
    expect(summary.rejected).toEqual([
      { position: 'line 8', reason: 'Quote Not Closed: the quote opened on line 8 is never closed' },
    ]);
    expect(await storedIds()).toEqual(goodIds(1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14));
  });

  it('refuses a stray quote that a later quote would close, naming a line inside the file', async () => {
    const rows = Array.from({ length: 14 }, (_, i) => good(i + 1));
    // The quote after "Stray" would pair with the first quote of line 9, swallowing it.
    rows[6] = 'Stray "Quote,2012,no quotes here,France,French,Drama,,,g-7';
    const summary = await runImport(t.db, {
      file: file('stray.csv', `${HEADER}\n${rows.join('\n')}\n`),
      format: 'csv',
    });
    expect(summary.rejected).toHaveLength(1);
    expect(summary.rejected[0]!.position).toBe('line 8');
    expect(summary.rejected[0]!.reason).not.toMatch(/line (1[6-9]|[2-9]\d)/);
    expect(await storedIds()).toEqual(goodIds(1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14));
  });

  it('refuses a row that is not UTF-8 by its line instead of storing replacement characters', async () => {
    const lines = [HEADER, good(1), good(2), good(3), good(4)].map((l) => Buffer.from(`${l}\n`));
    // Line 4: "Caf\xe9" in Latin-1.
    lines[3] = Buffer.concat([Buffer.from('Caf'), Buffer.from([0xe9]), Buffer.from(',2003,Latin-1 text,,,,,,g-3\n')]);
    const summary = await runImport(t.db, { file: file('latin1.csv', Buffer.concat(lines)), format: 'csv' });
    expect(summary.rejected).toEqual([
      { position: 'line 4', reason: 'the text is not valid UTF-8 (byte 4 of the line)' },
    ]);
    expect(await storedIds()).toEqual(goodIds(1, 2, 4));
    const titles = await t.db.selectFrom('films').select('title').execute();
    expect(titles.some((r) => r.title.includes('\uFFFD'))).toBe(false);
  });

  it('refuses a record longer than IMPORT_MAX_RECORD_BYTES by its line, and keeps the rows after it', async () => {
    const limits = { ...DEFAULT_IMPORT_LIMITS, maxRecordBytes: 4096 };
    const content = [HEADER, good(1), `Long One,2002,"${'x'.repeat(10_000)}",,,,,,g-2`, good(3), ''].join('\n');
    const summary = await runImport(t.db, { file: file('long.csv', content), format: 'csv', limits });
    expect(summary.rejected).toEqual([
      { position: 'line 3', reason: 'the record is longer than 4 KB (IMPORT_MAX_RECORD_BYTES)' },
    ]);
    expect(await storedIds()).toEqual(goodIds(1, 3));
  });

  it('refuses a JSON film longer than IMPORT_MAX_RECORD_BYTES by its item, and keeps the films after it', async () => {
    const limits = { ...DEFAULT_IMPORT_LIMITS, maxRecordBytes: 4096 };
    const films = [
      { title: 'Short One', year: 2001, extract: 'Fine.' },
      { title: 'Long One', year: 2002, extract: 'y'.repeat(100_000) },
      { title: 'Short Two', year: 2003, extract: 'Also fine.', cast: ['Ann Lee'] },
    ];
    const summary = await runImport(t.db, {
      file: file('long.json', JSON.stringify(films)),
      format: 'wikipedia-json',
      limits,
    });
    expect(summary.rejected).toEqual([
      { position: 'item 2', reason: 'the film is longer than 4 KB (IMPORT_MAX_RECORD_BYTES)' },
    ]);
    expect(summary.inserted).toBe(2);
  });

  it('stops a gzip bomb at IMPORT_MAX_BYTES, keeping the rows read before it, with memory bounded', async () => {
    // 1,024 gzip members of 1 MB of "x" each: about 1 MB on disk, 1 GiB inflated, the attack's own shape.
    const head = gzipSync(`${HEADER}\n${good(1)}\n${good(2)}\n${good(3)}\n`);
    const member = gzipSync(Buffer.alloc(1024 * 1024, 'x'));
    const bomb = file('bomb.csv.gz', Buffer.concat([head, ...Array.from({ length: 1024 }, () => member)]));
    expect(fs.statSync(bomb).size).toBeLessThan(2 * 1024 * 1024);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    try {
      await expect(runImport(t.db, { file: bomb, format: 'csv' })).rejects.toThrow(
        'the file inflates past 256 MB (IMPORT_MAX_BYTES)',
      );
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    // The old reader held the inflated text as one record (2 GB); a bounded one holds a few chunks.
    expect(peak - before).toBeLessThan(200 * 1024 * 1024);
    expect(await storedIds()).toEqual(goodIds(1, 2, 3));
  }, 60_000);

  it('stops a file with more records than IMPORT_MAX_ROWS, keeping the rows read before it', async () => {
    const limits = { ...DEFAULT_IMPORT_LIMITS, maxRows: 5 };
    const rows = Array.from({ length: 10 }, (_, i) => good(i + 1));
    await expect(
      runImport(t.db, { file: file('rows.csv', `${HEADER}\n${rows.join('\n')}\n`), format: 'csv', limits }),
    ).rejects.toThrow('the file holds more than 5 records (IMPORT_MAX_ROWS)');
    expect(await storedIds()).toEqual(goodIds(1, 2, 3, 4, 5));
  });

  it('rejects a row the database refuses without losing the other rows of its batch', async () => {
    // A trigger stands in for any refusal a check before the insert missed.
    if (dialect === 'sqlite') {
      await sql`create trigger refuse_film before insert on films when new.title = 'Refused'
        begin select raise(abort, 'refused by the test trigger'); end`.execute(t.db);
    } else {
      await sql`create function refuse_film() returns trigger language plpgsql as $$
        begin if new.title = 'Refused' then raise exception 'refused by the test trigger'; end if; return new; end $$`.execute(
        t.db,
      );
      await sql`create trigger refuse_film before insert on films for each row execute function refuse_film()`.execute(
        t.db,
      );
    }
    const rows = [good(1), good(2), 'Refused,2003,No.,,,,,,g-3', good(4)];
    const summary = await runImport(t.db, {
      file: file('refused.csv', `${HEADER}\n${rows.join('\n')}\n`),
      format: 'csv',
    });
    expect(summary.rejected).toHaveLength(1);
    expect(summary.rejected[0]!.position).toBe('line 4');
    expect(summary.rejected[0]!.reason).toContain('refused by the test trigger');
    expect(summary.inserted).toBe(3);
    expect(await storedIds()).toEqual(goodIds(1, 2, 4));
  });
});
