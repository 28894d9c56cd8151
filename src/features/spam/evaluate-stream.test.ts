import { describe, expect, it } from 'vitest';
import { trainModel } from './classifier.js';
import { replayStream } from './evaluate-stream.js';
import { loadShippedModel } from './model-file.js';
import { runTextChecks } from './text-checks.js';

const thresholds = { spamPendingAbove: 0.3, spamRejectAbove: 0.95 };

describe('prequential replay of a new channel', () => {
  it('learns what the moderator decides about held comments, so fewer are held later', () => {
    const shipped = trainModel([
      { body: 'Check out my channel and subscribe for free money', isSpam: true },
      { body: 'Loved the ending, the score is wonderful', isSpam: false },
    ]);
    // A campaign the model has never seen, mixed with ordinary talk, 200 comments in posting order.
    const stream = Array.from({ length: 200 }, (_, i) =>
      i % 2
        ? { body: `reelzbargain deals ${i % 7} reelzbargain offers today`, isSpam: true }
        : { body: 'The second act is slower but the cast is great', isSpam: false },
    );
    const result = replayStream(stream, { shipped, thresholds, window: 50 });
    expect(result.windows).toHaveLength(4);
    expect(result.total.n).toBe(200);
    const [first, , , last] = result.windows;
    expect(first!.held).toBeGreaterThan(0);
    expect(last!.held + last!.spamPublished).toBeLessThan(first!.held + first!.spamPublished);
    expect(last!.lessonsBefore).toBeGreaterThan(0);
  });
});

describe('links to film sites', () => {
  it('no longer file ordinary film talk as spam (each scored 1.0 before)', () => {
    const { model } = loadShippedModel();
    for (const body of [
      'Watch it on Kanopy: https://www.kanopy.com/en/product/the-cranes-are-flying',
      'I wrote about this on my blog: https://nightreels.wordpress.com/2023/05/vertigo-revisited',
      'Full review on Letterboxd: https://letterboxd.com/someone/film/the-conversation/',
    ]) {
      expect(runTextChecks({ body }, model).score, body).toBeLessThan(0.95);
    }
    // An unknown shop's link with as few words is still held or worse.
    expect(runTextChecks({ body: 'Buy it cheap: https://dealz-4u.biz/x' }, model).score).toBeGreaterThanOrEqual(0.3);
  });
});
