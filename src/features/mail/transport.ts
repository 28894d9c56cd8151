import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';

/** Where a composed message goes: an SMTP server, or (email off) a .eml file. */
export interface MailTransport {
  readonly kind: 'smtp' | 'file';
  /** Resolves with the server's answer (or the file written); rejects with the SMTP answer or connection error. */
  send(message: Mail.Options, fileName: string): Promise<string>;
  close(): void;
}

export interface TransportOptions {
  smtpUrl: string | null;
  /** Where .eml files go when there is no SMTP server (DATA_DIR/outbox). */
  outboxDir: string;
  /** How long a connection, greeting or silent socket may take; a hung server must not hold the worker forever. */
  timeoutMs?: number;
}

export function createMailTransport(options: TransportOptions): MailTransport {
  if (!options.smtpUrl) return fileTransport(options.outboxDir);
  const timeout = options.timeoutMs ?? 30_000;
  const smtp = nodemailer.createTransport({
    url: options.smtpUrl,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    kind: 'smtp',
    async send(message) {
      const info = await smtp.sendMail(message);
      return String(info.response ?? 'sent');
    },
    close: () => smtp.close(),
  };
}

function fileTransport(dir: string): MailTransport {
  // nodemailer's stream transport composes the raw message exactly as SMTP would carry it, without sending it.
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'file',
    async send(message, fileName) {
      const info = await composer.sendMail(message);
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, fileName);
      await fs.writeFile(file, info.message as Buffer);
      return `written to ${file}`;
    },
    close: () => composer.close(),
  };
}
