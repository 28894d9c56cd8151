import type { Db } from '../../db/database.js';
import type { Writer } from '../../kernel/unit-of-work.js';
import { recordAudit, SYSTEM_ACTOR } from '../audit/index.js';
import { UNCONFIRMED_PURGE_MS } from './member.js';
import { listUnconfirmedBefore } from './members.repository.js';
import { removeMember } from './settings.service.js';

/**
 * Removes accounts whose address was never confirmed within 7 days of joining (run by the hourly purge). What such
 * an account claimed or did stays as a guest's: its votes and likes are kept, its comments under "Deleted member".
 */
export async function purgeUnconfirmedMembers(store: { db: Db; writer: Writer }, now: Date): Promise<number> {
  const before = new Date(now.getTime() - UNCONFIRMED_PURGE_MS).toISOString();
  const stale = await listUnconfirmedBefore(store.db, before);
  if (stale.length === 0) return 0;
  await store.writer.write(async (uow) => {
    for (const member of stale) await removeMember(uow, member, 'anonymise', now);
    const summary = `removed ${stale.length} unconfirmed member account(s)`;
    await recordAudit(uow.tx, SYSTEM_ACTOR, { action: 'member.purge', targetType: 'member', summary }, now);
  });
  return stale.length;
}
