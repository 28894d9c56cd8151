import type { DbOrTx } from '../../db/database.js';
import { cloneModel, LEARNING, type LearningOptions, learnFromFeatures, type SpamModel } from './classifier.js';
import { feedbackStamp, listFeedback } from './spam.repository.js';

/**
 * Decisions replayed at most, newest kept: a rebuild reads them all (about a kilobyte each) on every instance after
 * each moderation action, and lessons older than the last few thousand have long been outweighed.
 */
const MAX_REPLAYED = 5_000;

/**
 * The shipped model taught the moderators' decisions, oldest first: what every instance computes from
 * `spam_feedback`, and what the prequential evaluation replays after each decision (evaluate-stream.ts).
 */
export function modelWithLessons(
  shipped: SpamModel,
  lessons: Array<{ features: Uint32Array; isSpam: boolean }>,
  options: LearningOptions = LEARNING,
) {
  const model = cloneModel(shipped);
  learnFromFeatures(model, shipped, lessons, options);
  return model;
}

/**
 * The live model: the shipped model plus every moderator decision in `spam_feedback`, replayed in id order. Each
 * instance rebuilds it when the feedback table's fingerprint changes (checked when the site's content version moves,
 * which every moderation action bumps), so all instances converge on the same weights and a restart loses nothing.
 */
export class LearnedModel {
  private model: SpamModel;
  private stamp = '';
  private checkedVersion = '';
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly shipped: SpamModel,
    private readonly currentVersion: () => Promise<string>,
  ) {
    this.model = shipped;
  }

  async current(db: DbOrTx): Promise<SpamModel> {
    const version = await this.currentVersion();
    // Also once a minute: a decision made elsewhere may land between two version reads.
    if (version !== this.checkedVersion || Date.now() - this.checkedAt > 60_000) {
      this.checkedVersion = version;
      this.checkedAt = Date.now();
      // Comments arriving together share one look at the table and one rebuild.
      this.refreshing ??= this.refresh(db).finally(() => {
        this.refreshing = undefined;
      });
    }
    if (this.refreshing) await this.refreshing;
    return this.model;
  }

  private refreshing: Promise<void> | undefined;

  private async refresh(db: DbOrTx) {
    const stamp = await feedbackStamp(db);
    if (stamp !== this.stamp) await this.rebuild(db, stamp);
  }

  /** A decision was recorded here: look at the table again on the next comment, whatever the version says. */
  invalidate(): void {
    this.checkedVersion = '';
  }

  private async rebuild(db: DbOrTx, stamp: string) {
    const rows = await listFeedback(db, MAX_REPLAYED);
    // A comment decided twice (spam, then not spam) teaches only its last decision.
    const last = new Map<string, (typeof rows)[number]>();
    for (const row of rows) last.set(row.comment_id === null ? `row:${row.id}` : `comment:${row.comment_id}`, row);
    const lessons = [...last.values()]
      .sort((a, b) => a.id - b.id)
      .filter((row) => row.feature_bits === this.shipped.bits)
      .map((row) => {
        const bytes = Buffer.from(row.features, 'base64');
        return {
          features: new Uint32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
          isSpam: row.is_spam === 1,
        };
      });
    this.model = modelWithLessons(this.shipped, lessons);
    this.stamp = stamp;
  }
}
