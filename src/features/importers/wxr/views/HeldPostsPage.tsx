import { CsrfField } from '../../../../views/render-marks.js';

export interface HeldPostView {
  source: string;
  postId: string;
  title: string;
  status: string;
  year: number | null;
  categories: string[];
  directors: string[];
  synopsis: string;
  /** The write-up, already sanitised (lib/markdown.ts). */
  html: string;
}

/** Film posts an import held back: what each holds, and a button to publish it. */
export function HeldPostsPage(props: { posts: HeldPostView[]; limit: number }) {
  if (props.posts.length === 0)
    return (
      <p>
        No imported film post is waiting. Drafts, pending, private and future posts of a WordPress import appear here.
      </p>
    );
  return (
    <>
      <p>
        These film posts were drafts, pending, private or scheduled on the old site: they are not public. Publishing one
        adds it to the catalog as the import adds a published post (categories, write-up, old address).
        {props.posts.length >= props.limit ? ` The oldest ${props.limit} are shown.` : ''}
      </p>
      <ul class="held-posts">
        {props.posts.map((p) => (
          <li key={`${p.source} ${p.postId}`} class="held-post" id={`held-${p.postId}`}>
            <h2>
              {p.title}
              {p.year ? ` (${p.year})` : ''}
            </h2>
            <p class="held-post__meta">
              {p.status} · WordPress post {p.postId}
              {p.categories.length ? ` · ${p.categories.join(', ')}` : ''}
              {p.directors.length ? ` · directed by ${p.directors.join(', ')}` : ''}
            </p>
            {p.synopsis ? <p>{p.synopsis}</p> : null}
            {p.html ? (
              <details>
                <summary>Write-up</summary>
                <div dangerouslySetInnerHTML={{ __html: p.html }} />
              </details>
            ) : null}
            <form method="post" action="/admin/drafts/publish" class="form form--inline">
              <CsrfField />
              <input type="hidden" name="source" value={p.source} />
              <input type="hidden" name="postId" value={p.postId} />
              <button type="submit">Publish “{p.title}”</button>
            </form>
          </li>
        ))}
      </ul>
    </>
  );
}
