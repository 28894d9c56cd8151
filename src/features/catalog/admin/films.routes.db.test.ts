import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, MODERATOR, postMultipart } from '../../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../../test/support/app.js';
import { describeEachDialect } from '../../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../../test/support/factories.js';
import { TestVisitor } from '../../../../test/support/visitor.js';

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 180, g: 40, b: 60 } } })
    .png()
    .toBuffer();

describeEachDialect('admin film editing', (dialect) => {
  let t: TestApp;
  let dataDir: string;
  let admin: TestVisitor;
  let categoryId: number;
  let otherCategoryId: number;
  let genreId: number;
  const clock = new TestClock();

  const fields = (overrides: Record<string, string | string[]> = {}) => ({
    title: 'The Quiet Harbour',
    year: '2019',
    synopsis: 'A ferry pilot keeps a small island connected to the world.',
    origin: 'Norway',
    language: 'Norwegian',
    categoryIds: [String(categoryId), String(otherCategoryId)],
    primaryCategoryId: String(otherCategoryId),
    genreIds: String(genreId),
    directors: 'Ingrid Holm',
    cast: 'Lars Berg\nMaja Dahl',
    ...overrides,
  });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-admin-'));
    t = await createTestApp(dialect, { dataDir, posterDir: path.join(dataDir, 'posters') }, { clock });
    await createStaff(t, clock.now());
    await insertFilms(t.t.db, [
      buildFilm({ title: 'Existing Film', categories: ['Nordic Movies', 'English Movies'], genres: ['Drama'] }),
    ]);
    const category = (name: string) =>
      t.t.db.selectFrom('categories').select('id').where('name', '=', name).executeTakeFirstOrThrow();
    categoryId = (await category('English Movies')).id;
    otherCategoryId = (await category('Nordic Movies')).id;
    genreId = (await t.t.db.selectFrom('genres').select('id').where('name', '=', 'Drama').executeTakeFirstOrThrow()).id;
    admin = await logIn(t, ADMIN, '192.0.2.20');
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/films/new' })).body);
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds a film with a poster, resized to WebP sizes that its pages use in srcset', async () => {
    const created = await postMultipart(admin, '/admin/films', fields(), {
      field: 'poster',
      filename: 'harbour.png',
      contentType: 'image/png',
      data: await png(1000, 1500),
    });
    expect(created.statusCode, created.body).toBe(303);
    const editUrl = created.headers.location as string;
    expect(editUrl).toMatch(/^\/admin\/films\/\d+$/);

    const page = await t.app.inject({ url: '/film/the-quiet-harbour' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Ingrid Holm');
    const srcset = /srcset="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const urls = srcset.split(', ').map((s) => s.split(' ')[0]!);
    expect(srcset).toMatch(/200w, .* 400w, .* 800w$/);
    for (const url of urls) {
      const image = await t.app.inject({ url });
      expect(image.statusCode, url).toBe(200);
      expect(image.headers['content-type']).toBe('image/webp');
      expect(image.headers['cache-control']).toContain('immutable');
      const meta = await sharp(image.rawPayload).metadata();
      expect(meta.format).toBe('webp');
      expect(url).toContain(`-${meta.width}.webp`);
    }
    // On its category pages too, with the breadcrumb under the main category.
    const category = await t.app.inject({ url: '/category/english-movies' });
    expect(category.body).toContain('The Quiet Harbour');
    expect(category.body).toContain(urls[0]);
    expect(page.body).toMatch(/href="\/category\/nordic-movies"/);
  });

  it('replaces a poster (the old files go) and removes it (the typographic poster returns)', async () => {
    const film = await t.t.db
      .selectFrom('films')
      .select(['id', 'poster_key'])
      .where('slug', '=', 'the-quiet-harbour')
      .executeTakeFirstOrThrow();
    const folder = path.join(dataDir, 'posters', String(film.id));
    const first = fs.readdirSync(folder);
    expect(first).toHaveLength(3);
    const page = await t.app.inject({ url: '/film/the-quiet-harbour' });
    expect(page.body).toMatch(/"image":"http:\/\/reelhouse\.test\/posters\/\d+\/[0-9a-f]{16}-800\.webp"/);

    const replaced = await postMultipart(admin, `/admin/films/${film.id}`, fields(), {
      field: 'poster',
      filename: 'new.webp',
      contentType: 'image/webp',
      data: await sharp({ create: { width: 600, height: 900, channels: 3, background: '#123456' } })
        .webp()
        .toBuffer(),
    });
    expect(replaced.statusCode).toBe(303);
    const second = fs.readdirSync(folder);
    expect(second).toHaveLength(3);
    expect(second.filter((f) => first.includes(f))).toEqual([]);
    expect((await t.app.inject({ url: '/film/the-quiet-harbour' })).body).toContain('-600.webp 600w');

    const removed = await postMultipart(admin, `/admin/films/${film.id}`, fields({ removePoster: '1' }));
    expect(removed.statusCode).toBe(303);
    expect(fs.existsSync(folder)).toBe(false);
    const plain = await t.app.inject({ url: '/film/the-quiet-harbour' });
    expect(plain.body).not.toContain('poster-image');
    expect(plain.body).toContain('poster--size-large');

    // Back to a poster, for the tests that follow.
    await postMultipart(admin, `/admin/films/${film.id}`, fields(), {
      field: 'poster',
      filename: 'harbour.png',
      contentType: 'image/png',
      data: await png(1000, 1500),
    });
  });

  it('keeps what was typed and names the field when the form is wrong', async () => {
    const response = await postMultipart(admin, '/admin/films', fields({ title: '  ', year: '19x5' }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Title: give the film a title.');
    expect(response.body).toContain('Year: a year from 1870 to');
    expect(response.body).toContain('A ferry pilot keeps a small island');
    expect(response.body).toContain('value="19x5"');
    expect(response.body).toMatch(/aria-invalid="true"[^>]*aria-describedby="field-title-error"/);
  });

  it('refuses a file that is not an image, and one of 20 MB, saying why next to the poster field', async () => {
    const text = await postMultipart(admin, '/admin/films', fields({ title: 'Not A Poster' }), {
      field: 'poster',
      filename: 'poster.jpg',
      contentType: 'image/jpeg',
      data: Buffer.from('this is a text file pretending to be a JPEG\n'.repeat(50)),
    });
    expect(text.statusCode).toBe(400);
    expect(text.body).toContain('This file is not an image: upload the poster as a JPEG, PNG or WebP file.');
    expect(text.body).toContain('id="field-poster-error"');

    const huge = Buffer.alloc(20 * 1024 * 1024, 0x41);
    const big = await postMultipart(admin, '/admin/films', fields({ title: 'Far Too Large' }), {
      field: 'poster',
      filename: 'huge.png',
      contentType: 'image/png',
      data: huge,
    });
    expect(big.statusCode).toBe(413);
    expect(big.body).toContain('The poster file is larger than 10 MB');
    expect(big.body).toContain('value="Far Too Large"');

    const titles = await t.t.db.selectFrom('films').select('title').execute();
    expect(titles.map((r) => r.title)).not.toContain('Not A Poster');
    expect(titles.map((r) => r.title)).not.toContain('Far Too Large');
    // Nothing half-done stays on disk: no staging folders, no temporary uploads.
    const leftovers = fs.readdirSync(path.join(dataDir, 'posters')).filter((n) => n.startsWith('.staging'));
    expect(leftovers).toEqual([]);
    expect(fs.readdirSync(path.join(dataDir, 'uploads-tmp'))).toEqual([]);
  });

  it('edits every field; a new title moves the film to a new slug and the old one answers 301', async () => {
    const film = await t.t.db
      .selectFrom('films')
      .select('id')
      .where('slug', '=', 'the-quiet-harbour')
      .executeTakeFirstOrThrow();
    const form = await admin.request({ url: `/admin/films/${film.id}` });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="The Quiet Harbour"');
    const saved = await postMultipart(
      admin,
      `/admin/films/${film.id}`,
      fields({
        title: 'The Loud Harbour',
        year: '2020',
        categoryIds: String(categoryId),
        primaryCategoryId: '',
        genreIds: [],
        cast: 'Maja Dahl',
      }),
    );
    expect(saved.statusCode).toBe(303);
    const flash = await admin.request({ url: saved.headers.location as string });
    expect(flash.body).toContain('/film/the-quiet-harbour now redirects to /film/the-loud-harbour');

    const old = await t.app.inject({ url: '/film/the-quiet-harbour' });
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/film/the-loud-harbour');
    const page = await t.app.inject({ url: '/film/the-loud-harbour' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('The Loud Harbour');
    expect(page.body).not.toContain('Lars Berg');
    expect((await t.app.inject({ url: '/category/nordic-movies' })).body).not.toContain('The Loud Harbour');

    const audit = await admin.request({ url: '/admin/audit?action=film.update' });
    expect(audit.body).toContain('Edited “The Loud Harbour”');
    expect(audit.body).toContain(ADMIN.email);
  });

  it('lists films with search and filters', async () => {
    const all = await admin.request({ url: '/admin/films' });
    expect(all.body).toContain('2 films.');
    const search = await admin.request({ url: '/admin/films?q=loud' });
    expect(search.body).toContain('1 film match.');
    expect(search.body).toContain('The Loud Harbour');
    expect(search.body).not.toContain('Existing Film');
    const nordic = await admin.request({ url: `/admin/films?category=${otherCategoryId}` });
    expect(nordic.body).toContain('Existing Film');
    expect(nordic.body).not.toContain('The Loud Harbour');
    const decade = await admin.request({ url: '/admin/films?decade=2020&genre=' });
    expect(decade.body).toContain('The Loud Harbour');
    expect(decade.body).not.toContain('Existing Film');
    const wildcard = await admin.request({ url: '/admin/films?q=%25' });
    expect(wildcard.body).toContain('0 films match.');
  });

  it('states what goes with a film before deleting it; then the film and its old slug are 404', async () => {
    const film = await t.t.db
      .selectFrom('films')
      .select(['id', 'poster_key'])
      .where('slug', '=', 'the-loud-harbour')
      .executeTakeFirstOrThrow();
    const stamp = clock.now().toISOString();
    await t.t.db
      .insertInto('film_votes')
      .values(
        [1, 2].map((n) => ({
          film_id: film.id,
          visitor_id: `v${n}`,
          score: 4,
          ip_hash: `h${n}`,
          counted: 1,
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .execute();
    await t.t.db
      .insertInto('film_likes')
      .values({ film_id: film.id, visitor_id: 'v1', ip_hash: 'h1', created_at: stamp })
      .execute();
    const confirm = await admin.request({ url: `/admin/films/${film.id}/delete` });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('2 ratings');
    expect(confirm.body).toContain('1 like<');
    expect(confirm.body).toContain('0 comments');
    expect(confirm.body).toContain('its uploaded poster');

    const deleted = await admin.form(`/admin/films/${film.id}/delete`, {});
    expect(deleted.statusCode).toBe(303);
    expect((await t.app.inject({ url: '/film/the-loud-harbour' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/film/the-quiet-harbour' })).statusCode).toBe(404);
    expect((await admin.request({ url: `/admin/films/${film.id}` })).statusCode).toBe(404);
    // The poster's files went with it.
    expect(fs.existsSync(path.join(dataDir, 'posters', String(film.id)))).toBe(false);
    const audit = await admin.request({ url: '/admin/audit?action=film.delete' });
    expect(audit.body).toContain('with 2 rating(s), 1 like(s), 0 comment(s)');
  });

  it('refuses an upload from a stranger before reading it', async () => {
    const stranger = new TestVisitor(t.app, '192.0.2.22');
    const before = fs.existsSync(path.join(dataDir, 'uploads-tmp'))
      ? fs.readdirSync(path.join(dataDir, 'uploads-tmp'))
      : [];
    const response = await postMultipart(stranger, '/admin/films', fields({ title: 'Uninvited' }), {
      field: 'poster',
      filename: 'big.png',
      contentType: 'image/png',
      data: Buffer.alloc(5 * 1024 * 1024, 1),
    });
    expect(response.statusCode).toBe(401);
    const after = fs.existsSync(path.join(dataDir, 'uploads-tmp'))
      ? fs.readdirSync(path.join(dataDir, 'uploads-tmp'))
      : [];
    expect(after).toEqual(before);
  });

  it('keeps moderators out of film editing (403)', async () => {
    const moderator = await logIn(t, MODERATOR, '192.0.2.21');
    for (const url of ['/admin/films', '/admin/films/new', '/admin/films/1', '/admin/films/1/delete']) {
      const response = await moderator.request({ url });
      expect(response.statusCode, url).toBe(403);
    }
    moderator.csrfToken = csrfOf((await moderator.request({ url: '/admin' })).body);
    const post = await postMultipart(moderator, '/admin/films', fields({ title: 'Sneaky' }));
    expect(post.statusCode).toBe(403);
  });
  it('sets, shows, searches, changes and clears an original title, each change in the audit log', async () => {
    const created = await postMultipart(
      admin,
      '/admin/films',
      fields({ title: 'Harbour Lights', originalTitle: 'Havnelys på Øya' }),
    );
    expect(created.statusCode).toBe(303);
    const film = await t.t.db
      .selectFrom('films')
      .select(['id', 'original_title'])
      .where('slug', '=', 'harbour-lights')
      .executeTakeFirstOrThrow();
    expect(film.original_title).toBe('Havnelys på Øya');
    expect((await t.app.inject({ url: '/film/harbour-lights' })).body).toContain('Original title: Havnelys på Øya');
    const found = async (q: string) =>
      (await t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}` }))
        .json()
        .items.map((i: { title: string }) => i.title);
    expect(await found('havnelys pa oya')).toContain('Harbour Lights');

    const form = await admin.request({ url: `/admin/films/${film.id}` });
    expect(form.body).toContain('value="Havnelys på Øya"');
    expect(form.body).toMatch(/<label for="field-originalTitle">Original title<\/label>/);
    const renamed = await postMultipart(
      admin,
      `/admin/films/${film.id}`,
      fields({ title: 'Harbour Lights', originalTitle: 'Fyrlykter' }),
    );
    expect(renamed.statusCode).toBe(303);
    expect(await found('fyrlykter')).toEqual(['Harbour Lights']);
    expect(await found('havnelys')).toEqual([]);
    const audit = await admin.request({ url: '/admin/audit?action=film.update' });
    expect(audit.body).toContain('Edited “Harbour Lights” (original title)');

    // The same as the title: nothing to show, stored as none.
    await postMultipart(
      admin,
      `/admin/films/${film.id}`,
      fields({ title: 'Harbour Lights', originalTitle: 'harbour lights' }),
    );
    expect(
      (await t.t.db.selectFrom('films').select('original_title').where('id', '=', film.id).executeTakeFirstOrThrow())
        .original_title,
    ).toBeNull();
    expect((await t.app.inject({ url: '/film/harbour-lights' })).body).not.toContain('Original title');
  });

  it('gives films added or renamed at the same moment to the same title distinct slugs, none failing', async () => {
    // Several admins (or app instances) at once: each allocation reads before any of them has written.
    const created = await Promise.all(
      Array.from({ length: 6 }, () =>
        postMultipart(admin, '/admin/films', fields({ title: 'Twin Peaks', year: '2021' })),
      ),
    );
    expect(created.map((r) => r.statusCode)).toEqual(Array(6).fill(303));
    const slugsOf = async (title: string) =>
      (await t.t.db.selectFrom('films').select('slug').where('title', '=', title).orderBy('slug').execute()).map(
        (f) => f.slug,
      );
    const twins = await slugsOf('Twin Peaks');
    expect(twins).toHaveLength(6);
    expect(new Set(twins).size).toBe(6);
    expect(twins).toContain('twin-peaks');
    for (const slug of twins) expect((await t.app.inject({ url: `/film/${slug}` })).statusCode, slug).toBe(200);

    const ids = created.map((r) => (r.headers.location as string).split('/').pop()!);
    const renamed = await Promise.all(
      ids.map((id) => postMultipart(admin, `/admin/films/${id}`, fields({ title: 'Fire Walk', year: '1992' }))),
    );
    expect(renamed.map((r) => r.statusCode)).toEqual(Array(6).fill(303));
    const walks = await slugsOf('Fire Walk');
    expect(new Set(walks).size).toBe(6);
    expect(walks).toContain('fire-walk');
    // Every old address still leads to its own film.
    for (const slug of twins) expect((await t.app.inject({ url: `/film/${slug}` })).statusCode, slug).toBe(301);
  });
});
