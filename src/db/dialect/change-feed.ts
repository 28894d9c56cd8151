import pg from 'pg';
import { CONNECT_TIMEOUT_MS, type PostgresOptions } from './postgres.js';

/** What a change feed tells its owner. */
export interface ChangeFeedHandlers {
  /** Change `seq` was committed (by any instance, this one included). */
  changed(seq: number): void;
  /** Listening (again): changes made while not listening were not announced here, so read the log. */
  listening(): void;
  /** The listening connection failed; it is opened again after a pause. */
  problem(error: Error): void;
}

export interface ChangeFeed {
  close(): Promise<void>;
}

/** The channel's name as SQL, evaluated in the session's schema by the writer (NOTIFY) and the listener alike. */
export const CHANGE_CHANNEL_SQL = "'rh_changes_' || md5(current_schema())";

const FIRST_RETRY_MS = 250;
const LONGEST_RETRY_MS = 10_000;

/**
 * A dedicated PostgreSQL connection that LISTENs for committed changes (docs/decisions/030). It is not from the pool:
 * a LISTEN lasts as long as its session. When the connection drops it is reopened, waiting longer after each failure;
 * meanwhile the watcher's once-a-second read of the change log keeps pages correct, only later.
 */
export function listenForChanges(url: string, options: PostgresOptions, handlers: ChangeFeedHandlers): ChangeFeed {
  let client: pg.Client | undefined;
  let closed = false;
  let retryMs = FIRST_RETRY_MS;
  let retry: NodeJS.Timeout | undefined;

  const again = (error: Error) => {
    if (closed) return;
    handlers.problem(error);
    const broken = client;
    client = undefined;
    broken?.removeAllListeners();
    // A client that failed may emit again while ending; that error has been reported already.
    broken?.on('error', () => {});
    void broken?.end().catch(() => undefined);
    clearTimeout(retry);
    retry = setTimeout(() => void open(), retryMs);
    retry.unref();
    retryMs = Math.min(retryMs * 2, LONGEST_RETRY_MS);
  };

  const open = async () => {
    if (closed || client) return;
    const next = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    });
    client = next;
    next.on('error', again);
    next.on('end', () => {
      if (client === next) again(new Error('the change feed connection closed'));
    });
    next.on('notification', (message) => {
      const seq = Number(message.payload);
      if (Number.isSafeInteger(seq)) handlers.changed(seq);
    });
    try {
      await next.connect();
      const { rows } = await next.query<{ channel: string }>(`select ${CHANGE_CHANNEL_SQL} as channel`);
      await next.query(`listen ${next.escapeIdentifier(rows[0]!.channel)}`);
      if (closed) return void (await next.end());
      retryMs = FIRST_RETRY_MS;
      handlers.listening();
    } catch (error) {
      if (client === next) again(error instanceof Error ? error : new Error(String(error)));
    }
  };

  void open();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      const last = client;
      client = undefined;
      last?.removeAllListeners();
      last?.on('error', () => {});
      await last?.end().catch(() => undefined);
    },
  };
}
