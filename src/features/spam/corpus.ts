import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { packageRoot } from '../../lib/package-root.js';
import type { LabelledText } from './classifier.js';
import { normaliseText } from './text.js';

export interface CorpusFile {
  name: string;
  rows: Array<LabelledText & { date: string }>;
}

/** The comparison key of "the same comment": normalised text, case and spacing ignored. */
export const sameCommentKey = (body: string) => normaliseText(body).toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * One YouTube Spam Collection file (COMMENT_ID, AUTHOR, DATE, CONTENT, CLASS). Comments repeated inside the file
 * are kept once (the first), so a duplicate can never sit on both sides of a train/test split.
 */
export function readYoutubeFile(path: string): Array<LabelledText & { date: string }> {
  const records = parse(readFileSync(path, 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Array<
    Record<string, string>
  >;
  const seen = new Set<string>();
  const rows: Array<LabelledText & { date: string }> = [];
  for (const r of records) {
    const body = r.CONTENT ?? '';
    const key = sameCommentKey(body);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    rows.push({ body, authorName: r.AUTHOR ?? '', isSpam: r.CLASS === '1', date: r.DATE ?? '' });
  }
  return rows;
}

/**
 * A file's comments in the order they were posted (a new channel's stream); undated comments (most of the Eminem
 * file's spam) keep their file order after the dated ones.
 */
export function inPostingOrder<T extends { date: string }>(rows: T[]): T[] {
  const dated = rows.filter((r) => r.date).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return [...dated, ...rows.filter((r) => !r.date)];
}

/** The shipped corpus: every Youtube*.csv in the folder, in name order (training must be deterministic). */
export function readYoutubeCorpus(folder: string): CorpusFile[] {
  return readdirSync(folder)
    .filter((name) => /^Youtube.*\.csv$/.test(name))
    .sort()
    .map((name) => ({ name, rows: readYoutubeFile(join(folder, name)) }));
}

/**
 * Extra legitimate comments, one a line (`*-ham.txt`): movie talk, so that a film site's longer, review-like comments
 * are not judged by YouTube's short ham alone (see data/spam-corpus/SOURCE.md). Empty when there are none.
 */
export function readExtraHam(folder: string): LabelledText[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('-ham.txt'))
    .sort()
    .flatMap((name) =>
      readFileSync(join(folder, name), 'utf8')
        .split('\n')
        .filter((line) => line.trim().length > 1)
        .map((body) => ({ body, isSpam: false })),
    );
}

/** All files together, with comments repeated across files also kept once. */
export function mergeDeduplicated(files: CorpusFile[]): LabelledText[] {
  const seen = new Set<string>();
  const rows: LabelledText[] = [];
  for (const file of files) {
    for (const row of file.rows) {
      const key = sameCommentKey(row.body);
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push(row);
    }
  }
  return rows;
}

/** The SMS Spam Collection (label TAB text); null when the data set is not there. */
export function readSmsCollection(folder: string): LabelledText[] | null {
  const path = join(folder, 'SMSSpamCollection');
  if (!existsSync(path)) return null;
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => {
      const tab = line.indexOf('\t');
      return { body: line.slice(tab + 1), isSpam: line.slice(0, tab) === 'spam' };
    });
}

export const HELD_OUT_REVIEWS_FROM = 900;

/**
 * Legitimate movie talk from Pang & Lee's data: the sentence-polarity snippets, the subjectivity sentences (review
 * quotes and plot sentences) and the sentences of the 2,000 full reviews. Null when the data set is not there.
 */
export function readMovieTalk(folder: string): Array<{ source: string; texts: string[] }> | null {
  if (!existsSync(folder)) return null;
  const lines = (path: string) =>
    existsSync(path)
      ? readFileSync(path, 'utf8')
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l.length >= 2)
      : [];
  const sets = [
    {
      source: 'sentence_polarity',
      texts: [
        ...lines(join(folder, 'sentence_polarity/rt-polarity.pos')),
        ...lines(join(folder, 'sentence_polarity/rt-polarity.neg')),
      ],
    },
    {
      source: 'subjectivity',
      texts: [
        ...lines(join(folder, 'subjectivity/quote.tok.gt9.5000')),
        ...lines(join(folder, 'subjectivity/plot.tok.gt9.5000')),
      ],
    },
  ];
  const reviews = join(folder, 'movie_reviews/movie_reviews.jsonl.gz');
  if (existsSync(reviews)) {
    const texts: string[] = [];
    for (const line of gunzipSync(readFileSync(reviews)).toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      const review = JSON.parse(line) as { file: string; text: string };
      // Reviews cv000–cv899 are where the shipped movie-talk ham comes from: only cv900–cv999 are unseen.
      if (Number(/cv(\d+)/.exec(review.file)?.[1] ?? 0) < HELD_OUT_REVIEWS_FROM) continue;
      for (const sentence of review.text.split('\n')) if (sentence.trim().length >= 2) texts.push(sentence.trim());
    }
    sets.push({ source: 'movie_reviews cv900-999 (sentences)', texts });
  }
  return sets.filter((s) => s.texts.length > 0);
}

/**
 * Hand-written legitimate film-site comments, evaluation only (data/film-talk-ham/README.md): the second file, held
 * out of decision 049's choices. The first is training ham since then (data/spam-corpus/film-talk-ham.txt).
 */
export const FILM_TALK_PATH = () => join(packageRoot(), 'data', 'film-talk-ham', 'film-talk-2.txt');

export function readFilmTalk(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}
