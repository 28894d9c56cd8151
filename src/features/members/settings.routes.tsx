import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../kernel/context.js';
import { currentMember } from '../../kernel/member.js';
import { sendPage } from '../../kernel/render.js';
import { setFlash, takeFlash } from '../../kernel/visitor.js';
import { AccountError } from '../accounts/index.js';
import { mailSiteOf } from '../mail/index.js';
import { exportMemberData, memberExportCsv } from './member-export.js';
import { clearMemberCookie, setMemberCookie } from './member-session.plugin.js';
import { memberOfToken } from './member-tokens.js';
import { TokenParams } from './members.schemas.js';
import {
  changePassword,
  confirmEmailChange,
  deleteAccount,
  logOutEverywhere,
  memberOf,
  requestEmailChange,
  updateProfile,
} from './settings.service.js';
import { EmailChangePage, type SettingsError, SettingsPage } from './views/SettingsPage.js';

const Csrf = Type.Optional(Type.String());
const ProfileForm = Type.Object({
  _csrf: Csrf,
  display_name: Type.String({ maxLength: 200 }),
  bio: Type.String({ maxLength: 8000 }),
  profile_public: Type.Optional(Type.String({ maxLength: 5 })),
  watchlist_public: Type.Optional(Type.String({ maxLength: 5 })),
});
const EmailChangeForm = Type.Object({
  _csrf: Csrf,
  new_email: Type.String({ maxLength: 320 }),
  password: Type.String({ maxLength: 1024 }),
});
const PasswordChangeForm = Type.Object({
  _csrf: Csrf,
  current_password: Type.String({ maxLength: 1024 }),
  new_password: Type.String({ maxLength: 1024 }),
});
const DeleteForm = Type.Object({
  _csrf: Csrf,
  mode: Type.Union([Type.Literal('anonymise'), Type.Literal('delete')]),
  delete_password: Type.String({ maxLength: 1024 }),
});
const CsrfForm = Type.Object({ _csrf: Csrf });

const page = { title: 'Your account', noindex: true };

/** The member's own account page and its forms; every answer is private to them. */
export const settingsRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const signedIn = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'private, no-store');
    if (request.member) {
      if (request.method !== 'GET') app.verifyCsrf(request);
      return;
    }
    if (request.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    currentMember(request);
  };

  const showSettings = async (request: FastifyRequest, reply: FastifyReply, error?: SettingsError) => {
    const member = await memberOf(ctx.db, currentMember(request).id);
    const view = {
      email: member.email,
      handle: member.handle,
      displayName: member.display_name,
      bio: member.bio,
      profilePublic: member.profile_public === 1,
      watchlistPublic: member.watchlist_public === 1,
      confirmed: member.confirmed_at !== null,
    };
    const notice = error ? null : takeFlash(request, reply);
    return sendPage(reply, ctx, page, <SettingsPage member={view} notice={notice} error={error} />, error ? 400 : 200);
  };

  /** Runs a form's change; a problem the member can fix re-renders the page with it next to its field. */
  const attempt = async (request: FastifyRequest, reply: FastifyReply, change: () => Promise<string>) => {
    try {
      setFlash(reply, await change());
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return showSettings(request, reply, { field: error.field ?? '', message: error.message });
    }
    return reply.redirect('/settings', 303);
  };

  app.get('/settings', { preHandler: signedIn }, async (request, reply) => showSettings(request, reply));

  app.post('/settings/profile', { schema: { body: ProfileForm }, preHandler: signedIn }, async (request, reply) =>
    attempt(request, reply, async () => {
      const b = request.body;
      const input = {
        displayName: b.display_name,
        bio: b.bio,
        profilePublic: b.profile_public === '1',
        watchlistPublic: b.watchlist_public === '1',
      };
      await updateProfile(ctx.writer, currentMember(request).id, input);
      return 'Your profile is saved.';
    }),
  );

  app.post('/settings/email', { schema: { body: EmailChangeForm }, preHandler: signedIn }, async (request, reply) =>
    attempt(request, reply, async () => {
      const input = { newEmail: request.body.new_email, password: request.body.password };
      await requestEmailChange(ctx, currentMember(request).id, input, await mailSiteOf(ctx), ctx.clock.now());
      return `We sent a link to ${input.newEmail.trim()}. Your address changes when it is followed.`;
    }),
  );

  app.get('/settings/email/:token', { schema: { params: TokenParams } }, async (request, reply) => {
    reply.header('cache-control', 'private, no-store');
    const row = await memberOfToken(ctx.db, request.params.token, 'email', ctx.clock.now());
    const view = <EmailChangePage token={request.params.token} newEmail={row.new_email ?? ''} />;
    return sendPage(reply, ctx, { title: 'Use your new address', noindex: true }, view);
  });

  app.post('/settings/email/:token', { schema: { params: TokenParams, body: CsrfForm } }, async (request, reply) => {
    app.verifyCsrf(request);
    await confirmEmailChange(ctx.writer, request.params.token, ctx.clock.now());
    setFlash(reply, 'Your new address is saved.');
    return reply.redirect(request.member ? '/settings' : '/login', 303);
  });

  app.post(
    '/settings/password',
    { schema: { body: PasswordChangeForm }, preHandler: signedIn },
    async (request, reply) =>
      attempt(request, reply, async () => {
        const input = { currentPassword: request.body.current_password, newPassword: request.body.new_password };
        const browser = { ipHash: request.ipHash, userAgent: request.headers['user-agent'] ?? '' };
        const id = await changePassword(ctx, currentMember(request).id, input, browser, ctx.clock.now());
        setMemberCookie(reply, id);
        return 'Your password is changed. Every other device is signed out.';
      }),
  );

  app.post(
    '/settings/logout-everywhere',
    { schema: { body: CsrfForm }, preHandler: signedIn },
    async (request, reply) => {
      await logOutEverywhere(ctx.writer, currentMember(request).id);
      clearMemberCookie(reply);
      setFlash(reply, 'You are signed out on every device.');
      return reply.redirect('/login', 303);
    },
  );

  app.post('/settings/delete', { schema: { body: DeleteForm }, preHandler: signedIn }, async (request, reply) => {
    try {
      const input = { mode: request.body.mode, password: request.body.delete_password };
      await deleteAccount(ctx, currentMember(request).id, input, ctx.clock.now());
    } catch (error) {
      if (!(error instanceof AccountError)) throw error;
      return showSettings(request, reply, {
        field: 'delete_password',
        message: error.message.replace('current_password', 'delete_password'),
      });
    }
    clearMemberCookie(reply);
    setFlash(reply, 'Your account is deleted.');
    return reply.redirect('/login', 303);
  });

  app.get('/settings/export.json', { preHandler: signedIn }, async (request, reply) => {
    const data = await exportMemberData(ctx.db, currentMember(request).id, ctx.clock.now());
    reply.header('content-disposition', `attachment; filename="reelhouse-${data.account.handle}.json"`);
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(data, null, 2));
  });

  app.get('/settings/export.csv', { preHandler: signedIn }, async (request, reply) => {
    const data = await exportMemberData(ctx.db, currentMember(request).id, ctx.clock.now());
    reply.header('content-disposition', `attachment; filename="reelhouse-${data.account.handle}.csv"`);
    return reply.type('text/csv; charset=utf-8').send(memberExportCsv(data));
  });
};
