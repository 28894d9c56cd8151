import { FieldNote, Select } from '../../../../views/FormParts.js';
import { CsrfField } from '../../../../views/render-marks.js';
import type { WxrImportSummary } from '../../wxr/wxr-summary.js';
import type { ImportJobRow } from '../import-job.js';
import { WxrCounts } from './WxrPages.js';

const STATUS_LABEL = { running: 'Running', done: 'Finished', failed: 'Failed', interrupted: 'Interrupted' } as const;
const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;
const size = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export interface ImportFormProblems {
  file?: string;
  format?: string;
  source?: string;
}

export function ImportPage(props: {
  formats: string[];
  maxMb: number;
  jobs: ImportJobRow[];
  values?: { format: string; source: string };
  problems?: ImportFormProblems;
}) {
  const p = props.problems ?? {};
  const fileId = 'field-file';
  const sourceId = 'field-source';
  return (
    <>
      <p>
        The same importer as <code>npx reelhouse import</code>: re-importing a file changes nothing, and an import cut
        short finishes when the file is imported again.
      </p>
      <form method="post" action="/admin/import" enctype="multipart/form-data" class="form">
        <CsrfField />
        {Object.keys(p).length > 0 && (
          <p class="form-error" role="alert">
            The import did not start.{p.file ? '' : ' Choose the file again: browsers do not keep it.'}
          </p>
        )}
        <div class={`field${p.file ? ' field--invalid' : ''}`}>
          <label for={fileId}>File</label>
          <input
            id={fileId}
            type="file"
            name="file"
            required
            accept=".json,.csv,.xml,.gz,application/json,text/csv,text/xml,application/xml,application/gzip"
            aria-invalid={p.file ? 'true' : undefined}
            aria-describedby={`${fileId}-hint${p.file ? ` ${fileId}-error` : ''}`}
          />
          <FieldNote
            id={fileId}
            hint={`Wikipedia movie data JSON, CSV (README, “The CSV format”) or a WordPress export (WXR: you see what it holds before anything is imported), plain or gzipped, up to ${props.maxMb} MB.`}
            error={p.file}
          />
        </div>
        <Select
          name="format"
          label="Format"
          value={props.values?.format ?? 'auto'}
          options={[
            { value: 'auto', label: 'From the file (.json, .csv, or a WordPress export)' },
            ...props.formats.map((f) => ({ value: f, label: f })),
          ]}
          error={p.format}
        />
        <div class={`field${p.source ? ' field--invalid' : ''}`}>
          <label for={sourceId}>Source name</label>
          <input
            id={sourceId}
            name="source"
            value={props.values?.source ?? ''}
            maxLength={50}
            aria-invalid={p.source ? 'true' : undefined}
            aria-describedby={`${sourceId}-hint${p.source ? ` ${sourceId}-error` : ''}`}
          />
          <FieldNote
            id={sourceId}
            hint="Optional. Films are matched by source and id, so two different CSV sources need two names. Default: the format."
            error={p.source}
          />
        </div>
        <button type="submit" class="button">
          Start the import
        </button>
      </form>
      {props.jobs.length > 0 && (
        <>
          <h2>Recent imports</h2>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Started</th>
                <th scope="col">By</th>
                <th scope="col">Status</th>
                <th scope="col">Rows</th>
              </tr>
            </thead>
            <tbody>
              {props.jobs.map((job) => (
                <tr key={job.id}>
                  <td>
                    <a href={`/admin/import/${job.id}`}>{job.filename}</a>
                  </td>
                  <td>{when(job.created_at)}</td>
                  <td>{job.actor}</td>
                  <td>{STATUS_LABEL[job.status]}</td>
                  <td>{job.processed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

/** A job's progress. While it runs the response carries `Refresh`, so the page updates itself, JavaScript or not. */
export function ImportJobPage(props: { job: ImportJobRow; wxr?: WxrImportSummary | null }) {
  const { job } = props;
  const rejected = job.rejected_rows
    ? (JSON.parse(job.rejected_rows) as Array<{ position: string; reason: string }>)
    : [];
  return (
    <>
      <p role="status" aria-live="polite">
        <strong>{STATUS_LABEL[job.status]}</strong>
        {job.status === 'running' && ' — this page reloads every 2 seconds.'}
      </p>
      <dl class="import-facts">
        <dt>File</dt>
        <dd>
          {job.filename} ({size(job.bytes)}, {job.format}, source “{job.source}”)
        </dd>
        <dt>Started</dt>
        <dd>
          {when(job.created_at)} by {job.actor}
        </dd>
        <dt>Rows read</dt>
        <dd>{job.processed}</dd>
        {props.wxr ? null : (
          <>
            <dt>New films</dt>
            <dd>{job.inserted}</dd>
            <dt>Updated</dt>
            <dd>{job.updated}</dd>
            <dt>Unchanged</dt>
            <dd>{job.unchanged}</dd>
            <dt>Rejected</dt>
            <dd>{job.rejected}</dd>
          </>
        )}
      </dl>
      {props.wxr ? <WxrCounts summary={props.wxr} dryRun={false} /> : null}
      {job.error && (
        <p class="form-error" role="alert">
          The import stopped: {job.error}
        </p>
      )}
      {job.status === 'interrupted' && (
        <p>The uploaded file was deleted when the import was found stopped: upload “{job.filename}” again.</p>
      )}
      {job.status === 'running' && (
        <p>
          <a href={`/admin/import/${job.id}`}>Reload now</a>
        </p>
      )}
      {rejected.length > 0 && !props.wxr && (
        <>
          <h2>Rejected rows</h2>
          {job.rejected > rejected.length && (
            <p>
              The first {rejected.length} of {job.rejected}; <code>npx reelhouse import</code> lists them all.
            </p>
          )}
          <ul>
            {rejected.map((r) => (
              <li key={`${r.position} ${r.reason}`}>
                {r.position}: {r.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <a href="/admin/import">Import another file</a> · <a href="/admin/films">Films</a>
      </p>
    </>
  );
}
