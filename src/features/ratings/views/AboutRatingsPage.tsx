export function AboutRatingsPage(props: {
  priorVotes: number;
  votesPerIp: number;
  windowHours: number;
  limits: { writesPerVisitorPerMinute: number; writesPerIpPerMinute: number };
}) {
  const m = props.priorVotes;
  return (
    <article class="prose">
      <h1>How ratings work</h1>
      <h2>Voting</h2>
      <p>
        Anyone can rate a film from half a star to five stars, once: voting again changes your vote, and you can remove
        it. No account is needed. Your browser keeps a random visitor id in a cookie, made the first time you rate or
        like something; it is how the site knows which vote is yours. Nothing else about you is attached to it.
      </p>
      <p>
        A film's score is the plain average of its counted votes, shown with one decimal, next to the number of votes
        and how they spread over the five stars.
      </p>
      <h2>Top rated</h2>
      <p>
        A film with two five-star votes should not outrank one with three hundred votes averaging 4.6. The{' '}
        <a href="/top-rated">Top rated</a> list and the “top rated” sort therefore use a Bayesian weighted rating, the
        formula IMDb used for its Top 250:
      </p>
      <p class="formula">
        <code>WR = v/(v+m) · R + m/(v+m) · C</code>
      </p>
      <ul>
        <li>
          <code>R</code> is the film's average rating and <code>v</code> its number of counted votes;
        </li>
        <li>
          <code>C</code> is the average of every counted vote on the site;
        </li>
        <li>
          <code>m</code> = {m} is how many votes' worth of the site average each film starts with.
        </li>
      </ul>
      <p>
        A film with few votes is pulled towards the site average; as votes arrive its own average takes over. Films with
        fewer than {m} votes are listed after those with at least {m}.
      </p>
      <h2>Keeping it fair</h2>
      <p>
        Clearing cookies makes a new visitor, so one person could vote many times. To stop that moving a film's score,
        at most {props.votesPerIp} votes on one film from the same network address count within {props.windowHours}{' '}
        hours. Further votes are kept, shown to their voter as theirs, and carry no weight until a moderator reviews
        them. The address itself is never stored: only a salted one-way hash of it, used for these limits.
      </p>
      <p>
        Each visitor can rate or like up to {props.limits.writesPerVisitorPerMinute} times a minute, and each network
        address up to {props.limits.writesPerIpPerMinute} times a minute; past that the site asks you to wait.
      </p>
    </article>
  );
}
