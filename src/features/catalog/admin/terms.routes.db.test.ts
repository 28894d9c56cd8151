import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN, createStaff, csrfOf, logIn } from '../../../../test/support/admin.js';
import { createTestApp, type TestApp, TestClock } from '../../../../test/support/app.js';
import { describeEachDialect } from '../../../../test/support/databases.js';
import { buildFilm, insertFilms } from '../../../../test/support/factories.js';
import type { TestVisitor } from '../../../../test/support/visitor.js';
import { runImport } from '../../importers/index.js';

describeEachDialect('admin categories and genres', (dialect) => {
  let t: TestApp;
  let admin: TestVisitor;
  const clock = new TestClock();
  const idOf = async (table: 'categories' | 'genres', name: string) =>
    (await t.t.db.selectFrom(table).select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const navOrder = async () => {
    const home = await t.app.inject({ url: '/' });
    const nav = /<ul class="site-nav__panel"[\s\S]*?<\/ul>/.exec(home.body)?.[0] ?? '';
    return [...nav.matchAll(/href="\/category\/([^"]+)"/g)].map((m) => m[1]);
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, {}, { clock });
    await createStaff(t, clock.now());
    await insertFilms(t.t.db, [
      buildFilm({ title: 'Alpha', categories: ['English Movies'], genres: ['Drama'] }),
      buildFilm({ title: 'Beta', categories: ['English Movies'], genres: ['Drama', 'Thriller'] }),
      buildFilm({ title: 'Gamma', categories: ['French Movies'], genres: ['Thriller'] }),
      buildFilm({ title: 'Delta', categories: ['Korean Movies'], genres: ['Noir'] }),
    ]);
    admin = await logIn(t, ADMIN, '192.0.2.30');
    admin.csrfToken = csrfOf((await admin.request({ url: '/admin/categories' })).body);
  });
  afterAll(async () => t.close());

  it('creates a category, and refuses a name another category already has, next to the field', async () => {
    const created = await admin.form('/admin/categories', { name: 'World Cinema', parentId: '' });
    expect(created.statusCode).toBe(303);
    expect((await t.app.inject({ url: '/category/world-cinema' })).statusCode).toBe(200);
    const taken = await admin.form('/admin/categories', { name: 'english movies!', parentId: '' });
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('already has the address /category/english-movies');
    expect(taken.body).toContain('value="english movies!"');
    expect(taken.body).toContain('id="new-name-error"');
  });

  it('renames a category; its old address answers 301 to the new one', async () => {
    const id = await idOf('categories', 'French Movies');
    const renamed = await admin.form(`/admin/categories/${id}/rename`, { name: 'Films from France' });
    expect(renamed.statusCode).toBe(303);
    const old = await t.app.inject({ url: '/category/french-movies?page=1' });
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toContain('/category/films-from-france');
    expect((await t.app.inject({ url: '/category/films-from-france' })).body).toContain('Gamma');
    // A re-import that still says "French Movies" files its films under the renamed category, not a new one.
    const film = await t.t.db.selectFrom('categories').select('name').where('slug', '=', 'french-movies').execute();
    expect(film).toEqual([]);
  });

  it('nests a category under another, and never inside itself', async () => {
    const world = await idOf('categories', 'World Cinema');
    const korean = await idOf('categories', 'Korean Movies');
    expect((await admin.form(`/admin/categories/${korean}/parent`, { parentId: String(world) })).statusCode).toBe(303);
    const row = await t.t.db.selectFrom('categories').select('parent_id').where('id', '=', korean).executeTakeFirst();
    expect(row?.parent_id).toBe(world);
    const cycle = await admin.form(`/admin/categories/${world}/parent`, { parentId: String(korean) });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.body).toContain('a category cannot be nested in itself');
    expect(cycle.body).toContain(`id="parent-${world}-error"`);
    // In the admin list the child follows its parent.
    const page = await admin.request({ url: '/admin/categories' });
    expect(page.body.indexOf(`id="term-${korean}"`)).toBeGreaterThan(page.body.indexOf(`id="term-${world}"`));
  });

  it('reorders categories, and visitors see the new order', async () => {
    const before = await navOrder();
    expect(before[0]).toBe('english-movies');
    const france = await idOf('categories', 'Films from France');
    expect((await admin.form(`/admin/categories/${france}/move`, { direction: 'up' })).statusCode).toBe(303);
    const after = await navOrder();
    expect(after.indexOf('films-from-france')).toBeLessThan(after.indexOf('english-movies'));
  });

  it('merges one category into another: films move, the old address redirects', async () => {
    const france = await idOf('categories', 'Films from France');
    const english = await idOf('categories', 'English Movies');
    const merged = await admin.form(`/admin/categories/${france}/merge`, { targetId: String(english) });
    expect(merged.statusCode).toBe(303);
    const target = await t.app.inject({ url: '/category/english-movies' });
    for (const title of ['Alpha', 'Beta', 'Gamma']) expect(target.body).toContain(title);
    for (const old of ['/category/films-from-france', '/category/french-movies']) {
      const response = await t.app.inject({ url: old });
      expect(response.statusCode, old).toBe(301);
      expect(response.headers.location).toBe('/category/english-movies');
    }
    const self = await admin.form(`/admin/categories/${english}/merge`, { targetId: String(english) });
    expect(self.statusCode).toBe(400);
    const audit = await admin.request({ url: '/admin/audit?action=category.merge' });
    expect(audit.body).toContain('Merged the category “Films from France” (1 film(s)) into “English Movies”');
  });

  it('renames, merges and reorders genres likewise', async () => {
    const noir = await idOf('genres', 'Noir');
    const thriller = await idOf('genres', 'Thriller');
    expect((await admin.form(`/admin/genres/${noir}/rename`, { name: 'Film Noir' })).statusCode).toBe(303);
    expect((await t.app.inject({ url: '/genre/noir' })).headers.location).toBe('/genre/film-noir');
    expect((await admin.form(`/admin/genres/${noir}/merge`, { targetId: String(thriller) })).statusCode).toBe(303);
    expect((await t.app.inject({ url: '/genre/thriller' })).body).toContain('Delta');
    expect((await t.app.inject({ url: '/genre/noir' })).headers.location).toBe('/genre/thriller');
    const drama = await idOf('genres', 'Drama');
    const page = await admin.request({ url: '/admin/genres' });
    const first =
      page.body.indexOf(`id="term-${drama}"`) < page.body.indexOf(`id="term-${thriller}"`) ? drama : thriller;
    expect((await admin.form(`/admin/genres/${first}/move`, { direction: 'down' })).statusCode).toBe(303);
    const genres = await t.app.inject({ url: '/genres' });
    const second = first === drama ? 'thriller' : 'drama';
    const moved = first === drama ? 'drama' : 'thriller';
    const at = (slug: string) => genres.body.indexOf(`href="/genre/${slug}"`);
    expect(at(second)).toBeGreaterThan(-1);
    expect(at(second)).toBeLessThan(at(moved));
  });

  it('files re-imported films under what a renamed or merged category became', async () => {
    // The importer maps rows to category names; "French Movies" was renamed, then merged into "English Movies".
    const { default: fs } = await import('node:fs');
    const { default: os } = await import('node:os');
    const { default: path } = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-terms-'));
    const file = path.join(dir, 'films.csv');
    fs.writeFileSync(
      file,
      'title,year,synopsis,origin,language,genres,source_id\nEpsilon,2001,A film.,France,French,Drama,e1\n',
    );
    await runImport(t.t.db, { file, format: 'csv', source: 'terms-test' });
    fs.rmSync(dir, { recursive: true, force: true });
    const names = (await t.t.db.selectFrom('categories').select('slug').execute()).map((r) => r.slug);
    expect(names).not.toContain('french-movies');
    expect((await t.app.inject({ url: '/category/english-movies' })).body).toContain('Epsilon');
  });
});
