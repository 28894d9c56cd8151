import { Kysely } from 'kysely';
import type { DatabaseTarget } from '../config.js';
import type { Database, Db } from './database.js';
import { type ChangeFeed, type ChangeFeedHandlers, listenForChanges } from './dialect/change-feed.js';
import { createPostgresDialect, type PostgresOptions } from './dialect/postgres.js';
import { createSqliteDialect } from './dialect/sqlite.js';

/** How to open a listening connection like the pool's (same server, same schema), per database handle. */
const listenTargets = new WeakMap<Db, { url: string; options: PostgresOptions }>();

export function createDb(target: DatabaseTarget, options: PostgresOptions = {}): Db {
  const dialect =
    target.dialect === 'sqlite' ? createSqliteDialect(target.file) : createPostgresDialect(target.url, options);
  const db = new Kysely<Database>({ dialect });
  if (target.dialect === 'postgres') listenTargets.set(db, { url: target.url, options });
  return db;
}

/**
 * Committed changes pushed to this process as they happen (PostgreSQL LISTEN/NOTIFY, docs/decisions/030); null where
 * there is nothing to listen to (SQLite, whose instances share one host and read the change log from the file).
 */
export function openChangeFeed(db: Db, handlers: ChangeFeedHandlers): ChangeFeed | null {
  const target = listenTargets.get(db);
  return target ? listenForChanges(target.url, target.options, handlers) : null;
}
