import type { Db } from '../../src/db/database.js';

const AT = '2026-11-01T10:00:00.000Z';

/**
 * A little of everything a running site stores beside its films: an account and its session, votes, likes, a
 * comment and a reply, a page, a tag, a redirect, a queued mail, a setting, an audit entry, and a category whose
 * parent was created after it. For tests that must see every kind of row survive a move or a backup.
 */
export async function addSiteRows(db: Db): Promise<void> {
  const films = await db.selectFrom('films').select('id').orderBy('id').limit(3).execute();
  const [a, b] = [films[0]!.id, films[1]!.id];
  const user = await db
    .insertInto('users')
    .values({
      email: 'admin@example.test',
      display_name: 'Admin',
      role: 'admin',
      password_hash: 'x',
      invite_hash: null,
      invite_expires_at: null,
      created_at: AT,
      disabled_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('sessions')
    .values({
      id_hash: 'session-1',
      user_id: user.id,
      created_at: AT,
      last_seen_at: AT,
      ip_hash: 'ip',
      user_agent: 'test',
    })
    .execute();
  await db.insertInto('settings').values({ key: 'site.title', value: '"Old Movies"', updated_at: AT }).execute();
  await db
    .insertInto('audit_log')
    .values({
      user_id: user.id,
      actor: 'admin@example.test',
      action: 'film.edit',
      target_type: 'film',
      target_id: String(a),
      summary: 'Edited “Å film”',
      details: null,
      created_at: AT,
    })
    .execute();
  for (const [visitor, score] of [
    ['v1', 4],
    ['v2', 5],
  ] as const) {
    await db
      .insertInto('film_votes')
      .values({ film_id: a, visitor_id: visitor, score, ip_hash: 'ip', counted: 1, created_at: AT, updated_at: AT })
      .execute();
  }
  await db
    .insertInto('film_rating_stats')
    .values({
      film_id: a,
      vote_count: 2,
      score_sum: 9,
      hist_1: 0,
      hist_2: 0,
      hist_3: 0,
      hist_4: 1,
      hist_5: 1,
      half_1: 0,
      half_2: 0,
      half_3: 0,
      half_4: 0,
      half_5: 0,
      member_vote_count: 0,
      member_score_sum: 0,
    })
    .execute();
  await db.insertInto('film_likes').values({ film_id: b, visitor_id: 'v1', ip_hash: 'ip', created_at: AT }).execute();
  await db.insertInto('film_like_stats').values({ film_id: b, like_count: 1 }).execute();
  const comment = {
    film_id: a,
    author_name: 'Ann',
    author_email: 'ann@example.test',
    author_url: null,
    status: 'approved' as const,
    reasons: '',
    body_hash: 'h',
    visitor_id: 'v1',
    ip_hash: 'ip',
    user_agent: 'ua',
    created_at: AT,
    updated_at: AT,
    status_changed_at: AT,
  };
  const first = await db
    .insertInto('comments')
    .values({ ...comment, parent_id: null, body: 'Loved it', spam_score: 0.123456789 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('comments')
    .values({ ...comment, parent_id: first.id, body: 'Me too — ☃', spam_score: null })
    .execute();
  await db
    .insertInto('pages')
    .values({
      path: 'about',
      title: 'About',
      markdown: '# About',
      byline: null,
      published: 1,
      source: null,
      source_id: null,
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  const tag = await db
    .insertInto('tags')
    .values({ slug: 'noir', name: 'Noir', description: null, created_at: AT })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('film_tags').values({ film_id: a, tag_id: tag.id }).execute();
  await db.insertInto('slug_redirects').values({ kind: 'film', old_slug: 'old-slug', target_id: a }).execute();
  await db
    .insertInto('mail_outbox')
    .values({
      kind: 'reply',
      recipient: 'ann@example.test',
      message_id: '<m1@example.test>',
      subject: 'Re',
      body_text: 'hi',
      body_html: null,
      headers: null,
      status: 'queued',
      next_attempt_at: AT,
      lease_until: null,
      claim_token: null,
      last_error: null,
      created_at: AT,
      sent_at: null,
    })
    .execute();
  // A child category whose parent is created after it (a move must not trip over the order).
  const child = await db
    .insertInto('categories')
    .values({ slug: 'child', name: 'Child', parent_id: null, position: 0, created_at: AT })
    .returning('id')
    .executeTakeFirstOrThrow();
  const parent = await db
    .insertInto('categories')
    .values({ slug: 'parent', name: 'Parent', parent_id: null, position: 0, created_at: AT })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.updateTable('categories').set({ parent_id: parent.id }).where('id', '=', child.id).execute();
}
