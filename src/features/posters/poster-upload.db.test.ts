// A decompression-bomb poster sent through the admin's film form (issue 12, item 9): refused with a 400 next to the
// poster field, in a moment, and the film keeps the poster it had.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, postMultipart } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { blackPng } from '../../../test/support/images.js';
import type { TestVisitor } from '../../../test/support/visitor.js';

describeEachDialect('a poster bomb uploaded by the admin', (dialect) => {
  let t: TestApp;
  let dataDir: string;
  let admin: TestVisitor;
  const clock = new TestClock();
  const fields = { title: 'Strip Test', year: '2019', synopsis: 'A film whose poster is attacked.' };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-poster-bomb-'));
    t = await createTestApp(dialect, { dataDir, posterDir: path.join(dataDir, 'posters') }, { clock });
    await createStaff(t, clock.now());
    admin = await logIn(t, ADMIN, '192.0.2.21');
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/films/new' })).body);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 400 naming the poster field and leaves the stored poster as it was', async () => {
    const created = await postMultipart(admin, '/admin/films', fields, {
      field: 'poster',
      filename: 'poster.png',
      contentType: 'image/png',
      data: await sharp({ create: { width: 400, height: 600, channels: 3, background: '#345678' } })
        .png()
        .toBuffer(),
    });
    expect(created.statusCode, created.body).toBe(303);
    const id = Number(/\/admin\/films\/(\d+)$/.exec(created.headers.location as string)?.[1]);
    const stored = async () =>
      (await t.t.db.selectFrom('films').select('poster_key').where('id', '=', id).executeTakeFirstOrThrow()).poster_key;
    const before = await stored();
    expect(before).not.toBeNull();
    const folder = path.join(dataDir, 'posters', String(id));
    const filesBefore = fs.readdirSync(folder).sort();

    const bomb = await postMultipart(admin, `/admin/films/${id}`, fields, {
      field: 'poster',
      filename: 'strip.png',
      contentType: 'image/png',
      data: blackPng(49_000_000, 1),
    });
    expect(bomb.statusCode).toBe(400);
    expect(bomb.body).toContain('id="field-poster-error"');
    expect(bomb.body).toContain('The image is 49000000 × 1 pixels (49 megapixels)');
    expect(await stored()).toBe(before);
    expect(fs.readdirSync(folder).sort()).toEqual(filesBefore);
    expect(fs.readdirSync(path.join(dataDir, 'posters')).filter((n) => n.startsWith('.staging'))).toEqual([]);
  });
});
