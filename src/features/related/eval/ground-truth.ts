import { titleBase, words } from '../text.js';

export interface GroundTruthFilm {
  slug: string;
  title: string;
  year: number | null;
  synopsis: string;
}

/** One line of a ground-truth file: a film and the films a visitor should be offered next to it. */
export interface GroundTruthLine {
  film: string;
  relevant: string[];
  /** Where the evidence came from: `numbering`, `mention`, `remake` (not read by the evaluation). */
  evidence: string[];
}

const MAX_SERIES = 15;

/**
 * Related pairs from evidence in the source data that nobody here wrote:
 * - numbering: titles that share a base and carry a sequel number ("Rocky", "Rocky II", "Rocky III"; "… Part 2");
 * - mention: a synopsis that says "sequel to …", "remake of …", "prequel to …" or "followed by …" naming another
 *   film of the catalog by its exact title;
 * - remake: the same title in another year, when one of the synopses says "remake".
 * A series of more than 15 films is left out: such bases are too generic to be one series.
 */
export function buildGroundTruth(films: GroundTruthFilm[]): GroundTruthLine[] {
  const pairs = new Map<string, Map<string, Set<string>>>();
  const add = (a: string, b: string, why: string) => {
    if (a === b) return;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      let row = pairs.get(x);
      if (!row) {
        row = new Map();
        pairs.set(x, row);
      }
      const reasons = row.get(y) ?? new Set<string>();
      reasons.add(why);
      row.set(y, reasons);
    }
  };
  const norm = (title: string) => words(title).join(' ');

  const bySeries = new Map<string, GroundTruthFilm[]>();
  const byTitle = new Map<string, GroundTruthFilm[]>();
  for (const f of films) {
    const { base } = titleBase(f.title);
    if (base.length >= 3) bySeries.set(base, [...(bySeries.get(base) ?? []), f]);
    byTitle.set(norm(f.title), [...(byTitle.get(norm(f.title)) ?? []), f]);
  }

  for (const group of bySeries.values()) {
    if (group.length < 2 || group.length > MAX_SERIES) continue;
    if (!group.some((f) => titleBase(f.title).number !== null)) continue;
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) add(group[i]!.slug, group[j]!.slug, 'numbering');
  }

  const MENTION =
    /\b(?:sequel|prequel|remake|follow-up) (?:to|of) (?:the )?(?:(\d{4}) )?(?:[a-z]+ )?(?:film|movie)?\s*["“]?([A-Z0-9][^,.;()"”]{1,80})/g;
  for (const f of films) {
    for (const m of f.synopsis.matchAll(MENTION)) {
      const named = m[2]!.trim();
      // The longest prefix of the named words that is a catalog title ("Rocky and …" → "Rocky").
      const tokens = words(named);
      for (let n = Math.min(tokens.length, 10); n >= 1; n--) {
        const candidates = (byTitle.get(tokens.slice(0, n).join(' ')) ?? []).filter(
          (c) => c.slug !== f.slug && (m[1] === undefined || c.year === Number(m[1])),
        );
        if (candidates.length === 1) {
          add(f.slug, candidates[0]!.slug, 'mention');
          break;
        }
        if (candidates.length > 1) break;
      }
    }
  }

  for (const group of byTitle.values()) {
    if (group.length < 2 || group.length > 6) continue;
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = [group[i]!, group[j]!];
        if (a.year === b.year) continue;
        if (/\bremake\b/i.test(a.synopsis) || /\bremake\b/i.test(b.synopsis)) add(a.slug, b.slug, 'remake');
      }
    }
  }

  return [...pairs.entries()]
    .map(([film, row]) => ({
      film,
      relevant: [...row.keys()].sort(),
      evidence: [...new Set([...row.values()].flatMap((s) => [...s]))].sort(),
    }))
    .sort((a, b) => a.film.localeCompare(b.film));
}

export function parseGroundTruth(text: string): { film: string; relevant: string[] }[] {
  return text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, n }) => {
      const parsed = JSON.parse(line) as { film?: unknown; relevant?: unknown };
      if (typeof parsed.film !== 'string' || !Array.isArray(parsed.relevant))
        throw new Error(`line ${n}: expected {"film": slug, "relevant": [slug, …]}`);
      return { film: parsed.film, relevant: parsed.relevant.filter((s): s is string => typeof s === 'string') };
    });
}
