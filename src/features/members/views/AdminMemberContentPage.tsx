import { excerpt } from '../../../lib/excerpt.js';
import type { MemberContent } from '../member-content.js';

const day = (iso: string) => iso.slice(0, 10);

/** One member's content for moderators: what they rated, liked and wrote, newest first. */
export function AdminMemberContentPage(props: { content: MemberContent }) {
  const { member, ratings, likes, comments } = props.content;
  return (
    <>
      <p>
        <a href="/admin/members">All members</a>
      </p>
      <dl class="facts">
        <dt>Member</dt>
        <dd>
          {member.display_name} <a href={`/u/${member.handle}`}>@{member.handle}</a>
        </dd>
        <dt>Email</dt>
        <dd>{member.email}</dd>
        <dt>Joined</dt>
        <dd>{day(member.created_at)}</dd>
        <dt>State</dt>
        <dd>
          {member.suspended_at
            ? `Suspended ${day(member.suspended_at)}`
            : member.confirmed_at
              ? 'Active'
              : 'Unconfirmed'}
        </dd>
      </dl>
      <h2>Ratings ({ratings.total})</h2>
      {ratings.latest.length === 0 ? (
        <p class="muted">No ratings.</p>
      ) : (
        <ul>
          {ratings.latest.map((r) => (
            <li key={r.film}>
              <a href={`/film/${r.film}`}>{r.title}</a>: {r.stars} stars, {day(r.ratedAt)}
            </li>
          ))}
        </ul>
      )}
      <h2>Likes ({likes.total})</h2>
      {likes.latest.length === 0 ? (
        <p class="muted">No likes.</p>
      ) : (
        <ul>
          {likes.latest.map((l) => (
            <li key={l.film}>
              <a href={`/film/${l.film}`}>{l.title}</a>, {day(l.likedAt)}
            </li>
          ))}
        </ul>
      )}
      <h2>Comments ({comments.total})</h2>
      {comments.byStatus.length > 0 && <p>{comments.byStatus.map(([status, n]) => `${n} ${status}`).join(' · ')}</p>}
      {comments.latest.length === 0 ? (
        <p class="muted">No comments.</p>
      ) : (
        <ul>
          {comments.latest.map((c) => (
            <li key={c.id}>
              <a href={c.film_slug ? `/film/${c.film_slug}#comment-${c.id}` : `/list/${c.list_id}#comment-${c.id}`}>
                {day(c.created_at)}
              </a>{' '}
              ({c.status}): {excerpt(c.body, 140)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
