import type { Db, DbOrTx } from '../../db/database.js';
import type { SignedInMember } from '../../kernel/member.js';
import type { Writer } from '../../kernel/unit-of-work.js';
import { type CommentHooks, listListComments, postComment } from '../comments/index.js';
import type { SiteSettings } from '../settings/index.js';
import type { ListComment } from './list.js';
import { memberEmail } from './lists.repository.js';

export async function commentsOnList(db: DbOrTx, listId: number): Promise<ListComment[]> {
  return (await listListComments(db, listId)).map((c) => ({
    id: c.id,
    authorName: c.author_name,
    body: c.body,
    createdAt: c.created_at,
  }));
}

/**
 * A comment on a list: a comment with no film that points at the list, posted through the comments feature, so it
 * meets the same limits, spam checks, moderation queue and mail as any comment (decision 035). A member comments as
 * themselves; a guest gives a name and an email address. Flat: no replies to replies.
 */
export async function commentOnList(
  db: Db,
  deps: {
    writer: Writer;
    settings: SiteSettings;
    hooks: CommentHooks;
    now: Date;
    flood: { perVisitorPerMinute: number; perIpPerMinute: number };
  },
  listId: number,
  member: SignedInMember | null,
  fields: Record<string, string>,
  who: { visitorId: string; ipHash: string; userAgent: string; ip?: string },
  extras: Record<string, string>,
) {
  const raw = member
    ? { authorName: member.displayName, authorEmail: await memberEmail(db, member.id), body: fields.body }
    : { authorName: fields.authorName, authorEmail: fields.authorEmail, body: fields.body };
  return postComment(db, deps, null, raw, who, extras, { listId });
}
