import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { listCategoriesWithCounts } from '../features/catalog/index.js';
import { loadSettings, type SiteSettings } from '../features/settings/index.js';
import type { AppContext } from '../kernel/context.js';
import { createWriter } from '../kernel/unit-of-work.js';
import { VersionWatcher } from '../kernel/versions.js';
import type { Clock } from '../lib/clock.js';
import type { SiteChrome } from '../views/Layout.js';
import { loadAssets } from './assets.js';

export function createContext(
  config: Config,
  db: Db,
  clock: Clock,
  /** Where an after-commit effect's failure is reported (the write itself has landed). */
  logError: (error: unknown, message: string) => void = () => {},
): AppContext {
  const versions = new VersionWatcher(db);
  const writer = createWriter(db, {
    invalidate: (seq, keys) => versions.invalidate(seq, keys),
    effectFailed: (error) => logError(error, 'an after-commit effect of a write failed'),
  });
  const assets = loadAssets();
  let cached: { version: string; chrome: SiteChrome } | undefined;
  let cachedSettings: { version: string; settings: Promise<SiteSettings> } | undefined;
  // Environment values are the defaults; what an admin saves overrides them.
  const settingDefaults = { ratingPriorVotes: config.engagement.ratingPriorVotes };
  const settings = async () => {
    await versions.ready();
    const version = String(versions.changedAt('settings'));
    if (cachedSettings?.version !== version) {
      cachedSettings = { version, settings: loadSettings(db, settingDefaults) };
    }
    return cachedSettings.settings;
  };
  return {
    config,
    db,
    clock,
    versions,
    writer,
    assets,
    settings,
    async chrome() {
      await versions.ready();
      const version = `${versions.changedAt('catalog')}.${versions.changedAt('settings')}`;
      if (cached?.version === version) return cached.chrome;
      const [categories, site] = await Promise.all([listCategoriesWithCounts(db), settings()]);
      const chrome: SiteChrome = {
        siteTitle: site.siteTitle,
        tagline: site.tagline,
        navCategories: categories.filter((c) => c.count > 0).slice(0, 12),
        stylesheetHref: assets.stylesheet.href,
        faviconHref: assets.favicon.href,
        scriptHref: assets.islands.href,
        publicUrl: config.publicUrl,
      };
      cached = { version, chrome };
      return chrome;
    },
  };
}
