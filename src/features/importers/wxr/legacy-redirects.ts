import type { DbOrTx } from '../../../db/database.js';
import { legacyKey } from './legacy-path.js';
import { findRedirectTarget } from './wxr-import.repository.js';

/**
 * Where an address of the imported old site now lives, or undefined. Only stored redirects answer (nothing is guessed
 * from the URL's shape), and never one pointing at the address asked for (no loop when the target itself is gone).
 */
export async function findLegacyRedirect(db: DbOrTx, url: string): Promise<string | undefined> {
  const key = legacyKey(url);
  if (!key) return undefined;
  const target = await findRedirectTarget(db, key);
  if (!target) return undefined;
  const asked = url.split('?')[0];
  return target === asked ? undefined : target;
}

/** A WordPress query address (`/?p=12`, `/?page_id=3`, `/?cat=4`, `/?feed=rss2`): the home page would answer it. */
export const isWordPressQuery = (url: string) => /^\/(index\.php)?\?(.*&)?(p|page_id|cat|feed)=/.test(url);
