import type { DbOrTx } from '../../db/database.js';
import { type ExportedEvent, writeHistoryExport } from '../history/index.js';
import { exportListsOf } from '../lists/index.js';
import { directorsOf, exportRows } from './history-export.repository.js';

type FilmFields = {
  slug: string;
  title: string;
  originalTitle: string | null;
  year: number | null;
  imdbId?: string | null;
  tmdbId?: number | null;
};

/**
 * Everything the member did here as history events, in the order an import applies them best: viewings (whose
 * ratings are votes), reviews, then the current votes, likes, the watchlist and the entries of their lists. Private diary entries say so, and a
 * diary note travels in `review` (Letterboxd's import reads it as the entry's review).
 */
export async function memberHistoryEvents(db: DbOrTx, member: { id: number; visitorId: string }) {
  const [rows, lists] = await Promise.all([exportRows(db, member), exportListsOf(db, member.id)]);
  const slugs = new Set<string>();
  for (const list of Object.values(rows)) for (const r of list) slugs.add(r.slug);
  for (const list of lists) for (const e of list.entries) slugs.add(e.film.slug);
  const directors = await directorsOf(db, [...slugs]);
  const film = (f: FilmFields) => ({
    title: f.title,
    year: f.year,
    originalTitle: f.originalTitle,
    slug: f.slug,
    directors: directors.get(f.slug) ?? [],
    imdbId: f.imdbId ?? null,
    tmdbId: f.tmdbId ?? null,
  });
  const day = (iso: string) => iso.slice(0, 10);
  const events: ExportedEvent[] = [
    ...rows.diary.map((d) => ({
      kind: 'diary' as const,
      ...film(d),
      date: d.date,
      rating: d.score,
      rewatch: d.rewatch === 1,
      review: d.note || null,
      private: d.isPublic !== 1,
    })),
    ...rows.reviews.map((r) => ({
      kind: 'review' as const,
      ...film(r),
      date: day(r.at),
      rating: null,
      review: r.body,
      spoiler: r.spoiler === 1,
    })),
    ...rows.votes.map((v) => ({ kind: 'rating' as const, ...film(v), date: day(v.at), rating: v.score })),
    ...rows.likes.map((l) => ({ kind: 'like' as const, ...film(l), date: day(l.at), rating: null })),
    ...rows.watchlist.map((w) => ({ kind: 'watchlist' as const, ...film(w), date: day(w.at), rating: null })),
    ...lists.flatMap((list) =>
      list.entries.map((e) => ({
        kind: 'list-entry' as const,
        ...film({ ...e.film, originalTitle: null }),
        date: day(e.addedAt),
        rating: null,
        list: { name: list.title, description: list.description || null, position: e.position, note: e.note },
      })),
    ),
  ];
  return events;
}

/** The ZIP of `/settings/export/history.zip`: our JSON (read back by the import) and Letterboxd-import CSVs. */
export async function memberHistoryZip(
  db: DbOrTx,
  member: { id: number; visitorId: string; handle: string },
  meta: { site: string; now: Date },
): Promise<Buffer> {
  const events = await memberHistoryEvents(db, member);
  return writeHistoryExport(events, { site: meta.site, member: member.handle, exportedAt: meta.now });
}
