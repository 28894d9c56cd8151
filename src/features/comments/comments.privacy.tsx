import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/database.js';
import { bumpVersion } from '../../db/site-state.js';
import { sendAdminPage } from '../../kernel/admin-page.js';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { sendPage } from '../../kernel/render.js';
import { SlugParams } from '../../kernel/schemas.js';
import { currentUser } from '../../kernel/staff.js';
import { setFlash } from '../../kernel/visitor.js';
import { excerpt } from '../../lib/excerpt.js';
import { CsrfField } from '../../views/render-marks.js';
import { type Actor, actorOf, recordAudit } from '../audit/index.js';
import { escapeXml } from '../seo/xml.js';
import { anonymiseByEmail, deleteByEmail, listByEmail, listRecentApproved, purgeOld } from './comments.repository.js';
import { COMMENTS_VERSION, type CommentHooks } from './comments.service.js';

/** Everything stored about one commenter, as the GDPR's right of access asks (Art. 15). */
export async function exportCommenter(db: Db, email: string) {
  const normal = email.trim().toLowerCase();
  const rows = await listByEmail(db, normal);
  return {
    email: normal,
    exportedAt: new Date().toISOString(),
    comments: rows.map((c) => ({
      id: c.id,
      film: { slug: c.film_slug, title: c.film_title },
      parentId: c.parent_id,
      authorName: c.author_name,
      authorEmail: c.author_email,
      authorUrl: c.author_url,
      body: c.body,
      status: c.status,
      ipHash: c.ip_hash,
      userAgent: c.user_agent,
      visitorId: c.visitor_id,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
    })),
  };
}

/** Right to erasure (Art. 17): anonymise, keeping the conversation readable, or delete the comments outright. */
export async function eraseCommenter(db: Db, email: string, mode: 'anonymise' | 'delete', actor: Actor, now: Date) {
  const normal = email.trim().toLowerCase();
  if (!normal) throw new AppError('invalid_field', 'email: required', 'email');
  return db.transaction().execute(async (trx) => {
    const count =
      mode === 'delete' ? await deleteByEmail(trx, normal) : await anonymiseByEmail(trx, normal, now.toISOString());
    await recordAudit(
      trx,
      actor,
      { action: `commenter.${mode}`, targetType: 'commenter', summary: `${mode} ${count} comment(s) of a commenter` },
      now,
    );
    await bumpVersion(trx, COMMENTS_VERSION);
    return count;
  });
}

function PrivacyPage(props: { ipDays: number; trashDays: number; spamDays: number; notes: string[] }) {
  return (
    <article class="prose">
      <h1>Privacy</h1>
      <p>This page says exactly what this site stores about you, for how long, and who can see it.</p>
      <h2>If you only read</h2>
      <p>
        Nothing is stored about you. Pages load nothing from other websites: no analytics, no fonts, no images or
        scripts from anyone else. The server keeps a short technical log of requests for troubleshooting.
      </p>
      <h2>If you rate or like a film</h2>
      <p>
        Your browser gets a cookie holding a random visitor id, so the site knows which vote is yours. The vote is
        stored with that id and a salted one-way hash of your network address (used only to stop one person voting many
        times); your address itself is never stored.
      </p>
      <h2>If you comment</h2>
      <ul>
        <li>
          <strong>Stored</strong>: your name, email address, website (if you give one), the comment, when you posted it,
          your browser's user-agent text, your visitor id, and a salted one-way hash of your network address.
        </li>
        <li>
          <strong>Shown to everyone</strong> once approved: your name, your website as a link, the comment and its date.
          Your email address is never shown on any page or in any feed.
        </li>
        <li>
          <strong>Seen by</strong> this site's admins and moderators, to moderate comments.
        </li>
        <li>
          <strong>For how long</strong>: approved comments stay until you ask for them to be removed. The
          network-address hash is deleted after {props.ipDays} days. Comments moved to trash are deleted after{' '}
          {props.trashDays} days, comments marked as spam after {props.spamDays} days.
        </li>
        <li>
          <strong>Spam checks</strong> run on this server.{' '}
          {props.notes.length ? props.notes.join(' ') : 'No third party receives your comment or any data about you.'}
        </li>
        <li>
          <strong>Cookies</strong>: if you tick “Save my name, email, and website”, they are kept in a cookie in your
          browser for a year, so the form is filled in next time; untick it to remove them.
        </li>
      </ul>
      <h2>Your rights</h2>
      <p>
        Ask the site's owner for a copy of everything stored under your email address, or to anonymise or delete your
        comments; they can do both from the admin area, at once.
      </p>
    </article>
  );
}

const EmailForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  email: Type.String({ maxLength: 254 }),
  mode: Type.Optional(Type.Union([Type.Literal('anonymise'), Type.Literal('delete')])),
});
const Params = SlugParams;

const PURGE_INTERVAL_MS = 3600_000;

export function registerCommentPrivacy(app: FastifyInstance, ctx: AppContext, hooks: CommentHooks): void {
  app.get('/privacy', { config: { pageCache: true } }, async (_request, reply) => {
    const settings = await ctx.settings();
    const notes = hooks.privacyNotes.map((note) => note()).filter((n): n is string => n !== null);
    return sendPage(
      reply,
      ctx,
      {
        title: 'Privacy',
        description: 'What this site stores about readers and commenters.',
        canonicalPath: '/privacy',
      },
      <PrivacyPage
        ipDays={settings.ipHashRetentionDays}
        trashDays={settings.trashRetentionDays}
        spamDays={settings.spamRetentionDays}
        notes={notes}
      />,
    );
  });

  app.get('/admin/privacy', { config: { role: 'admin' } }, async (request, reply) =>
    sendAdminPage(app, ctx, request, reply, {
      current: '/admin/privacy',
      title: 'Commenter data',
      body: (
        <>
          <p>Export or erase everything stored under a commenter's email address.</p>
          <form method="post" action="/admin/privacy/export" class="form form--inline">
            <CsrfField />
            <div class="field">
              <label for="export-email">Email</label>
              <input id="export-email" type="email" name="email" required />
            </div>
            <button type="submit" class="button button--small">
              Download as JSON
            </button>
          </form>
          <form method="post" action="/admin/privacy/erase" class="form form--inline">
            <CsrfField />
            <div class="field">
              <label for="erase-email">Email</label>
              <input id="erase-email" type="email" name="email" required />
            </div>
            <div class="field">
              <label for="erase-mode">How</label>
              <select id="erase-mode" name="mode">
                <option value="anonymise">Anonymise (keep the text, remove who wrote it)</option>
                <option value="delete">Delete the comments</option>
              </select>
            </div>
            <button type="submit" class="button button--small">
              Erase
            </button>
          </form>
        </>
      ),
    }),
  );

  app.post<{ Body: Static<typeof EmailForm> }>(
    '/admin/privacy/export',
    { config: { role: 'admin' }, schema: { body: EmailForm } },
    async (request, reply) => {
      const data = await exportCommenter(ctx.db, request.body.email);
      await recordAudit(
        ctx.db,
        actorOf(currentUser(request)),
        { action: 'commenter.export', targetType: 'commenter', summary: `exported ${data.comments.length} comment(s)` },
        ctx.clock.now(),
      );
      return reply
        .header('content-disposition', 'attachment; filename="commenter-export.json"')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(data, null, 2));
    },
  );

  app.post<{ Body: Static<typeof EmailForm> }>(
    '/admin/privacy/erase',
    { config: { role: 'admin' }, schema: { body: EmailForm } },
    async (request, reply) => {
      const mode = request.body.mode ?? 'anonymise';
      const count = await eraseCommenter(
        ctx.db,
        request.body.email,
        mode,
        actorOf(currentUser(request)),
        ctx.clock.now(),
      );
      ctx.versions.invalidate();
      setFlash(reply, `${mode === 'delete' ? 'Deleted' : 'Anonymised'} ${count} comment(s).`);
      return reply.redirect('/admin/privacy', 303);
    },
  );

  // Comment feeds: approved comments only, newest first.
  const feed = (title: string, link: string, self: string, items: Awaited<ReturnType<typeof listRecentApproved>>) =>
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
      '<channel>',
      `<title>${escapeXml(title)}</title>`,
      `<link>${escapeXml(link)}</link>`,
      `<description>${escapeXml(title)}</description>`,
      `<atom:link href="${escapeXml(self)}" rel="self" type="application/rss+xml"/>`,
      ...items.map((c) => {
        const url = `${ctx.config.publicUrl}/film/${c.film_slug}#comment-${c.id}`;
        return `<item><title>${escapeXml(`${c.author_name} on ${c.film_title}`)}</title><link>${escapeXml(url)}</link><guid isPermaLink="true">${escapeXml(url)}</guid><pubDate>${new Date(c.created_at).toUTCString()}</pubDate><description>${escapeXml(excerpt(c.body, 500))}</description></item>`;
      }),
      '</channel>',
      '</rss>',
      '',
    ].join('\n');

  app.get('/comments/feed.xml', { config: { pageCache: true } }, async (_request, reply) =>
    reply
      .type('application/rss+xml; charset=utf-8')
      .send(
        feed(
          'Reelhouse: recent comments',
          `${ctx.config.publicUrl}/`,
          `${ctx.config.publicUrl}/comments/feed.xml`,
          await listRecentApproved(ctx.db, 50),
        ),
      ),
  );
  app.get<{ Params: Static<typeof Params> }>(
    '/film/:slug/comments/feed.xml',
    { config: { pageCache: true }, schema: { params: Params } },
    async (request, reply) => {
      const film = await ctx.db
        .selectFrom('films')
        .select(['id', 'slug', 'title'])
        .where('slug', '=', request.params.slug)
        .executeTakeFirst();
      if (!film) throw new AppError('film_not_found', 'There is no film at this address.');
      const base = `${ctx.config.publicUrl}/film/${film.slug}`;
      return reply
        .type('application/rss+xml; charset=utf-8')
        .send(
          feed(
            `Comments on ${film.title}`,
            base,
            `${base}/comments/feed.xml`,
            await listRecentApproved(ctx.db, 50, film.id),
          ),
        );
    },
  );

  // The scheduled clean-up: runs hourly in every instance; the deletes are idempotent, so overlap is harmless.
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      void runCommentPurge(ctx).catch((error: unknown) => app.log.error({ err: error }, 'comment purge failed'));
    }, PURGE_INTERVAL_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
}

export async function runCommentPurge(ctx: Pick<AppContext, 'db' | 'clock' | 'settings'>) {
  const settings = await ctx.settings();
  const now = ctx.clock.now().getTime();
  const result = await purgeOld(ctx.db, {
    statusBefore: new Date(now - settings.trashRetentionDays * 86_400_000).toISOString(),
    spamBefore: new Date(now - settings.spamRetentionDays * 86_400_000).toISOString(),
    ipBefore: new Date(now - settings.ipHashRetentionDays * 86_400_000).toISOString(),
  });
  if (result.deleted) {
    await recordAudit(
      ctx.db,
      { id: null, label: 'system' },
      { action: 'comment.purge', targetType: 'comment', summary: `purged ${result.deleted} trashed/spam comment(s)` },
      ctx.clock.now(),
    );
  }
  return result;
}
