// The shapes the watchlist, diary and profile pass from storage to pages (rows as read, and the profile as shown).

export interface DiaryEntryRow {
  id: number;
  filmId: number;
  slug: string;
  title: string;
  year: number | null;
  watchedOn: string;
  score: number | null;
  rewatch: number;
  note: string;
  isPublic: number;
  createdAt: string;
  updatedAt: string;
}

export interface WatchlistFilmRow {
  filmId: number;
  slug: string;
  title: string;
  year: number | null;
  synopsis: string;
  posterKey: string | null;
  addedAt: string;
}

export interface ProfileMemberRow {
  id: number;
  handle: string;
  displayName: string;
  bio: string;
  visitorId: string;
  profilePublic: number;
  watchlistPublic: number;
  createdAt: string;
  suspendedAt: string | null;
}

export interface TermCount {
  slug: string;
  name: string;
  films: number;
}

export interface FilmRef {
  slug: string;
  title: string;
  year: number | null;
}

export interface ProfileStats {
  filmsWatched: number;
  thisYear: number;
  entries: number;
  ratings: number;
  /** Mean of the member's ratings in stars, one decimal; null with none. */
  averageStars: number | null;
  /** Ratings by half-star: index 0 is ½ star, index 9 is 5 stars. */
  histogram: number[];
  topGenres: TermCount[];
  topDirectors: TermCount[];
}

export interface WatchlistPart {
  total: number;
  films: WatchlistFilmRow[];
}

export interface Profile {
  member: ProfileMemberRow;
  /** The viewer is the owner of a private profile: the page is theirs alone (never shared or cached). */
  isOwner: boolean;
  stats: ProfileStats;
  recentDiary: DiaryEntryRow[];
  likes: { total: number; films: FilmRef[] };
  /** Shown to everyone when the member made it public; null otherwise (the owner gets it through `ownerWatchlist`). */
  watchlist: WatchlistPart | null;
  /** The owner's private watchlist, on their private profile (a page never shared). */
  ownerWatchlist: WatchlistPart | null;
}
