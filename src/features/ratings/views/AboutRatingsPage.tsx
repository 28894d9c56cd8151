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
      <h2 id="members-and-guests">Members and guests</h2>
      <p>
        You can rate without an account (as a guest) or signed in (as a member). Under a film's score you see the two
        apart, for example “Members 4.1 (320) · Guests 3.6 (40)”: the average and number of votes of members, then the
        same for guests. Votes a previous version of this site collected before it moved here count as guests' votes,
        since whoever cast them had no account here.
      </p>
      <p>
        The big number is the combined figure: the average of every counted vote, members' and guests' together, each
        vote weighing the same. It is the only figure used to rank films. When you create an account or sign in, the
        votes you cast as a guest in that browser become your member votes; if you had rated the same film both ways,
        only your newer rating is kept, so no one is counted twice.
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
        fewer than {m} votes are listed after those with at least {m}. Here <code>R</code>, <code>v</code> and{' '}
        <code>C</code> are combined figures: members' and guests' votes count alike.
      </p>
      <h2>Keeping it fair</h2>
      <p>
        Clearing cookies makes a new guest, so one person could vote many times. To stop that moving a film's score, at
        most {props.votesPerIp} guests' votes on one film from the same network address count within {props.windowHours}{' '}
        hours. Further guests' votes are kept, shown to their voter as theirs, and carry no weight until a moderator
        reviews them. The address itself is never stored: only a salted one-way hash of it, used for these limits.
      </p>
      <p>
        This limit is for guests only. A member's vote always counts, even when many people share one network (a family,
        an office, a university): an account stands for one person with a confirmed address, and each member has one
        vote per film however many browsers they use. Members' votes do not use up a network's allowance for guests
        either. If a guest's vote was held back and that guest then signs in, the vote becomes a member's and counts.
        While a moderator has suspended a member, that member's votes count nowhere (averages, histograms, the members'
        figure, Top rated); they count again if the member is restored.
      </p>
      <p>
        Each visitor can rate or like up to {props.limits.writesPerVisitorPerMinute} times a minute, and each network
        address up to {props.limits.writesPerIpPerMinute} times a minute; past that the site asks you to wait.
      </p>
    </article>
  );
}
