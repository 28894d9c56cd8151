import type { Socket } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/**
 * How the test server answers the next messages: `accept`, refuse the DATA with a 5xx or 4xx answer, `drop` the
 * connection in the middle of the DATA (a server that disappears mid-send), or `slow` (accept after `delayMs`).
 */
export type SmtpMode =
  | { kind: 'accept' }
  | { kind: 'refuse'; code: number; text: string }
  | { kind: 'drop' }
  | { kind: 'slow'; delayMs: number };

export interface Arrival {
  envelope: { from: string; to: string[] };
  raw: string;
  mail: ParsedMail;
}

export interface TestSmtpServer {
  url: string;
  port: number;
  arrivals: Arrival[];
  /** Every DATA the server saw begin, accepted or not. */
  attempts: number;
  mode: SmtpMode;
  /** Resolves once `count` messages have arrived (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<Arrival[]>;
  close(): Promise<void>;
}

/** A real SMTP server (the smtp-server package) on a free local port, parsing what arrives with mailparser. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const sockets = new Set<Socket>();
  const state: TestSmtpServer = {
    url: '',
    port: 0,
    arrivals: [],
    attempts: 0,
    mode: { kind: 'accept' },
    async waitFor(count, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (state.arrivals.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} mails, ${state.arrivals.length} arrived`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return state.arrivals;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = new SMTPServer({
    authOptional: true,
    // nodemailer upgrades to TLS when offered; the test server has no certificate worth trusting.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      state.attempts++;
      const mode = state.mode;
      const chunks: Buffer[] = [];
      if (mode.kind === 'drop') {
        stream.once('data', () => {
          for (const socket of sockets) socket.destroy();
        });
      }
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        if (mode.kind === 'drop') return;
        if (mode.kind === 'refuse') {
          return callback(Object.assign(new Error(mode.text), { responseCode: mode.code }));
        }
        if (mode.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, mode.delayMs));
        const raw = Buffer.concat(chunks).toString('utf8');
        const address = (a: SMTPServerAddress | false) => (a ? a.address : '');
        state.arrivals.push({
          envelope: { from: address(session.envelope.mailFrom), to: session.envelope.rcptTo.map(address) },
          raw,
          mail: await simpleParser(raw),
        });
        callback();
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  state.port = typeof address === 'object' && address ? address.port : 0;
  state.url = `smtp://127.0.0.1:${state.port}`;
  return state;
}
