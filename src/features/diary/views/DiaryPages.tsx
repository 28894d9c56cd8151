import type { ComponentChildren } from 'preact';
import { Pagination } from '../../../views/Pagination.js';
import type { DiaryEntryRow } from '../diary.types.js';
import { DiaryList } from './DiaryList.js';
import { ViewingForm, type ViewingFormValues } from './ViewingForm.js';

export function LogViewingPage(props: {
  film: { slug: string; title: string };
  action: string;
  values: ViewingFormValues;
  errors: Record<string, string>;
  editing: boolean;
  maxDate: string;
}) {
  return (
    <section class="log-viewing" aria-labelledby="log-heading">
      <h1 id="log-heading">
        {props.editing ? 'Edit your viewing of ' : 'Log a viewing of '}
        <a href={`/film/${props.film.slug}`}>{props.film.title}</a>
      </h1>
      <ViewingForm
        film={props.film}
        action={props.action}
        values={props.values}
        errors={props.errors}
        maxDate={props.maxDate}
        submitLabel={props.editing ? 'Save changes' : 'Add to my diary'}
      />
    </section>
  );
}

export interface DiaryPageData {
  entries: DiaryEntryRow[];
  total: number;
  page: number;
  pageCount: number;
}

/** A diary, month by month, paged: the public one (`/u/:handle/diary`) or the owner's whole one (`/me/diary`). */
export function DiaryPage(props: {
  title: string;
  diary: DiaryPageData;
  basePath: string;
  editable?: boolean;
  flash?: string | null;
  intro?: ComponentChildren;
}) {
  const { diary } = props;
  return (
    <section class="diary-page" aria-labelledby="diary-heading">
      <h1 id="diary-heading">{props.title}</h1>
      {props.flash && (
        <p class="flash" role="status">
          {props.flash}
        </p>
      )}
      {props.intro}
      <p class="muted">
        {diary.total} {diary.total === 1 ? 'viewing' : 'viewings'}
      </p>
      <DiaryList entries={diary.entries} editable={props.editable} />
      <Pagination
        current={diary.page}
        pageCount={diary.pageCount}
        hrefFor={(n) => (n > 1 ? `${props.basePath}?page=${n}` : props.basePath)}
      />
    </section>
  );
}
