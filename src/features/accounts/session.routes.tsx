import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../kernel/context.js';
import { sendPage } from '../../kernel/render.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash, takeFlash } from '../../kernel/visitor.js';
import { safeRedirectPath } from '../../lib/safe-redirect.js';
import { mailSiteOf } from '../mail/index.js';
import type { SessionPolicy } from './accounts.js';
import { LoginForm, LoginQuery } from './accounts.schemas.js';
import { deviceIdOf } from './devices.js';
import { noteSignIn } from './recovery.service.js';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from './session-cookie.js';
import { endAllSessions, endSession, type LoginResult, logIn, startSession } from './sessions.service.js';
import { pauseLength } from './throttle.js';
import { LoginPage } from './views/AccountPages.js';

/** Only paths inside the admin area: a `next` pointing elsewhere would be an open redirect. */
const safeNext = (next: string | undefined) => safeRedirectPath(next, { within: '/admin', fallback: '/admin' });

const page = { title: 'Log in', noindex: true };

function refusal(result: Exclude<LoginResult, { ok: true }>) {
  if (result.reason === 'invalid') return { status: 401, error: 'That email and password do not match an account.' };
  const error = `Too many failed attempts. For safety, logging in is paused for ${pauseLength(result.retryAfterS)}.`;
  return { status: 429, error, retryAfterS: result.retryAfterS };
}

/** Logging in and out of the admin area. */
export const sessionRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; policy: SessionPolicy }> = async (
  app,
  { ctx, policy },
) => {
  app.get(
    '/admin/login',
    { config: { role: 'public' }, schema: { querystring: LoginQuery } },
    async (request, reply) => {
      if (request.user) return reply.redirect(safeNext(request.query.next), 303);
      return sendPage(reply, ctx, page, <LoginPage next={request.query.next} notice={takeFlash(request, reply)} />);
    },
  );

  app.post('/admin/login', { config: { role: 'public' }, schema: { body: LoginForm } }, async (request, reply) => {
    const { email, password, next } = request.body;
    const result = await logIn(ctx, email, password, request.ipHash, ctx.clock.now());
    if (!result.ok) {
      const { status, error, retryAfterS } = refusal(result);
      if (retryAfterS) reply.header('retry-after', String(retryAfterS));
      return sendPage(reply, ctx, page, <LoginPage email={email} error={error} next={next} />, status);
    }
    const meta = { ipHash: request.ipHash, userAgent: request.headers['user-agent'] ?? '' };
    const replaces = request.cookies[SESSION_COOKIE];
    const device = { id: deviceIdOf(request, reply), userAgent: meta.userAgent };
    const site = await mailSiteOf(ctx);
    const id = await ctx.writer.write(async (uow) => {
      await noteSignIn(uow, result.user, device, site, ctx.clock.now());
      return startSession(uow.tx, result.user, { ...meta, replaces }, ctx.clock.now());
    });
    setSessionCookie(reply, id, policy);
    return reply.redirect(safeNext(next), 303);
  });

  app.post('/admin/logout', { config: { role: 'public' } }, async (request, reply) => {
    const id = request.cookies[SESSION_COOKIE];
    if (id) await ctx.writer.write(({ tx }) => endSession(tx, id));
    clearSessionCookie(reply);
    setFlash(reply, 'You are logged out.');
    return reply.redirect('/admin/login', 303);
  });

  app.post('/admin/logout-everywhere', { config: { role: 'moderator' } }, async (request, reply) => {
    const user = currentUser(request);
    await ctx.writer.write(({ tx }) => endAllSessions(tx, user, ctx.clock.now()));
    clearSessionCookie(reply);
    setFlash(reply, 'You are logged out on every device.');
    return reply.redirect('/admin/login', 303);
  });
};
