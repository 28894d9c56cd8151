import type { DbOrTx } from '../../db/database.js';
import { handleKeyOf } from './member.js';

/**
 * A member whose content others may see by handle: confirmed, not suspended, profile public. Anyone else is absent
 * to the public (a suspended member's content is hidden: decision 026).
 */
export const findPublicMember = (db: DbOrTx, handle: string) =>
  db
    .selectFrom('members')
    .select(['id', 'handle', 'display_name', 'visitor_id'])
    .where('handle_key', '=', handleKeyOf(handle))
    .where('suspended_at', 'is', null)
    .where('confirmed_at', 'is not', null)
    .where('profile_public', '=', 1)
    .executeTakeFirst();
