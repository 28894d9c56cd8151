import { CsrfField } from '../../../../views/render-marks.js';
import type { WxrImportSummary } from '../../wxr/wxr-summary.js';

const n = (value: number) => value.toLocaleString('en-US');

/** What an export holds or what an import did, per type: the same lines as the CLI's report. */
export function WxrCounts({ summary, dryRun }: { summary: WxrImportSummary; dryRun: boolean }) {
  const s = summary;
  const skipped = Object.entries(s.skipped);
  return (
    <>
      <dl class="import-facts">
        <dt>Films</dt>
        <dd>
          {n(s.films.inserted)} new, {n(s.films.updated)} updated, {n(s.films.unchanged)} unchanged
          {s.films.keptEdited ? `, ${n(s.films.keptEdited)} kept as edited here` : ''}
        </dd>
        <dt>Unpublished film posts</dt>
        <dd>{n(s.unpublished)} (admins only, under Imported drafts)</dd>
        <dt>Pages</dt>
        <dd>
          {n(s.pages.inserted)} new, {n(s.pages.updated)} updated, {n(s.pages.unchanged)} unchanged;{' '}
          {n(s.pages.unpublished)} unpublished
        </dd>
        <dt>Comments</dt>
        <dd>
          {n(s.comments.approved)} approved, {n(s.comments.pending)} pending, {n(s.comments.spam)} spam,{' '}
          {n(s.comments.trash)} trash; {n(s.pingbacks)} pingbacks and trackbacks skipped
        </dd>
        <dt>Ratings</dt>
        <dd>{n(s.ratings)}</dd>
        <dt>Featured images</dt>
        <dd>
          {dryRun ? `${n(s.posters)} (posters need the command line's --media-dir or --fetch-media)` : n(s.posters)}
        </dd>
        <dt>Categories, tags</dt>
        <dd>
          {n(s.categories)}, {n(s.tags)}
        </dd>
        {dryRun ? null : (
          <>
            <dt>Redirects from old addresses</dt>
            <dd>{n(s.redirects)}</dd>
          </>
        )}
      </dl>
      {skipped.length > 0 && (
        <>
          <h2>Skipped</h2>
          <ul>
            {skipped.map(([reason, count]) => (
              <li key={reason}>
                {n(count)} × {reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/**
 * The preview of an uploaded WordPress export (a dry run: nothing written yet): its posts per category, to choose the
 * film categories, and what an import of every post as a film would create. The file waits in uploads-tmp.
 */
export function WxrPreviewPage(props: { upload: string; filename: string; summary: WxrImportSummary }) {
  const categories = Object.entries(props.summary.postsPerCategory).sort((a, b) => b[1].posts - a[1].posts);
  return (
    <>
      <p>
        “{props.filename}” is a WordPress export. Nothing has been written yet. Choose the categories whose posts are
        films; the other posts and the pages become pages. With none chosen, every post is a film.
      </p>
      <form method="post" action="/admin/import/wxr" class="form">
        <CsrfField />
        <input type="hidden" name="upload" value={props.upload} />
        <input type="hidden" name="filename" value={props.filename} />
        <fieldset>
          <legend>Film categories</legend>
          {categories.length === 0 ? <p>The export's posts have no categories.</p> : null}
          <ul class="checkbox-list">
            {categories.map(([slug, c]) => (
              <li key={slug}>
                <label>
                  <input type="checkbox" name="filmCategories" value={slug} /> {c.name} ({n(c.posts)}{' '}
                  {c.posts === 1 ? 'post' : 'posts'})
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <button type="submit" class="button">
          Import
        </button>
      </form>
      <h2>If every post were a film</h2>
      <WxrCounts summary={props.summary} dryRun={true} />
    </>
  );
}
