import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { sendAdminPage } from '../../kernel/admin-page.js';
import type { AppContext } from '../../kernel/context.js';
import { parseSettingsForm } from '../../kernel/site-settings.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash } from '../../kernel/visitor.js';
import { actorOf } from '../audit/index.js';
import { saveSettings } from './settings.service.js';
import { SettingsPage } from './views/SettingsPage.js';

const SettingsForm = Type.Record(Type.String(), Type.String({ maxLength: 20_000 }));

export function registerSettingsRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/admin/settings', { config: { role: 'admin' } }, async (request, reply) =>
    sendAdminPage(app, ctx, request, reply, {
      current: '/admin/settings',
      title: 'Settings',
      body: <SettingsPage settings={await ctx.settings()} />,
    }),
  );

  app.post<{ Body: Record<string, string> }>(
    '/admin/settings',
    { config: { role: 'admin' }, schema: { body: SettingsForm } },
    async (request, reply) => {
      const { settings, problems } = parseSettingsForm(request.body);
      if (Object.keys(problems).length) {
        return sendAdminPage(app, ctx, request, reply, {
          current: '/admin/settings',
          title: 'Settings',
          status: 400,
          body: <SettingsPage settings={settings} problems={problems} />,
        });
      }
      const changed = await ctx.db
        .transaction()
        .execute((trx) => saveSettings(trx, actorOf(currentUser(request)), settings, ctx.clock.now()));
      ctx.versions.invalidate();
      setFlash(reply, changed.length ? `Saved: ${changed.join(', ')}.` : 'Nothing changed.');
      return reply.redirect('/admin/settings', 303);
    },
  );
}
