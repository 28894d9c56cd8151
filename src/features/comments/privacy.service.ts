import type { DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import type { Clock } from '../../lib/clock.js';
import { type Actor, recordAudit } from '../audit/index.js';
import type { SiteSettings } from '../settings/index.js';
import { anonymiseByEmail, deleteByEmail, listByEmail, purgeOld } from './comments.repository.js';
import type { CommenterDataPart } from './comments.service.js';

/** Everything stored about one commenter, as the GDPR's right of access asks (Art. 15). */
export async function exportCommenter(db: DbOrTx, email: string, now: Date, parts: CommenterDataPart[] = []) {
  const normal = email.trim().toLowerCase();
  const rows = await listByEmail(db, normal);
  const more: Record<string, unknown> = {};
  for (const part of parts) more[part.name] = await part.export(db, normal, now);
  return {
    ...more,
    email: normal,
    exportedAt: now.toISOString(),
    comments: rows.map((c) => ({
      id: c.id,
      film: { slug: c.film_slug, title: c.film_title },
      parentId: c.parent_id,
      authorName: c.author_name,
      authorEmail: c.author_email,
      authorUrl: c.author_url,
      body: c.body,
      status: c.status,
      ipHash: c.ip_hash,
      userAgent: c.user_agent,
      visitorId: c.visitor_id,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
    })),
  };
}

/** An export is itself recorded: who looked at a commenter's data, and how much of it. */
export async function exportCommenterAudited(
  db: DbOrTx,
  email: string,
  actor: Actor,
  now: Date,
  parts: CommenterDataPart[] = [],
) {
  const data = await exportCommenter(db, email, now, parts);
  await recordAudit(
    db,
    actor,
    { action: 'commenter.export', targetType: 'commenter', summary: `exported ${data.comments.length} comment(s)` },
    now,
  );
  return data;
}

/** Right to erasure (Art. 17): anonymise, keeping the conversation readable, or delete the comments outright. */
export async function eraseCommenter(
  uow: UnitOfWork,
  email: string,
  mode: 'anonymise' | 'delete',
  actor: Actor,
  now: Date,
  parts: CommenterDataPart[] = [],
): Promise<number> {
  const normal = email.trim().toLowerCase();
  if (!normal) throw new AppError('invalid_field', 'email: required', 'email');
  for (const part of parts) await part.erase(uow, normal, mode, now);
  const count =
    mode === 'delete' ? await deleteByEmail(uow.tx, normal) : await anonymiseByEmail(uow.tx, normal, now.toISOString());
  await recordAudit(
    uow.tx,
    actor,
    { action: `commenter.${mode}`, targetType: 'commenter', summary: `${mode} ${count} comment(s) of a commenter` },
    now,
  );
  uow.touched('comments');
  return count;
}

/** The scheduled clean-up: trash and spam past retention are deleted, old network-address hashes dropped. */
export async function runCommentPurge(deps: { db: DbOrTx; clock: Clock; settings(): Promise<SiteSettings> }) {
  const settings = await deps.settings();
  const now = deps.clock.now().getTime();
  const result = await purgeOld(deps.db, {
    statusBefore: new Date(now - settings.trashRetentionDays * 86_400_000).toISOString(),
    spamBefore: new Date(now - settings.spamRetentionDays * 86_400_000).toISOString(),
    ipBefore: new Date(now - settings.ipHashRetentionDays * 86_400_000).toISOString(),
  });
  if (result.deleted) {
    await recordAudit(
      deps.db,
      { id: null, label: 'system' },
      { action: 'comment.purge', targetType: 'comment', summary: `purged ${result.deleted} trashed/spam comment(s)` },
      deps.clock.now(),
    );
  }
  return result;
}
