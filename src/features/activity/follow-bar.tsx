import type { VNode } from 'preact';
import type { DbOrTx } from '../../db/database.js';
import { followCounts } from './follows.service.js';
import { FollowBar } from './views/FollowPages.js';

/**
 * The profile's follow line, for the diary feature's profile page (wired in server/routes.ts): counts and a link,
 * the same for every viewer, so the profile stays one cached page (it depends on `profile:<id>`, which a follow
 * touches).
 */
export const followBar =
  (db: DbOrTx) =>
  async (member: { id: number; handle: string }): Promise<VNode> => {
    const counts = await followCounts(db, member.id);
    return <FollowBar handle={member.handle} followers={counts.followers} following={counts.following} />;
  };
