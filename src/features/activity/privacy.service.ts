import type { DbOrTx } from '../../db/database.js';

/** Whom a member follows and who follows them, for "export my data" (the members feature includes it). */
export async function exportFollowsOf(db: DbOrTx, memberId: number) {
  const [following, followers] = await Promise.all([
    db
      .selectFrom('member_follows as f')
      .innerJoin('members as m', 'm.id', 'f.followed_id')
      .select(['m.handle', 'f.created_at as since'])
      .where('f.follower_id', '=', memberId)
      .orderBy('f.created_at')
      .execute(),
    db
      .selectFrom('member_follows as f')
      .innerJoin('members as m', 'm.id', 'f.follower_id')
      .select(['m.handle', 'f.created_at as since'])
      .where('f.followed_id', '=', memberId)
      .orderBy('f.created_at')
      .execute(),
  ]);
  return { following, followers };
}

/** What /privacy says about following and the activity feed (a PrivacySection, wired in server/routes.ts). */
export const activityPrivacySection = {
  heading: 'Following and the activity feed',
  items: [
    {
      what: 'Follows',
      detail:
        'whom you follow and since when. The members you follow, and those who follow you, are listed on your profile while it is public; your feed of the members you follow is shown to you alone.',
    },
    {
      what: 'Activity',
      detail:
        'for each review, rating, diary entry or list you make: what it was, the film or list it was about, and when. It only points at the thing itself, which is checked each time the feed is read: /activity shows approved reviews, ratings of 4 stars or more, public diary entries and public lists of members with a public profile, and nothing private. Making your profile private, or the thing private, takes it out at once; history you import never appears there.',
    },
    {
      what: 'When you leave',
      detail: 'your activity and your follows, both ways, are deleted with your account, whichever way you delete it.',
    },
  ],
};
