import { PosterImage } from '../../../views/FilmCard.js';
import { Pagination } from '../../../views/Pagination.js';
import { CsrfField } from '../../../views/render-marks.js';
import type { FormExtra } from '../../comments/index.js';
import type { ListComment } from '../list.js';
import { type ListCommentForm, ListComments } from './ListComments.js';

export interface ListEntryView {
  filmId: number;
  rank: number;
  slug: string;
  title: string;
  year: number | null;
  posterKey: string | null;
  /** Sanitised HTML of the owner's note (lib/markdown.ts), or '' for none. */
  noteHtml: string;
  note: string;
}

export interface ListView {
  id: number;
  title: string;
  href: string;
  descriptionHtml: string;
  ranked: boolean;
  visibility: 'public' | 'unlisted' | 'private';
  entryCount: number;
  likeCount: number;
  owner: { handle: string; name: string } | null;
}

export interface ListPageProps {
  list: ListView;
  entries: ListEntryView[];
  page: number;
  pageCount: number;
  /** "You've seen 12 of 50": only for a signed-in member. */
  seen: number | null;
  /** The owner is looking: edit controls. */
  owner: boolean;
  liked: boolean;
  flash: string | null;
  comments: ListComment[];
  /** The comment form's extra fields (the spam filter's). */
  extras: FormExtra[];
  /** A refused comment, shown again with its problems. */
  commentForm?: ListCommentForm;
}

const visibilityNote = {
  public: null,
  unlisted: 'Unlisted: anyone with the link can see it; it is not listed anywhere.',
  private: 'Private: only you can see it.',
} as const;

/**
 * Who may change the entries shown, and where their forms post: the owning member (`/my/lists/…`, with the drag
 * island over the API) or an admin on a site list (`/admin/lists/…`, forms only: the island speaks the member API).
 */
export interface EntryEditing {
  /** The entries' address, without the film: `/my/lists/7/entries`. */
  base: string;
  island: boolean;
}

export const memberEditing = (listId: number): EntryEditing => ({ base: `/my/lists/${listId}/entries`, island: true });

function EntryControls(props: { entry: ListEntryView; last: boolean; editing: EntryEditing }) {
  const { entry } = props;
  const base = `${props.editing.base}/${entry.filmId}`;
  return (
    <div class="list-entry__controls">
      <form method="post" action={`${base}/move`} class="list-entry__move">
        <CsrfField />
        <input type="hidden" name="rank" value={String(Math.max(1, entry.rank - 1))} />
        <button type="submit" disabled={entry.rank === 1} aria-label={`Move ${entry.title} up`}>
          ↑ Up
        </button>
      </form>
      <form method="post" action={`${base}/move`} class="list-entry__move">
        <CsrfField />
        <input type="hidden" name="rank" value={String(entry.rank + 1)} />
        <button type="submit" disabled={props.last} aria-label={`Move ${entry.title} down`}>
          ↓ Down
        </button>
      </form>
      <details class="list-entry__edit">
        <summary>Note and position</summary>
        <form method="post" action={`${base}/note`}>
          <CsrfField />
          <label for={`note-${entry.filmId}`}>Note on {entry.title}</label>
          <textarea id={`note-${entry.filmId}`} name="note" rows={3} maxLength={2000}>
            {entry.note}
          </textarea>
          <button type="submit">Save note</button>
        </form>
        <form method="post" action={`${base}/move`}>
          <CsrfField />
          <label for={`rank-${entry.filmId}`}>Position of {entry.title}</label>
          <input id={`rank-${entry.filmId}`} name="rank" type="number" min={1} value={String(entry.rank)} />
          <button type="submit">Move</button>
        </form>
        <form method="post" action={`${base}/remove`}>
          <CsrfField />
          <button type="submit">Remove {entry.title} from the list</button>
        </form>
      </details>
    </div>
  );
}

export function ListEntries(props: { list: ListView; entries: ListEntryView[]; editing: EntryEditing | null }) {
  const { list, entries, editing } = props;
  const island = editing?.island === true;
  const Tag = list.ranked ? 'ol' : 'ul';
  return (
    <Tag
      class="list-entries"
      start={list.ranked ? entries[0]?.rank : undefined}
      data-island={island ? 'list-reorder' : undefined}
      data-list={island ? String(list.id) : undefined}
      data-count={island ? String(list.entryCount) : undefined}
    >
      {entries.map((entry) => (
        <li class="list-entry" key={entry.filmId} data-film={String(entry.filmId)} data-rank={String(entry.rank)}>
          <PosterImage posterKey={entry.posterKey} title={entry.title} year={entry.year} />
          <div class="list-entry__body">
            <h2 class="list-entry__title">
              {list.ranked && <span class="list-entry__rank">{entry.rank}. </span>}
              <a href={`/film/${entry.slug}`}>{entry.title}</a>
              {entry.year && <span class="list-entry__year"> ({entry.year})</span>}
            </h2>
            {entry.noteHtml && <div class="list-entry__note" dangerouslySetInnerHTML={{ __html: entry.noteHtml }} />}
            {editing && <EntryControls entry={entry} last={entry.rank >= list.entryCount} editing={editing} />}
          </div>
        </li>
      ))}
    </Tag>
  );
}

export function ListPage(props: ListPageProps) {
  const { list } = props;
  return (
    <article class="list-page">
      <header class="list-page__head">
        <h1>{list.title}</h1>
        <p class="list-page__byline">
          {list.owner ? (
            <>
              A list by <a href={`/u/${list.owner.handle}`}>{list.owner.name}</a>
            </>
          ) : (
            'A list by the site’s editors'
          )}{' '}
          · {list.entryCount.toLocaleString('en-US')} {list.entryCount === 1 ? 'film' : 'films'}
          {list.ranked ? ', ranked' : ''}
        </p>
        {props.flash && (
          <p class="notice" role="status">
            {props.flash}
          </p>
        )}
        {props.owner && visibilityNote[list.visibility] && <p class="notice">{visibilityNote[list.visibility]}</p>}
        {props.seen !== null && (
          <p class="list-page__seen">
            You’ve seen {props.seen.toLocaleString('en-US')} of {list.entryCount.toLocaleString('en-US')}
          </p>
        )}
        {list.descriptionHtml && (
          <div class="list-page__description" dangerouslySetInnerHTML={{ __html: list.descriptionHtml }} />
        )}
        <div class="list-page__actions">
          <form method="post" action={`/lists/${list.id}/like`}>
            <CsrfField />
            <input type="hidden" name="liked" value={props.liked ? '0' : '1'} />
            <button type="submit" aria-pressed={props.liked ? 'true' : 'false'}>
              ♥ Like
            </button>
          </form>
          <span>
            {list.likeCount.toLocaleString('en-US')} {list.likeCount === 1 ? 'like' : 'likes'}
          </span>
          <a href={`/lists/${list.id}/export.csv`}>Download as CSV</a>
          {props.owner && <a href={`/my/lists/${list.id}/edit`}>Edit list</a>}
        </div>
      </header>
      {props.entries.length === 0 ? (
        <p>No films on this list yet.{props.owner && ' Add films from any film page with “Add to list”.'}</p>
      ) : (
        <ListEntries list={list} entries={props.entries} editing={props.owner ? memberEditing(list.id) : null} />
      )}
      <Pagination
        current={props.page}
        pageCount={props.pageCount}
        hrefFor={(n) => (n === 1 ? list.href : `${list.href}?page=${n}`)}
      />
      <ListComments listId={list.id} comments={props.comments} extras={props.extras} form={props.commentForm} />
    </article>
  );
}
