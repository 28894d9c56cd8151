import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { listCategoriesWithCounts } from '../features/catalog/index.js';
import { loadSettings, type SiteSettings } from '../features/settings/index.js';
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

/** A film an admin created, edited or deleted; derived data (related films, search) follows it. */
export interface FilmChange {
  filmId: number;
  kind: 'created' | 'updated' | 'deleted';
}

export type FilmChangeListener = (change: FilmChange) => Promise<void>;

/** What every route needs, built once per app. */
export interface AppContext {
  /** Features that add to the film page register here; the catalog renders them without knowing them. */
  filmPageExtensions: FilmPageExtension[];
  /** The value for a FORM_STAMP field (csrf-placeholder.tsx) in pages going out: a signed "form shown at" stamp. */
  formStamp(): string;
  /** Called after each admin write to a film, in registration order. */
  filmChangeListeners: FilmChangeListener[];
  config: Config;
  db: Db;
  clock: Clock;
  versions: VersionWatcher;
  assets: SiteAssets;
  chrome(): Promise<SiteChrome>;
  /** How long admin sessions live when idle and at most. */
  sessionPolicy: { idleMs: number; absoluteMs: number };
  /** The admin-editable settings, re-read when they change (here or on another instance). */
  settings(): Promise<SiteSettings>;
}

export function createContext(
  config: Config,
  db: Db,
  clock: Clock,
  sessionPolicy: AppContext['sessionPolicy'],
): AppContext {
  const versions = new VersionWatcher(db);
  const assets = loadAssets();
  let cached: { version: string; chrome: SiteChrome } | undefined;
  let cachedSettings: { version: string; settings: Promise<SiteSettings> } | undefined;
  // Environment values are the defaults; what an admin saves overrides them.
  const settingDefaults = { ratingPriorVotes: config.engagement.ratingPriorVotes };
  const settings = async () => {
    const version = await versions.current();
    if (cachedSettings?.version !== version) {
      cachedSettings = { version, settings: loadSettings(db, settingDefaults) };
    }
    return cachedSettings.settings;
  };
  return {
    filmPageExtensions: [],
    filmChangeListeners: [],
    // Until a feature supplies one, the stamp is empty: nothing reads it.
    formStamp: () => '',
    config,
    db,
    clock,
    versions,
    assets,
    settings,
    sessionPolicy,
    async chrome() {
      const version = await versions.current();
      if (cached?.version === version) return cached.chrome;
      const [categories, site] = await Promise.all([listCategoriesWithCounts(db), settings()]);
      const chrome: SiteChrome = {
        siteTitle: site.siteTitle,
        tagline: site.tagline,
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
