import { excerpt } from '../../lib/excerpt.js';
import type { ActivityKind } from './activity.table.js';

/** Items per page of the feed, the API and the Atom feed. */
export const ACTIVITY_PAGE_SIZE = 30;
export const PEOPLE_PAGE_SIZE = 50;
/** A vote shows in the feed from this many half-stars (4 stars) up. */
export const FEED_MIN_SCORE = 8;

/** How a write that adds an item says it came from a history import: those never reach the feed (decision 037). */
export interface ActivityOptions {
  imported?: boolean;
}

/** A member as the follow pages and the API show them. */
export interface PersonRow {
  id: number;
  handle: string;
  displayName: string;
}

/** One feed item as pages, the API and the Atom feed show it. */
export interface ActivityItem {
  id: number;
  kind: ActivityKind;
  /** Internal: for the page's content keys, not shown or sent. */
  memberId: number;
  filmId: number | null;
  at: string;
  member: { handle: string; displayName: string };
  film: { slug: string; title: string; year: number | null } | null;
  /** Review: the body (Markdown source, shown as plain text); diary: the note. */
  text: string;
  spoiler: boolean;
  /** Rating or diary entry: 0.5..5, or null. */
  stars: number | null;
  /** Diary: the day watched, and whether it was a rewatch. */
  watchedOn: string | null;
  rewatch: boolean;
  list: { slug: string; title: string } | null;
}

export interface ActivityPage {
  items: ActivityItem[];
  /** The id to pass as `before` for the next (older) page, or null at the end. */
  next: number | null;
}

/** What an item says, in words (the page, the API summary and the Atom title share it). */
export function describe(item: ActivityItem): string {
  const who = item.member.displayName;
  const film = item.film ? `${item.film.title}${item.film.year ? ` (${item.film.year})` : ''}` : '';
  switch (item.kind) {
    case 'review':
      return `${who} reviewed ${film}`;
    case 'rating':
      return `${who} rated ${film} ${item.stars ?? ''}★`.trimEnd();
    case 'diary':
      return `${who} ${item.rewatch ? 'rewatched' : 'watched'} ${film}${item.stars ? ` (${item.stars}★)` : ''}`;
    case 'list':
      return `${who} made a list: ${item.list?.title ?? ''}`;
  }
}

/** Where an item links to. */
export function itemPath(item: ActivityItem): string {
  const handle = encodeURIComponent(item.member.handle);
  if (item.kind === 'list' && item.list) return `/u/${handle}/list/${encodeURIComponent(item.list.slug)}`;
  if (item.kind === 'review' && item.film) return `/film/${item.film.slug}/reviews/${handle}`;
  if (item.kind === 'diary') return `/u/${handle}/diary`;
  return item.film ? `/film/${item.film.slug}` : `/u/${handle}`;
}

/** Review text as a plain excerpt: inline `||spoilers||` hidden, a whole-review spoiler replaced by a warning. */
export function itemText(item: ActivityItem): string {
  if (item.spoiler) return 'This review contains spoilers.';
  return excerpt(item.text.replace(/\|\|[\s\S]*?\|\|/g, '[spoiler]'), 280);
}
