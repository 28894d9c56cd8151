import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../kernel/context.js';
import { MEMBER_COOKIE } from '../../kernel/member.js';
import { sendPage } from '../../kernel/render.js';
import { setFlash, takeFlash } from '../../kernel/visitor.js';
import { safeRedirectPath } from '../../lib/safe-redirect.js';
import { AccountError } from '../accounts/index.js';
import { mailSiteOf } from '../mail/index.js';
import { claimMessage } from './claim.service.js';
import { guestVisitorOf } from './guest-visitor.js';
import { confirmAddress, join } from './join.service.js';
import { checkMemberLogin, type MemberRow, signIn } from './member-login.service.js';
import { clearMemberCookie, setMemberCookie } from './member-session.plugin.js';
import { endMemberSession } from './member-sessions.service.js';
import { memberOfToken } from './member-tokens.js';
import { CsrfOnlyForm, JoinForm, MemberLoginForm, NextQuery, TokenParams } from './members.schemas.js';
import { ConfirmPage, JoinPage, JoinSentPage, MemberLoginPage } from './views/AuthPages.js';

const joinPage = { title: 'Join', noindex: true };
const loginPage = { title: 'Sign in', noindex: true };
const safeNext = (next: string | undefined) => safeRedirectPath(next, { fallback: '/settings' });

/** Joining, confirming the address, signing in and out: the member's own doors, apart from /admin. */
export const memberAuthRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const csrf = async (request: FastifyRequest) => app.verifyCsrf(request);
  const private_ = (reply: FastifyReply) => reply.header('cache-control', 'private, no-store');

  /** A new session for this browser, its guest history claimed, and the message saying what came along. */
  const signInBrowser = async (request: FastifyRequest, reply: FastifyReply, member: MemberRow, welcome: string) => {
    const { sessionId, claimed } = await signIn(
      ctx.writer,
      member,
      {
        guestVisitorId: guestVisitorOf(request),
        ipHash: request.ipHash,
        userAgent: request.headers['user-agent'] ?? '',
        replaces: request.cookies[MEMBER_COOKIE],
      },
      ctx.clock.now(),
    );
    setMemberCookie(reply, sessionId);
    // The answer sets `rh_seen` (the page cache's "read this visitor again"): the claimed rows show at once.
    request.visitorId = member.visitor_id;
    setFlash(reply, [welcome, claimMessage(claimed)].filter(Boolean).join(' '));
  };

  app.get('/join', async (request, reply) => {
    private_(reply);
    if (request.member) return reply.redirect('/settings', 303);
    return sendPage(reply, ctx, joinPage, <JoinPage />);
  });

  app.post('/join', { schema: { body: JoinForm }, preHandler: csrf }, async (request, reply) => {
    private_(reply);
    const { email, password, display_name: displayName, handle } = request.body;
    const values = { email, displayName, handle };
    try {
      await join(
        ctx,
        { email, password, displayName, handle, ipHash: request.ipHash },
        await mailSiteOf(ctx),
        ctx.clock.now(),
      );
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      const page = <JoinPage values={values} error={error.message} field={error.field} />;
      return sendPage(reply, ctx, joinPage, page, 400);
    }
    return sendPage(reply, ctx, { title: 'Check your inbox', noindex: true }, <JoinSentPage email={email.trim()} />);
  });

  app.get('/join/confirm/:token', { schema: { params: TokenParams } }, async (request, reply) => {
    private_(reply);
    const member = await memberOfToken(ctx.db, request.params.token, 'confirm', ctx.clock.now());
    const page = <ConfirmPage token={request.params.token} email={member.email} />;
    return sendPage(reply, ctx, { title: 'Confirm your address', noindex: true }, page);
  });

  app.post(
    '/join/confirm/:token',
    { schema: { params: TokenParams, body: CsrfOnlyForm }, preHandler: csrf },
    async (request, reply) => {
      const member = await confirmAddress(ctx.writer, request.params.token, ctx.clock.now());
      if (member.suspended_at) return reply.redirect('/login', 303);
      await signInBrowser(request, reply, member, 'Your address is confirmed. Welcome!');
      return reply.redirect('/settings', 303);
    },
  );

  app.get('/login', { schema: { querystring: NextQuery } }, async (request, reply) => {
    private_(reply);
    if (request.member) return reply.redirect(safeNext(request.query.next), 303);
    const page = <MemberLoginPage next={request.query.next} notice={takeFlash(request, reply)} />;
    return sendPage(reply, ctx, loginPage, page);
  });

  app.post('/login', { schema: { body: MemberLoginForm }, preHandler: csrf }, async (request, reply) => {
    private_(reply);
    const { email, password, next } = request.body;
    const result = await checkMemberLogin(ctx, email, password, request.ipHash, ctx.clock.now());
    if (!result.ok) {
      let error = 'That email and password do not match an account.';
      let status = 401;
      if (result.reason === 'suspended') {
        error = 'This account is suspended. Write to the site’s admins if you think that is a mistake.';
        status = 403;
      } else if (result.reason === 'locked') {
        reply.header('retry-after', String(result.retryAfterS));
        error = `Too many failed attempts. For safety, signing in is paused for ${Math.ceil(result.retryAfterS / 60)} minute(s).`;
        status = 429;
      }
      return sendPage(reply, ctx, loginPage, <MemberLoginPage email={email} error={error} next={next} />, status);
    }
    await signInBrowser(request, reply, result.member, `Welcome back, ${result.member.display_name}.`);
    return reply.redirect(safeNext(next), 303);
  });

  app.post('/logout', { schema: { body: CsrfOnlyForm }, preHandler: csrf }, async (request, reply) => {
    const id = request.cookies[MEMBER_COOKIE];
    if (id) await ctx.writer.write((uow) => endMemberSession(uow, id));
    clearMemberCookie(reply);
    setFlash(reply, 'You are signed out.');
    return reply.redirect('/login', 303);
  });
};
