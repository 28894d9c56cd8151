import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import { CSRF_COOKIE, CsrfTokens } from '../../kernel/csrf.js';
import { hashIp, VISITOR_COOKIE } from '../../kernel/visitor.js';
import type { Clock } from '../../lib/clock.js';

/** Cookies, form bodies, CSRF, the visitor id and the write rate limits (counted in `store.db`). */
export async function registerVisitorPlugins(
  app: FastifyInstance,
  config: Config,
  store: { db: Db; clock: Clock },
): Promise<void> {
  await app.register(cookie, { secret: config.cookieSecrets, hook: 'onRequest' });
  await app.register(formbody);
  app.decorate('writeLimitStore', store);

  // The token comes from a form field or the X-CSRF-Token header; never from the query string (it would leak).
  const tokens = new CsrfTokens(config.cookieSecrets);
  app.decorate('csrfTokens', tokens);
  app.decorateReply('generateCsrf', function (this: FastifyReply) {
    const { token, secret, setCookie } = tokens.issue(
      this.request.cookies[CSRF_COOKIE],
      this.request.protocol === 'https',
    );
    if (setCookie) {
      const existing = this.getHeader('set-cookie');
      this.header('set-cookie', existing ? [existing, setCookie].flat().map(String) : setCookie);
    }
    this.request.cookies[CSRF_COOKIE] = secret;
    return token;
  });
  // A member's personal API token carries no cookie credential, so a forged cross-site request cannot use it
  // (kernel/member-token.ts): only requests it authenticated skip the check.
  app.decorate('verifyCsrf', (request: FastifyRequest) => {
    if (!request.memberByToken) tokens.verify(request);
  });

  // Lazy: a cached page never needs either, so neither costs anything there.
  app.decorateRequest('visitorState', undefined);
  app.decorateRequest('visitorId', {
    getter(this: FastifyRequest) {
      this.visitorState ??= {};
      if (this.visitorState.visitorId === undefined) {
        const raw = this.cookies[VISITOR_COOKIE];
        const unsigned = raw ? this.unsignCookie(raw) : null;
        this.visitorState.visitorId = unsigned?.valid && unsigned.value ? unsigned.value : null;
      }
      return this.visitorState.visitorId;
    },
    setter(this: FastifyRequest, value: string | null) {
      this.visitorState ??= {};
      this.visitorState.visitorId = value;
    },
  });
  app.decorateRequest('ipHash', {
    getter(this: FastifyRequest) {
      this.visitorState ??= {};
      this.visitorState.ipHash ??= hashIp(this.ip, config.ipHashSalt);
      return this.visitorState.ipHash;
    },
  });
}
