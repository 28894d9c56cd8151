import fs from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../../lib/package-root.js';

export interface CatalogMappingFile {
  languageCategories: Record<string, string>;
  languageAliases: Record<string, string>;
  countryLanguages: Record<string, string[]>;
  unknownLanguageCategory: string;
  formatDefaults: Record<string, { origin?: string; language?: string }>;
  genres: Record<string, string[]>;
}

export const DEFAULT_MAPPING_PATH = path.join(packageRoot(), 'data', 'mappings', 'catalog.json');

const fold = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_]+/g, ' ')
    .trim();

function titleCase(s: string): string {
  return s
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/(^|[\s-])(\p{Ll})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** Maps a source's free-text language, country and genre values onto the site's categories and genres. */
export class CatalogMapping {
  private readonly languageByKey = new Map<string, string>();
  private readonly countryByKey = new Map<string, string[]>();
  private readonly genreByKey = new Map<string, string>();

  constructor(readonly file: CatalogMappingFile) {
    for (const language of Object.keys(file.languageCategories)) this.languageByKey.set(fold(language), language);
    for (const [alias, language] of Object.entries(file.languageAliases)) this.languageByKey.set(fold(alias), language);
    for (const [country, languages] of Object.entries(file.countryLanguages))
      this.countryByKey.set(fold(country), languages);
    for (const [genre, synonyms] of Object.entries(file.genres)) {
      this.genreByKey.set(fold(genre), genre);
      for (const s of synonyms) this.genreByKey.set(fold(s), genre);
    }
  }

  static load(file = DEFAULT_MAPPING_PATH): CatalogMapping {
    return new CatalogMapping(JSON.parse(fs.readFileSync(file, 'utf8')) as CatalogMappingFile);
  }

  /** "ko" → "Korean"; an unknown language keeps its own (title-cased) name. */
  canonicalLanguage(raw: string): string {
    return this.languageByKey.get(fold(raw)) ?? titleCase(raw);
  }

  categoryForLanguage(language: string): string {
    return this.file.languageCategories[language] ?? `${language} Movies`;
  }

  /**
   * Categories for a film, the breadcrumb one first. Languages decide; the country is consulted only when no language
   * is given and the mapping knows that country's language, so a film is never filed under a language it is not in.
   */
  categoriesFor(languages: string[], origin: string | null): string[] {
    let canonical = languages.map((l) => this.canonicalLanguage(l)).filter(Boolean);
    if (canonical.length === 0 && origin) canonical = this.countryByKey.get(fold(origin)) ?? [];
    const categories = canonical.map((l) => this.categoryForLanguage(l));
    if (categories.length === 0) categories.push(this.file.unknownLanguageCategory);
    return [...new Set(categories)];
  }

  /** Synonyms merged ("sci-fi" → "Science Fiction"); unknown values are kept as new genres, never dropped. */
  canonicalGenre(raw: string): string | null {
    const key = fold(raw);
    if (!key) return null;
    return this.genreByKey.get(key) ?? titleCase(raw);
  }

  genresFor(raw: string[]): string[] {
    return [...new Set(raw.map((g) => this.canonicalGenre(g)).filter((g): g is string => g !== null))];
  }

  defaultsFor(format: string): { origin?: string; language?: string } {
    return this.file.formatDefaults[format] ?? {};
  }
}
