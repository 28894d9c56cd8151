import { randomBytes, randomUUID } from 'node:crypto';
import type Mail from 'nodemailer/lib/mailer/index.js';
import type { Db, DbOrTx } from '../../db/database.js';
import type { UnitOfWork } from '../../kernel/unit-of-work.js';
import { headerText, type MailMessage, mailAddress } from './message.js';
import {
  claimDue,
  countByStatus,
  deleteOlderThan,
  insertOutbox,
  type OutboxRow,
  selectLog,
  settle,
} from './outbox.repository.js';
import type { MailTransport } from './transport.js';

/** Attempts before a message is given up as failed; with the back-off below the last comes ~4 h after the first. */
export const MAX_ATTEMPTS = 8;
const FIRST_RETRY_MS = 60_000;
const LONGEST_WAIT_MS = 2 * 60 * 60_000;
/** Longer than any send can take with the transport's timeouts; a claim older than this belongs to a dead worker. */
const LEASE_MS = 5 * 60_000;
const KEEP_DAYS = 30;

/** How long to wait after the n-th failed attempt: 1 min, 2, 4, … capped at 2 h. */
export const retryDelayMs = (attempts: number) => Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), LONGEST_WAIT_MS);

/**
 * Queue a mail as part of a write: the row is inserted in that write's transaction, so the mail exists only if the
 * write commits, and the request does nothing slower than an INSERT (the worker sends it).
 */
export async function enqueueMail(uow: UnitOfWork, message: MailMessage, now: Date): Promise<number> {
  return insertMail(uow.tx, message, now);
}

/** The same for callers outside a unit of work (the CLI, tests, the admin's test mail). */
export async function insertMail(db: DbOrTx, message: MailMessage, now: Date): Promise<number> {
  const recipient = mailAddress(message.to.address);
  return insertOutbox(db, {
    kind: headerText(message.kind, 40),
    recipient,
    message_id: randomUUID(),
    subject: headerText(message.subject),
    body_text: message.text,
    body_html: message.html,
    headers: JSON.stringify({
      name: message.to.name ? headerText(message.to.name, 100) : undefined,
      unsubscribe: message.unsubscribeUrl,
    }),
    status: 'queued',
    next_attempt_at: now.toISOString(),
    created_at: now.toISOString(),
  });
}

/** The MIME message for a claimed row: multipart text + HTML, the unsubscribe headers for a notification. */
export function composeMessage(row: OutboxRow, from: string): Mail.Options {
  const extra = JSON.parse(row.headers ?? '{}') as { name?: string; unsubscribe?: string };
  const headers: Record<string, string> = {};
  if (extra.unsubscribe) {
    headers['List-Unsubscribe'] = `<${extra.unsubscribe}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return {
    from,
    // Name and subject were flattened to one line when queued; nodemailer encodes them (RFC 2047) on top.
    to: extra.name ? { name: headerText(extra.name, 100), address: row.recipient } : row.recipient,
    subject: headerText(row.subject ?? ''),
    text: row.body_text ?? '',
    html: row.body_html ?? undefined,
    messageId: `<${row.message_id}@${domainOf(from)}>`,
    headers,
  };
}

/** The domain of the From address: Message-IDs are made there (RFC 5322 §3.6.4). */
function domainOf(from: string): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from)?.[1];
  return domain ?? 'localhost';
}

/** The server's answer to a failed send, as the mail log shows it. */
function answerOf(error: unknown): string {
  const e = error as { response?: unknown; code?: unknown; message?: unknown };
  const text = typeof e.response === 'string' ? e.response : `${e.code ?? 'error'}: ${String(e.message ?? error)}`;
  return text.slice(0, 500);
}

export interface OutboxDeps {
  db: Db;
  transport: MailTransport;
  from: string;
  now(): Date;
}

export interface OutboxRun {
  sent: number;
  retrying: number;
  failed: number;
  purged: number;
}

/**
 * One pass of the worker: claim what is due (several instances each get different rows), send each, record the
 * outcome, and purge what is past keeping. Safe to call from any number of processes at once.
 */
export async function runOutbox(deps: OutboxDeps, batch = 20): Promise<OutboxRun> {
  const run: OutboxRun = { sent: 0, retrying: 0, failed: 0, purged: 0 };
  const token = randomBytes(16).toString('hex');
  const start = deps.now();
  const claimed = await claimDue(
    deps.db,
    token,
    start.toISOString(),
    new Date(start.getTime() + LEASE_MS).toISOString(),
    batch,
  );
  for (const row of claimed) {
    try {
      await deps.transport.send(composeMessage(row, deps.from), `${row.id}-${row.kind}.eml`);
      await settle(deps.db, row.id, token, { status: 'sent', at: deps.now().toISOString() });
      run.sent++;
    } catch (error) {
      const answer = answerOf(error);
      if (row.attempts >= MAX_ATTEMPTS) {
        await settle(deps.db, row.id, token, { status: 'failed', error: answer });
        run.failed++;
      } else {
        const next = new Date(deps.now().getTime() + retryDelayMs(row.attempts)).toISOString();
        await settle(deps.db, row.id, token, { status: 'queued', nextAttemptAt: next, error: answer });
        run.retrying++;
      }
    }
  }
  run.purged = await deleteOlderThan(deps.db, new Date(start.getTime() - KEEP_DAYS * 86_400_000).toISOString());
  return run;
}

/** The admin's mail log: counts per status and the latest messages. */
export async function mailLog(db: DbOrTx, limit = 100) {
  const [counts, rows] = await Promise.all([countByStatus(db), selectLog(db, limit)]);
  return { counts, rows };
}
