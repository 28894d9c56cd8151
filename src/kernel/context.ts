import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Clock } from '../lib/clock.js';
import type { SiteChrome } from '../views/Layout.js';
import type { SiteSettings } from './site-settings.js';
import type { ContentKey, Writer } from './unit-of-work.js';
import type { VersionWatcher } from './versions.js';

export interface StaticAsset {
  /** Content-hashed URL, so the file can be cached forever and still change on deploy. */
  href: string;
  body: Buffer;
  contentType: string;
}

export interface SiteAssets {
  stylesheet: StaticAsset;
  favicon: StaticAsset;
  islands: StaticAsset;
}

/** A block another feature adds to every film page (the rating widget, the like button, …). */
export interface FilmPageSection {
  /** 'summary': the reactions row right under the synopsis (rating, like); 'after-synopsis': the blocks below it. */
  slot: 'summary' | 'after-synopsis';
  node: VNode;
  /** Properties merged into the page's schema.org Movie JSON-LD. */
  movieJsonLd?: Record<string, unknown>;
  /** Feeds of this section, announced in the page's head (`<link rel="alternate">`). */
  feeds?: Array<{ title: string; href: string; type: 'application/rss+xml' | 'application/atom+xml' }>;
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
  config: Config;
  db: Db;
  clock: Clock;
  versions: VersionWatcher;
  /** The one way to write: a transaction, what it touched, invalidation after commit (kernel/unit-of-work.ts). */
  writer: Writer;
  assets: SiteAssets;
  chrome(): Promise<SiteChrome>;
  /** The admin-editable settings, re-read when they change (here or on another instance). */
  settings(): Promise<SiteSettings>;
}

/** A film as a feature that extends films needs it: found by its slug (the catalog supplies this). */
export type FilmRef = Parameters<FilmPageExtension>[0];
export type FindFilm = (slug: string) => Promise<FilmRef | undefined>;

/** A block another feature adds to the home page (the site's lists as shelves), with the content keys it shows. */
export type HomePageSection = () => Promise<{ node: VNode; keys: ContentKey[] }>;

/** A group of results another feature adds to the search page (public lists whose title matches). */
export type SearchResultGroup = (q: string) => Promise<VNode | null>;
