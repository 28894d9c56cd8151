import { AppError } from '../../kernel/errors.js';
import { fold } from '../../lib/fold.js';
import type { ListVisibility } from './lists.table.js';

/**
 * The sane maxima of lists (documented in decision 035 and the API reference). Big enough that nobody meets them by
 * using the site; small enough that one member cannot fill the database or make one page unbounded.
 */
export const LIST_LIMITS = {
  listsPerMember: 1000,
  entriesPerList: 10_000,
  titleChars: 200,
  descriptionChars: 10_000,
  noteChars: 2000,
  /** Entries on one page of a list. */
  pageSize: 100,
  /** Size of an uploaded CSV list. */
  importBytes: 5 * 1024 * 1024,
} as const;

export const VISIBILITIES = ['public', 'unlisted', 'private'] as const satisfies readonly ListVisibility[];

/** A problem with what was typed, named by its field (the form shows it beside the field; the API in `fields`). */
export class ListError extends AppError {
  constructor(message: string, field?: string) {
    super(field ? 'invalid_field' : 'bad_request', message, field);
    this.name = 'ListError';
  }
}

export interface ListInput {
  title: string;
  description: string;
  ranked: boolean;
  visibility: ListVisibility;
}

/** Trimmed and checked: an empty or oversized field is refused with its limit named. */
export function checkListInput(input: ListInput): ListInput {
  const title = input.title.trim();
  if (!title) throw new ListError('Give the list a title.', 'title');
  if ([...title].length > LIST_LIMITS.titleChars)
    throw new ListError(`The title is too long: at most ${LIST_LIMITS.titleChars} characters.`, 'title');
  const description = input.description.replace(/\r\n?/g, '\n').trim();
  if (description.length > LIST_LIMITS.descriptionChars)
    throw new ListError(
      `The description is too long: at most ${LIST_LIMITS.descriptionChars.toLocaleString('en-US')} characters.`,
      'description',
    );
  if (!VISIBILITIES.includes(input.visibility))
    throw new ListError('Choose public, unlisted or private.', 'visibility');
  return { title, description, ranked: input.ranked, visibility: input.visibility };
}

export function checkNote(note: string): string {
  const text = note.replace(/\r\n?/g, '\n').trim();
  if (text.length > LIST_LIMITS.noteChars)
    throw new ListError(
      `The note is too long: at most ${LIST_LIMITS.noteChars.toLocaleString('en-US')} characters.`,
      'note',
    );
  return text;
}

/** A title's or a query's words, folded as the search folds them, letters and digits only. */
export function foldedWords(text: string): string[] {
  const words = fold(text).split(/[^\p{L}\p{M}\p{N}]+/u);
  return [...new Set(words.filter((w) => w.length > 0))].slice(0, 30);
}

/**
 * What a list's title is found by: each word and its prefixes (up to `PREFIX_CHARS`), so a search for "sta" finds
 * "Staff picks" by an equality on an indexed column, the same on both databases and under any collation.
 */
const PREFIX_CHARS = 20;
export function titleKeys(title: string): string[] {
  const keys = new Set<string>();
  for (const word of foldedWords(title)) {
    const chars = [...word];
    for (let n = 1; n <= Math.min(chars.length, PREFIX_CHARS); n++) keys.add(chars.slice(0, n).join(''));
  }
  return [...keys];
}

/** A query's words as list keys: cut to the longest prefix stored. */
export const queryKeys = (q: string) => foldedWords(q).map((w) => [...w].slice(0, PREFIX_CHARS).join(''));

/** Where a list is: a member's at /u/handle/list/slug, the site's at /lists/slug. */
export function listHref(list: { slug: string; ownerHandle: string | null }): string {
  return list.ownerHandle === null
    ? `/lists/${encodeURIComponent(list.slug)}`
    : `/u/${encodeURIComponent(list.ownerHandle)}/list/${encodeURIComponent(list.slug)}`;
}

/**
 * Sparse positions (decision 035): entries sit `POSITION_GAP` apart, a move takes the midpoint of its new neighbours,
 * and only when they are adjacent is the list renumbered. Positions stay well inside a 32-bit integer: 10,000 entries
 * × 1,024 is about 10 million, and appending past `POSITION_CEILING` renumbers too.
 */
export const POSITION_GAP = 1024;
export const POSITION_CEILING = 2 ** 30;

/** The position between two neighbours (either may be missing: the start or the end), or null when there is no room. */
export function positionBetween(before: number | null, after: number | null): number | null {
  if (before === null && after === null) return POSITION_GAP;
  if (before === null) return after! - POSITION_GAP > -POSITION_CEILING ? after! - POSITION_GAP : null;
  if (after === null) return before + POSITION_GAP < POSITION_CEILING ? before + POSITION_GAP : null;
  if (after - before < 2) return null;
  return before + Math.floor((after - before) / 2);
}
