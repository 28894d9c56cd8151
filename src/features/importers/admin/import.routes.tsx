import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendAdminPage } from '../../../kernel/admin-page.js';
import type { AppContext } from '../../../kernel/context.js';
import { AppError } from '../../../kernel/errors.js';
import { type ScheduledJobHandle, startScheduledJob } from '../../../kernel/schedule.js';
import { IdParams } from '../../../kernel/schemas.js';
import { currentUser } from '../../../kernel/staff.js';
import { discardUpload } from '../../../kernel/uploads.js';
import { actorOf } from '../../audit/index.js';
import { importLimitsOf } from '../import.service.js';
import { formatBytes, ImportLimitError } from '../open-input.js';
import { looksLikeWxr } from '../wxr/sniff.js';
import { WxrError } from '../wxr/wxr.js';
import type { WxrImportSummary } from '../wxr/wxr-import.service.js';
import {
  type AfterImport,
  checkImportForm,
  createImportRunner,
  findImportJob,
  IMPORT_FORMAT_NAMES,
  interruptAbandonedImports,
  listImportJobs,
  previewWxr,
  removeStaleUploads,
  sweepUploads,
} from './import.service.js';
import { type ImportFormProblems, ImportJobPage, ImportPage } from './views/ImportPages.js';
import { WxrPreviewPage } from './views/WxrPages.js';

const WxrImportForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  /** The preview's upload directory, by name (mkdtemp's `upload-XXXXXX`), never a path. */
  upload: Type.String({ pattern: '^upload-[A-Za-z0-9]{6}$' }),
  filename: Type.String({ maxLength: 200 }),
  filmCategories: Type.Optional(
    Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 1000 })]),
  ),
});

const ImportForm = Type.Object({
  _csrf: Type.Optional(Type.String()),
  format: Type.Optional(Type.String({ maxLength: 40 })),
  source: Type.Optional(Type.String({ maxLength: 200 })),
});

/** As often as the comment purge: nothing in uploads-tmp is urgent, it only must not pile up. */
const UPLOAD_SWEEP_INTERVAL_MS = 3600_000;

export const importAdminRoutes: FastifyPluginAsyncTypebox<{
  ctx: AppContext;
  uploadsDir: string;
  afterImport?: AfterImport;
}> = async (app, { ctx, uploadsDir, afterImport }) => {
  // An upload is refused past IMPORT_MAX_BYTES as it arrives; the importer applies the same figure to what a gzip
  // file inflates to, and its record and row limits, as it reads.
  const limits = importLimitsOf(ctx.config.limits);
  const runner = createImportRunner(ctx.db, ctx.clock, ctx.writer, {
    limits,
    afterImport,
    ipSalt: ctx.config.ipHashSalt,
  });
  const interrupt = () => interruptAbandonedImports(ctx.db, ctx.clock, uploadsDir);
  // Each hour one instance per uploads directory sweeps it (decision 030): instances on one host sharing DATA_DIR take
  // turns, and each host's own directory is still swept. Deleting is idempotent and spares running jobs' files.
  const sweep = () => sweepUploads(ctx.db, ctx.clock, uploadsDir);
  let sweeps: ScheduledJobHandle | undefined;
  app.addHook('onClose', async () => {
    await sweeps?.stop();
    await runner.drain();
  });
  // Jobs a stopped server of several leaves are caught when jobs are next shown, or by the hourly sweep.
  const logFailure = (error: unknown) => app.log.error({ err: error }, 'uploads-tmp sweep failed');
  // Jobs left running by a server that stopped say so after a restart (a database that does not answer stops the
  // start); the old files go next, and every hour after, a failure there only logged.
  app.addHook('onReady', async () => {
    await interrupt();
    await removeStaleUploads(ctx.db, uploadsDir).catch(logFailure);
    sweeps = startScheduledJob(
      { db: ctx.db, clock: ctx.clock, onError: logFailure },
      { name: `imports.uploads-sweep:${os.hostname()}:${uploadsDir}`, everyMs: UPLOAD_SWEEP_INTERVAL_MS, run: sweep },
    );
  });
  const config = { role: 'admin' as const };
  const maxMb = Math.round((limits.maxBytes / 1024 / 1024) * 10) / 10;

  const sendForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { problems?: ImportFormProblems; values?: { format: string; source: string }; status?: number } = {},
  ) =>
    sendAdminPage(app, ctx, request, reply, {
      current: '/admin/import',
      title: 'Import films',
      status: form.status,
      body: (
        <ImportPage
          formats={[...IMPORT_FORMAT_NAMES, 'wxr']}
          maxMb={maxMb}
          jobs={await interrupt().then(() => listImportJobs(ctx.db, 20))}
          values={form.values}
          problems={form.problems}
        />
      ),
    });

  app.get('/admin/import', { config }, async (request, reply) => sendForm(request, reply));

  app.post(
    '/admin/import',
    { config: { ...config, upload: { field: 'file', maxBytes: limits.maxBytes } }, schema: { body: ImportForm } },
    async (request, reply) => {
      const values = { format: request.body.format ?? 'auto', source: request.body.source ?? '' };
      const upload = request.upload;
      if (!upload?.path || upload.bytes === 0) {
        const tooLarge = upload?.tooLarge;
        await discardUpload(request);
        return sendForm(request, reply, {
          values,
          status: tooLarge ? 413 : 400,
          problems: {
            file: tooLarge
              ? `File: larger than ${formatBytes(limits.maxBytes)} (IMPORT_MAX_BYTES). Gzip it (the importer reads .gz) or import it with npx reelhouse import.`
              : 'File: choose a file to import.',
          },
        });
      }
      if (values.format === 'wxr' || (values.format === 'auto' && (await looksLikeWxr(upload.path)))) {
        // A WordPress export is previewed first (a dry run); the file waits in uploads-tmp for the admin's choice.
        const preview = await previewWxr(ctx.db, upload.path, limits, ctx.config.ipHashSalt).catch(async (error) => {
          await discardUpload(request);
          if (error instanceof WxrError || error instanceof ImportLimitError) return error;
          throw error;
        });
        if (preview instanceof Error)
          return sendForm(request, reply, { values, status: 400, problems: { file: `File: ${preview.message}` } });
        upload.keep = true;
        return sendAdminPage(app, ctx, request, reply, {
          current: '/admin/import',
          title: `Preview of “${upload.filename}”`,
          body: <WxrPreviewPage upload={path.basename(upload.dir)} filename={upload.filename} summary={preview} />,
        });
      }
      const checked = checkImportForm(request.body, upload.filename);
      if ('field' in checked) {
        await discardUpload(request);
        return sendForm(request, reply, { values, status: 400, problems: { [checked.field]: checked.message } });
      }
      // The job owns the file from here, and deletes it when it ends.
      upload.keep = true;
      const dir = upload.dir;
      const id = await runner.start({
        file: upload.path,
        uploadDir: path.basename(dir),
        cleanup: () => fs.promises.rm(dir, { recursive: true, force: true }),
        filename: upload.filename.slice(0, 200),
        bytes: upload.bytes,
        format: checked.format,
        source: checked.source,
        actor: actorOf(currentUser(request)),
      });
      return reply.redirect(`/admin/import/${id}`, 303);
    },
  );

  app.post('/admin/import/wxr', { config, schema: { body: WxrImportForm } }, async (request, reply) => {
    const { upload, filename } = request.body;
    const dir = path.join(uploadsDir, upload);
    const file = path.join(dir, 'file');
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat?.isFile())
      throw new AppError(
        'not_found',
        'upload: this preview has expired (the file is gone); upload the export again.',
        'upload',
      );
    const id = await runner.start({
      file,
      uploadDir: upload,
      cleanup: () => fs.promises.rm(dir, { recursive: true, force: true }),
      filename: filename.slice(0, 200),
      bytes: stat.size,
      format: 'wxr',
      source: 'wxr',
      filmCategories: [request.body.filmCategories ?? []].flat(),
      actor: actorOf(currentUser(request)),
    });
    return reply.redirect(`/admin/import/${id}`, 303);
  });

  app.get('/admin/import/:id', { config, schema: { params: IdParams } }, async (request, reply) => {
    await interrupt();
    const job = await findImportJob(ctx.db, request.params.id);
    if (!job) throw new AppError('not_found', 'There is no import with this number.');
    // Reloads itself while running: the Refresh header works with JavaScript off, and needs no inline script (CSP).
    if (job.status === 'running') reply.header('refresh', '2');
    return sendAdminPage(app, ctx, request, reply, {
      current: '/admin/import',
      title: `Import of “${job.filename}”`,
      body: <ImportJobPage job={job} wxr={job.report ? (JSON.parse(job.report) as WxrImportSummary) : null} />,
    });
  });
};
