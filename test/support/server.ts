// The compiled server (dist/cli.js serve) as a child process on a free port, for end-to-end tests: what an operator
// runs, not app.inject. `npm run build` must have run first (npm run test:unit does).
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface RunningServer {
  /** e.g. http://127.0.0.1:43121, no trailing slash. */
  origin: string;
  port: number;
  /** The server's database, for CLI commands run beside it (create-admin, imports). */
  databaseUrl: string;
  /** What the server wrote to stderr so far (kept for failure messages). */
  stderr(): string;
  /** "running", or how it exited, with its stderr: for a failure message when a request is refused. */
  state(): string;
  stop(): Promise<void>;
  /** Kill -9: the process ends at once, mid-write, with no shutdown code run; resolves when it has exited. */
  kill(): Promise<void>;
}

/** A port nobody listens on right now: bind port 0, read what the kernel chose, release it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port from listen(0)'));
      server.close(() => resolve(address.port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Children still running; killed if the test process itself exits, so no server is left holding a port. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Start `node dist/cli.js serve` over a fresh SQLite file (the demo catalog imported on first start unless
 * env.IMPORT_DEMO says otherwise) and wait until GET /healthz answers 200.
 */
export async function startServer(
  options: { env?: Record<string, string>; timeoutMs?: number; port?: number } = {},
): Promise<RunningServer> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reelhouse-e2e-'));
  const demoOnSqlite =
    options.env?.DATABASE_URL === undefined && (options.env?.IMPORT_DEMO ?? 'on') === 'on' && !options.env?.DATA_DIR;
  if (demoOnSqlite) fs.copyFileSync(await demoTemplate(), path.join(dir, 'e2e.db'));
  const port = options.port ?? (await freePort());
  const origin = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [CLI, 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: origin,
      DATABASE_URL: `sqlite:${path.join(dir, 'e2e.db')}`,
      DATA_DIR: dir,
      IMPORT_DEMO: 'on',
      LOG_LEVEL: 'warn',
      // A test machine runs Chromium, the suite and this server on two cores: its event loop is late by design, and
      // load shedding would refuse the very requests a test makes. Tests of shedding turn it on themselves.
      SHED_EVENT_LOOP_DELAY_MS: '0',
      COOKIE_SECRET: 'e2e-cookie-secret-e2e-cookie-secret-0123456789',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const timeoutMs = options.timeoutMs ?? 90_000;
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before answering:\n${stderr}`);
    }
    try {
      if ((await fetch(`${origin}/healthz`)).ok) break;
    } catch {
      // Not listening yet (migrating, importing the demo catalog).
    }
    if (Date.now() > until) {
      await stop();
      throw new Error(`the server did not answer ${origin}/healthz within ${timeoutMs / 1000} s:\n${stderr}`);
    }
    await sleep(100);
  }
  const state = () => {
    const status =
      child.exitCode === null && child.signalCode === null
        ? 'running'
        : `exited (${child.exitCode ?? child.signalCode})`;
    return `server ${origin} (pid ${child.pid}): ${status}; its stderr:\n${stderr || '(empty)'}`;
  };
  const databaseUrl = options.env?.DATABASE_URL ?? `sqlite:${path.join(dir, 'e2e.db')}`;
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return { origin, port, databaseUrl, stderr: () => stderr, state, stop, kill } satisfies RunningServer;
}

/**
 * A SQLite file holding what a first start makes of an empty database (the demo catalog imported, related films
 * built), made once per build and copied for each server that would otherwise make it again: the import is most of
 * a server's start, and a dozen test files start one. The server still checks its migrations and the catalog on
 * start, so a copy behaves as the first start would have left it. Keyed by the build and the demo catalog, so a
 * rebuild never serves an old template; made under a temporary name and renamed, so test files starting at once
 * never read half a file.
 */
let template: Promise<string> | undefined;
function demoTemplate(): Promise<string> {
  template ??= (async () => {
    const demo = path.join(ROOT, 'data', 'demo', 'films.json.gz');
    const key = [CLI, demo].map((f) => `${fs.statSync(f).size}-${Math.round(fs.statSync(f).mtimeMs)}`).join('-');
    const file = path.join(os.tmpdir(), `reelhouse-demo-template-${key}.db`);
    if (fs.existsSync(file)) return file;
    const server = await startServer({ env: { DATABASE_URL: `sqlite:${file}.${process.pid}.tmp`, IMPORT_DEMO: 'on' } });
    await server.stop();
    // Whatever the write-ahead log still holds goes into the file itself, which is all that is copied.
    const made = new Database(`${file}.${process.pid}.tmp`);
    made.pragma('wal_checkpoint(TRUNCATE)');
    made.close();
    fs.renameSync(`${file}.${process.pid}.tmp`, file);
    return file;
  })();
  return template;
}

/** Run a `reelhouse` CLI command against a running test server's database; resolves with its exit code and output. */
export function runCli(
  server: RunningServer,
  args: string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: server.databaseUrl, LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}
