import path from 'node:path';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { type OutboxRun, runOutbox } from './outbox.service.js';
import { createMailTransport, type MailTransport } from './transport.js';

export interface MailWorker {
  /** Whether mail leaves the machine (SMTP_URL set) or is written to DATA_DIR/outbox. */
  readonly emailOn: boolean;
  readonly outboxDir: string;
  /** One pass over the outbox (what the timer runs; tests call it directly). */
  runOutboxOnce(): Promise<OutboxRun>;
  /** Poll the outbox every `intervalMs` until stop(). */
  start(intervalMs?: number): void;
  /** Stop polling, wait for a pass in progress, close the SMTP connection. */
  stop(): Promise<void>;
}

export interface MailWorkerOptions {
  config: Pick<Config, 'mail' | 'dataDir'>;
  db: Db;
  clock: Clock;
  onError?: (error: unknown) => void;
  /** For tests: a transport of their own, or shorter SMTP timeouts. */
  transport?: MailTransport;
  timeoutMs?: number;
  /** Work that queues mail on a schedule (moderation digests), run at the start of each pass. */
  jobs?: Array<(now: Date) => Promise<unknown>>;
}

export function createMailWorker(options: MailWorkerOptions): MailWorker {
  const outboxDir = path.join(options.config.dataDir, 'outbox');
  const transport =
    options.transport ??
    createMailTransport({ smtpUrl: options.config.mail.smtpUrl, outboxDir, timeoutMs: options.timeoutMs });
  const deps = { db: options.db, transport, from: options.config.mail.from, now: () => options.clock.now() };
  const pass = async () => {
    for (const job of options.jobs ?? []) {
      try {
        await job(options.clock.now());
      } catch (error) {
        options.onError?.(error);
      }
    }
    return runOutbox(deps);
  };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = (intervalMs: number) => {
    timer = setTimeout(() => {
      running = pass()
        .catch((error) => options.onError?.(error))
        .finally(() => {
          if (!stopped) tick(intervalMs);
        });
    }, intervalMs);
    // The worker alone never keeps the process alive.
    timer.unref();
  };
  return {
    emailOn: transport.kind === 'smtp',
    outboxDir,
    runOutboxOnce: pass,
    start(intervalMs = 5000) {
      stopped = false;
      if (!timer) tick(intervalMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await running;
      transport.close();
    },
  };
}
