import type { IncomingMessage, ServerResponse } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { RETRY_AFTER_SECONDS } from '../kernel/errors.js';

/**
 * Load shedding. When the process has more work than it can do, requests wait in its event loop and every answer
 * gets slow at once, until clients time out. Refusing part of the load early (503 + Retry-After, a few bytes written
 * before any routing, cookie parsing or database work) keeps the answers that are given fast, and tells the rest
 * (and the load balancer, through /healthz) to come back shortly.
 *
 * The signal is event-loop delay (perf_hooks.monitorEventLoopDelay): how late a timer fires is how long a request
 * that arrives now waits before its first line of code runs, whatever the cause (CPU-bound rendering, GC, a
 * synchronous SQLite query). @fastify/under-pressure uses the same signal; it is not installed here, and its on/off
 * switch per sample makes the load oscillate between "everything refused" and "everything queued", so this sheds a
 * fraction that follows the delay instead: up while the delay is over the limit, down while it is well under.
 */

/** How often the delay is sampled and the shed fraction adjusted. */
const SAMPLE_INTERVAL_MS = 100;
/** The histogram's timer resolution; its values include it (a loop with no delay reads ~ this much). */
const RESOLUTION_MS = 10;
/** Always let some requests through: they are what tells us the overload is over, and a trickle still serves. */
export const MAX_SHED_FRACTION = 0.95;
/** Fraction added per sample while over the limit: 10 samples (1 s) of overload reach the maximum. */
const STEP_UP = 0.1;
/** Fraction removed per sample while under half the limit: back to 0 within ~2 s of the load going away. */
const STEP_DOWN = 0.05;

export interface ShedState {
  /** The share of requests refused, 0..MAX_SHED_FRACTION. */
  fraction: number;
  /** Accumulated fractions: a request is refused each time this reaches 1 (spreads refusals evenly, no randomness). */
  credit: number;
}

export const initialShedState = (): ShedState => ({ fraction: 0, credit: 0 });

/**
 * The next shed fraction after a sample of `delayMs` against `limitMs`. Between half the limit and the limit it holds:
 * a band, so that a delay sitting at the limit does not flap between shedding and not.
 */
export function nextFraction(fraction: number, delayMs: number, limitMs: number): number {
  if (delayMs > limitMs) return Math.min(MAX_SHED_FRACTION, round(fraction + STEP_UP));
  if (delayMs < limitMs / 2) return Math.max(0, round(fraction - STEP_DOWN));
  return fraction;
}

/** Float steps (0.1 + 0.2 …) would leave 1e-17 behind and never quite reach 0. */
const round = (n: number) => Math.round(n * 1000) / 1000;

/** Should this request be refused? Updates the state's credit; exactly `fraction` of requests are refused over time. */
export function admit(state: ShedState, path: string): boolean {
  if (state.fraction === 0) return true;
  // A load balancer asks /healthz whether to send more: while any load is being refused the honest answer is no.
  if (path === '/healthz') return false;
  state.credit += state.fraction;
  if (state.credit >= 1) {
    state.credit -= 1;
    return false;
  }
  return true;
}

export interface LoadShedder {
  /** For the HTTP server, before anything else: writes a 503 and returns true when the request is refused. */
  front(req: IncomingMessage, res: ServerResponse): boolean;
  /** The current shed fraction (0 = serving everything). */
  fraction(): number;
  stop(): void;
}

/**
 * Starts sampling the event loop. `limitMs` 0 turns shedding off (nothing is sampled, nothing refused).
 * `headers` go on every refusal (the site's security headers).
 */
export function createLoadShedder(limitMs: number, headers: Record<string, string>): LoadShedder {
  if (limitMs <= 0) return { front: () => false, fraction: () => 0, stop: () => {} };
  const state = initialShedState();
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const timer = setInterval(() => {
    // The mean, not the max: one GC pause should not refuse a second's worth of requests.
    const delayMs = histogram.count > 0 ? Math.max(0, histogram.mean / 1e6 - RESOLUTION_MS) : 0;
    histogram.reset();
    state.fraction = nextFraction(state.fraction, delayMs, limitMs);
    if (state.fraction === 0) state.credit = 0;
  }, SAMPLE_INTERVAL_MS);
  timer.unref();

  // Built once: a refusal must cost less than the work it saves.
  const common = Object.entries({
    ...headers,
    'retry-after': String(RETRY_AFTER_SECONDS),
    'cache-control': 'no-store',
  }).flat();
  const message = 'The site is busy. Please try again in a few seconds.';
  const json = Buffer.from(JSON.stringify({ error: { code: 'unavailable', message } }));
  const html = Buffer.from(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Busy</title></head>` +
      `<body><main><h1>Back in a moment</h1><p>${message}</p></main></body></html>`,
  );
  const jsonHead = [...common, 'content-type', 'application/json; charset=utf-8', 'content-length', `${json.length}`];
  const htmlHead = [...common, 'content-type', 'text/html; charset=utf-8', 'content-length', `${html.length}`];

  return {
    front(req, res) {
      const url = req.url ?? '/';
      const query = url.indexOf('?');
      if (admit(state, query === -1 ? url : url.slice(0, query))) return false;
      const api = url.startsWith('/api/') || url === '/healthz';
      res.writeHead(503, api ? jsonHead : htmlHead);
      res.end(req.method === 'HEAD' ? undefined : api ? json : html);
      return true;
    },
    fraction: () => state.fraction,
    stop: () => {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
