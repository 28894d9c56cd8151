import type { ReviewStatus } from './reviews.table.js';

/** A review is an essay, not a book: generous, yet a page of reviews stays a page. */
export const REVIEW_MAX = 20_000;
export const REVIEW_MIN = 2;

export interface ReviewInput {
  body: string;
  spoiler: boolean;
}

export type ReviewProblem = { field: 'body'; message: string; tooLarge: boolean };

/** What a member typed, tidied, or the problem named by its field (413 when over the limit, 400 otherwise). */
export function validateReview(raw: { body?: unknown; spoiler?: unknown }): {
  input: ReviewInput;
  problem?: ReviewProblem;
} {
  const body = (typeof raw.body === 'string' ? raw.body : '').replace(/\r\n?/g, '\n').trim();
  const spoiler = raw.spoiler === true || raw.spoiler === '1' || raw.spoiler === 'on';
  const input = { body, spoiler };
  if (body.length > REVIEW_MAX) {
    const message = `Review: at most ${REVIEW_MAX.toLocaleString('en-US')} characters (this one has ${body.length.toLocaleString('en-US')}).`;
    return { input, problem: { field: 'body', message, tooLarge: true } };
  }
  if (body.length < REVIEW_MIN) {
    return {
      input,
      problem: { field: 'body', message: `Review: write at least ${REVIEW_MIN} characters.`, tooLarge: false },
    };
  }
  return { input };
}

/** A review as the views and the API see it. */
export interface Review {
  id: number;
  film: { id: number; slug: string; title: string; year: number | null };
  /** Null once the member deleted their account and kept the review, anonymised. */
  author: { handle: string; displayName: string } | null;
  body: string;
  spoiler: boolean;
  status: ReviewStatus;
  likes: number;
  /** The author's rating of the film, 0.5..5 stars, or null when they did not rate it. */
  stars: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A review's own address: the film and the member (one review per member and film). */
export const reviewPath = (filmSlug: string, handle: string) =>
  `/film/${filmSlug}/reviews/${encodeURIComponent(handle)}`;

export const reviewFormPath = (filmSlug: string) => `/film/${filmSlug}/review`;

export type ReviewOrder = 'liked' | 'newest';

/** A review as the moderation queue lists it. */
export interface QueuedReview {
  id: number;
  body: string;
  spoiler: number;
  status: ReviewStatus;
  reasons: string;
  spam_score: number | null;
  created_at: string;
  film_slug: string;
  film_title: string;
  handle: string | null;
  display_name: string | null;
  suspended_at: string | null;
}

/** A reply to a review (a comment pointing at it), as the review page shows it. */
export interface ReviewReply {
  id: number;
  authorName: string;
  authorUrl: string | null;
  body: string;
  createdAt: string;
}
