import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classify, trainModel } from './classifier.js';
import { readYoutubeFile } from './corpus.js';
import { checkFormToken, checkHoneypot, EXPIRES_MS, formStamp, readFormToken } from './form-token.js';
import { decodeModel, encodeModel, loadShippedModel, SHIPPED_MODEL_PATH } from './model-file.js';
import { callsToAction, FEATURES_BEFORE_049, linkKind, normaliseText, SHIPPED_FEATURES, textFeatures } from './text.js';
import {
  checkBlockedDomains,
  checkCharset,
  checkClassifier,
  checkLinks,
  checkName,
  runTextChecks,
  verdictOf,
} from './text-checks.js';

const model = loadShippedModel().model;
const DEFAULTS = { spamPendingAbove: 0.5, spamRejectAbove: 0.9 };

describe('text checks', () => {
  it('counts links: one is ordinary, several add up, a comment that is mostly an address is flagged', () => {
    expect(checkLinks({ body: 'The restoration notes are at https://example.org/notes and worth a read.' }).score).toBe(
      0,
    );
    const several = checkLinks({ body: 'Look: http://a.example/1 http://b.example/2 http://c.example/3 here.' });
    expect(several.score).toBeGreaterThan(0.3);
    expect(several.reasons).toContain('3 links in the comment');
    expect(checkLinks({ body: 'http://cheap-tickets.example/buy-now-today' }).reasons[0]).toMatch(/^Mostly links/);
  });

  it('flags web addresses and sales keywords in the name, not ordinary names', () => {
    expect(checkName({ body: 'x', authorName: 'www.cheap-pills.example' }).score).toBe(0.5);
    expect(checkName({ body: 'x', authorName: 'Best Casino Bonus' }).reasons).toEqual([
      'Sales keyword “casino” in the name',
    ]);
    expect(checkName({ body: 'x', authorName: 'Agnès Varda' }).score).toBe(0);
    expect(checkName({ body: 'x', authorName: 'George Best' }).score).toBe(0);
  });

  it('blocks listed domains and their subdomains, in the website field or the text', () => {
    const blocked = ['spam.example'];
    expect(checkBlockedDomains({ body: 'hi', authorUrl: 'https://www.shop.spam.example/x' }, blocked).score).toBe(1);
    expect(checkBlockedDomains({ body: 'see http://spam.example/offer' }, blocked).reasons[0]).toContain(
      'spam.example',
    );
    expect(checkBlockedDomains({ body: 'hi', authorUrl: 'https://notspam.example/' }, blocked).score).toBe(0);
  });

  it('flags words mixing Latin with Cyrillic look-alikes and invisible characters, not text in another script', () => {
    // "рaypal" with a Cyrillic р.
    expect(checkCharset({ body: 'Log in to your \u0440aypal account now' }).reasons[0]).toMatch(/mixing Latin/);
    expect(checkCharset({ body: 'free\u200Bmoney' }).reasons).toContain('1 invisible character(s) inside the text');
    expect(checkCharset({ body: 'Отличный фильм, смотрел дважды. 素晴らしい映画でした。' }).score).toBe(0);
  });

  it('strips U+FEFF and the YouTube export’s HTML before computing features', () => {
    expect(normaliseText('Nice\uFEFF song&#39;s <br />beat &amp; <a href="http://x.example">x</a>')).toBe(
      "Nice song's \nbeat &  http://x.example x ",
    );
    expect(textFeatures({ body: 'great song\uFEFF' }, 18)).toEqual(textFeatures({ body: 'great song' }, 18));
  });

  it('the shipped classifier files channel promotion as spam and lets movie talk through, saying why', () => {
    const spam = checkClassifier({ body: 'Check out my new channel and subscribe, I will subscribe back!!' }, model);
    expect(spam.probability).toBeGreaterThan(0.9);
    expect(spam.reasons[0]).toMatch(
      /^Text classifier: [01]\.\d\d spam-like \(words weighing most: .*(check|channel|subscribe)/,
    );
    const ham = runTextChecks(
      { body: 'The long take in the final act is astonishing; I had not noticed the mirror until my second viewing.' },
      model,
    );
    expect(verdictOf(ham.score, DEFAULTS)).toBe('ham');
  });

  it('gives the three-way verdict by the thresholds', () => {
    expect(verdictOf(0.95, DEFAULTS)).toBe('spam');
    expect(verdictOf(0.6, DEFAULTS)).toBe('uncertain');
    expect(verdictOf(0.1, DEFAULTS)).toBe('ham');
  });
});

describe('features that carry over to a new site (decision 049)', () => {
  it('reads the call to action of promotion, not the same words in ordinary talk', () => {
    expect(callsToAction('Check out my new track, peace and love')).toEqual(['imperative', 'self', 'imperative+self']);
    expect(callsToAction('great video. sub me and i sub back')).toEqual(['imperative', 'self', 'imperative+self']);
    expect(callsToAction('Thumbs up if you watched it in 2011')).toEqual(['imperative', 'bait']);
    expect(callsToAction('If I get 100 subscribers I will post a cover')).toEqual(['bait']);
    // A count that is no condition, and an imperative or a blog mentioned on their own.
    expect(callsToAction('So close to 14,000,000 subscribers, one more hit and it happens')).toEqual([]);
    expect(callsToAction('I wrote about this on my blog last year')).toEqual(['self']);
    expect(callsToAction('Watch it with subtitles on, the dialogue is half whispered.')).toEqual(['imperative']);
    expect(callsToAction('Saw this at TIFF and the room went quiet.')).toEqual([]);
  });

  it('tells the kind of page a link points at, whatever the site', () => {
    const kind = (address: string) =>
      linkKind(address, new URL(`http://${address.replace(/^https?:\/\//, '')}`).hostname.replace(/^www\./, ''));
    expect(kind('http://www.youtube.com/watch?v=KQ6zr6kCPj8&t=3m40s')).toBe('moment');
    expect(kind('https://youtu.be/9bZkp7q19f0')).toBe('video');
    expect(kind('https://vimeo.com/123456789')).toBe('video');
    expect(kind('https://www.youtube.com/user/somechannel')).toBe('profile');
    expect(kind('bit.ly/3xYz')).toBe('short');
    expect(kind('www.example-shop.com')).toBe('home');
    expect(kind('https://nightreels.net/2023/05/vertigo-revisited')).toBe('deep');
  });

  it('does not count a link to a moment of a video as a promotional link', () => {
    expect(checkLinks({ body: 'http://www.youtube.com/watch?v=KQ6zr6kCPj8&t=2m19s best part' })).toEqual(NO_LINK);
    expect(checkLinks({ body: 'http://www.youtube.com/watch?v=KQ6zr6kCPj8 best part' }).score).toBeGreaterThan(0);
  });

  it('scores a model with the features it was trained on; files from before name none', () => {
    const rows = readYoutubeFile('data/spam-corpus/Youtube01-Psy.csv');
    const trained = trainModel(rows, { epochs: 1 });
    expect(decodeModel(encodeModel(trained, { files: [], comments: 0, spam: 0, sha256: '' })).features).toEqual(
      SHIPPED_FEATURES,
    );
    const { featureSet: _, ...older } = encodeModel(trained, { files: [], comments: 0, spam: 0, sha256: '' });
    expect(decodeModel(older).features).toEqual(FEATURES_BEFORE_049);
    expect(model.features).toEqual(SHIPPED_FEATURES);
  });
});

const NO_LINK = { score: 0, reasons: [] };

describe('form token and honeypot', () => {
  const key = 'test-key';
  const issued = new Date('2026-11-25T12:00:00Z');
  // The page cache splices the visitor's CSRF token where the placeholder is.
  const posted = `${formStamp(key, issued)}.visitor-csrf-token`;
  const after = (ms: number) => new Date(issued.getTime() + ms);

  it('catches a filled honeypot', () => {
    expect(checkHoneypot({ website_hp: 'http://spam.example' }).score).toBe(1);
    expect(checkHoneypot({ website_hp: '' }).score).toBe(0);
  });

  it('passes a form posted after a human pause, flags one posted too fast, forged or expired', () => {
    expect(checkFormToken(readFormToken(key, posted, after(20_000)))).toEqual({ score: 0, reasons: [] });
    expect(checkFormToken(readFormToken(key, posted, after(800))).reasons[0]).toBe(
      'Posted 0.8 s after the form was shown',
    );
    const forged = posted.replace(/^\d+/, String(issued.getTime() - 60_000));
    expect(checkFormToken(readFormToken(key, forged, after(20_000))).reasons[0]).toMatch(/not issued by this site/);
    expect(checkFormToken(readFormToken('another-key', posted, after(20_000))).score).toBe(0.5);
    expect(checkFormToken(readFormToken(key, posted, after(EXPIRES_MS + 86_400_000))).reasons[0]).toMatch(
      /expired \(shown 8 days before\)/,
    );
    // Missing: an API client, which has no form.
    expect(checkFormToken(readFormToken(key, undefined, issued)).score).toBe(0);
  });
});

describe('model file', () => {
  it('round-trips through its compact encoding within the quantisation step', () => {
    const rows = readYoutubeFile('data/spam-corpus/Youtube01-Psy.csv');
    const trained = trainModel(rows, { epochs: 2 });
    const decoded = decodeModel(encodeModel(trained, { files: [], comments: 0, spam: 0, sha256: '' }));
    for (const row of rows.slice(0, 50)) expect(classify(decoded, row)).toBeCloseTo(classify(trained, row), 3);
  });

  it('is small enough to commit', () => {
    expect(readFileSync(SHIPPED_MODEL_PATH()).length).toBeLessThan(400_000);
  });
});
