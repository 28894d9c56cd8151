/**
 * What /privacy says about members' ratings as others see them and their personal API tokens (decision 034), beside
 * the account's own section (member-privacy.ts); wired in server/routes.ts like it.
 */
export const memberApiPrivacySection = {
  heading: 'Your ratings as a member, and your API tokens',
  items: [
    {
      what: 'Members’ and guests’ votes',
      detail:
        'a vote you cast while signed in counts as a member’s: the film page shows members’ and guests’ averages apart (one combined figure ranks films). Your votes always count, whatever network you vote from.',
    },
    {
      what: 'Your ratings in public',
      detail:
        'while your profile is public, the films you rated and your stars are listed on it and at /api/v1/users/…/ratings; make your profile private at /settings to hide them.',
    },
    {
      what: 'API tokens',
      detail:
        'for each token you create at /settings/tokens: its name, its first few characters, when it was created, last used and revoked, and a one-way hash of the token. The token itself is shown to you once and never stored. A token stops working when you revoke it or your account is suspended, and is deleted with your account.',
    },
    {
      what: 'Seen by',
      detail: 'the site’s admins and moderators see your ratings, likes and comments, to moderate.',
    },
  ],
};
