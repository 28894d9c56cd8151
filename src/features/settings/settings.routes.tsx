import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.js';
import { setFlash } from '../../http/plugins/visitor.js';
import { actorOf, currentUser, sendAdminPage } from '../accounts/index.js';
import { parseSettingsForm } from './settings.js';
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
