import http from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Config } from '../config.js';
import { openChangeFeed } from '../db/create-db.js';
import type { Db } from '../db/database.js';
import { DEFAULT_SESSION_POLICY, registerAuth, type SessionPolicy } from '../features/accounts/index.js';
import { createMailWorker, type MailWorker } from '../features/mail/index.js';
import { MemberSessionCache, registerMemberSessions } from '../features/members/index.js';
import { spamFormStamp } from '../features/spam/index.js';
import { type Clock, systemClock } from '../lib/clock.js';
import { registerApiDocs, registerApiPlumbing } from './api.js';
import { createContext } from './context.js';
import { answerFrameworkErrors, registerErrorHandling } from './error-handler.js';
import { createLoadShedder } from './load-shedder.js';
import { moderationDigests } from './mail-wiring.js';
import { type FrontCache, registerPageCache } from './page-cache.js';
import { registerInputGuard } from './plugins/input-guard.js';
import { computeSecurityHeaders } from './plugins/security-headers.js';
import { registerVisitorPlugins } from './plugins/visitor.js';
import { registerRoutes } from './routes.js';

/** Longer than a reverse proxy's idle timeout for connections to us (nginx upstream `keepalive_timeout` 60 s). */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

export interface RouteTableEntry {
  method: string;
  url: string;
  /** For admin routes: who may use it. */
  role?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteTableEntry[];
    /** The mail outbox's worker: polling when the app was created with `mailWorker`, else run by hand (tests). */
    mail: MailWorker;
  }
}

export interface AppOptions {
  config: Config;
  db: Db;
  clock?: Clock;
  sessionPolicy?: SessionPolicy;
  /** Send queued mail from this instance (main.ts); tests leave it off and call app.mail.runOutboxOnce(). */
  mailWorker?: boolean | { intervalMs: number; timeoutMs?: number };
  /**
   * Hear of other instances' changes as they commit (PostgreSQL LISTEN/NOTIFY, decision 030) rather than at the next
   * once-a-second read of the change log. main.ts turns it on; a test turns it on where it has several instances.
   */
  changeFeed?: boolean;
  /**
   * Poll the related-films queue this often for films other processes wrote (decision 042; main.ts: 500 ms). Films
   * this process writes are started on at once either way; tests leave polling off.
   */
  relatedPollMs?: number;
  /** Run the related worker in a thread of its own when the compiled thread file is there (main.ts; decision 042). */
  relatedThread?: boolean;
}

/** The whole site as a Fastify instance, not listening: main.ts listens, tests use inject(). */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, db } = options;
  // The front cache answers cached pages before Fastify sees them; set once the page cache exists (decision 008).
  let front: FrontCache = () => false;
  const security = computeSecurityHeaders();
  // Before even the front cache: under overload a cached page still costs more than a refusal, and a refusal saves
  // the most when it comes before everything else.
  const shedder = createLoadShedder(config.shedEventLoopDelayMs, security);
  const app = Fastify({
    serverFactory: (handler) => {
      const server = http.createServer((req, res) => {
        if (!shedder.front(req, res) && !front(req, res)) handler(req, res);
      });
      // Fastify sets its 72 s keep-alive timeout only on servers it creates; Node's own is 5 s. Behind a reverse proxy
      // that keeps idle connections for 60 s, the proxy must be the one to close them, or it sends a request down a
      // connection this server is closing (README, "nginx in front").
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      return server;
    },
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // One log line per request is the reverse proxy's access log's job; here a per-request child logger cost 15 % of
    // a cached page (decision 008). Errors are still logged, with the request id and URL.
    // Set through a LogController: the top-level disableRequestLogging is deprecated in Fastify 5 (FSTDEP023).
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger) => logger,
    // A hop count, not `true`: trusting every hop would take the left-most X-Forwarded-For entry, which the client
    // writes itself, and a spoofed address per request would escape every per-network limit.
    // (Fastify takes a count too, but its types do not say so; this is what a count does.)
    trustProxy: config.trustProxy > 0 ? (_address: string, hop: number) => hop < config.trustProxy : false,
    // Slugs never need more; long URLs are someone probing.
    routerOptions: { maxParamLength: 200 },
    bodyLimit: 1024 * 1024,
    // Called per request, after `ctx` below exists.
    frameworkErrors: answerFrameworkErrors(() => ctx),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const sessionPolicy = options.sessionPolicy ?? DEFAULT_SESSION_POLICY;
  const ctx = createContext(config, db, options.clock ?? systemClock, (error, message) =>
    app.log.error({ err: error }, message),
  );

  if (options.changeFeed) {
    const feed = openChangeFeed(db, {
      changed: (seq) => ctx.versions.heard(seq),
      listening: () => ctx.versions.resync(),
      problem: (error) => app.log.warn({ err: error }, 'change feed: listening again shortly'),
    });
    if (feed) app.addHook('onClose', () => feed.close());
  }

  // First of all hooks: security headers on every answer, and the page cache's hit path.
  // The spam filter's signed "form shown at" stamp, spliced into every page's comment form on the way out.
  const formStamp = spamFormStamp(ctx);
  // Member sessions by cookie, in memory: the front cache serves a signed-in member's page like a guest's.
  const memberSessions = new MemberSessionCache(ctx.db, ctx.versions, ctx.clock);
  front = registerPageCache(app, ctx, security, () => app.csrfTokens, formStamp, memberSessions);
  app.addHook('onClose', async () => shedder.stop());

  // A Location built from a slug in another script ("/film/брат") goes out percent-encoded as UTF-8: a header carries
  // ASCII only (Node refuses the rest, or sends Latin-1 bytes that browsers misread).
  app.addHook('onSend', async (_request, reply, payload) => {
    const location = reply.getHeader('location');
    if (typeof location === 'string' && /[^\x21-\x7e]/.test(location)) {
      reply.header(
        'location',
        location.replace(/[^\x21-\x7e]+/g, (text) => encodeURIComponent(text)),
      );
    }
    return payload;
  });

  // The route table, recorded as routes are added: tests walk it so that no route escapes a rule (docs, CSRF).
  const routeTable: RouteTableEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const role = (route.config as { role?: string } | undefined)?.role;
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url, role });
  });
  await registerVisitorPlugins(app, config, { db, clock: ctx.clock });
  // After the cookie parser: a signed-in member acts with their own visitor id from here on.
  registerMemberSessions(app, memberSessions, { db: ctx.db, clock: ctx.clock });
  registerAuth(app, { db, clock: ctx.clock, policy: sessionPolicy });
  // After the auth hook, so a stranger learns nothing about an admin route's fields.
  registerInputGuard(app);
  registerErrorHandling(app, ctx);
  await registerApiPlumbing(app, ctx);
  const workerOptions = typeof options.mailWorker === 'object' ? options.mailWorker : undefined;
  const mail = createMailWorker({
    config,
    db,
    clock: ctx.clock,
    timeoutMs: workerOptions?.timeoutMs,
    jobs: [moderationDigests(ctx)],
    onError: (error) => app.log.error({ err: error }, 'the mail outbox worker failed a pass'),
  });
  app.decorate('mail', mail);
  if (options.mailWorker) mail.start(workerOptions?.intervalMs);
  app.addHook('onClose', () => mail.stop());
  await registerRoutes(app, ctx, {
    policy: sessionPolicy,
    mail,
    relatedPollMs: options.relatedPollMs,
    relatedThread: options.relatedThread,
  });
  registerApiDocs(app, ctx);
  return app;
}
