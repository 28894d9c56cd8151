import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { sendPage } from '../../kernel/render.js';
import { dependsOn, keepPrivate } from '../../kernel/versions.js';
import { PersonalChoice } from '../../views/render-marks.js';
import type { DiaryDeps } from './diary.deps.js';
import { DIARY_PAGE_SIZE } from './diary.js';
import { HandleParams, PageQuery } from './diary.schemas.js';
import { profileJsonLd } from './profile.jsonld.js';
import { getProfile, publicDiaryPage, visibleMember } from './profile.service.js';
import { DiaryPage } from './views/DiaryPages.js';
import { ProfilePage } from './views/ProfilePage.js';

/**
 * A public profile is one page for everyone, cached until what it shows changes: the member (name, bio, privacy,
 * suspension: `member:<id>`), their diary and watchlist (`profile:<id>`), their votes and likes (`ratings`, `likes`:
 * broad keys, as votes and likes do not yet name their member). A private profile is its owner's alone: never stored.
 */
function shareOrKeep(reply: FastifyReply, memberId: number, shared: boolean) {
  if (!shared) keepPrivate(reply);
  dependsOn(reply, `member:${memberId}`, `profile:${memberId}`);
}

export const profileRoutes: FastifyPluginAsyncTypebox<DiaryDeps> = async (app, { ctx, recentReviews, followBar }) => {
  app.get('/u/:handle', { config: { pageCache: true }, schema: { params: HandleParams } }, async (request, reply) => {
    const profile = await getProfile(ctx.db, request.params.handle, request.member, ctx.clock.now());
    const { member } = profile;
    shareOrKeep(reply, member.id, member.profilePublic === 1);
    dependsOn(reply, 'ratings', 'likes', 'engagement');
    const reviews = recentReviews ? await recentReviews({ id: member.id, handle: member.handle }) : null;
    const follow = followBar ? await followBar({ id: member.id, handle: member.handle }) : null;
    return sendPage(
      reply,
      ctx,
      {
        title: `${member.displayName} (@${member.handle})`,
        description: member.bio || `${member.displayName}’s films, diary and ratings.`,
        canonicalPath: `/u/${member.handle}`,
        noindex: member.profilePublic !== 1,
        jsonLd: [profileJsonLd(member, profile.stats, ctx.config.publicUrl)],
        feeds: [
          {
            title: `Reviews by ${member.displayName} (Atom)`,
            href: `/u/${member.handle}/reviews.xml`,
            type: 'application/atom+xml',
          },
        ],
      },
      <ProfilePage profile={profile} reviewsSlot={reviews} followSlot={follow} />,
    );
  });

  app.get(
    '/u/:handle/diary',
    { config: { pageCache: true }, schema: { params: HandleParams, querystring: PageQuery } },
    async (request, reply) => {
      const { member } = await visibleMember(ctx.db, request.params.handle, request.member);
      shareOrKeep(reply, member.id, member.profilePublic === 1);
      const diary = await publicDiaryPage(ctx.db, member.id, request.query.page ?? 1, DIARY_PAGE_SIZE, true);
      const base = `/u/${member.handle}/diary`;
      return sendPage(
        reply,
        ctx,
        {
          title: `${member.displayName}’s diary`,
          canonicalPath: diary.page > 1 ? `${base}?page=${diary.page}` : base,
          noindex: member.profilePublic !== 1,
          prevPath: diary.page > 1 ? (diary.page > 2 ? `${base}?page=${diary.page - 1}` : base) : undefined,
          nextPath: diary.page < diary.pageCount ? `${base}?page=${diary.page + 1}` : undefined,
        },
        <DiaryPage
          title={`${member.displayName}’s diary`}
          diary={diary}
          basePath={base}
          intro={
            <>
              <p>
                <a href={`/u/${member.handle}`}>Back to the profile</a>
              </p>
              <PersonalChoice
                slot={{ kind: 'owner', memberId: member.id }}
                variants={{
                  '': <></>,
                  owner: (
                    <p class="notice">
                      Only public entries are shown here. <a href="/me/diary">Edit your diary</a> (private entries too).
                    </p>
                  ),
                }}
              />
            </>
          }
        />,
      );
    },
  );
};
