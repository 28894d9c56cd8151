// Warm film page: requests/s of Reelhouse (`node dist/cli.js serve`, SQLite, page cache warm) beside a bare node:http
// server sending the same bytes, interleaved round by round so both see the same machine noise (DESIGN.md, bench).
// Usage: node bench/page-bench.mjs   (env: BENCH_ROUNDS=5, BENCH_ROUND_SECONDS=5, BENCH_WARMUP_SECONDS=2)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ensureWrk,
  fmt,
  freePort,
  median,
  ROOT,
  runWrk,
  startChild,
  startDemoServer,
  stopChild,
  waitFor,
  wrkWithCpu,
} from './lib.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
/** Issue 13, target a (it was 0.5 before). */
export const PAGE_TARGET_RATIO = 0.8;
/**
 * "The same bytes" includes the headers: the bare server sends every header Reelhouse sent (security headers, cookie,
 * cache headers), except those Node adds to every response itself.
 */
const NODE_ADDS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

/** A server that stopped mid-run makes wrk count socket errors, not requests: say so instead of printing a rate. */
function assertServing(child, name) {
  if (child.exitCode !== null || child.signalCode !== null) {
    throw new Error(`${name} exited during the run (${child.exitCode ?? child.signalCode})`);
  }
  if (/SIGTERM|SIGINT/.test(child.stderrText)) {
    throw new Error(`${name} was sent a stop signal by another process during the run; run the benchmark again`);
  }
}

/** Prints each round as it finishes (log) and returns the numbers. */
export async function benchPage(log = console.log) {
  ensureWrk();
  const { dir, base, child: reelhouse } = await startDemoServer('page');
  const barePort = await freePort();
  let bare;
  try {
    const started = performance.now();
    await waitFor(`${base}/healthz`, reelhouse);
    const startSeconds = (performance.now() - started) / 1000;

    const home = await (await fetch(`${base}/`)).text();
    const filmPath = /href="(\/film\/[^"#?]+)"/.exec(home)?.[1];
    if (!filmPath) throw new Error('no /film/… link on the home page');
    const url = `${base}${filmPath}`;
    // Identity, as wrk asks (no Accept-Encoding): compressed answers are bench/personal-bench.mjs's (d).
    const identity = { headers: { 'accept-encoding': 'identity' } };
    await fetch(url, identity).then((r) => r.arrayBuffer()); // fills the page cache
    const response = await fetch(url, identity);
    const body = Buffer.from(await response.arrayBuffer());
    const cacheState = response.headers.get('x-page-cache');
    const headers = {};
    for (const [name, value] of response.headers) if (!NODE_ADDS.has(name)) headers[name] = value;
    const bodyFile = path.join(dir, 'page.html');
    fs.writeFileSync(bodyFile, body);

    bare = startChild([path.join(ROOT, 'bench', 'bare-server.mjs'), bodyFile, String(barePort)], {
      ...process.env,
      BARE_STATUS: String(response.status),
      BARE_HEADERS: JSON.stringify(headers),
    });
    const bareUrl = `http://127.0.0.1:${barePort}${filmPath}`;
    await waitFor(`http://127.0.0.1:${barePort}/healthz`, bare);
    const bareResponse = await fetch(bareUrl, identity);
    const bareBody = Buffer.from(await bareResponse.arrayBuffer());
    if (!bareBody.equals(body) || bareResponse.status !== response.status) {
      throw new Error('the bare server does not send the same status and bytes');
    }
    for (const name of [...Object.keys(headers), 'content-length']) {
      if (bareResponse.headers.get(name) !== response.headers.get(name)) {
        throw new Error(`header ${name} differs: ${response.headers.get(name)} vs ${bareResponse.headers.get(name)}`);
      }
    }

    log(`  page: ${filmPath}  (${fmt(body.length)} bytes, status ${response.status}, x-page-cache: ${cacheState})`);
    log(`  Reelhouse started in ${startSeconds.toFixed(1)} s (migrations + demo import)`);
    log(`  warm-up: ${WARMUP_SECONDS} s each, then ${ROUNDS} rounds of ${ROUND_SECONDS} s each, wrk -t1 -c32`);
    await runWrk(url, WARMUP_SECONDS);
    await runWrk(bareUrl, WARMUP_SECONDS);

    const rounds = [];
    log('  round   Reelhouse req/s   bare req/s   ratio   (p50 / p99 latency, Reelhouse | bare)');
    for (let i = 1; i <= ROUNDS; i++) {
      const load = os.loadavg()[0];
      const r = await wrkWithCpu(reelhouse.pid, url, ROUND_SECONDS);
      assertServing(reelhouse, 'Reelhouse');
      const b = await wrkWithCpu(bare.pid, bareUrl, ROUND_SECONDS);
      assertServing(bare, 'the bare server');
      rounds.push({ round: i, reelhouse: r, bare: b, load });
      const errors = r.non2xx + r.socketErrors + b.non2xx + b.socketErrors;
      log(
        `  ${String(i).padStart(5)}   ${fmt(r.requestsPerSecond).padStart(15)}   ${fmt(b.requestsPerSecond).padStart(10)}   ${(
          r.requestsPerSecond / b.requestsPerSecond
        ).toFixed(2)}    (${r.latencyP50} / ${r.latencyP99} | ${b.latencyP50} / ${b.latencyP99})${
          r.cpuMicros && b.cpuMicros ? `  CPU/req ${r.cpuMicros.toFixed(1)} | ${b.cpuMicros.toFixed(1)} µs` : ''
        }  load ${load.toFixed(1)}${
          errors ? `  ERRORS: non-2xx ${r.non2xx}+${b.non2xx}, socket ${r.socketErrors}+${b.socketErrors}` : ''
        }`,
      );
    }
    // A returning visitor already holds the CSRF cookie, so the page needs no new one: the common case on a real site.
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
    const returning = [];
    for (let i = 1; i <= ROUNDS; i++) {
      const r = await runWrk(url, ROUND_SECONDS, { headers: cookie ? [`Cookie: ${cookie}`] : [] });
      const b = await runWrk(bareUrl, ROUND_SECONDS);
      returning.push({ reelhouse: r.requestsPerSecond, bare: b.requestsPerSecond });
    }
    const returningRatio = median(returning.map((r) => r.reelhouse / r.bare));
    log(
      `  returning visitor (sends its CSRF cookie): Reelhouse ${fmt(median(returning.map((r) => r.reelhouse)))} req/s, bare ${fmt(
        median(returning.map((r) => r.bare)),
      )} req/s, ratio ${returningRatio.toFixed(2)}`,
    );
    const reelhouseMedian = median(rounds.map((r) => r.reelhouse.requestsPerSecond));
    const bareMedian = median(rounds.map((r) => r.bare.requestsPerSecond));
    // Each round runs Reelhouse and then the bare server back to back, so the two share the machine's state of the
    // moment (a VM's speed drifts by half between minutes here): the ratio is the median of the rounds' own ratios.
    // Dividing the two medians instead pairs a fast minute of one with a slow minute of the other; it is printed too.
    const ratio = median(rounds.map((r) => r.reelhouse.requestsPerSecond / r.bare.requestsPerSecond));
    const cpuRatio = rounds.every((r) => r.reelhouse.cpuMicros && r.bare.cpuMicros)
      ? median(rounds.map((r) => r.bare.cpuMicros / r.reelhouse.cpuMicros))
      : null;
    const errors = rounds.reduce(
      (sum, r) => sum + r.reelhouse.non2xx + r.reelhouse.socketErrors + r.bare.non2xx + r.bare.socketErrors,
      0,
    );
    return {
      path: filmPath,
      bytes: body.length,
      status: response.status,
      pageCache: cacheState,
      roundSeconds: ROUND_SECONDS,
      rounds,
      medianReelhouse: reelhouseMedian,
      medianBare: bareMedian,
      ratio,
      returningRatio,
      cpuRatio,
      target: PAGE_TARGET_RATIO,
      errors,
      pass: ratio >= PAGE_TARGET_RATIO && errors === 0,
    };
  } catch (error) {
    if (reelhouse.stderrText) error.message += `\nReelhouse stderr:\n${reelhouse.stderrText}`;
    throw error;
  } finally {
    if (bare) await stopChild(bare);
    await stopChild(reelhouse);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function printPageSummary(r, log = console.log) {
  log(
    `  median: Reelhouse ${fmt(r.medianReelhouse)} req/s, bare ${fmt(r.medianBare)} req/s (their quotient ${(
      r.medianReelhouse / r.medianBare
    ).toFixed(2)})`,
  );
  log(
    `  target a, ratio reelhouse/bare (median of the rounds' ratios): ${r.ratio.toFixed(2)} (target ≥ ${r.target}) ${r.pass ? 'PASS' : 'FAIL'}${
      r.cpuRatio ? `; CPU per request bare/Reelhouse ${r.cpuRatio.toFixed(2)}` : ''
    }${r.errors ? ` (${r.errors} non-2xx or socket errors)` : ''}`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('Warm film page, Reelhouse vs bare node:http (same bytes):');
  printPageSummary(await benchPage());
}
