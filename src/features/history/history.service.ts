import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { DbOrTx } from '../../db/database.js';
import { csvLines } from './csv-table.js';
import { type FilmMatch, FilmMatcher } from './film-matcher.js';
import { emptyReport, type HistoryReport, noteItem } from './history-report.js';
import { HistoryFileError, type HistoryRow, type HistorySource, type ReaderItem } from './history-row.js';
import { isImdbHeader, readImdbCsv } from './imdb.reader.js';
import { letterboxdFileOf, readLetterboxdFile } from './letterboxd.reader.js';
import { READ_ORDER } from './read-order.js';
import { REELHOUSE_FILE, readReelhouseJson } from './reelhouse.reader.js';
import {
  checkFileSize,
  DEFAULT_HISTORY_LIMITS,
  type HistoryLimits,
  messageOf,
  SafeZip,
  spoolToTempFile,
} from './safe-zip.js';
import { readTraktJson, traktKindOf } from './trakt.reader.js';

/** A file as the member side has it: a path (the CLI), or an upload's stream and its name. */
export type HistoryInput = { path: string; name?: string } | { stream: Readable; name: string };

/** One thing the member did elsewhere, with the film it was matched to (or why not). */
export interface HistoryEvent extends HistoryRow {
  match: FilmMatch;
}

/** The events of a file; `report` fills in as they are read and is complete once the iteration ends. */
export interface HistoryReading extends AsyncIterable<HistoryEvent> {
  report: HistoryReport;
  /** Frees the temporary copy and the open ZIP when the events are not read to the end. */
  close(): Promise<void>;
}

interface Part {
  file: string;
  source: HistorySource;
  read: () => Promise<AsyncGenerator<ReaderItem>>;
}

/**
 * Open a personal-history file (Letterboxd or Trakt export ZIP, IMDb CSV, or our own export) and read it once through
 * to the end before handing out anything: a file with wrong columns, text that is not UTF-8, a ZIP bomb, unsafe names
 * or too many rows fails here with a HistoryFileError naming the file and line, and nothing has been applied. The
 * events are then read a second time, each matched to a catalog film (film-matcher.ts).
 */
export async function openHistory(
  db: DbOrTx,
  input: HistoryInput,
  options: { limits?: HistoryLimits; matcher?: FilmMatcher } = {},
): Promise<HistoryReading> {
  const limits = options.limits ?? DEFAULT_HISTORY_LIMITS;
  const label = 'stream' in input ? input.name : (input.name ?? path.basename(input.path));
  let file: string;
  let removeTemp = async () => {};
  if ('stream' in input) {
    const spooled = await spoolToTempFile(input.stream, label, limits);
    file = spooled.file;
    removeTemp = spooled.remove;
  } else {
    file = input.path;
    await checkFileSize(file, label, limits);
  }
  let zip: SafeZip | null = null;
  const close = async () => {
    zip?.close();
    zip = null;
    await removeTemp();
  };
  try {
    const report = emptyReport();
    if (await isZip(file)) {
      zip = await SafeZip.open(file, label, limits);
      report.notes.push(...planNotes(zip));
    }
    const parts = zip ? zipParts(zip, report, limits) : [await plainPart(file, label, limits)];
    if (parts.length === 0)
      throw new HistoryFileError(`${label}: holds no Letterboxd, IMDb or Trakt file this import reads`);
    let rows = 0;
    for (const part of parts) {
      try {
        for await (const item of await part.read()) {
          if ('row' in item && ++rows > limits.maxRows)
            throw new HistoryFileError(`${label}: holds more than ${limits.maxRows} rows`);
        }
      } catch (error) {
        // A stream that failed under the reader (an entry inflating past its declared size): named by its file.
        if (error instanceof HistoryFileError) throw error;
        throw new HistoryFileError(`${label}: ${part.file} cannot be read (${messageOf(error)})`);
      }
    }
    report.source = parts[0]!.source;
    report.files = parts.map((p) => p.file);
    const matcher = options.matcher ?? (await FilmMatcher.load(db));
    return {
      report,
      close,
      async *[Symbol.asyncIterator]() {
        try {
          for (const part of parts) {
            for await (const item of await part.read()) {
              if (!('row' in item)) {
                noteItem(report, item, null);
                continue;
              }
              const event: HistoryEvent = { ...item.row, match: matcher.match(item.row) };
              noteItem(report, item, event.match);
              yield event;
            }
          }
        } finally {
          await close();
        }
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

async function isZip(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const magic = Buffer.alloc(4);
    await handle.read(magic, 0, 4, 0);
    return magic.readUInt32LE(0) === 0x04034b50 || magic.readUInt32LE(0) === 0x06054b50;
  } finally {
    await handle.close();
  }
}

/** The first CSV record of a stream (the header), the stream then dropped. */
async function peekHeader(stream: Readable, name: string, limits: HistoryLimits): Promise<string[]> {
  try {
    for await (const record of csvLines(stream, name, limits.maxRecordBytes))
      return 'fields' in record ? record.fields : [];
    return [];
  } finally {
    stream.destroy();
  }
}

function planNotes(zip: SafeZip): string[] {
  return zip.entries.filter((e) => /(^|\/)deleted\//.test(e.name)).map((e) => `${e.name}: deleted items, not imported`);
}

/** What each file of the ZIP is, in the order the events come out; files left out get a note saying so. */
function zipParts(zip: SafeZip, report: HistoryReport, limits: HistoryLimits): Part[] {
  const names = zip.entries.map((e) => e.name).filter((n) => !/(^|\/)deleted\//.test(n));
  const own = names.find((n) => n === REELHOUSE_FILE || n.endsWith(`/${REELHOUSE_FILE}`));
  if (own) {
    for (const n of names) if (n !== own) report.notes.push(`${n}: left out, ${REELHOUSE_FILE} holds the same`);
    return [{ file: own, source: 'reelhouse', read: async () => readReelhouseJson(await zip.open(own), own) }];
  }
  const parts: Part[] = [];
  for (const name of [...names].sort((a, b) => READ_ORDER(a) - READ_ORDER(b) || a.localeCompare(b))) {
    if (/\.json$/i.test(name) && traktKindOf(name)) {
      parts.push({ file: name, source: 'trakt', read: async () => readTraktJson(await zip.open(name), name) });
    } else if (/\.csv$/i.test(name) && letterboxdFileOf(name)) {
      parts.push({ file: name, source: 'letterboxd', read: async () => readCsvPart(zip, name, limits) });
    } else if (/\.csv$/i.test(name)) {
      parts.push({ file: name, source: 'imdb', read: async () => readCsvPart(zip, name, limits) });
    } else {
      report.notes.push(`${name}: not a file this import reads, left out`);
    }
  }
  return parts;
}

/** A CSV inside a ZIP: IMDb's when its header says so (both services name a file ratings.csv), else Letterboxd's. */
async function readCsvPart(zip: SafeZip, name: string, limits: HistoryLimits) {
  const header = await peekHeader(await zip.open(name), name, limits);
  if (isImdbHeader(header)) return readImdbCsv(await zip.open(name), name, limits);
  if (letterboxdFileOf(name)) return readLetterboxdFile(await zip.open(name), name, limits);
  return (async function* (): AsyncGenerator<ReaderItem> {
    yield { note: `${name}: not a Letterboxd or IMDb file, left out` };
  })();
}

/** A file that is not a ZIP: an IMDb CSV, one Letterboxd CSV, or one Trakt JSON file, told apart by name and header. */
async function plainPart(file: string, label: string, limits: HistoryLimits): Promise<Part> {
  const open = () => fs.createReadStream(file);
  if (/\.json$/i.test(label)) {
    if (label === REELHOUSE_FILE)
      return { file: label, source: 'reelhouse', read: async () => readReelhouseJson(open(), label) };
    return { file: label, source: 'trakt', read: async () => readTraktJson(open(), label) };
  }
  const header = await peekHeader(open(), label, limits);
  if (isImdbHeader(header))
    return { file: label, source: 'imdb', read: async () => readImdbCsv(open(), label, limits) };
  const asLetterboxd = /^letterboxd list export/i.test(header[0] ?? '') ? `lists/${label}` : label;
  if (letterboxdFileOf(asLetterboxd))
    return { file: label, source: 'letterboxd', read: async () => readLetterboxdFile(open(), asLetterboxd, limits) };
  throw new HistoryFileError(
    `${label}, line 1: not a Letterboxd, IMDb or Trakt export (found columns ${header.slice(0, 8).join(', ') || 'none'})`,
  );
}
