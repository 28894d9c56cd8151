/** What the like button shows: the film's like count and whether this visitor likes it. */
export interface LikeView {
  likes: number;
  liked: boolean;
}
