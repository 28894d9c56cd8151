import { PostgresDialect } from 'kysely';
import pg from 'pg';

// COUNT(*) and BIGINT come back from pg as strings; every count we read fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/**
 * How long a request waits for a connection before it is told the database is unavailable. Without a limit pg waits
 * forever, so during an outage every request hangs until the client gives up; 3 s is well above a healthy connect
 * (a few ms) and below the 5-10 s after which browsers and load balancers retry on their own.
 */
export const CONNECT_TIMEOUT_MS = 3000;

export interface PostgresOptions {
  searchPath?: string;
  /** Told about connection errors that no query is waiting for (the server went away, a connection was reset). */
  onConnectionError?: (error: Error) => void;
}

export function createPostgresDialect(url: string, options: PostgresOptions = {}): PostgresDialect {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Notices a peer that vanished without a FIN (a dead host, a dropped NAT entry) instead of waiting for a reply.
    keepAlive: true,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  const report = options.onConnectionError ?? (() => {});
  // pg emits 'error' on a client, or on the pool for an idle one, when the server closes a connection (restart,
  // admin_shutdown, network loss). An 'error' event with no listener ends the Node process, so one outage would stop
  // the site. The broken client is dropped by the pool (idle) or on release (checked out: pg-pool releases clients
  // that are no longer queryable), and the next request opens a fresh connection: the site heals by itself.
  pool.on('error', report);
  pool.on('connect', (client) => {
    client.on('error', report);
  });
  return new PostgresDialect({ pool });
}
