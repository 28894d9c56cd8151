import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { listCategoriesWithCounts } from '../features/catalog/index.js';
import type { Clock } from '../lib/clock.js';
import type { SiteChrome } from '../views/Layout.js';
import { loadAssets, type StaticAsset } from './assets.js';
import { VersionWatcher } from './versions.js';

/** What every route needs, built once per app. */
export interface AppContext {
  config: Config;
  db: Db;
  clock: Clock;
  versions: VersionWatcher;
  assets: { stylesheet: StaticAsset; favicon: StaticAsset };
  chrome(): Promise<SiteChrome>;
}

export function createContext(config: Config, db: Db, clock: Clock): AppContext {
  const versions = new VersionWatcher(db);
  const assets = loadAssets();
  let cached: { version: string; chrome: SiteChrome } | undefined;
  return {
    config,
    db,
    clock,
    versions,
    assets,
    async chrome() {
      const version = await versions.current();
      if (cached?.version === version) return cached.chrome;
      const categories = await listCategoriesWithCounts(db);
      const chrome: SiteChrome = {
        siteTitle: 'Reelhouse',
        tagline: 'Films worth talking about, from the silent era to now.',
        navCategories: categories.filter((c) => c.count > 0).slice(0, 4),
        stylesheetHref: assets.stylesheet.href,
        faviconHref: assets.favicon.href,
        publicUrl: config.publicUrl,
      };
      cached = { version, chrome };
      return chrome;
    },
  };
}
