import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { adminSectionsOf, sendAdminPage } from '../../kernel/admin-page.js';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { sendPage } from '../../kernel/render.js';
import { IdParams } from '../../kernel/schemas.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash } from '../../kernel/visitor.js';
import { safeRedirectPath } from '../../lib/safe-redirect.js';
import { actorOf } from '../audit/index.js';
import { listTokens, listUsers } from './accounts.repository.js';
import {
  AccountError,
  acceptInvite,
  createApiToken,
  endAllSessions,
  endSession,
  findInvite,
  inviteUser,
  logIn,
  removeUser,
  revokeApiToken,
  type SessionPolicy,
  startSession,
} from './accounts.service.js';
import { SESSION_COOKIE } from './auth.plugin.js';
import { DashboardPage, InvitePage, LoginPage, TokensPage, UsersPage } from './views/AccountPages.js';

const LoginForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  email: Type.String({ maxLength: 254 }),
  password: Type.String({ maxLength: 1024 }),
  next: Type.Optional(Type.String({ maxLength: 500 })),
});
const InviteForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  email: Type.String({ maxLength: 254 }),
  role: Type.Union([Type.Literal('admin'), Type.Literal('moderator')]),
});
const PasswordForm = Type.Object({ _csrf: Type.Optional(Type.String()), password: Type.String({ maxLength: 1024 }) });
const TokenForm = Type.Object({ _csrf: Type.Optional(Type.String()), name: Type.String({ maxLength: 200 }) });
const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) });

/** Only paths inside the admin area: a `next` pointing elsewhere would be an open redirect. */
const safeNext = (next: string | undefined) => safeRedirectPath(next, { within: '/admin', fallback: '/admin' });

export function registerAccountRoutes(app: FastifyInstance, ctx: AppContext, policy: SessionPolicy): void {
  const now = () => ctx.clock.now();
  const setSessionCookie = (reply: FastifyReply, id: string) =>
    reply.setCookie(SESSION_COOKIE, id, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: 'auto',
      maxAge: Math.floor(policy.absoluteMs / 1000),
    });

  app.get<{ Querystring: { next?: string } }>(
    '/admin/login',
    {
      config: { role: 'public' },
      schema: { querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 500 })) }) },
    },
    async (request, reply) => {
      if (request.user) return reply.redirect(safeNext(request.query.next), 303);
      return sendPage(reply, ctx, { title: 'Log in', noindex: true }, <LoginPage next={request.query.next} />);
    },
  );

  app.post<{ Body: Static<typeof LoginForm> }>(
    '/admin/login',
    { config: { role: 'public' }, schema: { body: LoginForm } },
    async (request, reply) => {
      const { email, password, next } = request.body;
      const result = await logIn(ctx.db, email, password, request.ipHash, now());
      if (!result.ok) {
        const locked = result.reason === 'locked';
        if (locked) reply.header('retry-after', String(result.retryAfterS));
        const error = locked
          ? `Too many failed attempts. For safety, logging in is paused for ${Math.ceil(result.retryAfterS / 60)} minute(s).`
          : 'That email and password do not match an account.';
        return sendPage(
          reply,
          ctx,
          { title: 'Log in', noindex: true },
          <LoginPage email={email} error={error} next={next} />,
          locked ? 429 : 401,
        );
      }
      // A new id at every login: a session id planted before login (session fixation) never becomes privileged.
      const old = request.cookies[SESSION_COOKIE];
      if (old) await endSession(ctx.db, old);
      const id = await startSession(
        ctx.db,
        result.user,
        { ipHash: request.ipHash, userAgent: request.headers['user-agent'] ?? '' },
        now(),
      );
      setSessionCookie(reply, id);
      return reply.redirect(safeNext(next), 303);
    },
  );

  app.post('/admin/logout', { config: { role: 'public' } }, async (request, reply) => {
    const id = request.cookies[SESSION_COOKIE];
    if (id) await endSession(ctx.db, id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    setFlash(reply, 'You are logged out.');
    return reply.redirect('/admin/login', 303);
  });

  app.post('/admin/logout-everywhere', { config: { role: 'moderator' } }, async (request, reply) => {
    await endAllSessions(ctx.db, currentUser(request), now());
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    setFlash(reply, 'You are logged out on every device.');
    return reply.redirect('/admin/login', 303);
  });

  app.get('/admin', { config: { role: 'moderator' } }, async (request, reply) => {
    const user = currentUser(request);
    const films = await ctx.db
      .selectFrom('films')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const labels: Record<string, string> = {
      '/admin/comments': 'Moderate comments',
      '/admin/privacy': 'Export or erase a commenter’s data',
      '/admin/films': 'Edit films',
      '/admin/categories': 'Organise categories',
      '/admin/genres': 'Organise genres',
      '/admin/import': 'Import films from a file',
      '/admin/users': 'Invite or remove users',
      '/admin/tokens': 'API tokens',
      '/admin/settings': 'Site settings',
      '/admin/audit': 'Audit log: who changed what',
    };
    const links = adminSectionsOf(app)
      .filter((href) => labels[href] && (user.role === 'admin' || href === '/admin/comments'))
      .map((href) => ({ href, label: labels[href]! }));
    return sendAdminPage(app, ctx, request, reply, {
      current: '/admin',
      title: 'Dashboard',
      body: <DashboardPage films={Number(films.n)} role={user.role} links={links} />,
    });
  });

  app.get('/admin/users', { config: { role: 'admin' } }, async (request, reply) =>
    sendAdminPage(app, ctx, request, reply, {
      current: '/admin/users',
      title: 'Users',
      body: <UsersPage users={await listUsers(ctx.db)} selfId={currentUser(request).id} />,
    }),
  );

  app.post<{ Body: Static<typeof InviteForm> }>(
    '/admin/users/invite',
    { config: { role: 'admin' }, schema: { body: InviteForm } },
    async (request, reply) => {
      try {
        const { token } = await inviteUser(ctx.db, request.body, actorOf(currentUser(request)), now());
        return sendAdminPage(app, ctx, request, reply, {
          current: '/admin/users',
          title: 'Users',
          body: (
            <UsersPage
              users={await listUsers(ctx.db)}
              selfId={currentUser(request).id}
              inviteLink={`${ctx.config.publicUrl}/admin/invite/${token}`}
            />
          ),
        });
      } catch (error) {
        if (!(error instanceof AccountError)) throw error;
        return sendAdminPage(app, ctx, request, reply, {
          current: '/admin/users',
          title: 'Users',
          status: 400,
          body: (
            <UsersPage
              users={await listUsers(ctx.db)}
              selfId={currentUser(request).id}
              form={{ email: request.body.email, role: request.body.role, error: error.message }}
            />
          ),
        });
      }
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/admin/users/:id/remove',
    { config: { role: 'admin' }, schema: { params: IdParams } },
    async (request, reply) => {
      const user = currentUser(request);
      if (request.params.id === user.id) throw new AppError('bad_request', 'You cannot remove your own account.');
      try {
        await removeUser(ctx.db, request.params.id, actorOf(user), now());
        setFlash(reply, 'The account was removed and its sessions ended.');
      } catch (error) {
        if (!(error instanceof AccountError)) throw error;
        setFlash(reply, error.message);
      }
      return reply.redirect('/admin/users', 303);
    },
  );

  app.get<{ Params: Static<typeof TokenParams> }>(
    '/admin/invite/:token',
    { config: { role: 'public' }, schema: { params: TokenParams } },
    async (request, reply) => {
      const invite = await findInvite(ctx.db, request.params.token, now());
      if (!invite)
        throw new AppError('not_found', 'This invitation link is not valid any more. Ask an admin for a new one.');
      return sendPage(
        reply,
        ctx,
        { title: 'Set your password', noindex: true },
        <InvitePage email={invite.email} token={request.params.token} />,
      );
    },
  );

  app.post<{ Params: Static<typeof TokenParams>; Body: Static<typeof PasswordForm> }>(
    '/admin/invite/:token',
    { config: { role: 'public' }, schema: { params: TokenParams, body: PasswordForm } },
    async (request, reply) => {
      const invite = await findInvite(ctx.db, request.params.token, now());
      if (!invite)
        throw new AppError('not_found', 'This invitation link is not valid any more. Ask an admin for a new one.');
      try {
        await acceptInvite(ctx.db, request.params.token, request.body.password, now());
      } catch (error) {
        if (!(error instanceof AccountError)) throw error;
        return sendPage(
          reply,
          ctx,
          { title: 'Set your password', noindex: true },
          <InvitePage email={invite.email} token={request.params.token} error={error.message} />,
          400,
        );
      }
      const user = { id: invite.id, email: invite.email, displayName: invite.display_name, role: invite.role };
      setSessionCookie(
        reply,
        await startSession(
          ctx.db,
          user,
          { ipHash: request.ipHash, userAgent: request.headers['user-agent'] ?? '' },
          now(),
        ),
      );
      return reply.redirect('/admin', 303);
    },
  );

  app.get('/admin/tokens', { config: { role: 'admin' } }, async (request, reply) =>
    sendAdminPage(app, ctx, request, reply, {
      current: '/admin/tokens',
      title: 'API tokens',
      body: <TokensPage tokens={await listTokens(ctx.db)} />,
    }),
  );

  app.post<{ Body: Static<typeof TokenForm> }>(
    '/admin/tokens',
    { config: { role: 'admin' }, schema: { body: TokenForm } },
    async (request, reply) => {
      const user = currentUser(request);
      try {
        const { token } = await createApiToken(ctx.db, user.id, request.body.name, actorOf(user), now());
        return sendAdminPage(app, ctx, request, reply, {
          current: '/admin/tokens',
          title: 'API tokens',
          body: <TokensPage tokens={await listTokens(ctx.db)} newToken={token} />,
        });
      } catch (error) {
        if (!(error instanceof AccountError)) throw error;
        return sendAdminPage(app, ctx, request, reply, {
          current: '/admin/tokens',
          title: 'API tokens',
          status: 400,
          body: <TokensPage tokens={await listTokens(ctx.db)} error={error.message} name={request.body.name} />,
        });
      }
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    '/admin/tokens/:id/revoke',
    { config: { role: 'admin' }, schema: { params: IdParams } },
    async (request, reply) => {
      try {
        await revokeApiToken(ctx.db, request.params.id, actorOf(currentUser(request)), now());
        setFlash(reply, 'The token is revoked: requests using it now get 401.');
      } catch (error) {
        if (!(error instanceof AccountError)) throw error;
        setFlash(reply, error.message);
      }
      return reply.redirect('/admin/tokens', 303);
    },
  );

  // The admin API: bearer tokens only, so no CSRF (no cookie is involved).
  app.get(
    '/api/v1/admin/me',
    {
      config: { role: 'moderator' },
      schema: {
        summary: 'The account an API token acts as',
        tags: ['admin'],
        security: [{ bearer: [] }],
        response: {
          200: Type.Object({ id: Type.Integer(), email: Type.String(), role: Type.String() }),
        },
      },
    },
    async (request) => {
      const user = currentUser(request);
      return { id: user.id, email: user.email, role: user.role };
    },
  );
}
