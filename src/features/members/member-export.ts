import type { DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import { exportFollowsOf } from '../activity/index.js';
import { commentsOfVisitor } from '../comments/index.js';
import { exportDiaryOf } from '../diary/index.js';
import { likesForExport } from '../likes/index.js';
import { exportListsOf, listLikesForExport } from '../lists/index.js';
import { exportImportsOf } from '../member-history/index.js';
import { votesForExport } from '../ratings/index.js';
import { exportReviewsOf } from '../reviews/index.js';
import { listMemberApiTokens } from './api-tokens.repository.js';
import { findMemberById } from './members.repository.js';

/** Everything stored about a member, for their own download (GDPR Art. 15 and 20). The password hash stays out. */
export async function exportMemberData(db: DbOrTx, memberId: number, now: Date) {
  const member = await findMemberById(db, memberId);
  if (!member) throw new AppError('unauthorized', 'Sign in first.');
  const [ratings, likes, comments, reviews, diary, follows, lists, listLikes, tokens, imports, sessions] =
    await Promise.all([
      votesForExport(db, member.visitor_id),
      likesForExport(db, member.visitor_id),
      commentsOfVisitor(db, member.visitor_id),
      exportReviewsOf(db, memberId),
      exportDiaryOf(db, memberId),
      exportFollowsOf(db, memberId),
      exportListsOf(db, memberId),
      listLikesForExport(db, member.visitor_id),
      listMemberApiTokens(db, memberId),
      exportImportsOf(db, memberId),
      db
        .selectFrom('member_sessions')
        .select(['created_at', 'last_seen_at', 'user_agent'])
        .where('member_id', '=', memberId)
        .execute(),
    ]);
  return {
    exportedAt: now.toISOString(),
    account: {
      email: member.email,
      handle: member.handle,
      displayName: member.display_name,
      bio: member.bio,
      profilePublic: member.profile_public === 1,
      watchlistPublic: member.watchlist_public === 1,
      confirmedAt: member.confirmed_at,
      createdAt: member.created_at,
    },
    ratings,
    likes,
    comments: comments.map((c) => ({
      id: c.id,
      film: c.film_slug,
      parentId: c.parent_id,
      authorName: c.author_name,
      body: c.body,
      status: c.status,
      createdAt: c.created_at,
    })),
    reviews: reviews.map((r) => ({ ...r, spoiler: r.spoiler === 1 })),
    diary: diary.diary,
    watchlist: diary.watchlist,
    following: follows.following,
    followers: follows.followers,
    lists,
    listLikes: listLikes.map(({ title, likedAt }) => ({ list: title, likedAt })),
    // What a token is called and may do, never its secret (only a hash of it is stored) nor that hash.
    apiTokens: tokens.map((t) => ({
      name: t.name,
      prefix: t.prefix,
      scope: t.scope,
      createdAt: t.created_at,
      lastUsedAt: t.last_used_at,
      revokedAt: t.revoked_at,
    })),
    historyImports: imports.jobs,
    importedHistoryRows: imports.importedRows,
    sessions: sessions.map((s) => ({ startedAt: s.created_at, lastSeenAt: s.last_seen_at, browser: s.user_agent })),
  };
}

export type MemberExport = Awaited<ReturnType<typeof exportMemberData>>;

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading = + - @ is defused for spreadsheets. */
function csvField(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The same data as one CSV table: one row per thing, `kind` saying which. */
export function memberExportCsv(data: MemberExport): string {
  const rows: unknown[][] = [['kind', 'film', 'value', 'date', 'text']];
  const a = data.account;
  rows.push(['account', '', a.handle, a.createdAt, `${a.displayName} <${a.email}>`]);
  if (a.bio) rows.push(['bio', '', '', '', a.bio]);
  for (const r of data.ratings) rows.push(['rating', r.film, r.stars, r.ratedAt, r.title]);
  for (const l of data.likes) rows.push(['like', l.film, '', l.likedAt, l.title]);
  for (const c of data.comments) rows.push(['comment', c.film, c.status, c.createdAt, c.body]);
  for (const r of data.reviews) rows.push(['review', r.filmSlug, r.status, r.createdAt, r.body]);
  for (const d of data.diary) {
    const value = [d.stars === null ? '' : `${d.stars} stars`, d.rewatch ? 'rewatch' : '', d.visibility];
    rows.push(['diary', d.film.slug, value.filter(Boolean).join(' '), d.date, d.note]);
  }
  for (const w of data.watchlist) rows.push(['watchlist', w.film, '', w.addedAt, w.title]);
  for (const f of data.following) rows.push(['following', '', f.handle, f.since, '']);
  for (const f of data.followers) rows.push(['follower', '', f.handle, f.since, '']);
  for (const list of data.lists) {
    rows.push(['list', '', list.visibility, list.createdAt, list.title]);
    for (const e of list.entries) rows.push(['list-entry', e.film.slug, e.position, e.addedAt, e.note]);
  }
  for (const l of data.listLikes) rows.push(['list-like', '', '', l.likedAt, l.list]);
  for (const t of data.apiTokens) {
    const state = t.revokedAt ? `revoked ${t.revokedAt}` : `last used ${t.lastUsedAt ?? 'never'}`;
    rows.push(['api-token', '', `${t.scope} ${t.prefix}…`, t.createdAt, `${t.name} (${state})`]);
  }
  for (const j of data.historyImports)
    rows.push(['history-import', '', `${j.status} ${j.processed}/${j.total}`, j.startedAt, j.error ?? j.filename]);
  for (const r of data.importedHistoryRows) rows.push(['imported-row', '', r.key, r.importedAt, '']);
  for (const s of data.sessions) rows.push(['session', '', '', s.startedAt, s.browser]);
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
