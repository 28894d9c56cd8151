import type { ActivityPage as Page } from '../activity.js';
import { ActivityList } from './ActivityList.js';

/** `/activity` (everyone's, shared) and `/activity/following` (a member's own, never cached). */
export function ActivityPage(props: {
  tab: 'everyone' | 'following';
  page: Page;
  flash?: string | null;
  signedIn: boolean;
}) {
  const everyone = props.tab === 'everyone';
  return (
    <div class="page activity-page">
      <h1>Activity</h1>
      {props.flash && (
        <p class="notice" role="status">
          {props.flash}
        </p>
      )}
      <nav class="tabs" aria-label="Whose activity">
        <ul>
          <li>
            <a href="/activity" aria-current={everyone ? 'page' : undefined}>
              Everyone
            </a>
          </li>
          <li>
            <a href="/activity/following" aria-current={everyone ? undefined : 'page'}>
              Following
            </a>
          </li>
        </ul>
      </nav>
      {everyone && (
        <p>
          Reviews, ratings of 4 stars and more, public diary entries and lists by members with a public profile.{' '}
          <a href="/activity.xml">Feed (Atom)</a>
        </p>
      )}
      {!everyone && !props.signedIn ? (
        <p>
          <a href="/login?next=%2Factivity%2Ffollowing">Sign in</a> to see what the members you follow did.
        </p>
      ) : (
        <ActivityList
          items={props.page.items}
          next={props.page.next}
          basePath={everyone ? '/activity' : '/activity/following'}
          empty={
            everyone
              ? 'Nothing yet.'
              : 'Nothing from the members you follow yet. Follow members from their profile page.'
          }
        />
      )}
    </div>
  );
}
