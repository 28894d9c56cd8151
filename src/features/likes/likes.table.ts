export interface FilmLikeTable {
  film_id: number;
  visitor_id: string;
  ip_hash: string;
  created_at: string;
}

export interface FilmLikeStatsTable {
  film_id: number;
  like_count: number;
}

export interface LikesTables {
  film_likes: FilmLikeTable;
  film_like_stats: FilmLikeStatsTable;
}
