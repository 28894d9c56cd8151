import { FlatThread, type FlatThreadForm, type FormExtra } from '../../comments/index.js';
import type { ListComment } from '../list.js';

/** What a refused comment form shows again. */
export type ListCommentForm = FlatThreadForm;

/** The list's comment thread and form (the comments feature's flat thread: a guest's and a member's variant). */
export function ListComments(props: {
  listId: number;
  comments: ListComment[];
  extras: FormExtra[];
  form?: ListCommentForm;
}) {
  return (
    <FlatThread
      anchor="comments"
      idPrefix="list-comment"
      class="list-comments"
      heading="Comments"
      empty="No comments yet."
      bodyLabel="Your comment"
      submitLabel="Post comment"
      action={`/lists/${props.listId}/comments`}
      items={props.comments}
      extras={props.extras}
      form={props.form}
    />
  );
}
