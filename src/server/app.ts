import http from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Config } from '../config.js';
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
    serverFactory: (handler) =>
      http.createServer((req, res) => {
        if (!shedder.front(req, res) && !front(req, res)) handler(req, res);
      }),
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // One log line per request is the reverse proxy's access log's job; here a per-request child logger cost 15 % of
    // a cached page (decision 008). Errors are still logged, with the request id and URL.
    // Set through a LogController: the top-level disableRequestLogging is deprecated in Fastify 5 (FSTDEP023).
    logController: new LogController({ disableRequestLogging: true }),
    childLoggerFactory: (logger) => logger,
    trustProxy: config.trustProxy,
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
  await registerRoutes(app, ctx, { policy: sessionPolicy, mail });
  registerApiDocs(app, ctx);
  return app;
}
