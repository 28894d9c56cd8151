import { PostgresDialect } from 'kysely';
import pg from 'pg';

// COUNT(*) and BIGINT come back from pg as strings; every count we read fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export function createPostgresDialect(url: string, options: { searchPath?: string } = {}): PostgresDialect {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  return new PostgresDialect({ pool });
}
