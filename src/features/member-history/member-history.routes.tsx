import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../kernel/context.js';
import { AppError } from '../../kernel/errors.js';
import { currentMember } from '../../kernel/member.js';
import { sendPage } from '../../kernel/render.js';
import { IdParams } from '../../kernel/schemas.js';
import { discardUpload, registerUploads } from '../../kernel/uploads.js';
import { DEFAULT_HISTORY_LIMITS, HistoryFileError, openHistory } from '../history/index.js';
import { DEFAULT_BALLOT_RULES } from '../ratings/index.js';
import type { ReviewHooks } from '../reviews/index.js';
import { memberHistoryZip } from './member-history-export.js';
import { createImportJobs, ownJob, recentJobs } from './member-import.service.js';
import { reportLines } from './member-import-report.js';
import { ImportFormPage, ImportJobPage } from './views/ImportPages.js';

/**
 * The size limit of an upload on `/settings/import`: the history readers' own file cap (100 MB). A Letterboxd export
 * of 20 years of diary is a few MB; IMDb's and Trakt's are smaller.
 */
export const HISTORY_UPLOAD_MAX_BYTES = DEFAULT_HISTORY_LIMITS.maxFileBytes;

const ImportForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('private')])),
  /** Added by the import-progress island: the job page may leave out its Refresh header. */
  live: Type.Optional(Type.Literal('1')),
});

const JobQuery = Type.Object({ live: Type.Optional(Type.Literal('1')) });

const page = (title: string) => ({ title, noindex: true });

/** `/settings/import` (upload, progress, report) and `/settings/export/history.zip`: the member's own, never cached. */
export const memberHistoryRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext; reviewHooks: ReviewHooks }> = async (
  app,
  { ctx, reviewHooks },
) => {
  const uploadsDir = path.join(ctx.config.dataDir, 'uploads-tmp');
  // Only a signed-in member's upload is read at all; anyone else's is refused before a byte is written.
  registerUploads(app, uploadsDir, async (request) =>
    request.member ? null : new AppError('unauthorized', 'Sign in first, then upload the file.'),
  );
  const jobs = createImportJobs();
  // Read per job: the moderation settings an imported review is judged by are the site's at that moment.
  const applyDeps = async () => ({
    db: ctx.db,
    writer: ctx.writer,
    now: () => ctx.clock.now(),
    ballotRules: { ...DEFAULT_BALLOT_RULES, votesPerIpPerFilm: ctx.config.engagement.votesPerIpPerFilm },
    reviews: { settings: await ctx.settings(), hooks: reviewHooks },
  });
  app.addHook('onClose', async () => jobs.drain());

  const signedIn = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'private, no-store');
    if (request.member) {
      if (request.method !== 'GET') app.verifyCsrf(request);
      return;
    }
    if (request.method === 'GET') return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
    currentMember(request);
  };
  const maxMb = Math.round(HISTORY_UPLOAD_MAX_BYTES / 1024 / 1024);
  const showForm = async (request: FastifyRequest, reply: FastifyReply, error: string | null = null, status = 200) => {
    const view = (
      <ImportFormPage maxMb={maxMb} error={error} jobs={await recentJobs(ctx.db, currentMember(request).id)} />
    );
    return sendPage(reply, ctx, page('Import your film history'), view, status);
  };

  app.get('/settings/import', { preHandler: signedIn }, async (request, reply) => showForm(request, reply));

  app.post(
    '/settings/import',
    {
      config: { upload: { field: 'file', maxBytes: HISTORY_UPLOAD_MAX_BYTES } },
      schema: { body: ImportForm },
      preHandler: signedIn,
    },
    async (request, reply) => {
      const member = currentMember(request);
      const upload = request.upload;
      if (!upload?.path || upload.bytes === 0) {
        const tooLarge = upload?.tooLarge ?? false;
        await discardUpload(request);
        const message = tooLarge
          ? `file: larger than ${maxMb} MB, the limit for a history file`
          : 'file: choose the file to import';
        return showForm(request, reply, message, tooLarge ? 413 : 400);
      }
      // Validated whole here, before anything is applied: a refused file is answered at once and changes nothing.
      const reading = await openHistory(ctx.db, { path: upload.path, name: path.basename(upload.filename) }).catch(
        (error: unknown) => {
          if (error instanceof HistoryFileError) return error;
          throw error;
        },
      );
      if (reading instanceof HistoryFileError) {
        await discardUpload(request);
        return showForm(request, reply, `file: ${reading.message}`, 422);
      }
      // The job owns the file from here and deletes it when it ends.
      upload.keep = true;
      const dir = upload.dir;
      const owner = { ...member, ipHash: request.ipHash, userAgent: `history import (${reading.report.source})` };
      const id = await jobs.start(
        await applyDeps(),
        { owner, reading, file: { name: upload.filename, bytes: upload.bytes } },
        { visibility: request.body.visibility ?? 'public' },
        () => fs.promises.rm(dir, { recursive: true, force: true }),
      );
      return reply.redirect(`/settings/import/${id}${request.body.live ? '?live=1' : ''}`, 303);
    },
  );

  const jobOf = async (request: FastifyRequest<{ Params: { id: number } }>) => {
    const job = await ownJob(ctx.db, currentMember(request).id, request.params.id, ctx.clock.now());
    if (!job) throw new AppError('not_found', 'There is no import of yours with this number.');
    return job;
  };

  app.get(
    '/settings/import/:id',
    { schema: { params: IdParams, querystring: JobQuery }, preHandler: signedIn },
    async (request, reply) => {
      const job = await jobOf(request);
      const running = job.status === 'running' && !job.stalled;
      const live = request.query.live === '1';
      // Reloads itself while running: the Refresh header works with JavaScript off and needs no inline script (CSP).
      // The island asked for `live` (JavaScript is on): it updates the page in place instead.
      if (running && !live) reply.header('refresh', '2');
      const view = <ImportJobPage job={job} live={live} report={job.report ? reportLines(job.report) : null} />;
      return sendPage(reply, ctx, page(`Import of “${job.filename}”`), view);
    },
  );

  /** The progress island's poll. */
  app.get(
    '/settings/import/:id/progress.json',
    { schema: { params: IdParams }, preHandler: signedIn },
    async (request) => {
      const job = await jobOf(request);
      return { status: job.stalled ? 'interrupted' : job.status, processed: job.processed, total: job.total };
    },
  );

  app.get('/settings/export/history.zip', { preHandler: signedIn }, async (request, reply) => {
    const member = currentMember(request);
    const zip = await memberHistoryZip(ctx.db, member, { site: ctx.config.publicUrl, now: ctx.clock.now() });
    reply.header('content-disposition', `attachment; filename="reelhouse-history-${member.handle}.zip"`);
    return reply.type('application/zip').send(zip);
  });
};
