import { describe, expect, it } from 'vitest';
import { fitSiteCalibration } from './calibration.js';
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

describe('how a site learns from its moderators', () => {
  const shipped = trainModel([
    { body: 'Check out my channel and subscribe for free money', isSpam: true },
    { body: 'Subscribe to my channel please, free gift cards', isSpam: true },
    { body: 'Loved the ending, the score is wonderful', isSpam: false },
    { body: 'The cast is great and the ending made me cry', isSpam: false },
  ]);
  // A channel where ordinary talk uses words the model takes for spam ("check out", "please", "free"), beside spam.
  const stream = Array.from({ length: 150 }, (_, i) =>
    i % 2
      ? { body: `subscribe to my channel ${i % 7}`, isSpam: true }
      : { body: `check out the director commentary, ${['great', 'free', 'please'][i % 3]} ending`, isSpam: false },
  );

  it('stops holding a kind of ordinary comment once moderators approve a few, as they would mark "not spam"', () => {
    const approvals = replayStream(stream, { shipped, thresholds });
    const marksOnly = replayStream(stream, { shipped, thresholds, teachApprovals: false });
    const alone = replayStream(stream, { shipped, thresholds, learn: false });
    expect(alone.total.held).toBe(150);
    // Only "Spam" marks teach: the doubted talk is held to the end.
    expect(marksOnly.windows.at(-1)!.held).toBeGreaterThan(20);
    // Approvals teach too: after the first window, next to nothing is held, and nothing goes wrong.
    expect(approvals.windows.at(-1)!.held).toBeLessThanOrEqual(1);
    expect(approvals.total.spamPublished + approvals.total.hamJunked).toBe(0);
  });

  it("keeps a site's calibration near the shipped one until its moderators have decided enough", () => {
    expect(fitSiteCalibration([], 5)).toEqual({ scale: 1, shift: 0 });
    const few = fitSiteCalibration([{ z: 0.5, isSpam: true }], 5);
    expect(Math.abs(few.scale - 1)).toBeLessThan(0.2);
    // Many decisions, all saying "a little above 0 is spam, a little below is not": the site sharpens the score.
    const many = Array.from({ length: 200 }, (_, i) => ({ z: i % 2 ? 0.4 : -0.4, isSpam: i % 2 === 1 }));
    expect(fitSiteCalibration(many, 5).scale).toBeGreaterThan(3);
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
