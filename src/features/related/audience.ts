import type { AudienceNeighbours } from './model.js';

/**
 * Shrinkage: a pair seen together by c visitors counts c / (c + 5) of its cosine, so two co-likes say little and
 * twenty say nearly everything (the significance weighting of Herlocker et al., "An algorithmic framework for
 * performing collaborative filtering", SIGIR 1999, in the smooth form Koren uses).
 */
const SHRINK = 5;
/** A visitor who liked hundreds of films is a crawler or a test, not a taste. */
const MAX_FILMS_PER_VISITOR = 300;
const KEEP_PER_FILM = 50;

/**
 * Item–item cosine over the sets of visitors who liked or rated a film highly, weighted by evidence. A film nobody
 * liked has no entry, so its list is content alone.
 */
export function audienceNeighbours(events: { filmId: number; visitor: string }[]): AudienceNeighbours {
  const byVisitor = new Map<string, Set<number>>();
  for (const e of events) {
    const films = byVisitor.get(e.visitor) ?? new Set<number>();
    byVisitor.set(e.visitor, films);
    films.add(e.filmId);
  }
  const fans = new Map<number, number>();
  const together = new Map<number, Map<number, number>>();
  for (const set of byVisitor.values()) {
    if (set.size > MAX_FILMS_PER_VISITOR) continue;
    const films = [...set];
    for (const f of films) fans.set(f, (fans.get(f) ?? 0) + 1);
    for (let i = 0; i < films.length; i++) {
      for (let j = 0; j < films.length; j++) {
        if (i === j) continue;
        const a = films[i]!;
        const row = together.get(a) ?? new Map<number, number>();
        together.set(a, row);
        row.set(films[j]!, (row.get(films[j]!) ?? 0) + 1);
      }
    }
  }
  const out: AudienceNeighbours = new Map();
  for (const [a, row] of together) {
    const list: { id: number; sim: number }[] = [];
    for (const [b, c] of row) {
      const cosine = c / Math.sqrt((fans.get(a) ?? 1) * (fans.get(b) ?? 1));
      list.push({ id: b, sim: cosine * (c / (c + SHRINK)) });
    }
    list.sort((x, y) => y.sim - x.sim || x.id - y.id);
    out.set(a, list.slice(0, KEEP_PER_FILM));
  }
  return out;
}
