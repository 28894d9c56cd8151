import type { DbOrTx } from '../../db/database.js';
import { AppError } from '../../kernel/errors.js';
import type { SignedInMember } from '../../kernel/member.js';
import { averageStars } from '../ratings/index.js';
import { countEntries, listEntries } from './diary.repository.js';
import type { Profile, WatchlistPart } from './diary.types.js';
import {
  countLikes,
  countWatched,
  findProfileMember,
  recentLikes,
  topDirectors,
  topGenres,
  votesByScore,
} from './profile.repository.js';
import { countWatchlist, listWatchlist } from './watchlist.repository.js';

/** A profile nobody may see looks exactly like one that does not exist. */
export const noProfile = () =>
  new AppError('not_found', 'There is no public profile at this address: it does not exist, or it is private.');

/**
 * The member behind a handle as this viewer may see them: suspended members are gone for everyone, a private profile
 * is its owner's alone.
 */
export async function visibleMember(db: DbOrTx, handle: string, viewer: SignedInMember | null) {
  const member = await findProfileMember(db, handle);
  if (!member || member.suspendedAt) throw noProfile();
  const isOwner = viewer?.id === member.id;
  if (member.profilePublic !== 1 && !isOwner) throw noProfile();
  return { member, isOwner };
}

/** Everything the profile shows, in a fixed number of aggregate queries whatever the diary's size. */
export async function getProfile(
  db: DbOrTx,
  handle: string,
  viewer: SignedInMember | null,
  now: Date,
): Promise<Profile> {
  const { member, isOwner } = await visibleMember(db, handle, viewer);
  // A public profile is one page for everyone (cached): what it holds may not depend on who asked first. The owner's
  // extras there are links in a part only they are sent; their private entries are on /me/diary.
  const shared = member.profilePublic === 1;
  const publicOnly = true;
  const yearStart = `${now.getUTCFullYear()}-01-01`;
  const watchlistPart = async (): Promise<WatchlistPart> => {
    const [total, films] = await Promise.all([
      countWatchlist(db, member.id),
      listWatchlist(db, member.id, { limit: 12, offset: 0 }),
    ]);
    return { total, films };
  };
  const [watched, votes, genres, directors, recentDiary, likeTotal, likes, watchlist] = await Promise.all([
    countWatched(db, member.id, publicOnly, yearStart),
    votesByScore(db, member.visitorId),
    topGenres(db, member.id, publicOnly, 5),
    topDirectors(db, member.id, publicOnly, 5),
    listEntries(db, member.id, { publicOnly, limit: 8, offset: 0 }),
    countLikes(db, member.visitorId),
    recentLikes(db, member.visitorId, 12),
    member.watchlistPublic === 1 || (isOwner && !shared) ? watchlistPart() : Promise.resolve(null),
  ]);
  const histogram = Array.from({ length: 10 }, (_, i) => votes.get(i + 1) ?? 0);
  const ratings = histogram.reduce((a, b) => a + b, 0);
  const scoreSum = histogram.reduce((sum, n, i) => sum + n * (i + 1), 0);
  const isPublicList = member.watchlistPublic === 1;
  return {
    member,
    isOwner: isOwner && !shared,
    stats: {
      filmsWatched: watched.films,
      thisYear: watched.thisYear,
      entries: watched.entries,
      ratings,
      averageStars: averageStars(scoreSum, ratings),
      histogram,
      topGenres: genres,
      topDirectors: directors,
    },
    recentDiary,
    likes: { total: likeTotal, films: likes },
    watchlist: isPublicList ? watchlist : null,
    ownerWatchlist: !isPublicList && isOwner && !shared ? watchlist : null,
  };
}

export async function publicDiaryPage(db: DbOrTx, memberId: number, page: number, size: number, publicOnly: boolean) {
  const total = await countEntries(db, memberId, publicOnly);
  const pageCount = Math.max(1, Math.ceil(total / size));
  const number = Math.min(Math.max(1, page), pageCount);
  const entries = await listEntries(db, memberId, { publicOnly, limit: size, offset: (number - 1) * size });
  return { entries, total, page: number, pageCount };
}
