import { Fragment } from 'preact';
import { FilmGrid } from '../../../views/FilmCard.js';
import { Pagination } from '../../../views/Pagination.js';
import { CsrfField } from '../../../views/render-marks.js';
import type { TagArchive } from '../tags.js';

export const tagHref = (slug: string, page = 1) => `/tag/${slug}${page > 1 ? `?page=${page}` : ''}`;

/** /tag/<slug>: the films with a tag, newest added first. */
export function TagArchivePage({ archive }: { archive: TagArchive }) {
  const { tag, films, page } = archive;
  return (
    <section class="archive">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <ol>
          <li>
            <a href="/">Home</a>
          </li>
          <li>
            <span aria-current="page">{tag.name}</span>
          </li>
        </ol>
      </nav>
      <header class="archive__header">
        <p class="eyebrow">Tag</p>
        <h1>{tag.name}</h1>
        {tag.description ? <p>{tag.description}</p> : null}
        <p class="archive__count">{page.total === 1 ? '1 film' : `${page.total.toLocaleString('en-US')} films`}</p>
      </header>
      {films.length > 0 ? <FilmGrid films={films} headingLevel={2} /> : <p class="muted">No films here yet.</p>}
      <Pagination current={page.number} pageCount={page.pageCount} hrefFor={(n) => tagHref(tag.slug, n)} />
    </section>
  );
}

/** The tags of a film, on its page. */
export function FilmTags({ tags }: { tags: Array<{ slug: string; name: string }> }) {
  if (tags.length === 0) return null;
  return (
    <p class="film-tags">
      Tags:{' '}
      {tags.map((t, i) => (
        <Fragment key={t.slug}>
          {i > 0 ? ', ' : ''}
          <a href={tagHref(t.slug)} rel="tag">
            {t.name}
          </a>
        </Fragment>
      ))}
    </p>
  );
}

export interface TagProblem {
  id: number | 'new';
  field: string;
  message: string;
}

function Problem({ problem, id, field }: { problem?: TagProblem; id: number | 'new'; field: string }) {
  if (!problem || problem.id !== id || problem.field !== field) return null;
  return (
    <p class="field__error" id={`tag-${id}-${field}-error`}>
      {problem.message}
    </p>
  );
}

const invalid = (problem: TagProblem | undefined, id: number | 'new', field: string) =>
  problem && problem.id === id && problem.field === field
    ? { 'aria-invalid': 'true' as const, 'aria-describedby': `tag-${id}-${field}-error` }
    : {};

/** /admin/tags: create, rename, merge and delete tags. */
export function TagsAdminPage(props: {
  tags: Array<{ id: number; slug: string; name: string; count: number }>;
  problem?: TagProblem;
}) {
  const { tags, problem } = props;
  return (
    <>
      <form method="post" action="/admin/tags" class="form form--inline">
        <CsrfField />
        <div class="field">
          <label for="tag-new-name">New tag</label>
          <input id="tag-new-name" name="name" required maxLength={100} {...invalid(problem, 'new', 'name')} />
          <Problem problem={problem} id="new" field="name" />
        </div>
        <button type="submit">Add</button>
      </form>
      {tags.length === 0 ? (
        <p>No tags yet.</p>
      ) : (
        <ul class="term-list">
          {tags.map((t) => (
            <li key={t.id} id={`tag-${t.id}`} class="term-list__item">
              <p>
                <a href={tagHref(t.slug)}>{t.name}</a> ({t.count} {t.count === 1 ? 'film' : 'films'})
              </p>
              <form method="post" action={`/admin/tags/${t.id}/rename`} class="form form--inline">
                <CsrfField />
                <label for={`tag-${t.id}-name`}>Name</label>
                <input
                  id={`tag-${t.id}-name`}
                  name="name"
                  value={t.name}
                  required
                  maxLength={100}
                  {...invalid(problem, t.id, 'name')}
                />
                <Problem problem={problem} id={t.id} field="name" />
                <button type="submit">Rename</button>
              </form>
              {tags.length > 1 ? (
                <form method="post" action={`/admin/tags/${t.id}/merge`} class="form form--inline">
                  <CsrfField />
                  <label for={`tag-${t.id}-targetId`}>Merge into</label>
                  <select id={`tag-${t.id}-targetId`} name="targetId" {...invalid(problem, t.id, 'targetId')}>
                    {tags
                      .filter((o) => o.id !== t.id)
                      .map((o) => (
                        <option key={o.id} value={String(o.id)}>
                          {o.name}
                        </option>
                      ))}
                  </select>
                  <Problem problem={problem} id={t.id} field="targetId" />
                  <button type="submit">Merge</button>
                </form>
              ) : null}
              <form method="post" action={`/admin/tags/${t.id}/delete`} class="form form--inline">
                <CsrfField />
                <button type="submit" class="button--danger">
                  Delete “{t.name}”
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
