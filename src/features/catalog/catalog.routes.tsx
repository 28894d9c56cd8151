import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext, FilmPageExtension } from '../../kernel/context.js';
import { AppError, filmNotFound } from '../../kernel/errors.js';
import { sendPage } from '../../kernel/render.js';
import { SlugParams } from '../../kernel/schemas.js';
import { dependsOn } from '../../kernel/versions.js';
import { takeFlash } from '../../kernel/visitor.js';
import { excerpt } from '../../lib/excerpt.js';
import { largestPosterUrl } from '../../lib/poster-key.js';
import { type ArchiveKind, type ArchivePosition, archiveHref, DEFAULT_SORT } from './archive.js';
import type { CatalogDeps } from './catalog.deps.js';
import { breadcrumbJsonLd, movieJsonLd, websiteJsonLd } from './catalog.jsonld.js';
import { ArchiveQuery } from './catalog.schemas.js';
import { archivePosition, getArchive, getBrowseLists, getFilmPage, getTermLists } from './catalog.service.js';
import { getHomePage } from './home.service.js';
import { ArchivePage } from './views/ArchivePage.js';
import { BrowsePage, CategoriesPage } from './views/BrowsePage.js';
import { FilmPage } from './views/FilmPage.js';
import { GenresPage, HomePage } from './views/HomePage.js';

/**
 * Render a film page with the given sections. Exported so a feature's form handler can answer a failed POST with the
 * page itself (status 400, what was typed kept, errors beside the fields); until such callers pass the sections,
 * they default to the ones on ctx.
 */
export async function renderFilmPage(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  slug: string,
  status = 200,
  filmSections: readonly FilmPageExtension[],
): Promise<FastifyReply> {
  const result = await getFilmPage(ctx.db, slug);
  if ('redirectTo' in result) return reply.redirect(`/film/${result.redirectTo}`, 301);
  if ('notFound' in result) throw filmNotFound();
  const { film } = result;
  // Its votes, likes and comments arrive under the film's own key; bulk changes (imports, moderation) under theirs.
  dependsOn(reply, `film:${film.id}`, 'engagement', 'comments');
  const sections = await Promise.all(filmSections.map((extend) => extend(film, request, reply)));
  const movie = Object.assign(movieJsonLd(film, ctx.config.publicUrl), ...sections.map((s) => s.movieJsonLd ?? {}));
  return sendPage(
    reply,
    ctx,
    {
      title: film.year ? `${film.title} (${film.year})` : film.title,
      description: excerpt(film.synopsis || film.title, 160),
      canonicalPath: `/film/${film.slug}`,
      ogType: 'video.movie',
      imagePath: film.posterKey ? (largestPosterUrl(film.posterKey) ?? undefined) : undefined,
      jsonLd: [movie, breadcrumbJsonLd(film, ctx.config.publicUrl)],
      feeds: sections.flatMap((s) => s.feeds ?? []),
    },
    <FilmPage film={film} publicUrl={ctx.config.publicUrl} sections={sections} flash={takeFlash(request, reply)} />,
    status,
  );
}

/** The catalog's pages: home, genres, film pages, and the category, genre and person archives. */
export const catalogPages: FastifyPluginAsyncTypebox<CatalogDeps> = async (
  app,
  { ctx, engagement, filmSections, homeSections = [] },
) => {
  const cached = { config: { pageCache: true } };

  app.get('/', cached, async (_request, reply) => {
    // "Most discussed" follows comments going public (at once or by moderation), "Highest rated" votes; the rest
    // only the catalog moves. Likes do not show here, so they retire nothing. Extra sections (site lists) say theirs.
    // Independent reads, at once: one round of waiting instead of three.
    const [extra, chrome, home] = await Promise.all([
      Promise.all(homeSections.map((section) => section())),
      ctx.chrome(),
      getHomePage(ctx.db, engagement, ctx.clock.now()),
    ]);
    dependsOn(reply, 'ratings', 'comments', 'discussion', ...extra.flatMap((section) => section.keys));
    return sendPage(
      reply,
      ctx,
      {
        title: chrome.siteTitle,
        description: chrome.tagline,
        canonicalPath: '/',
        jsonLd: [websiteJsonLd(chrome.siteTitle, ctx.config.publicUrl)],
      },
      <HomePage
        home={home}
        siteTitle={chrome.siteTitle}
        tagline={chrome.tagline}
        extra={extra.map((section) => section.node)}
      />,
    );
  });

  app.get('/genres', cached, async (_request, reply) => {
    dependsOn(reply);
    const { genres, categories } = await getTermLists(ctx.db);
    return sendPage(
      reply,
      ctx,
      { title: 'Genres', description: 'Every genre in the catalog.', canonicalPath: '/genres' },
      <GenresPage genres={genres} categories={categories} />,
    );
  });

  app.get('/categories', cached, async (_request, reply) => {
    dependsOn(reply);
    const { categories } = await getTermLists(ctx.db);
    const head = { title: 'Categories', description: 'Every category in the catalog.', canonicalPath: '/categories' };
    return sendPage(reply, ctx, head, <CategoriesPage categories={categories} />);
  });

  // The header links here (and overflows categories into it): categories, genres, decades and countries.
  app.get('/browse', cached, async (_request, reply) => {
    dependsOn(reply);
    const head = {
      title: 'Browse',
      description: 'Every category, genre, decade and country in the catalog.',
      canonicalPath: '/browse',
    };
    return sendPage(reply, ctx, head, <BrowsePage lists={await getBrowseLists(ctx.db)} />);
  });

  app.get(
    '/film/:slug',
    // Shared by every visitor: their own vote, like and saved details are personal parts filled in at serve time.
    { config: { pageCache: true }, schema: { params: SlugParams } },
    async (request, reply) => renderFilmPage(ctx, request, reply, request.params.slug, 200, filmSections),
  );

  for (const kind of ['category', 'genre', 'person', 'decade', 'country'] as const satisfies readonly ArchiveKind[]) {
    app.get(
      `/${kind}/:slug`,
      { ...cached, schema: { params: SlugParams, querystring: ArchiveQuery } },
      async (request, reply) => {
        const sort = request.query.sort ?? DEFAULT_SORT;
        // Sorted by rating, any vote may reorder it (the weighted score uses the site's mean); by likes, any like.
        if (sort === 'top-rated') dependsOn(reply, 'ratings', 'engagement');
        else if (sort === 'most-liked') dependsOn(reply, 'likes', 'engagement');
        else dependsOn(reply);
        const site = await ctx.settings();
        const position = archivePosition(sort, request.query);
        const result = await getArchive(ctx.db, kind, request.params.slug, {
          position,
          sort,
          pageSize: site.filmsPerPage,
        });
        if ('redirectTo' in result) return reply.redirect(archiveHref(kind, result.redirectTo, position, sort), 301);
        if ('notFound' in result) {
          // Decades and countries have no error codes of their own: no API answers about them.
          const code = kind === 'decade' || kind === 'country' ? 'not_found' : (`${kind}_not_found` as const);
          throw new AppError(code, `There is no ${kind} at this address.`);
        }
        const { archive } = result;
        if (archive.page && 'page' in position && archive.page.number !== position.page) {
          throw new AppError(
            'not_found',
            `Page ${position.page} does not exist; “${archive.term.name}” has ${archive.pageCount} page(s).`,
          );
        }
        const n = archive.page?.number;
        const href = (at: ArchivePosition) => archiveHref(kind, archive.term.slug, at, sort);
        return sendPage(
          reply,
          ctx,
          {
            title: n && n > 1 ? `${archive.term.name} – page ${n}` : archive.term.name,
            description: `${archive.total} films: ${archive.term.name}.`,
            canonicalPath: href(position),
            // A keyset page is one of many ways into the middle of a list: crawlers follow its links (every film is
            // in the sitemaps) but index the numbered pages.
            noindex: archive.page === null,
            prevPath: archive.previous ? href(archive.previous) : undefined,
            nextPath: archive.next ? href(archive.next) : undefined,
            feeds:
              kind === 'category'
                ? [
                    {
                      title: `${archive.term.name}: new films (RSS)`,
                      href: `/category/${archive.term.slug}/feed.xml`,
                      type: 'application/rss+xml',
                    },
                    {
                      title: `${archive.term.name}: new films (Atom)`,
                      href: `/category/${archive.term.slug}/feed.atom`,
                      type: 'application/atom+xml',
                    },
                  ]
                : undefined,
          },
          <ArchivePage kind={kind} archive={archive} publicUrl={ctx.config.publicUrl} />,
        );
      },
    );
  }
};
