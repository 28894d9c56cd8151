import { DEFAULT_PRIOR_VOTES } from '../config.js';

/** Every setting an admin can change, with its default and its bounds. Stored as JSON per key. */
export interface SiteSettings {
  siteTitle: string;
  tagline: string;
  filmsPerPage: number;
  /** m in the weighted rating. */
  ratingPriorVotes: number;
  /** Comment moderation (applied by the comments feature). */
  holdFirstComment: boolean;
  holdIfMoreLinksThan: number;
  moderationWords: string[];
  disallowedWords: string[];
  /** Spam filter thresholds on a 0..1 score (applied by the spam filter). */
  spamPendingAbove: number;
  spamRejectAbove: number;
  /** Domains whose links (in the website field or the comment) mark a comment as spam; subdomains included. */
  spamBlockedDomains: string[];
  /** Days a comment filed as spam is kept in the Spam tab before the scheduled purge. */
  spamRetentionDays: number;
  /** Deepest reply level shown with a Reply link. */
  commentThreadDepth: number;
  /** Days a trashed comment is kept before the scheduled purge. */
  trashRetentionDays: number;
  /** Days a comment keeps its commenter's IP hash. */
  ipHashRetentionDays: number;
}

export const DEFAULT_SETTINGS: SiteSettings = {
  siteTitle: 'Reelhouse',
  tagline: 'Films worth talking about, from the silent era to now.',
  filmsPerPage: 24,
  ratingPriorVotes: DEFAULT_PRIOR_VOTES,
  holdFirstComment: true,
  holdIfMoreLinksThan: 2,
  moderationWords: [],
  disallowedWords: [],
  // Measured by `npm run eval:spam` (leave-one-file-out ham FPR under 1 %): see the README's "Spam filter".
  spamPendingAbove: 0.3,
  spamRejectAbove: 0.95,
  spamBlockedDomains: [],
  spamRetentionDays: 30,
  commentThreadDepth: 5,
  trashRetentionDays: 30,
  ipHashRetentionDays: 60,
};

const words = (raw: string) =>
  [
    ...new Set(
      raw
        .split(/[\n,]/)
        .map((w) => w.trim().toLowerCase())
        .filter(Boolean),
    ),
  ].slice(0, 500);

function intIn(raw: string | undefined, name: string, min: number, max: number, problems: Record<string, string>) {
  const value = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    problems[name] = `${name}: a whole number from ${min} to ${max}`;
    return min;
  }
  return value;
}

function numberIn(raw: string | undefined, name: string, min: number, max: number, problems: Record<string, string>) {
  const value = Number(raw);
  if (raw === undefined || raw.trim() === '' || Number.isNaN(value) || value < min || value > max) {
    problems[name] = `${name}: a number from ${min} to ${max}`;
    return min;
  }
  return value;
}

/** Parse the settings form; problems are keyed by field, so the form can show each next to its field. */
export function parseSettingsForm(form: Record<string, string | undefined>): {
  settings: SiteSettings;
  problems: Record<string, string>;
} {
  const problems: Record<string, string> = {};
  const text = (name: keyof SiteSettings, max: number) => {
    const value = (form[name] ?? '').trim();
    if (!value) problems[name] = `${name}: required`;
    else if (value.length > max) problems[name] = `${name}: at most ${max} characters`;
    return value;
  };
  const settings: SiteSettings = {
    siteTitle: text('siteTitle', 80),
    tagline: text('tagline', 200),
    filmsPerPage: intIn(form.filmsPerPage, 'filmsPerPage', 6, 96, problems),
    ratingPriorVotes: intIn(form.ratingPriorVotes, 'ratingPriorVotes', 0, 1000, problems),
    holdFirstComment: form.holdFirstComment === 'on',
    holdIfMoreLinksThan: intIn(form.holdIfMoreLinksThan, 'holdIfMoreLinksThan', 0, 100, problems),
    moderationWords: words(form.moderationWords ?? ''),
    disallowedWords: words(form.disallowedWords ?? ''),
    spamPendingAbove: numberIn(form.spamPendingAbove, 'spamPendingAbove', 0, 1, problems),
    spamRejectAbove: numberIn(form.spamRejectAbove, 'spamRejectAbove', 0, 1, problems),
    spamBlockedDomains: words(form.spamBlockedDomains ?? '').map((d) =>
      d.replace(/^(?:https?:\/\/)?(?:www\.)?/, '').replace(/\/.*$/, ''),
    ),
    spamRetentionDays: intIn(form.spamRetentionDays ?? '30', 'spamRetentionDays', 1, 3650, problems),
    commentThreadDepth: intIn(form.commentThreadDepth ?? '5', 'commentThreadDepth', 1, 10, problems),
    trashRetentionDays: intIn(form.trashRetentionDays ?? '30', 'trashRetentionDays', 1, 3650, problems),
    ipHashRetentionDays: intIn(form.ipHashRetentionDays ?? '60', 'ipHashRetentionDays', 1, 3650, problems),
  };
  if (!problems.spamRejectAbove && !problems.spamPendingAbove && settings.spamRejectAbove < settings.spamPendingAbove) {
    problems.spamRejectAbove = 'spamRejectAbove: must not be below spamPendingAbove';
  }
  return { settings, problems };
}
