import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { listCategoriesWithCounts } from '../features/catalog/index.js';
import type { Clock } from '../lib/clock.js';
import type { SiteChrome } from '../views/Layout.js';
import { loadAssets, type SiteAssets } from './assets.js';
import { VersionWatcher } from './versions.js';

/** A block another feature adds to every film page (the rating widget, the like button, …). */
export interface FilmPageSection {
  slot: 'summary' | 'after-synopsis';
  node: VNode;
  /** Properties merged into the page's schema.org Movie JSON-LD. */
  movieJsonLd?: Record<string, unknown>;
}

export type FilmPageExtension = (
  film: { id: number; slug: string; title: string },
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<FilmPageSection>;

/** What every route needs, built once per app. */
export interface AppContext {
  /** Features that add to the film page register here; the catalog renders them without knowing them. */
  filmPageExtensions: FilmPageExtension[];
  config: Config;
  db: Db;
  clock: Clock;
  versions: VersionWatcher;
  assets: SiteAssets;
  chrome(): Promise<SiteChrome>;
}

export function createContext(config: Config, db: Db, clock: Clock): AppContext {
  const versions = new VersionWatcher(db);
  const assets = loadAssets();
  let cached: { version: string; chrome: SiteChrome } | undefined;
  return {
    filmPageExtensions: [],
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
        scriptHref: assets.islands.href,
        publicUrl: config.publicUrl,
      };
      cached = { version, chrome };
      return chrome;
    },
  };
}
