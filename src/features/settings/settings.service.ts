import type { DbOrTx } from '../../db/database.js';
import { bumpVersion } from '../../db/site-state.js';
import { DEFAULT_SETTINGS, type SiteSettings } from '../../kernel/site-settings.js';
import { type Actor, recordAudit } from '../audit/index.js';

export const SETTINGS_VERSION = 'settings';

export async function loadSettings(db: DbOrTx, defaults: Partial<SiteSettings> = {}): Promise<SiteSettings> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    try {
      stored[row.key] = JSON.parse(row.value);
    } catch {
      // A hand-edited row that is not JSON falls back to the default rather than breaking every page.
    }
  }
  const merged = { ...DEFAULT_SETTINGS, ...defaults } as SiteSettings;
  for (const key of Object.keys(merged) as Array<keyof SiteSettings>) {
    const value = stored[key];
    if (value !== undefined && typeof value === typeof DEFAULT_SETTINGS[key])
      (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return merged;
}

/** Save the settings that changed, log them, and retire cached pages (titles and page sizes appear everywhere). */
export async function saveSettings(db: DbOrTx, actor: Actor, next: SiteSettings, now: Date): Promise<string[]> {
  const current = await loadSettings(db);
  const changed = (Object.keys(next) as Array<keyof SiteSettings>).filter(
    (key) => JSON.stringify(next[key]) !== JSON.stringify(current[key]),
  );
  for (const key of changed) {
    const value = JSON.stringify(next[key]);
    await db
      .insertInto('settings')
      .values({ key, value, updated_at: now.toISOString() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now.toISOString() }))
      .execute();
  }
  if (changed.length) {
    await recordAudit(
      db,
      actor,
      {
        action: 'settings.update',
        targetType: 'settings',
        summary: `Changed ${changed.join(', ')}`,
        details: Object.fromEntries(changed.map((k) => [k, { from: current[k], to: next[k] }])),
      },
      now,
    );
    await bumpVersion(db, SETTINGS_VERSION);
  }
  return changed;
}
