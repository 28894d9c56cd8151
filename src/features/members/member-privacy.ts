import { MEMBER_SESSION_POLICY, UNCONFIRMED_PURGE_MS } from './member.js';

const days = (ms: number) => Math.round(ms / 86_400_000);

/**
 * What /privacy says about accounts, written next to the tables it describes (members.table.ts) so that a new
 * column comes with its sentence. The comments feature shows it (a PrivacySection, wired in server/routes.ts).
 */
export const membersPrivacySection = {
  heading: 'If you have an account',
  items: [
    {
      what: 'Account',
      detail:
        'your email address, display name, handle, the short text about you if you wrote one, whether your profile and watchlist are public, when you joined and when you confirmed your address.',
    },
    {
      what: 'Password',
      detail: 'only a one-way hash (argon2id); nobody, admins included, can read it back.',
    },
    {
      what: 'Sessions',
      detail: `for each browser you are signed in on: a hash of its session cookie, a salted hash of its network address, its browser name and when it was last used. A session ends after ${days(MEMBER_SESSION_POLICY.idleMs)} days unused, ${days(MEMBER_SESSION_POLICY.absoluteMs)} days at most, or when you sign out, sign out everywhere or change your password.`,
    },
    {
      what: 'Your ratings, likes and comments',
      detail:
        'are stored as for a guest, under your account’s own visitor id. When you join or sign in, those made as a guest in that browser move to your account.',
    },
    {
      what: 'Links we mail you',
      detail:
        'to confirm your address (valid 7 days), reset your password (1 hour) or change your address (7 days): only a hash of each, deleted with your account.',
    },
    {
      what: 'Unconfirmed accounts',
      detail: `are deleted ${days(UNCONFIRMED_PURGE_MS)} days after joining.`,
    },
    {
      what: 'Your controls',
      detail:
        'at /settings you can download everything as JSON or CSV, and delete your account, keeping what you wrote as “Deleted member” or removing it too.',
    },
  ],
};
