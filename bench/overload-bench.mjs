// Overload: the warm film page at 3× the concurrency of peak throughput (the target, issue 12) and at 500 connections
// (the attack that found no shedding), with load shedding on (the default
// SHED_EVENT_LOOP_DELAY_MS). wrk drives the load and counts answers by status (bench/status-count.lua); beside it a
// probe sends one request at a time and times each answer, so the latency of accepted (200) and refused (503)
// requests can be told apart (wrk's histogram mixes them). RSS of the server is read before and after.
// Usage: node bench/overload-bench.mjs   (env: BENCH_OVERLOAD_SECONDS=10)

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWrk, fmt, ROOT, runCommand, runWrk, sleep, startDemoServer, stopChild, waitFor } from './lib.mjs';

const OVERLOAD_SECONDS = Number(process.env.BENCH_OVERLOAD_SECONDS ?? 10);
const SWEEP = [4, 8, 16, 32, 64];
const SWEEP_SECONDS = 3;
/** The concurrency of the attack in issue 12 (p99 over 1 s and 147 timeouts before load shedding). */
const ATTACK_CONNECTIONS = 500;
export const OVERLOAD_TARGETS = { acceptedP99Ms: 50, refusedP99Ms: 5, timeouts: 0, rssGrowthMb: 20 };

const rssMb = (pid) => {
  const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return kb ? Number(kb) / 1024 : Number.NaN;
};

/** wrk prints latencies as 850.00us, 12.34ms or 1.02s. */
const wrkMs = (text) => {
  const m = /^([\d.]+)(us|ms|s)$/.exec(text);
  if (!m) return Number.NaN;
  return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]];
};

const percentile = (values, p) => {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

/** One request at a time on one kept-alive connection until `until`, each timed from send to last byte. */
async function probe(url, until) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const samples = [];
  while (Date.now() < until) {
    const started = performance.now();
    const status = await new Promise((resolve) => {
      const req = http.get(url, { agent, timeout: 5000 }, (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode));
      });
      req.once('timeout', () => req.destroy(new Error('timeout')));
      req.once('error', () => resolve(0));
    });
    samples.push({ status, ms: performance.now() - started });
    await sleep(5);
  }
  agent.destroy();
  return samples;
}

/** wrk with the status-counting script; returns runWrk's figures plus { statuses: { '200': n, '503': n } }. */
async function wrkByStatus(url, seconds, connections) {
  const script = path.join(ROOT, 'bench', 'status-count.lua');
  const result = await runCommand(
    'wrk',
    ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '2s', '-s', script, url],
    process.env,
  );
  if (result.code !== 0) throw new Error(`wrk failed (${result.code}): ${result.stderr || result.stdout}`);
  const out = result.stdout;
  const statuses = {};
  for (const m of out.matchAll(/^status (\d+): (\d+)$/gm)) statuses[m[1]] = Number(m[2]);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    statuses,
    timeouts: socket ? Number(socket[4]) : 0,
    socketErrors: socket ? socket.slice(1, 4).reduce((s, n) => s + Number(n), 0) : 0,
    latencyP50: /^\s*50%\s+(\S+)/m.exec(out)?.[1] ?? '?',
    latencyP99: /^\s*99%\s+(\S+)/m.exec(out)?.[1] ?? '?',
  };
}

/** One overload run of OVERLOAD_SECONDS at `connections`, with the probe beside it; RSS before/after, recovery. */
async function measuredRun(server, base, url, connections) {
  const rssBefore = rssMb(server.pid);
  const until = Date.now() + OVERLOAD_SECONDS * 1000;
  const [load, samples] = await Promise.all([
    wrkByStatus(url, OVERLOAD_SECONDS, connections),
    sleep(500).then(() => probe(url, until - 500)),
  ]);
  const rssAfter = rssMb(server.pid);

  // Recovery: how long until /healthz answers 200 again once the load stops.
  const stopped = Date.now();
  let recoveredMs = null;
  while (Date.now() - stopped < 10_000) {
    if ((await fetch(`${base}/healthz`)).status === 200) {
      recoveredMs = Date.now() - stopped;
      break;
    }
    await sleep(50);
  }

  const accepted = samples.filter((s) => s.status === 200).map((s) => s.ms);
  const refused = samples.filter((s) => s.status === 503).map((s) => s.ms);
  const result = {
    connections,
    seconds: OVERLOAD_SECONDS,
    wrk: load,
    probe: {
      requests: samples.length,
      accepted: accepted.length,
      refused: refused.length,
      failed: samples.filter((s) => s.status !== 200 && s.status !== 503).length,
      acceptedP50Ms: percentile(accepted, 50),
      acceptedP99Ms: percentile(accepted, 99),
      refusedP50Ms: percentile(refused, 50),
      refusedP99Ms: percentile(refused, 99),
    },
    rssBeforeMb: rssBefore,
    rssAfterMb: rssAfter,
    recoveredMs,
    targets: OVERLOAD_TARGETS,
  };
  const p = result.probe;
  // wrk's p99 mixes 200s and 503s; the 503s should be the faster ones, so it bounds the 200s' p99 from above and is
  // held to the same target (the probe alone, a few hundred requests, misses the tail).
  result.pass =
    !(p.acceptedP99Ms > OVERLOAD_TARGETS.acceptedP99Ms) &&
    !(wrkMs(load.latencyP99) > OVERLOAD_TARGETS.acceptedP99Ms) &&
    !(p.refusedP99Ms > OVERLOAD_TARGETS.refusedP99Ms) &&
    load.timeouts === OVERLOAD_TARGETS.timeouts &&
    rssAfter - rssBefore <= OVERLOAD_TARGETS.rssGrowthMb &&
    recoveredMs !== null;
  return result;
}

export async function benchOverload() {
  ensureWrk();
  const { dir, base, child: server } = await startDemoServer('overload');
  try {
    await waitFor(`${base}/healthz`, server);
    const home = await (await fetch(`${base}/`)).text();
    const filmPath = /href="(\/film\/[^"#?]+)"/.exec(home)?.[1];
    if (!filmPath) throw new Error('no /film/… link on the home page');
    const url = `${base}${filmPath}`;
    await fetch(url).then((r) => r.arrayBuffer());

    await runWrk(url, 2, { connections: 16 });
    const sweep = [];
    for (const connections of SWEEP) {
      const r = await runWrk(url, SWEEP_SECONDS, { connections });
      sweep.push({ connections, requestsPerSecond: r.requestsPerSecond, p99: r.latencyP99, non2xx: r.non2xx });
    }
    const peak = sweep.reduce((best, s) => (s.requestsPerSecond > best.requestsPerSecond ? s : best));
    const connections = peak.connections * 3;
    // Let the shedder settle back to 0 after the sweep's own bursts before the measured run.
    await sleep(3000);

    const runs = [];
    for (const c of [connections, ATTACK_CONNECTIONS]) {
      runs.push(await measuredRun(server, base, url, c));
      // Let the shedder settle back to 0 before the next run.
      await sleep(3000);
    }
    return { path: filmPath, sweep, peakConnections: peak.connections, runs, pass: runs[0].pass };
  } catch (error) {
    if (server.stderrText) error.message += `\nReelhouse stderr:\n${server.stderrText}`;
    throw error;
  } finally {
    await stopChild(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function printOverloadSummary(r, log = console.log) {
  log(`  sweep: ${r.sweep.map((s) => `c${s.connections} ${fmt(s.requestsPerSecond)} req/s`).join(', ')}`);
  log(`  peak throughput at -c${r.peakConnections}`);
  for (const run of r.runs) printRun(run, log);
}

function printRun(r, log) {
  const p = r.probe;
  const t = r.targets;
  const ms = (n) => (Number.isNaN(n) ? 'n/a' : `${n.toFixed(1)} ms`);
  const statuses = Object.entries(r.wrk.statuses)
    .map(([s, n]) => `${s}: ${fmt(n)}`)
    .join(', ');
  log(`  wrk -t1 -c${r.connections} for ${r.seconds} s: ${fmt(r.wrk.requestsPerSecond)} req/s, answers ${statuses}`);
  log(
    `    all answers p50 ${r.wrk.latencyP50}, p99 ${r.wrk.latencyP99}; timeouts ${r.wrk.timeouts} (target ${t.timeouts}), other socket errors ${r.wrk.socketErrors}`,
  );
  log(
    `    probe (${p.requests} requests, one at a time): 200 × ${p.accepted} p50 ${ms(p.acceptedP50Ms)} p99 ${ms(
      p.acceptedP99Ms,
    )} (target ≤ ${t.acceptedP99Ms} ms); 503 × ${p.refused} p50 ${ms(p.refusedP50Ms)} p99 ${ms(
      p.refusedP99Ms,
    )} (target ≤ ${t.refusedP99Ms} ms)${p.failed ? `; ${p.failed} failed` : ''}`,
  );
  log(
    `    RSS ${r.rssBeforeMb.toFixed(0)} → ${r.rssAfterMb.toFixed(0)} MB (target: growth ≤ ${t.rssGrowthMb} MB); /healthz 200 again ${
      r.recoveredMs === null ? 'not within 10 s' : `${r.recoveredMs} ms after the load stopped`
    }; ${r.pass ? 'PASS' : 'FAIL'}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('Overload: warm film page at 3× the concurrency of peak throughput and at 500, load shedding on:');
  printOverloadSummary(await benchOverload());
}
