import { CsrfField } from '../../../views/render-marks.js';

export interface JobSummary {
  id: number;
  status: string;
  filename: string;
  processed: number;
  total: number;
  created_at: string;
}

/** `/settings/import`: the upload form and the member's recent imports. */
export function ImportFormPage(props: { maxMb: number; error?: string | null; jobs: JobSummary[] }) {
  return (
    <section class="settings">
      <h1>Import your film history</h1>
      <p>
        Bring what you watched, rated, reviewed, liked and meant to watch from another site. Films are matched by IMDb
        or TMDB id, else by title and year; rows that match no film, or more than one, are listed for you, never
        guessed. Importing the same file again changes nothing.
      </p>
      <ul>
        <li>Letterboxd: Settings → Data → Export your data (a ZIP)</li>
        <li>IMDb: Your Ratings → Export (a CSV), or a list's or the watchlist's Export</li>
        <li>Trakt: Settings → Data → Export (a ZIP)</li>
        <li>
          Reelhouse: <a href="/settings/export/history.zip">your own history export</a> from this or another Reelhouse
        </li>
      </ul>
      <form method="post" action="/settings/import" enctype="multipart/form-data" class="form" data-import-form>
        <CsrfField />
        <p class="field">
          <label for="field-file">File (ZIP, CSV or JSON, at most {props.maxMb} MB)</label>
          <input
            type="file"
            id="field-file"
            name="file"
            required
            accept=".zip,.csv,.json"
            aria-describedby={props.error ? 'field-file-error' : undefined}
            aria-invalid={props.error ? 'true' : undefined}
          />
          {props.error && (
            <span class="field-error" id="field-file-error" role="alert">
              {props.error}
            </span>
          )}
        </p>
        <fieldset class="field">
          <legend>Imported viewings in your diary are</legend>
          <p>
            <input type="radio" id="visibility-public" name="visibility" value="public" checked />
            <label for="visibility-public">public (on your profile)</label>
          </p>
          <p>
            <input type="radio" id="visibility-private" name="visibility" value="private" />
            <label for="visibility-private">private (yours alone)</label>
          </p>
        </fieldset>
        <p>
          <button type="submit">Import</button>
        </p>
      </form>
      {props.jobs.length > 0 && (
        <>
          <h2>Your imports</h2>
          <ul>
            {props.jobs.map((j) => (
              <li key={j.id}>
                <a href={`/settings/import/${j.id}`}>{j.filename}</a> — {j.status}, {j.created_at.slice(0, 10)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * `/settings/import/:id`: progress while it runs, then the full report. The page reloads itself, or with JavaScript
 * (`live`) the import-progress island updates it in place.
 */
export function ImportJobPage(props: {
  job: JobSummary & { stalled: boolean; error: string | null };
  live: boolean;
  /** The report as lines (member-import-report.ts reportLines): counts first, then every row to look at. */
  report: string[] | null;
}) {
  const { job } = props;
  const running = job.status === 'running' && !job.stalled;
  const percent = job.total ? Math.min(100, Math.round((job.processed / job.total) * 100)) : 0;
  return (
    <section class="settings" data-import-page data-import-job={running ? String(job.id) : undefined}>
      <h1>Import of “{job.filename}”</h1>
      {running && (
        <>
          <p role="status">
            Importing: <span data-import-count>{`${job.processed} of ${job.total} rows (${percent}%)`}</span>.{' '}
            {props.live ? (
              'The report shows here when it is done.'
            ) : (
              <>
                This page refreshes by itself; <a href={`/settings/import/${job.id}`}>refresh now</a>.
              </>
            )}
          </p>
          <progress max={job.total || 1} value={job.processed} aria-label="Import progress" data-import-progress>
            {percent}%
          </progress>
        </>
      )}
      {job.stalled && (
        <p role="alert">
          The server stopped during this import. <a href="/settings/import">Import the file again</a>: what was already
          imported is not imported twice.
        </p>
      )}
      {job.status === 'failed' && <p role="alert">The import stopped: {job.error}</p>}
      {props.report && <ImportReport lines={props.report} />}
      <p>
        <a href="/settings/import">Import another file</a> · <a href="/settings">Your account</a>
      </p>
    </section>
  );
}

function ImportReport(props: { lines: string[] }) {
  const [read, added, ...rest] = props.lines;
  return (
    <>
      <h2>Report</h2>
      <p role="status">{read}</p>
      <p>{added}</p>
      {rest.length > 0 && (
        <>
          <h3>Rows to look at</h3>
          <ul class="import-report">
            {rest.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
