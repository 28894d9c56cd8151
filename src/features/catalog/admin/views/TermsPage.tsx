import { indented } from '../../../../views/FormParts.js';
import { CsrfField } from '../../../../views/render-marks.js';
import type { TermKind, TermNode } from '../catalog-admin.js';

/** A mistake in one of the page's forms: shown next to that form's field, with what was typed. */
export interface TermProblem {
  /** The term whose row the form is in, or 'new' for the create form. */
  id: number | 'new';
  field: string;
  message: string;
  value?: string;
}

export const TERM_BASE: Record<TermKind, string> = { category: '/admin/categories', genre: '/admin/genres' };
const PUBLIC_BASE: Record<TermKind, string> = { category: '/category', genre: '/genre' };
const NOUN: Record<TermKind, string> = { category: 'category', genre: 'genre' };

function Csrf() {
  return <CsrfField />;
}

function ErrorFor(props: { problem?: TermProblem; id: number | 'new'; field: string; htmlId: string }) {
  const p = props.problem;
  if (!p || p.id !== props.id || p.field !== props.field) return null;
  return (
    <p class="field__error" id={`${props.htmlId}-error`}>
      {p.message}
    </p>
  );
}

const invalid = (problem: TermProblem | undefined, id: number | 'new', field: string, htmlId: string) =>
  problem && problem.id === id && problem.field === field
    ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${htmlId}-error` }
    : {};

export function TermsPage(props: { kind: TermKind; terms: TermNode[]; problem?: TermProblem }) {
  const { kind, terms, problem } = props;
  const base = TERM_BASE[kind];
  const noun = NOUN[kind];
  const newValue = problem?.id === 'new' && problem.field === 'name' ? (problem.value ?? '') : '';
  // Siblings decide whether "up" and "down" can move a term.
  const siblings = (t: TermNode) => terms.filter((o) => o.parentId === t.parentId);
  return (
    <>
      <form method="post" action={base} class="form form--inline">
        <Csrf />
        <div class={`field${problem?.id === 'new' ? ' field--invalid' : ''}`}>
          <label for="new-name">New {noun}</label>
          <input
            id="new-name"
            name="name"
            required
            maxLength={100}
            value={newValue}
            {...invalid(problem, 'new', 'name', 'new-name')}
          />
          <ErrorFor problem={problem} id="new" field="name" htmlId="new-name" />
        </div>
        {kind === 'category' && (
          <div class="field">
            <label for="new-parent">Inside</label>
            <select id="new-parent" name="parentId" {...invalid(problem, 'new', 'parentId', 'new-parent')}>
              <option value="">— top level —</option>
              {terms.map((t) => (
                <option key={t.id} value={String(t.id)}>
                  {indented(t)}
                </option>
              ))}
            </select>
            <ErrorFor problem={problem} id="new" field="parentId" htmlId="new-parent" />
          </div>
        )}
        <button type="submit" class="button button--small">
          Create
        </button>
      </form>
      {terms.length === 0 ? (
        <p>No {kind === 'category' ? 'categories' : 'genres'} yet.</p>
      ) : (
        <table class="table terms-table">
          <caption class="visually-hidden">
            {kind === 'category' ? 'Categories' : 'Genres'} in the order visitors see them
          </caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Films</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {terms.map((t) => {
              const sibs = siblings(t);
              const at = sibs.findIndex((s) => s.id === t.id);
              const renameId = `rename-${t.id}`;
              const parentId = `parent-${t.id}`;
              const mergeId = `merge-${t.id}`;
              const renameValue = problem?.id === t.id && problem.field === 'name' ? (problem.value ?? t.name) : t.name;
              return (
                <tr key={t.id} id={`term-${t.id}`}>
                  <th scope="row" class={t.depth ? `term-depth-${Math.min(t.depth, 3)}` : undefined}>
                    <a href={`${PUBLIC_BASE[kind]}/${t.slug}`}>{t.name}</a>
                  </th>
                  <td>{t.count}</td>
                  <td>
                    <div class="term-row__forms">
                      <form method="post" action={`${base}/${t.id}/rename`}>
                        <Csrf />
                        <div class="field">
                          <label for={renameId}>Rename “{t.name}”</label>
                          <input
                            id={renameId}
                            name="name"
                            required
                            maxLength={100}
                            value={renameValue}
                            {...invalid(problem, t.id, 'name', renameId)}
                          />
                          <ErrorFor problem={problem} id={t.id} field="name" htmlId={renameId} />
                        </div>
                        <button type="submit" class="button button--small">
                          Rename
                        </button>
                      </form>
                      {kind === 'category' && (
                        <form method="post" action={`${base}/${t.id}/parent`}>
                          <Csrf />
                          <div class="field">
                            <label for={parentId}>Put “{t.name}” inside</label>
                            <select id={parentId} name="parentId" {...invalid(problem, t.id, 'parentId', parentId)}>
                              <option value="" selected={t.parentId === null}>
                                — top level —
                              </option>
                              {terms
                                .filter((o) => o.id !== t.id)
                                .map((o) => (
                                  <option key={o.id} value={String(o.id)} selected={o.id === t.parentId}>
                                    {indented(o)}
                                  </option>
                                ))}
                            </select>
                            <ErrorFor problem={problem} id={t.id} field="parentId" htmlId={parentId} />
                          </div>
                          <button type="submit" class="button button--small">
                            Move
                          </button>
                        </form>
                      )}
                      {terms.length > 1 && (
                        <form method="post" action={`${base}/${t.id}/merge`}>
                          <Csrf />
                          <div class="field">
                            <label for={mergeId}>Merge “{t.name}” into</label>
                            <select id={mergeId} name="targetId" {...invalid(problem, t.id, 'targetId', mergeId)}>
                              {terms
                                .filter((o) => o.id !== t.id)
                                .map((o) => (
                                  <option key={o.id} value={String(o.id)}>
                                    {indented(o)}
                                  </option>
                                ))}
                            </select>
                            <ErrorFor problem={problem} id={t.id} field="targetId" htmlId={mergeId} />
                          </div>
                          <button type="submit" class="button button--small">
                            Merge
                          </button>
                        </form>
                      )}
                      {sibs.length > 1 && (
                        <form method="post" action={`${base}/${t.id}/move`}>
                          <Csrf />
                          <button
                            type="submit"
                            name="direction"
                            value="up"
                            class="button button--small"
                            disabled={at === 0}
                            aria-label={`Move “${t.name}” up`}
                          >
                            ↑
                          </button>
                          <button
                            type="submit"
                            name="direction"
                            value="down"
                            class="button button--small"
                            disabled={at === sibs.length - 1}
                            aria-label={`Move “${t.name}” down`}
                          >
                            ↓
                          </button>
                        </form>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p class="field__hint">
        Renaming keeps the old address working (it redirects). Merging files the merged {noun}'s films under the other
        one, redirects its address there, and deletes it. Both are recorded in the audit log.
      </p>
    </>
  );
}
