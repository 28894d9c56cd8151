import type { DbOrTx } from '../../db/database.js';
import { DEFAULT_SETTINGS, type SiteSettings } from '../../kernel/site-settings.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { type Actor, recordAudit } from '../audit/index.js';
import { selectSettingRows, upsertSetting } from './settings.repository.js';

export async function loadSettings(db: DbOrTx, defaults: Partial<SiteSettings> = {}): Promise<SiteSettings> {
  const rows = await selectSettingRows(db);
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

/**
 * Save the settings that changed and log them, in the caller's unit of work; cached pages are retired when it
 * commits (titles and page sizes appear everywhere). Returns the names of the settings that changed.
 */
export async function saveSettings(uow: UnitOfWork, actor: Actor, next: SiteSettings, now: Date): Promise<string[]> {
  const current = await loadSettings(uow.tx);
  const changed = (Object.keys(next) as Array<keyof SiteSettings>).filter(
    (key) => JSON.stringify(next[key]) !== JSON.stringify(current[key]),
  );
  if (!changed.length) return changed;
  for (const key of changed) await upsertSetting(uow.tx, key, JSON.stringify(next[key]), now.toISOString());
  await recordAudit(
    uow.tx,
    actor,
    {
      action: 'settings.update',
      targetType: 'settings',
      summary: `Changed ${changed.join(', ')}`,
      details: Object.fromEntries(changed.map((k) => [k, { from: current[k], to: next[k] }])),
    },
    now,
  );
  uow.touched('settings');
  return changed;
}
