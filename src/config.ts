import { randomBytes } from 'node:crypto';
import path from 'node:path';

/**
 * Prior weight m of the Bayesian weighted rating, in votes, when neither RATING_PRIOR_VOTES nor an admin sets it (the
 * ranking itself is ratings.repository.ts's weightedScoreSql). The one place this default is written.
 */
export const DEFAULT_PRIOR_VOTES = 5;

export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export interface Config {
  host: string;
  port: number;
  /** Public origin used in canonical URLs, feeds and sitemaps, without a trailing slash. */
  publicUrl: string;
  database: DatabaseTarget;
  dataDir: string;
  /** Where uploaded posters and their resized copies are stored (POSTER_DIR, default <DATA_DIR>/posters). */
  posterDir: string;
  /** Keys cookies are signed with; the first signs, all verify (rotation). */
  cookieSecrets: string[];
  /** Salt mixed into IP hashes so that raw IPs are never stored and hashes do not match across sites. */
  ipHashSalt: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  pageCache: boolean;
  /** Import the bundled demo catalog when the catalog is empty at start. */
  importDemo: boolean;
  /**
   * How many reverse proxies stand in front (0: none). The client's address is the one the outermost of them saw,
   * counted from the right of X-Forwarded-For: what a client writes into that header itself is never believed.
   */
  trustProxy: number;
  /**
   * Load shedding: past this mean event-loop delay (ms) a growing share of requests is answered 503 + Retry-After
   * before any work; 0 turns it off (src/http/load-shedder.ts).
   */
  shedEventLoopDelayMs: number;
  /**
   * RELATED_WORKER: on, this instance works the related-films queue in a thread of its own (and holds a model of the
   * catalog there, about 1.2 KB a film); off, it only serves lists and its film writes stay queued for another
   * instance or `reelhouse related --work` (decision 048).
   */
  relatedWorker: boolean;
  isProduction: boolean;
  engagement: {
    /** m in the Bayesian weighted rating: how many votes' worth of the site-wide mean a film starts with. */
    ratingPriorVotes: number;
    /** Counted votes per film from one IP hash per 24 h; more are stored but held (ballot-stuffing rule). */
    votesPerIpPerFilm: number;
    writesPerVisitorPerMinute: number;
    writesPerIpPerMinute: number;
    commentsPerVisitorPerMinute: number;
    commentsPerIpPerMinute: number;
  };
  /** The optional Akismet check (off unless a key is set): comments and commenter details go to Automattic. */
  akismet: { key: string; url: string } | null;
  /** Resource limits on imports and poster uploads (issue 12): what one file may cost the server. */
  limits: ResourceLimits;
  /** Outgoing mail (features/mail): SMTP when `smtpUrl` is set, else .eml files in DATA_DIR/outbox. */
  mail: { smtpUrl: string | null; from: string; repliesPerDay: number };
}

/** How much one import file or one poster may make the server read, hold or decode. */
export interface ResourceLimits {
  /** Bytes an import file may hold once un-gzipped; also the largest import upload. */
  importMaxBytes: number;
  /** Bytes one CSV record or one JSON film may hold. */
  importMaxRecordBytes: number;
  /** Records (films, good or bad) one import file may hold. */
  importMaxRows: number;
  /** Width × height a poster may claim, checked from its header before anything is decoded. */
  posterMaxPixels: number;
  /** How much longer one side of a poster may be than the other. */
  posterMaxAspectRatio: number;
}

/** The defaults of ResourceLimits, for code run without a loaded configuration (tests, scripts). */
export const DEFAULT_LIMITS: ResourceLimits = {
  importMaxBytes: 256 * 1024 * 1024,
  importMaxRecordBytes: 1024 * 1024,
  importMaxRows: 1_000_000,
  posterMaxPixels: 40_000_000,
  posterMaxAspectRatio: 20,
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every environment variable Reelhouse reads, with its default; the README's table is generated from the same facts. */
export const ENV_DOCS: ReadonlyArray<{ name: string; default: string; meaning: string }> = [
  { name: 'PORT', default: '3000', meaning: 'TCP port to listen on' },
  { name: 'HOST', default: '0.0.0.0', meaning: 'interface to listen on' },
  {
    name: 'PUBLIC_URL',
    default: 'http://localhost:PORT',
    meaning: 'public origin for canonical links, feeds, sitemaps',
  },
  {
    name: 'DATABASE_URL',
    default: 'sqlite:./var/reelhouse.db',
    meaning: '`sqlite:PATH` (a file, created when missing) or `postgres://user@host/db`',
  },
  { name: 'DATA_DIR', default: './var', meaning: 'where uploaded files and other state live' },
  { name: 'POSTER_DIR', default: 'DATA_DIR/posters', meaning: 'where uploaded posters and their resized copies live' },
  {
    name: 'COOKIE_SECRET',
    default: 'random per start (dev)',
    meaning: 'comma-separated keys for signed cookies, first one signs; required when NODE_ENV=production',
  },
  {
    name: 'IP_HASH_SALT',
    default: 'derived from COOKIE_SECRET',
    meaning: 'salt for hashing visitor IPs (raw IPs are never stored)',
  },
  { name: 'LOG_LEVEL', default: 'info', meaning: 'fatal, error, warn, info, debug, trace or silent' },
  { name: 'PAGE_CACHE', default: 'on', meaning: '`off` disables the in-process page cache' },
  { name: 'IMPORT_DEMO', default: 'on', meaning: '`off` skips importing the demo catalog into an empty database' },
  {
    name: 'TRUST_PROXY',
    default: 'off',
    meaning: '`on` behind one reverse proxy that appends to X-Forwarded-For; a number for that many proxies in a row',
  },
  {
    name: 'SHED_EVENT_LOOP_DELAY_MS',
    default: '40',
    meaning: 'past this event-loop delay (ms) some requests get a quick 503 + Retry-After instead of queueing; 0 = off',
  },
  { name: 'NODE_ENV', default: 'development', meaning: '`production` requires COOKIE_SECRET' },
  {
    name: 'RATING_PRIOR_VOTES',
    default: String(DEFAULT_PRIOR_VOTES),
    meaning: 'm in the weighted "top rated" ranking',
  },
  { name: 'VOTES_PER_IP_PER_FILM', default: '3', meaning: 'counted votes per film per IP hash per 24 h' },
  { name: 'WRITES_PER_VISITOR_PER_MINUTE', default: '30', meaning: 'rating/like writes per visitor per minute' },
  { name: 'WRITES_PER_IP_PER_MINUTE', default: '120', meaning: 'rating/like/comment writes per IP hash per minute' },
  { name: 'COMMENTS_PER_VISITOR_PER_MINUTE', default: '5', meaning: 'comments one visitor may post per minute' },
  { name: 'COMMENTS_PER_IP_PER_MINUTE', default: '30', meaning: 'comments one IP hash may post per minute' },
  { name: 'AKISMET_KEY', default: 'unset (off)', meaning: 'turns on the optional Akismet spam check' },
  { name: 'AKISMET_URL', default: 'https://rest.akismet.com', meaning: 'the Akismet service to call' },
  {
    name: 'IMPORT_MAX_BYTES',
    default: '268435456 (256 MB)',
    meaning: 'bytes an import file may hold once un-gzipped (a larger one stops there); also the largest import upload',
  },
  {
    name: 'IMPORT_MAX_RECORD_BYTES',
    default: '1048576 (1 MB)',
    meaning: 'bytes one CSV record or one JSON film may hold (a longer one is rejected, or stops a JSON import)',
  },
  { name: 'IMPORT_MAX_ROWS', default: '1000000', meaning: 'records one import file may hold (good or bad)' },
  { name: 'POSTER_MAX_PIXELS', default: '40000000', meaning: 'width × height a poster may have' },
  { name: 'POSTER_MAX_ASPECT_RATIO', default: '20', meaning: 'how many times longer one side of a poster may be' },
  {
    name: 'SMTP_URL',
    default: 'unset (email off)',
    meaning: '`smtp://user:pass@host:587` or `smtps://…:465`; unset = mail is written to DATA_DIR/outbox/*.eml',
  },
  {
    name: 'MAIL_REPLIES_PER_DAY',
    default: '10',
    meaning: 'reply notification mails one address gets per 24 h at most',
  },
  { name: 'MAIL_FROM', default: 'Reelhouse <noreply@PUBLIC_URL host>', meaning: 'the From of every mail sent' },
];

function parseCount(env: Env, name: string, fallback: number, min: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    problems.push(`${name}: expected a whole number >= ${min}, got "${raw}"`);
    return fallback;
  }
  return value;
}

export function parseDatabaseUrl(raw: string): DatabaseTarget | string {
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) return { dialect: 'postgres', url: raw };
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) return 'DATABASE_URL: sqlite: needs a file path, e.g. sqlite:./var/reelhouse.db';
    return { dialect: 'sqlite', file: path.resolve(file) };
  }
  return `DATABASE_URL: expected sqlite:PATH or postgres://…, got "${raw}"`;
}

function parseSwitch(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'on', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'off', 'false', 'no'].includes(raw)) return false;
  problems.push(`${name}: expected on or off, got "${env[name]}"`);
  return fallback;
}

/** TRUST_PROXY: off (0), on (1), or how many proxies in a row append to X-Forwarded-For. */
function parseProxyHops(env: Env, problems: string[]): number {
  const raw = env.TRUST_PROXY?.trim().toLowerCase();
  if (raw !== undefined && /^\d+$/.test(raw) && Number(raw) > 1) {
    if (Number(raw) <= 10) return Number(raw);
    problems.push(`TRUST_PROXY: expected on, off or a number of proxies up to 10, got "${env.TRUST_PROXY}"`);
    return 0;
  }
  return parseSwitch(env, 'TRUST_PROXY', false, problems) ? 1 : 0;
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const isProduction = env.NODE_ENV === 'production';

  const portRaw = env.PORT ?? '3000';
  const port = Number(portRaw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT: expected 0..65535, got "${portRaw}"`);
  const host = env.HOST || '0.0.0.0';

  const dataDir = path.resolve(env.DATA_DIR || './var');
  const database = parseDatabaseUrl(env.DATABASE_URL || `sqlite:${path.join(dataDir, 'reelhouse.db')}`);
  if (typeof database === 'string') problems.push(database);

  let cookieSecrets = (env.COOKIE_SECRET ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (cookieSecrets.length === 0) {
    if (isProduction) problems.push('COOKIE_SECRET: required when NODE_ENV=production (32+ random characters)');
    cookieSecrets = [randomBytes(32).toString('hex')];
  } else if (cookieSecrets.some((s) => s.length < 32)) {
    problems.push('COOKIE_SECRET: each key needs at least 32 characters');
  }

  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}`);

  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(publicUrl)) problems.push(`PUBLIC_URL: expected http(s)://host, got "${publicUrl}"`);

  const akismetUrl = (env.AKISMET_URL || 'https://rest.akismet.com').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(akismetUrl)) problems.push(`AKISMET_URL: expected http(s)://host, got "${akismetUrl}"`);

  const smtpUrl = env.SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\/[^/]+/.test(smtpUrl)) problems.push('SMTP_URL: expected smtp://host:port or smtps://…');
  const mailFrom = env.MAIL_FROM?.trim() || `Reelhouse <noreply@${hostOf(publicUrl)}>`;
  if (/[\r\n]/.test(mailFrom) || !/@/.test(mailFrom))
    problems.push('MAIL_FROM: expected an address, e.g. Site <a@b.org>');

  const config: Config = {
    host,
    port,
    publicUrl,
    database: typeof database === 'string' ? { dialect: 'sqlite', file: '' } : database,
    dataDir,
    posterDir: path.resolve(env.POSTER_DIR || path.join(dataDir, 'posters')),
    cookieSecrets,
    ipHashSalt: env.IP_HASH_SALT || `ip:${cookieSecrets[0]}`,
    logLevel,
    pageCache: parseSwitch(env, 'PAGE_CACHE', true, problems),
    importDemo: parseSwitch(env, 'IMPORT_DEMO', true, problems),
    trustProxy: parseProxyHops(env, problems),
    shedEventLoopDelayMs: parseCount(env, 'SHED_EVENT_LOOP_DELAY_MS', 40, 0, problems),
    relatedWorker: parseSwitch(env, 'RELATED_WORKER', true, problems),
    isProduction,
    engagement: {
      ratingPriorVotes: parseCount(env, 'RATING_PRIOR_VOTES', DEFAULT_PRIOR_VOTES, 0, problems),
      votesPerIpPerFilm: parseCount(env, 'VOTES_PER_IP_PER_FILM', 3, 1, problems),
      writesPerVisitorPerMinute: parseCount(env, 'WRITES_PER_VISITOR_PER_MINUTE', 30, 1, problems),
      writesPerIpPerMinute: parseCount(env, 'WRITES_PER_IP_PER_MINUTE', 120, 1, problems),
      commentsPerVisitorPerMinute: parseCount(env, 'COMMENTS_PER_VISITOR_PER_MINUTE', 5, 1, problems),
      commentsPerIpPerMinute: parseCount(env, 'COMMENTS_PER_IP_PER_MINUTE', 30, 1, problems),
    },
    akismet: env.AKISMET_KEY?.trim() ? { key: env.AKISMET_KEY.trim(), url: akismetUrl } : null,
    limits: {
      importMaxBytes: parseCount(env, 'IMPORT_MAX_BYTES', DEFAULT_LIMITS.importMaxBytes, 1024, problems),
      importMaxRecordBytes: parseCount(
        env,
        'IMPORT_MAX_RECORD_BYTES',
        DEFAULT_LIMITS.importMaxRecordBytes,
        1024,
        problems,
      ),
      importMaxRows: parseCount(env, 'IMPORT_MAX_ROWS', DEFAULT_LIMITS.importMaxRows, 1, problems),
      posterMaxPixels: parseCount(env, 'POSTER_MAX_PIXELS', DEFAULT_LIMITS.posterMaxPixels, 40_000, problems),
      posterMaxAspectRatio: parseCount(
        env,
        'POSTER_MAX_ASPECT_RATIO',
        DEFAULT_LIMITS.posterMaxAspectRatio,
        1,
        problems,
      ),
    },
    mail: { smtpUrl, from: mailFrom, repliesPerDay: parseCount(env, 'MAIL_REPLIES_PER_DAY', 10, 1, problems) },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
