import { readFileSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse/sync';
import type { SpamModel } from './classifier.js';
import { type Confusion, emptyConfusion, measure, tally } from './metrics.js';
import { runTextChecks, type Verdict, verdictOf } from './text-checks.js';

/** One text to score, with the line it starts on (for the output and for error messages) and its label if given. */
export interface ScoreInput {
  line: number;
  body: string;
  authorName?: string;
  authorUrl?: string;
  isSpam?: boolean;
}

/** A problem in the input file, named by its line. */
export class ScoreInputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
    this.name = 'ScoreInputError';
  }
}

const isJsonLines = (file: string, text: string) =>
  /\.(jsonl|ndjson)$/i.test(file) || (!/\.csv$/i.test(file) && text.trimStart().startsWith('{'));

/**
 * Read a CSV with a CONTENT column (optional AUTHOR, and CLASS: 1 spam, 0 ham — the YouTube Spam Collection's
 * format; header names in any case) or JSON Lines `{ "body", "authorName"?, "authorUrl"?, "label"? }`.
 */
export function readScoreInput(file: string, text: string = readFileSync(file, 'utf8')): ScoreInput[] {
  return isJsonLines(file, text) ? readJsonLines(file, text) : readCsv(file, text);
}

function readCsv(file: string, text: string): ScoreInput[] {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: false,
    }) as unknown as Array<{
      record: string[];
      info: { lines: number };
    }>;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 0;
      throw new ScoreInputError(file, line, `not valid CSV: ${error.message.replace(/^.*?:\s*/, '')}`);
    }
    throw error;
  }
  const [header, ...rows] = records;
  if (!header) throw new ScoreInputError(file, 1, 'empty file: expected a header row with a CONTENT column');
  const names = header.record.map((h) => h.trim().toUpperCase());
  const content = names.indexOf('CONTENT');
  if (content < 0) {
    throw new ScoreInputError(file, 1, `no CONTENT column in the header (found: ${header.record.join(', ')})`);
  }
  const author = names.indexOf('AUTHOR');
  const label = names.indexOf('CLASS');
  let startLine = header.info.lines + 1;
  return rows.map(({ record, info }) => {
    const line = startLine;
    startLine = info.lines + 1;
    const cls = label >= 0 ? record[label]!.trim() : '';
    if (cls !== '' && cls !== '0' && cls !== '1') {
      throw new ScoreInputError(file, line, `CLASS must be 1 (spam) or 0 (ham), got "${cls.slice(0, 20)}"`);
    }
    return {
      line,
      body: record[content]!,
      ...(author >= 0 ? { authorName: record[author]! } : {}),
      ...(cls !== '' ? { isSpam: cls === '1' } : {}),
    };
  });
}

function readJsonLines(file: string, text: string): ScoreInput[] {
  const inputs: ScoreInput[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new ScoreInputError(
        file,
        line,
        `not valid JSON (${error instanceof Error ? error.message : 'parse error'})`,
      );
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ScoreInputError(file, line, 'expected a JSON object like {"body": "…"}');
    }
    const o = value as Record<string, unknown>;
    if (typeof o.body !== 'string') throw new ScoreInputError(file, line, '"body" must be a string');
    for (const field of ['authorName', 'authorUrl'] as const) {
      if (o[field] !== undefined && typeof o[field] !== 'string') {
        throw new ScoreInputError(file, line, `"${field}" must be a string when given`);
      }
    }
    const label = parseLabel(o.label);
    if (label === 'bad') {
      throw new ScoreInputError(file, line, '"label" must be "spam"/"ham", 1/0 or true/false when given');
    }
    inputs.push({
      line,
      body: o.body,
      ...(typeof o.authorName === 'string' ? { authorName: o.authorName } : {}),
      ...(typeof o.authorUrl === 'string' ? { authorUrl: o.authorUrl } : {}),
      ...(label !== undefined ? { isSpam: label } : {}),
    });
  }
  return inputs;
}

function parseLabel(label: unknown): boolean | undefined | 'bad' {
  if (label === undefined || label === null) return undefined;
  if (label === 'spam' || label === 1 || label === '1' || label === true) return true;
  if (label === 'ham' || label === 0 || label === '0' || label === false) return false;
  return 'bad';
}

export interface ScoredLine {
  line: number;
  verdict: Verdict;
  score: number;
  reasons: string[];
}

/** Score every input with the text-level checks and the classifier; labelled inputs feed the confusion counts. */
export function scoreInputs(
  inputs: ScoreInput[],
  model: SpamModel,
  thresholds: { spamPendingAbove: number; spamRejectAbove: number },
  write: (scored: ScoredLine) => void,
): { confusion: Confusion; labelled: number } {
  const confusion = emptyConfusion();
  let labelled = 0;
  for (const input of inputs) {
    const result = runTextChecks(input, model);
    const verdict = verdictOf(result.score, thresholds);
    write({ line: input.line, verdict, score: Math.round(result.score * 1000) / 1000, reasons: result.reasons });
    if (input.isSpam !== undefined) {
      labelled++;
      tally(confusion, input.isSpam, verdict);
    }
  }
  return { confusion, labelled };
}

export function summarise(confusion: Confusion, labelled: number): string {
  const m = measure(confusion, 'decided');
  const s = measure(confusion, 'strict');
  const f = (x: number) => x.toFixed(4);
  return [
    `labelled: ${labelled}  spam verdicts: ${confusion.tp + confusion.fp}  ham verdicts: ${confusion.tn + confusion.fn}  uncertain: ${m.uncertain}`,
    `decided (uncertain left to a moderator): accuracy ${f(m.accuracy)}  precision ${f(m.precision)}  recall ${f(m.recall)}  F1 ${f(m.f1)}  MCC ${f(m.mcc)}  ham FPR ${f(m.hamFpr)}`,
    `strict (uncertain spam missed, uncertain ham passed): accuracy ${f(s.accuracy)}  precision ${f(s.precision)}  recall ${f(s.recall)}  F1 ${f(s.f1)}  MCC ${f(s.mcc)}  ham FPR ${f(s.hamFpr)}`,
  ].join('\n');
}
