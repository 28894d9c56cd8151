import type { Db, DbOrTx } from '../../db/database.js';
import { createWriter, type Writer } from '../../kernel/unit-of-work.js';
import { audienceNeighbours } from './audience.js';
import { DEFAULT_OPTIONS, type ModelOptions, type Neighbour, RelatedModel } from './model.js';
import { claimQueued, countWaiting, finishClaimed, releaseClaimed } from './related.queue.js';
import {
  corpusPages,
  filmsNeedingLists,
  hasNoListsButFilms,
  listRelated,
  listsContaining,
  loadAudienceEvents,
  loadCorpus,
  loadLists,
  type RelatedFilmRow,
  replaceLists,
} from './related.repository.js';

/** Films kept per list: the page shows 7, the API up to 50 (it answers with what is stored). */
export const RELATED_K = 24;

export interface RebuildSummary {
  films: number;
  rows: number;
  /** Seconds spent loading, scoring and writing. */
  loadSeconds: number;
  scoreSeconds: number;
  writeSeconds: number;
  /** CPU time of this process (user + system): on a shared machine, steadier than wall time. */
  cpuSeconds: number;
}

/** Work between two pauses of a rebuild inside a serving process: well under the 50 ms the web loop may wait. */
const SLICE_MS = 8;
/** Films whose lists one transaction writes during such a rebuild (24 rows each). */
const WRITE_CHUNK = 200;

/** For callers without a page cache (CLI, start-up, tests): writes that have nothing to invalidate. */
export const uncachedWriter = (db: Db): Writer =>
  createWriter(db, {
    invalidate() {},
    effectFailed(error) {
      throw error;
    },
  });

/** Lists are shown on film pages: replacing them retires the cached pages (the catalog's version key). */
async function writeLists(writer: Writer, lists: Iterable<[number, Neighbour[]]>, options: { all?: boolean } = {}) {
  return writer.write(async (uow) => {
    uow.touched('catalog');
    return replaceLists(uow.tx, lists, options);
  });
}

/** Lets a serving process's event loop run between two steps of related work (decision 042). */
export type Pause = () => Promise<void>;
export const yieldToEventLoop: Pause = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Build the model from what the database holds now: films, people, genres, and the audience's likes and votes. The
 * films are read a page at a time; with `pause`, the model is built in steps, pausing between them.
 */
export async function loadModel(
  db: DbOrTx,
  options: ModelOptions = DEFAULT_OPTIONS,
  pause?: Pause,
): Promise<RelatedModel> {
  // Small pages when the event loop must run between them; larger ones (fewer queries) when nothing else waits.
  const pages = corpusPages(db, pause ? 200 : 5000);
  const model = await RelatedModel.fromPages(pages, options, pause ?? (async () => {}));
  model.setAudience(audienceNeighbours(await loadAudienceEvents(db)));
  return model;
}

/**
 * Recompute every film's list and replace the table in one transaction, bumping the catalog version so cached film
 * pages show the new lists. Returns the model so a server can keep it for incremental updates. It first takes every
 * row waiting on the related queue (its model reads those films as they are now) and marks them done once the lists
 * are written, so no worker follows those films again, one by one or by a second rebuild; if it fails they are given
 * back. (A worker that rebuilds has claimed its rows already: nothing waits then.)
 */
export async function rebuildRelated(
  db: Db,
  options: Parameters<typeof rebuildLists>[1] = {},
): Promise<{ summary: RebuildSummary; model: RelatedModel }> {
  const runner = `rebuild:${process.pid}:${Date.now()}`;
  const now = new Date();
  const waiting = await countWaiting(db, now);
  const claimed =
    waiting > 0 ? await claimQueued(db, runner, now, new Date(now.getTime() + REBUILD_LEASE_MS), waiting + 1000) : [];
  const ids = claimed.map((c) => c.id);
  try {
    const rebuilt = await rebuildLists(db, options);
    await finishClaimed(db, runner, ids, new Date());
    return rebuilt;
  } catch (error) {
    await releaseClaimed(db, runner, ids);
    throw error;
  }
}

async function rebuildLists(
  db: Db,
  options: {
    k?: number;
    onProgress?: (done: number, total: number) => void;
    writer?: Writer;
    /**
     * Inside a serving process: pause between steps, and write the lists in transactions of a few hundred films
     * (pages read meanwhile see each film's old or new list, never none) instead of one that replaces the table.
     */
    pause?: Pause;
  } = {},
): Promise<{ summary: RebuildSummary; model: RelatedModel }> {
  const k = options.k ?? RELATED_K;
  const pause = options.pause;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const model = await loadModel(db, DEFAULT_OPTIONS, pause);
  const t1 = performance.now();
  const ids = model.ids();
  // Ids and scores only while scoring (8 bytes a pair), in three arrays for the whole catalog rather than two small
  // typed arrays per film (decision 048); reasons are written out chunk by chunk below.
  const rankedIds = new Int32Array(ids.length * k);
  const rankedScores = new Float32Array(ids.length * k);
  const rankedLength = new Uint16Array(ids.length);
  let since = performance.now();
  for (let i = 0; i < ids.length; i++) {
    const r = model.rank(ids[i]!, k);
    rankedIds.set(r.ids, i * k);
    rankedScores.set(r.scores, i * k);
    rankedLength[i] = r.ids.length;
    if (i % 2000 === 1999) options.onProgress?.(i + 1, ids.length);
    if (pause && performance.now() - since > SLICE_MS) {
      await pause();
      since = performance.now();
    }
  }
  options.onProgress?.(ids.length, ids.length);
  const t2 = performance.now();
  function* lists(): Generator<[number, Neighbour[]]> {
    for (let i = 0; i < ids.length; i++) {
      const filmId = ids[i]!;
      const list: Neighbour[] = [];
      for (let n = i * k; n < i * k + rankedLength[i]!; n++) {
        list.push({ id: rankedIds[n]!, score: rankedScores[n]!, reasons: model.reasonsFor(filmId, rankedIds[n]!) });
      }
      yield [filmId, list];
    }
  }
  const writer = options.writer ?? uncachedWriter(db);
  let rows = 0;
  if (!pause) rows = await writeLists(writer, lists(), { all: true });
  else {
    let chunk: [number, Neighbour[]][] = [];
    for (const entry of lists()) {
      chunk.push(entry);
      if (chunk.length === WRITE_CHUNK) {
        rows += await writeLists(writer, chunk);
        chunk = [];
        await pause();
      }
    }
    rows += await writeLists(writer, chunk);
  }
  const t3 = performance.now();
  return {
    model,
    summary: {
      films: ids.length,
      rows,
      loadSeconds: (t1 - t0) / 1000,
      scoreSeconds: (t2 - t1) / 1000,
      writeSeconds: (t3 - t2) / 1000,
      cpuSeconds: ((c) => (c.user + c.system) / 1e6)(process.cpuUsage(cpu0)),
    },
  };
}

/**
 * Follow one admin write to a film: its own list, and the lists it enters or leaves. The score is symmetric, so the
 * films that should now list it are among its own best neighbours; those get it merged in without a full recompute,
 * and only lists that lose it are recomputed (to fill the freed place).
 */
export async function applyFilmChange(
  db: Db,
  writer: Writer,
  model: RelatedModel,
  change: { filmId: number; kind: 'created' | 'updated' | 'deleted' },
  k = RELATED_K,
  /** Between steps (each a ranking or a query): a serving process's worker lets its event loop run there. */
  pause: Pause = async () => {},
): Promise<{ listsWritten: number }> {
  const { filmId } = change;
  const [film] = change.kind === 'deleted' ? [] : await loadCorpus(db, [filmId]);
  const before = model.has(filmId) ? [...model.rank(filmId, 2 * k).ids] : [];
  await pause();
  const containing = await listsContaining(db, filmId);
  if (film) model.upsert(film);
  else model.remove(filmId);
  await pause();

  const own = film ? model.neighbours(filmId, 2 * k) : [];
  await pause();
  const candidates = new Set([...before, ...containing, ...own.map((n) => n.id)]);
  candidates.delete(filmId);
  const stored = await loadLists(db, [...candidates]);
  const out = new Map<number, Neighbour[]>();
  if (film) out.set(filmId, own.slice(0, k));
  for (const [other, list] of stored) {
    if (!model.has(other)) continue;
    const without = list.filter((n) => n.id !== filmId);
    const entry = own.find((n) => n.id === other);
    const pair = entry ? model.explain(other, filmId) : undefined;
    if (pair && (without.length < k || pair.score > without[without.length - 1]!.score)) {
      // The film enters (or stays in) this list at its new score.
      const merged = [...without, pair].sort((a, b) => b.score - a.score).slice(0, k);
      out.set(other, merged);
    } else if (without.length !== list.length) {
      // It left this list: recompute so the freed place goes to the next best film.
      out.set(other, model.neighbours(other, k));
      await pause();
    }
  }
  await pause();
  await writeLists(writer, out);
  return { listsWritten: out.size };
}

/** Recompute the lists of films whose audience signal may have changed (their likes or votes), keeping the rest. */
export async function refreshAudience(db: Db, writer: Writer, model: RelatedModel, k = RELATED_K): Promise<number> {
  const previous = model.audienceFilms();
  model.setAudience(audienceNeighbours(await loadAudienceEvents(db)));
  const affected = [...new Set([...previous, ...model.audienceFilms()])].filter((id) => model.has(id));
  if (affected.length === 0) return 0;
  const lists: [number, Neighbour[]][] = [];
  for (const id of affected) {
    lists.push([id, model.neighbours(id, k)]);
    // Yield now and then: this runs inside a serving process.
    if (lists.length % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await writeLists(writer, lists);
  return affected.length;
}

export async function getRelatedFilms(db: DbOrTx, filmId: number, limit: number): Promise<RelatedFilmRow[]> {
  return listRelated(db, filmId, limit);
}

/** A rebuild that says what it did, for the CLI and start-up. */
export async function rebuildRelatedWithReport(db: Db, log: (line: string) => void): Promise<RebuildSummary> {
  const { summary } = await rebuildRelated(db);
  const total = summary.loadSeconds + summary.scoreSeconds + summary.writeSeconds;
  log(
    `Related films: ${summary.films} films, ${summary.rows} list entries in ${total.toFixed(1)} s ` +
      `(load ${summary.loadSeconds.toFixed(1)} s, score ${summary.scoreSeconds.toFixed(1)} s, write ${summary.writeSeconds.toFixed(1)} s; ` +
      `${summary.cpuSeconds.toFixed(1)} s CPU).`,
  );
  return summary;
}

/** A batch rebuild holds the rows it took this long at most (150k films: minutes; 1M: well under an hour). */
const REBUILD_LEASE_MS = 2 * 60 * 60_000;

/**
 * Above this many films to follow, one batch rebuild is cheaper than following them one by one (tens of
 * milliseconds each on 36k films, against about 40 s for the batch).
 */
export const REBUILD_ABOVE = 400;

/**
 * Give lists to films that were written behind the model's back (an import) or that have none: each gets its own
 * list and enters its neighbours' lists, as after an admin edit. Many films at once: a batch rebuild instead.
 */
export async function followFilms(
  db: Db,
  writer: Writer,
  ids: number[],
  model: () => Promise<RelatedModel>,
): Promise<{ films: number; rebuilt?: RelatedModel }> {
  if (ids.length === 0) return { films: 0 };
  if (ids.length > REBUILD_ABOVE) return { films: ids.length, rebuilt: (await rebuildRelated(db, { writer })).model };
  const loaded = await model();
  for (const filmId of ids) await applyFilmChange(db, writer, loaded, { filmId, kind: 'updated' });
  return { films: ids.length };
}

/**
 * At start-up: a catalog without any lists (just imported, or from before this feature) gets them before the site
 * serves, so no film page shows an empty box; films that a past import left without a list get theirs. A catalog
 * whose films all have lists keeps them.
 */
export async function rebuildRelatedIfMissing(db: Db, log: (line: string) => void): Promise<boolean> {
  if (await hasNoListsButFilms(db)) {
    await rebuildRelatedWithReport(db, log);
    return true;
  }
  const ids = await filmsNeedingLists(db, null);
  if (ids.length === 0) return false;
  await followFilms(db, uncachedWriter(db), ids, () => loadModel(db));
  log(`Related films: ${ids.length} films without a list got one.`);
  return true;
}

/** `reelhouse related --measure-update SLUG`: what an admin edit of that film costs once the model is loaded. */
export async function measureFilmUpdate(db: Db, slug: string, log: (line: string) => void): Promise<number[]> {
  const film = await db.selectFrom('films').select('id').where('slug', '=', slug).executeTakeFirst();
  if (!film) throw new Error(`related --measure-update: no film "${slug}"`);
  let started = performance.now();
  const model = await loadModel(db);
  log(
    `Model of ${model.size} films loaded in ${((performance.now() - started) / 1000).toFixed(1)} s (once per process).`,
  );
  const times: number[] = [];
  const writer = uncachedWriter(db);
  let lists = 0;
  for (let i = 0; i < 5; i++) {
    started = performance.now();
    lists = (await applyFilmChange(db, writer, model, { filmId: film.id, kind: 'updated' })).listsWritten;
    times.push(performance.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  log(
    `Update of "${slug}" (its list and ${lists - 1} others): median ${sorted[2]!.toFixed(0)} ms, ` +
      `max ${sorted[4]!.toFixed(0)} ms over 5 runs.`,
  );
  return times;
}
