// Helpers shared by the benchmarks: child processes, ports, wrk. Plain ESM so `npm run bench` needs no compile step.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

/** Children still running; killed if the benchmark itself dies, so no server is left holding a port. */
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll until the URL answers 2xx; fail early (with the child's stderr) if the child exits first. */
export async function waitFor(url, child, ms = 120_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before answering ${url}`);
    }
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`server did not answer ${url} within ${ms / 1000} s`);
}

/** Start a long-lived child (a server); stderr is kept for error messages. */
export function startChild(args, env, { cwd = ROOT } = {}) {
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") goes to every server the bench starts, to profile it.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  child.stderrText = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    child.stderrText = (child.stderrText + chunk).slice(-20_000);
  });
  child.once('exit', () => running.delete(child));
  return child;
}

export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Run a command to completion, collecting its output. */
export function runCommand(command, args, env, { cwd = ROOT } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function onPath(name) {
  return (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        fs.accessSync(path.join(dir, name), fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/** wrk is the load generator (DESIGN.md, bench): install it when we may, otherwise say how. */
export function ensureWrk() {
  if (onPath('wrk')) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error('wrk is not installed. Install it (Debian/Ubuntu: sudo apt-get install -y wrk) and run again.');
    process.exit(1);
  }
  console.log('wrk is not installed: running apt-get install -y wrk');
  try {
    execFileSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'inherit' });
  } catch {
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', 'wrk'], { stdio: 'inherit' });
  }
  if (!onPath('wrk')) {
    console.error('apt-get finished but wrk is still not on PATH.');
    process.exit(1);
  }
}

/** One wrk run (-t1 -c32, as DESIGN.md fixes it), parsed. */
export async function runWrk(url, seconds, { connections = 32, headers = [] } = {}) {
  const headerArgs = headers.flatMap((h) => ['-H', h]);
  const result = await runCommand(
    'wrk',
    ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', ...headerArgs, url],
    process.env,
  );
  if (result.code !== 0) throw new Error(`wrk failed (${result.code}): ${result.stderr || result.stdout}`);
  const out = result.stdout;
  const number = (re) => Number(re.exec(out)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    requests: number(/(\d+) requests in/),
    non2xx: number(/Non-2xx or 3xx responses:\s+(\d+)/),
    socketErrors: socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    // Anchored to the start of a line: the thread stats end in a "+/- Stdev" percentage such as "72.50%", which an
    // unanchored /50%/ took for the percentile line (and printed "Req/Sec" as the latency).
    latencyP50: /^\s*50%\s+(\S+)/m.exec(out)?.[1] ?? '?',
    latencyP99: /^\s*99%\s+(\S+)/m.exec(out)?.[1] ?? '?',
  };
}

/** User + system CPU seconds a process has used (Linux /proc; null elsewhere). */
export function cpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** wrk, with the server's CPU time per request beside the rate: steadier than req/s on a machine others load. */
export async function wrkWithCpu(pid, url, seconds, options) {
  const before = cpuSeconds(pid);
  const result = await runWrk(url, seconds, options);
  const after = cpuSeconds(pid);
  result.cpuMicros = before === null || after === null ? null : ((after - before) * 1e6) / Math.max(1, result.requests);
  return result;
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const fmt = (n, digits = 0) =>
  Number(n).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const BENCH_COOKIE_SECRET = 'bench-cookie-secret-bench-cookie-secret-0123';

/**
 * What most benches measure: a production server on a fresh SQLite file in a temp folder, with the demo catalog.
 * `env` adds to or overrides its environment (limits lifted for a one-machine load, say).
 */
export async function startDemoServer(name, env = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `reelhouse-bench-${name}-`));
  const port = await freePort();
  const child = startChild([CLI, 'serve'], {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${path.join(dir, 'bench.db')}`,
    IMPORT_DEMO: 'on',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    COOKIE_SECRET: BENCH_COOKIE_SECRET,
    ...env,
  });
  return { dir, port, base: `http://127.0.0.1:${port}`, child };
}
