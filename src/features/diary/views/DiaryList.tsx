import { CsrfField } from '../../../views/render-marks.js';
import type { DiaryEntryRow } from '../diary.types.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export const monthName = (day: string) => `${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;

export const starsText = (score: number) => {
  const stars = score / 2;
  return `${stars} ${stars === 1 ? 'star' : 'stars'}`;
};

/** Entries (newest first) in runs of one month each. */
export function byMonth(entries: DiaryEntryRow[]): Array<{ month: string; entries: DiaryEntryRow[] }> {
  const groups: Array<{ month: string; entries: DiaryEntryRow[] }> = [];
  for (const entry of entries) {
    const month = entry.watchedOn.slice(0, 7);
    const last = groups[groups.length - 1];
    if (last && last.month === month) last.entries.push(entry);
    else groups.push({ month, entries: [entry] });
  }
  return groups;
}

function Entry(props: { entry: DiaryEntryRow; editable: boolean }) {
  const { entry } = props;
  return (
    <li class="diary-entry">
      <time dateTime={entry.watchedOn}>{Number(entry.watchedOn.slice(8, 10))}</time>{' '}
      <a href={`/film/${entry.slug}`}>{entry.title}</a>
      {entry.year && <span class="muted"> ({entry.year})</span>}
      {entry.score !== null && <span class="diary-entry__stars"> · {starsText(entry.score)}</span>}
      {entry.rewatch === 1 && <span class="diary-entry__rewatch"> · rewatch</span>}
      {props.editable && entry.isPublic !== 1 && <span class="diary-entry__private"> · only you</span>}
      {entry.note && <p class="diary-entry__note">{entry.note}</p>}
      {props.editable && (
        <div class="diary-entry__actions">
          <a href={`/me/diary/${entry.id}/edit`}>
            Edit
            <span class="visually-hidden">
              {' '}
              {entry.title} on {entry.watchedOn}
            </span>
          </a>{' '}
          <form method="post" action={`/me/diary/${entry.id}/delete`} class="form--inline">
            <CsrfField />
            <button type="submit" class="link-button">
              Delete
              <span class="visually-hidden">
                {' '}
                {entry.title} on {entry.watchedOn}
              </span>
            </button>
          </form>
        </div>
      )}
    </li>
  );
}

/** Viewings grouped by month under a heading each; the owner's copy has edit and delete beside every entry. */
export function DiaryList(props: { entries: DiaryEntryRow[]; editable?: boolean; headingLevel?: 2 | 3 }) {
  const Heading = props.headingLevel === 3 ? 'h3' : 'h2';
  if (props.entries.length === 0) return <p class="muted">No viewings logged yet.</p>;
  return (
    <div class="diary">
      {byMonth(props.entries).map((group) => (
        <section key={group.month} class="diary__month" aria-label={monthName(group.month)}>
          <Heading>{monthName(group.month)}</Heading>
          <ul class="diary__entries">
            {group.entries.map((entry) => (
              <Entry key={entry.id} entry={entry} editable={props.editable ?? false} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
