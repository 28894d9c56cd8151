import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { SqliteDialect } from 'kysely';

/**
 * Kysely prepares every query anew, and preparing was the largest single cost of a vote write in the profile. Queries
 * repeat their SQL text (values are parameters), so prepared statements are kept per text, a bounded number of them.
 */
function withStatementCache(database: SQLite.Database, limit = 1000): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = database.prepare.bind(database);
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property !== 'prepare') return Reflect.get(target, property, receiver);
      return (source: string) => {
        let statement = cache.get(source);
        if (!statement) {
          statement = prepare(source);
          if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
          cache.set(source, statement);
        }
        return statement;
      };
    },
  });
}

/**
 * Reads through a memory map of the file, up to this many bytes (a 36k-film catalog is ~200 MB). Without it every page
 * not in SQLite's own 2 MB cache is a `pread` copied into that cache: a film page not in the page cache touches ~40
 * pages spread over the file (its related films and their genres, its terms), and those reads were half of the
 * related list's CPU time (decision 046, addendum). The map costs address space, not memory: its pages are the
 * operating system's file cache, shared with every process reading the file. Writes still go through `write`.
 */
const MMAP_BYTES = 1 << 30;

/** WAL lets readers run beside the one writer; NORMAL sync is durable across app crashes (SQLite docs, "WAL mode"). */
export function createSqliteDialect(file: string): SqliteDialect {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma(`mmap_size = ${MMAP_BYTES}`);
  return new SqliteDialect({ database: withStatementCache(database) });
}
