import type { ProfileMemberRow, ProfileStats } from './diary.types.js';

/** schema.org ProfilePage about the member as a Person (https://schema.org/ProfilePage). */
export function profileJsonLd(member: ProfileMemberRow, stats: ProfileStats, publicUrl: string): object {
  const url = `${publicUrl}/u/${member.handle}`;
  return {
    '@context': 'https://schema.org',
    '@type': 'ProfilePage',
    url,
    dateCreated: member.createdAt,
    mainEntity: {
      '@type': 'Person',
      name: member.displayName,
      alternateName: `@${member.handle}`,
      identifier: member.handle,
      url,
      ...(member.bio ? { description: member.bio } : {}),
      interactionStatistic: {
        '@type': 'InteractionCounter',
        interactionType: 'https://schema.org/WatchAction',
        userInteractionCount: stats.filmsWatched,
      },
    },
  };
}
