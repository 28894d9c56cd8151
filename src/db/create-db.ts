import { Kysely } from 'kysely';
import type { DatabaseTarget } from '../config.js';
import type { Database, Db } from './database.js';
import { createPostgresDialect, type PostgresOptions } from './dialect/postgres.js';
import { createSqliteDialect } from './dialect/sqlite.js';

export function createDb(target: DatabaseTarget, options: PostgresOptions = {}): Db {
  const dialect =
    target.dialect === 'sqlite' ? createSqliteDialect(target.file) : createPostgresDialect(target.url, options);
  return new Kysely<Database>({ dialect });
}
