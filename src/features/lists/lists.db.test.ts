import fs from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn, postMultipart } from '../../../test/support/admin.js';
import { createTestApp, type TestApp, testConfig } from '../../../test/support/app.js';
import { describeEachDialect } from '../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../test/support/factories.js';
import { signedInMember } from '../../../test/support/members.js';
import { TestVisitor } from '../../../test/support/visitor.js';

/** Lists from the outside: pages with JavaScript off (POST → 303), the API, visibility, seen, CSV, site lists. */
describeEachDialect('lists', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    // The XSS corpus and the API tests write faster than a person: the guest write limits are raised for them.
    const engagement = { ...testConfig().engagement, writesPerVisitorPerMinute: 1000, writesPerIpPerMinute: 1000 };
    // No related-films worker: the 10,000-film test's insert queues every film (decision 048), and a rebuild of them
    // in this process is related's work, tested there, not the lists'.
    t = await createTestApp(dialect, { engagement, relatedWorker: false });
    await insertFilms(t.t.db, [
      buildFilm({ title: 'Heat', year: 1995, directors: ['Michael Mann'] }),
      buildFilm({ title: 'Ran', year: 1985 }),
      buildFilm({ title: 'Alien', year: 1979 }),
      buildFilm({ title: 'Twins', year: 1988 }),
      buildFilm({ title: 'Twins', year: 1988, sourceId: 'twins-again' }),
    ]);
  });
  afterEach(async () => t.close());

  const film = async (title: string) =>
    t.t.db
      .selectFrom('films')
      .select(['id', 'slug'])
      .where('title', '=', title)
      .orderBy('id')
      .executeTakeFirstOrThrow();

  async function makeList(v: TestVisitor, fields: Record<string, string>) {
    const created = await v.form('/my/lists', { description: '', visibility: 'public', ...fields });
    expect(created.statusCode).toBe(303);
    return created.headers.location as string;
  }

  it('creates a list, adds films, reorders and notes them with JavaScript off', async () => {
    const { visitor: v, member } = await signedInMember(t);
    const href = await makeList(v, { title: 'Best heists', ranked: '1' });
    expect(href).toBe(`/u/${member.handle}/list/best-heists`);
    for (const title of ['Heat', 'Ran', 'Alien']) {
      const f = await film(title);
      const form = await v.request({ url: `/film/${f.slug}/add-to-list` });
      expect(form.statusCode).toBe(200);
      const listId = /<option value="(\d+)"/.exec(form.body)?.[1] as string;
      const added = await v.form(`/film/${f.slug}/add-to-list`, { list: listId, note: '' });
      expect(added.statusCode).toBe(303);
    }
    const list = await t.t.db.selectFrom('lists').selectAll().executeTakeFirstOrThrow();
    const alien = await film('Alien');
    expect((await v.form(`/my/lists/${list.id}/entries/${alien.id}/move`, { rank: '1' })).statusCode).toBe(303);
    expect(
      (await v.form(`/my/lists/${list.id}/entries/${alien.id}/note`, { note: 'The **best** one' })).statusCode,
    ).toBe(303);
    const page = await v.request({ url: href });
    expect(page.statusCode).toBe(200);
    const order = [...page.body.matchAll(/<a href="\/film\/([^"]+)">/g)].map((m) => m[1]);
    expect(order.slice(0, 3)).toEqual([alien.slug, (await film('Heat')).slug, (await film('Ran')).slug]);
    expect(page.body).toContain('<strong>best</strong>');
    // A film already on the list is not added twice.
    const again = await v.form(`/film/${alien.slug}/add-to-list`, { list: String(list.id) });
    expect(again.statusCode).toBe(303);
    expect((await t.t.db.selectFrom('lists').select('entry_count').executeTakeFirstOrThrow()).entry_count).toBe(3);
  });

  it('keeps private lists to their owner and unlisted ones out of indexes, search and the API', async () => {
    const owner = await signedInMember(t);
    const other = await signedInMember(t);
    const privateHref = await makeList(owner.visitor, { title: 'Secret shelf', visibility: 'private' });
    const unlistedHref = await makeList(owner.visitor, { title: 'Hidden gems', visibility: 'unlisted' });
    await makeList(owner.visitor, { title: 'Shared gems', visibility: 'public' });
    const guest = new TestVisitor(t.app);
    expect((await owner.visitor.request({ url: privateHref })).statusCode).toBe(200);
    expect((await other.visitor.request({ url: privateHref })).statusCode).toBe(404);
    expect((await guest.request({ url: privateHref })).statusCode).toBe(404);
    expect((await guest.request({ url: unlistedHref })).statusCode).toBe(200);
    const index = await guest.request({ url: `/u/${owner.member.handle}/lists` });
    expect(index.body).toContain('Shared gems');
    expect(index.body).not.toContain('Hidden gems');
    expect(index.body).not.toContain('Secret shelf');
    const search = await guest.request({ url: '/search?q=gems' });
    expect(search.body).toContain('Shared gems');
    expect(search.body).not.toContain('Hidden gems');
    const api = await guest.request({ url: `/api/v1/users/${owner.member.handle}/lists` });
    expect((api.json() as { lists: Array<{ title: string }> }).lists.map((l) => l.title)).toEqual(['Shared gems']);
    const privateId = (
      await t.t.db.selectFrom('lists').select('id').where('title', '=', 'Secret shelf').executeTakeFirstOrThrow()
    ).id;
    expect((await guest.request({ url: `/api/v1/lists/${privateId}` })).statusCode).toBe(404);
    expect((await owner.visitor.request({ url: `/api/v1/me/lists/${privateId}` })).statusCode).toBe(200);
    expect((await other.visitor.request({ url: `/api/v1/me/lists/${privateId}` })).statusCode).toBe(404);
  });

  it('tells a member how many of the films they have seen (voted or liked)', async () => {
    const { visitor: v } = await signedInMember(t);
    const api = await v.api('POST', '/api/v1/me/lists', { title: 'To see', visibility: 'public' });
    expect(api.statusCode).toBe(201);
    const { id, url } = api.json() as { id: number; url: string };
    for (const title of ['Heat', 'Ran', 'Alien']) {
      expect(
        (await v.api('POST', `/api/v1/me/lists/${id}/entries`, { filmId: (await film(title)).id })).statusCode,
      ).toBe(200);
    }
    await v.api('POST', `/api/v1/films/${(await film('Heat')).slug}/like`);
    await v.api('PUT', `/api/v1/films/${(await film('Ran')).slug}/rating`, { stars: 4 });
    const page = await v.request({ url });
    expect(page.body).toMatch(/You’ve seen 2 of 3/);
    expect((await new TestVisitor(t.app).request({ url })).body).not.toContain('You’ve seen');
  });

  it('pages a 10,000-entry list and moves one entry by writing one row', async () => {
    const { visitor: v } = await signedInMember(t);
    const films = Array.from({ length: 10_000 }, (_, i) => buildFilm({ title: `Bulk ${i}`, year: 1900 + (i % 100) }));
    await insertFilms(t.t.db, films);
    const { id, url } = (await v.api('POST', '/api/v1/me/lists', { title: 'Everything', ranked: true })).json() as {
      id: number;
      url: string;
    };
    const bulk = await t.t.db.selectFrom('films').select('id').where('title', 'like', 'Bulk %').orderBy('id').execute();
    // Straight into the table, spaced as the service spaces them (the service's own bulk path is the CSV import).
    for (let i = 0; i < bulk.length; i += 500) {
      await t.t.db
        .insertInto('list_entries')
        .values(
          bulk.slice(i, i + 500).map((f, j) => ({
            list_id: id,
            film_id: f.id,
            position: (i + j + 1) * 1024,
            note: '',
            added_at: '2026-01-01',
          })),
        )
        .execute();
    }
    await t.t.db.updateTable('lists').set({ entry_count: bulk.length }).where('id', '=', id).execute();
    const last = await v.request({ url: `${url}?page=100` });
    expect(last.statusCode).toBe(200);
    expect(last.body).toContain('Bulk 9999');
    expect((await v.request({ url: `${url}?page=101` })).statusCode).toBe(404);
    const before = await t.t.db
      .selectFrom('list_entries')
      .select(['film_id', 'position'])
      .where('list_id', '=', id)
      .execute();
    const moved = bulk[9999]!.id;
    const patched = await v.request({
      method: 'PATCH',
      url: `/api/v1/me/lists/${id}/entries/${moved}`,
      headers: { 'x-csrf-token': v.csrfToken, 'content-type': 'application/json' },
      payload: JSON.stringify({ position: 2 }),
    });
    expect(patched.statusCode).toBe(200);
    expect((patched.json() as { position: number }).position).toBe(2);
    const after = await t.t.db
      .selectFrom('list_entries')
      .select(['film_id', 'position'])
      .where('list_id', '=', id)
      .execute();
    const was = new Map(before.map((r) => [r.film_id, r.position]));
    expect(after.filter((r) => was.get(r.film_id) !== r.position).map((r) => r.film_id)).toEqual([moved]);
    const first = await v.request({ url });
    expect(first.body.indexOf('Bulk 0')).toBeLessThan(first.body.indexOf('Bulk 9999'));
    expect(first.body.indexOf('Bulk 9999')).toBeLessThan(first.body.indexOf('Bulk 1<'));
  }, 120_000);

  it('exports CSV and imports it back idempotently; imports a Letterboxd list naming the ambiguous row', async () => {
    const { visitor: v } = await signedInMember(t);
    const { id } = (await v.api('POST', '/api/v1/me/lists', { title: 'Source', ranked: true })).json() as {
      id: number;
    };
    await v.api('POST', `/api/v1/me/lists/${id}/entries`, {
      filmId: (await film('Heat')).id,
      note: 'Says "yes", twice,\nand =1+1',
    });
    await v.api('POST', `/api/v1/me/lists/${id}/entries`, { filmId: (await film('Alien')).id });
    const csv = await v.request({ url: `/lists/${id}/export.csv` });
    expect(csv.body.split('\r\n')[0]).toBe('Position,Title,Year,Directors,imdbID,Note');
    expect(csv.body).toContain('1,Heat,1995,Michael Mann,,"Says ""yes"", twice,\nand =1+1"');
    const { id: copy } = (await v.api('POST', '/api/v1/me/lists', { title: 'Copy' })).json() as { id: number };
    const edit = await v.request({ url: `/my/lists/${copy}/edit` });
    v.csrfToken = csrfOf(edit.body) || v.csrfToken;
    const file = { field: 'file', filename: 'source.csv', contentType: 'text/csv', data: Buffer.from(csv.body) };
    const first = await postMultipart(v, `/my/lists/${copy}/import`, {}, file);
    expect(first.body).toContain('2 added, 0 already on the list, 0 not imported');
    const second = await postMultipart(v, `/my/lists/${copy}/import`, {}, file);
    expect(second.body).toContain('0 added, 2 already on the list');
    const notes = await t.t.db
      .selectFrom('list_entries')
      .select('note')
      .where('list_id', '=', copy)
      .orderBy('position')
      .execute();
    expect(notes[0]!.note).toBe('Says "yes", twice,\nand =1+1');

    // "Letterboxd list export v7": a marker line, the list's metadata block, a blank line, then
    // Position,Name,Year,URL,Description (the layout issue 17 quotes from Letterboxd's export).
    const letterboxd = [
      'Letterboxd list export v7',
      'Date,Name,Tags,URL,Description',
      '2024-01-02,Eighties,,https://boxd.it/abc,',
      '',
      'Position,Name,Year,URL,Description',
      '1,Ran,1985,https://boxd.it/r,A king',
      '2,Twins,1988,https://boxd.it/t,',
      '3,Nowhere Film,2001,https://boxd.it/n,',
      '',
    ].join('\n');
    const lb = await postMultipart(
      v,
      `/my/lists/${copy}/import`,
      {},
      { ...file, filename: 'eighties.csv', data: Buffer.from(letterboxd) },
    );
    expect(lb.body).toContain('1 added');
    expect(lb.body).toMatch(/line 7: “Twins” \(1988\) matches several films/);
    expect(lb.body).toMatch(/line 8: “Nowhere Film” \(2001\) is not in the catalog/);
  });

  it('escapes the XSS corpus in titles, descriptions and notes', async () => {
    const { visitor: v } = await signedInMember(t);
    const payloads = fs.readFileSync('test/fixtures/xss-payloads.txt', 'utf8').split('\n').filter(Boolean).slice(0, 25);
    const heat = await film('Heat');
    for (const [i, payload] of payloads.entries()) {
      const made = await v.api('POST', '/api/v1/me/lists', {
        title: `${payload} ${i}`.slice(0, 200),
        description: payload,
      });
      expect(made.statusCode).toBe(201);
      const { id, url } = made.json() as { id: number; url: string };
      await v.api('POST', `/api/v1/me/lists/${id}/entries`, { filmId: heat.id, note: payload });
      const page = await v.request({ url });
      expect(page.statusCode).toBe(200);
      // Only the page's own tags: every payload comes out as text, never as a tag, handler or script link.
      expect(page.body).not.toMatch(/<(script|img|svg|iframe|body|a)\b[^>]*(xss|onerror|onload|alert)/i);
      expect(page.body).not.toMatch(/(href|src)="\s*(javascript|data|vbscript):/i);
    }
    const long = await v.api('POST', '/api/v1/me/lists', { title: 'x'.repeat(201) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('at most 200 characters');
  });

  it('shows public site lists on the home page, made by an admin with an audit entry', async () => {
    await createStaff(t, new Date());
    const admin = await logIn(t, ADMIN, '192.0.2.10');
    const form = await admin.request({ url: '/admin/lists' });
    admin.csrfToken = csrfOf(form.body);
    expect(
      (await admin.form('/admin/lists', { title: 'Staff picks', description: '', visibility: 'public' })).statusCode,
    ).toBe(303);
    const id = (await t.t.db.selectFrom('lists').select('id').where('owner_key', '=', 'site').executeTakeFirstOrThrow())
      .id;
    expect(
      (await admin.form(`/admin/lists/${id}/films`, { film: `/film/${(await film('Ran')).slug}` })).statusCode,
    ).toBe(303);
    const home = await new TestVisitor(t.app).request({ url: '/' });
    expect(home.body).toContain('Staff picks');
    expect((await new TestVisitor(t.app).request({ url: '/lists/staff-picks' })).statusCode).toBe(200);
    const filmPage = await new TestVisitor(t.app).request({ url: `/film/${(await film('Ran')).slug}` });
    expect(filmPage.body).toContain('In 1 list');

    // The admin menu leads to site lists; a list's films page has the member list's controls, without JavaScript.
    expect(form.body).toContain('<a href="/admin/lists"');
    await admin.form(`/admin/lists/${id}/films`, { film: (await film('Heat')).slug });
    const films = await admin.request({ url: `/admin/lists/${id}` });
    expect(films.statusCode).toBe(200);
    const heat = await film('Heat');
    const ran = await film('Ran');
    expect(films.body).toContain(`action="/admin/lists/${id}/entries/${heat.id}/move"`);
    expect(films.body).toContain('aria-label="Move Heat up"');
    expect((await admin.form(`/admin/lists/${id}/entries/${heat.id}/move`, { rank: '1' })).statusCode).toBe(303);
    expect((await admin.form(`/admin/lists/${id}/entries/${heat.id}/note`, { note: 'Our **pick**' })).statusCode).toBe(
      303,
    );
    const shown = (await new TestVisitor(t.app).request({ url: '/lists/staff-picks' })).body;
    const order = [...shown.matchAll(/<a href="\/film\/([^"]+)">/g)].map((m) => m[1]);
    expect(order.slice(0, 2)).toEqual([heat.slug, ran.slug]);
    expect(shown).toContain('<strong>pick</strong>');
    expect((await admin.form(`/admin/lists/${id}/entries/${ran.id}/remove`, {})).statusCode).toBe(303);
    expect((await new TestVisitor(t.app).request({ url: '/lists/staff-picks' })).body).not.toContain(
      `/film/${ran.slug}"`,
    );
    const audit = await t.t.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'list')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      ...['list.create', 'list.add-film', 'list.add-film'],
      ...['list.move-film', 'list.note-film', 'list.remove-film'],
    ]);
    // Site lists are the admin's alone: a member cannot reach them through their own list routes.
    const { visitor: member } = await signedInMember(t);
    expect((await member.form(`/my/lists/${id}/entries/${heat.id}/remove`, {})).statusCode).toBe(404);
  });
});
