import type { Db } from '../../db/database.js';
import type { FilmChange } from '../../kernel/context.js';
import type { Writer } from '../../kernel/unit-of-work.js';
import type { RelatedModel } from './model.js';
import { filmsNeedingLists } from './related.repository.js';
import { applyFilmChange, followFilms, loadModel, refreshAudience } from './related.service.js';

/**
 * Keeps the in-memory model of a serving process and applies changes to it one at a time (two admin saves must not
 * interleave their reads and writes of the same lists). The model is loaded on first use: on a 36k-film catalog that
 * takes a few seconds once, after which a change costs milliseconds.
 */
export class RelatedUpdater {
  private model: Promise<RelatedModel> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Db,
    /** Writes the lists; the app's writer retires this process's cached pages at once after each. */
    private readonly writer: Writer,
  ) {}

  private ensureModel(): Promise<RelatedModel> {
    this.model ??= loadModel(this.db).catch((error: unknown) => {
      this.model = undefined;
      throw error;
    });
    return this.model;
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  apply(change: FilmChange): Promise<{ ms: number; listsWritten: number }> {
    return this.serially(async () => {
      const model = await this.ensureModel();
      const started = performance.now();
      const { listsWritten } = await applyFilmChange(this.db, this.writer, model, change);
      return { ms: performance.now() - started, listsWritten };
    });
  }

  /**
   * After an import (admin upload): the films it wrote since `since`, and any film still without a list, get lists
   * and enter their neighbours' lists. A large import is followed by one batch rebuild, whose model is kept.
   */
  followImport(since: string | null): Promise<{ ms: number; films: number; rebuilt: boolean }> {
    return this.serially(async () => {
      const started = performance.now();
      const ids = await filmsNeedingLists(this.db, since);
      const { films, rebuilt } = await followFilms(this.db, this.writer, ids, () => this.ensureModel());
      if (rebuilt) this.model = Promise.resolve(rebuilt);
      return { ms: performance.now() - started, films, rebuilt: rebuilt !== undefined };
    });
  }

  /** Re-read likes and votes and recompute the lists of films that have any. */
  refreshAudience(): Promise<number> {
    return this.serially(async () => {
      return refreshAudience(this.db, this.writer, await this.ensureModel());
    });
  }
}
