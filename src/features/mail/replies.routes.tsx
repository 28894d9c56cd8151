import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { sendPage } from '../../kernel/render.js';
import { writeGuards } from '../../kernel/visitor.js';
import { moderationOffPath, verifyLink } from './links.js';
import { turnModerationMailOff } from './moderation-mail.service.js';
import {
  confirmReplies,
  findConfirmation,
  subscriberExists,
  type UnsubscribeScope,
  unsubscribe,
  unsubscribePath,
  verifyUnsubscribe,
} from './replies.service.js';
import { ConfirmPage, ModerationOffPage, UnsubscribePage } from './views/SubscriptionPages.js';

const Token = Type.Object({ token: Type.String({ minLength: 10, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }) });
const UnsubscribeParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  scope: Type.String({ pattern: '^(all|[1-9][0-9]{0,9})$' }),
  sig: Type.String({ maxLength: 64 }),
});
const StaffParams = Type.Object({ id: Type.Integer({ minimum: 1 }), sig: Type.String({ maxLength: 64 }) });
const page = { title: 'Reply notifications', noindex: true };
const staffPage = { title: 'Moderation mail', noindex: true };
const gone = () => new AppError('not_found', 'This link is not valid any more.');

/** Confirming and stopping reply notifications: public pages reached from the mails. */
export const replyMailRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const secrets = ctx.config.cookieSecrets;
  const guards = writeGuards(app, { perVisitorPerMinute: 10, perIpPerMinute: 60 });

  app.get('/mail/confirm/:token', { schema: { params: Token } }, async (request, reply) => {
    const subscriber = await findConfirmation(ctx.db, request.params.token);
    if (!subscriber) throw gone();
    return sendPage(reply, ctx, page, <ConfirmPage token={request.params.token} email={subscriber.email} />);
  });

  app.post('/mail/confirm/:token', { schema: { params: Token }, preHandler: guards }, async (request, reply) => {
    const subscriber = await findConfirmation(ctx.db, request.params.token);
    if (!subscriber) throw gone();
    await ctx.writer.write((uow) => confirmReplies(uow, request.params.token, ctx.clock.now()));
    return sendPage(reply, ctx, page, <ConfirmPage token={request.params.token} email={subscriber.email} done />);
  });

  const parse = (params: { id: number; scope: string; sig: string }) => {
    const scope: UnsubscribeScope = params.scope === 'all' ? 'all' : Number(params.scope);
    if (!verifyUnsubscribe(secrets, params.id, scope, params.sig)) throw gone();
    return scope;
  };
  const actions = (id: number, scope: UnsubscribeScope) => ({
    threadAction: scope === 'all' ? null : unsubscribePath(secrets, id, scope),
    allAction: unsubscribePath(secrets, id, 'all'),
  });

  app.get('/mail/unsubscribe/:id/:scope/:sig', { schema: { params: UnsubscribeParams } }, async (request, reply) => {
    const scope = parse(request.params);
    const body = <UnsubscribePage {...actions(request.params.id, scope)} />;
    return sendPage(reply, ctx, page, body);
  });

  // The signed link is the proof, so this POST needs no cookie or CSRF token: mail clients send RFC 8058's one-click
  // POST (body "List-Unsubscribe=One-Click", form-encoded or multipart) from their own servers.
  await app.register(async (inner) => {
    const scope = inner.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(
      'multipart/form-data',
      { bodyLimit: 4096 },
      async (_request: FastifyRequest, payload: Readable) => {
        for await (const _chunk of payload) {
          // Drained, not read: the request itself is the answer.
        }
        return {};
      },
    );
    scope.post(
      '/mail/unsubscribe/:id/:scope/:sig',
      { schema: { params: UnsubscribeParams } },
      async (request, reply) => {
        const { id } = request.params;
        const target = parse(request.params);
        if (await subscriberExists(ctx.db, id)) await ctx.writer.write((uow) => unsubscribe(uow, id, target));
        const body = <UnsubscribePage {...actions(id, target)} done={target === 'all' ? 'all' : 'thread'} />;
        return sendPage(reply, ctx, page, body);
      },
    );

    // A moderator's "stop mails about held comments" (List-Unsubscribe of moderation mail and digests).
    scope.post('/mail/moderation-off/:id/:sig', { schema: { params: StaffParams } }, async (request, reply) => {
      const { id, sig } = request.params;
      if (!verifyLink(secrets, `moderation-off:${id}`, sig)) throw gone();
      await ctx.writer.write((uow) => turnModerationMailOff(uow, id));
      return sendPage(reply, ctx, staffPage, <ModerationOffPage done />);
    });
  });

  app.get('/mail/moderation-off/:id/:sig', { schema: { params: StaffParams } }, async (request, reply) => {
    const { id, sig } = request.params;
    if (!verifyLink(secrets, `moderation-off:${id}`, sig)) throw gone();
    return sendPage(reply, ctx, staffPage, <ModerationOffPage action={moderationOffPath(secrets, id)} />);
  });
};
