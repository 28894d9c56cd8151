import { CsrfField } from '../../../views/render-marks.js';

export function EditCommentPage(props: {
  comment: { id: number; author_name: string; status: string; body: string };
  filmTitle: string;
}) {
  const c = props.comment;
  return (
    <>
      <p>
        By <strong>{c.author_name}</strong> on “{props.filmTitle}”, status <strong>{c.status}</strong>.
      </p>
      <form method="post" action={`/admin/comments/${c.id}/edit`} class="form">
        <CsrfField />
        <div class="field">
          <label for="edit-body">Comment text</label>
          <textarea id="edit-body" name="body" rows={8}>
            {c.body}
          </textarea>
        </div>
        <button type="submit" class="button">
          Save changes
        </button>
      </form>
      <h2>Reply as the site</h2>
      <form method="post" action={`/admin/comments/${c.id}/reply`} class="form">
        <CsrfField />
        <div class="field">
          <label for="reply-body">Your reply (published at once)</label>
          <textarea id="reply-body" name="body" rows={5} />
        </div>
        <button type="submit" class="button">
          Publish reply
        </button>
      </form>
    </>
  );
}
