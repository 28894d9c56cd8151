import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sendAdminPage } from '../../kernel/admin-page.js';
import type { AppContext } from '../../kernel/context.js';
import { parseSettingsForm } from '../../kernel/site-settings.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash } from '../../kernel/visitor.js';
import { actorOf } from '../audit/index.js';
import { saveSettings } from './settings.service.js';
import { SettingsPage } from './views/SettingsPage.js';

const SettingsForm = Type.Record(Type.String(), Type.String({ maxLength: 20_000 }));

/** The admin's site settings page. */
export const settingsRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const page = { current: '/admin/settings', title: 'Settings' };

  app.get('/admin/settings', { config: { role: 'admin' } }, async (request, reply) =>
    sendAdminPage(app, ctx, request, reply, { ...page, body: <SettingsPage settings={await ctx.settings()} /> }),
  );

  app.post('/admin/settings', { config: { role: 'admin' }, schema: { body: SettingsForm } }, async (request, reply) => {
    const { settings, problems } = parseSettingsForm(request.body);
    if (Object.keys(problems).length) {
      const body = <SettingsPage settings={settings} problems={problems} />;
      return sendAdminPage(app, ctx, request, reply, { ...page, status: 400, body });
    }
    const actor = actorOf(currentUser(request));
    const changed = await ctx.writer.write((uow) => saveSettings(uow, actor, settings, ctx.clock.now()));
    setFlash(reply, changed.length ? `Saved: ${changed.join(', ')}.` : 'Nothing changed.');
    return reply.redirect('/admin/settings', 303);
  });
};
