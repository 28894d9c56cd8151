import { AppError } from '../../kernel/errors.js';

// A viewing as typed into the form or sent to the API, checked here (pure; tested without a database).

/** A note is a line or two; the full review is the reviews feature's (`/film/:slug/review`). */
export const MAX_NOTE = 500;
export const DIARY_PAGE_SIZE = 50;
/** Before the first public film screening nobody logged a viewing. */
const EARLIEST = '1888-01-01';

export interface ViewingInput {
  date?: string;
  stars?: string | number | null;
  rewatch?: boolean | string;
  note?: string;
  visibility?: string;
}

export interface Viewing {
  watchedOn: string;
  /** Half-stars 1..10, or null for no rating. */
  score: number | null;
  rewatch: boolean;
  note: string;
  isPublic: boolean;
}

const invalid = (field: string, message: string) => new AppError('invalid_field', `${field}: ${message}`, field);

export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** A real calendar day, `YYYY-MM-DD`, not after tomorrow (UTC: somewhere on Earth it already is tomorrow). */
export function parseViewingDate(raw: string | undefined, now: Date): string {
  const text = (raw ?? '').trim();
  if (text === '') return utcDay(now);
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const day = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!day || Number.isNaN(day.getTime()) || utcDay(day) !== text)
    throw invalid('date', 'use a real day written YYYY-MM-DD, e.g. 2026-12-05');
  const tomorrow = utcDay(new Date(now.getTime() + 24 * 3600_000));
  if (text > tomorrow) throw invalid('date', `a viewing cannot be later than ${tomorrow}`);
  if (text < EARLIEST) throw invalid('date', `use a day from ${EARLIEST} on`);
  return text;
}

export function parseStarsOrNone(raw: string | number | null | undefined): number | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const stars = typeof raw === 'number' ? raw : Number(raw);
  const score = stars * 2;
  if (!Number.isInteger(score) || score < 1 || score > 10)
    throw invalid('stars', 'must be 0.5 to 5 in steps of 0.5, or empty for no rating');
  return score;
}

export function parseNote(raw: string | undefined): string {
  const note = (raw ?? '').replace(/\r\n?/g, '\n').trim();
  if ([...note].length > MAX_NOTE)
    throw invalid('note', `use at most ${MAX_NOTE} characters (a full review has its own page)`);
  return note;
}

export function parseViewing(input: ViewingInput, now: Date): Viewing {
  const visibility = input.visibility ?? 'public';
  if (visibility !== 'public' && visibility !== 'private') throw invalid('visibility', 'must be "public" or "private"');
  const rewatch = input.rewatch === true || input.rewatch === '1' || input.rewatch === 'on';
  return {
    watchedOn: parseViewingDate(input.date, now),
    score: parseStarsOrNone(input.stars),
    rewatch,
    note: parseNote(input.note),
    isPublic: visibility === 'public',
  };
}
