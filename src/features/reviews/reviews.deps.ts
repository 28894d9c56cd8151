import type { AppContext } from '../../kernel/context.js';
import type { CommentHooks } from '../comments/index.js';
import type { ReviewHooks } from './reviews.service.js';

/** What the reviews routes are given: the context, and what other features add (the spam filter), from routes.ts. */
export interface ReviewsDeps {
  ctx: AppContext;
  hooks: ReviewHooks;
  /** Replies to reviews are comments: they pass the comments' hooks (spam checks, form fields, mail). */
  commentHooks: CommentHooks;
}
