import { CsrfField } from '../../../../views/render-marks.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The confirmation step: what goes with the film is stated before anything is deleted. */
export function DeleteFilmPage(props: {
  film: { id: number; title: string; year: number | null; slug: string; posterKey: string | null };
  removed: { ratings: number; likes: number; comments: number };
}) {
  const { film, removed } = props;
  return (
    <form method="post" action={`/admin/films/${film.id}/delete`} class="form">
      <CsrfField />
      <p>
        Delete <strong>{film.title}</strong>
        {film.year ? ` (${film.year})` : ''} from the catalog? This cannot be undone. With it go:
      </p>
      <ul class="delete-list">
        <li>{plural(removed.ratings, 'rating', 'ratings')}</li>
        <li>{plural(removed.likes, 'like', 'likes')}</li>
        <li>{plural(removed.comments, 'comment', 'comments')} (with their replies)</li>
        {film.posterKey && <li>its uploaded poster</li>}
        <li>
          its page <code>/film/{film.slug}</code> and every old address that redirected to it (they will answer “not
          found”)
        </li>
      </ul>
      <div class="form__actions">
        <button type="submit" class="button button--danger">
          Delete “{film.title}”
        </button>
        <a href={`/admin/films/${film.id}`}>Cancel, keep the film</a>
      </div>
    </form>
  );
}
