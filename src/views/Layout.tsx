import type { ComponentChildren } from 'preact';
import { CsrfField, PersonalChoice, usePersonalText } from './render-marks.js';

export interface SiteChrome {
  siteTitle: string;
  tagline: string;
  /** Categories shown in the header nav, most films first. */
  navCategories: Array<{ slug: string; name: string }>;
  stylesheetHref: string;
  faviconHref: string;
  scriptHref: string;
  publicUrl: string;
}

export interface HeadMeta {
  title: string;
  description?: string;
  /** Path of the canonical URL, e.g. /film/heat-1995 (made absolute with PUBLIC_URL). */
  canonicalPath?: string;
  prevPath?: string;
  nextPath?: string;
  jsonLd?: object[];
  noindex?: boolean;
  /** OpenGraph type: `video.movie` on film pages. */
  ogType?: 'website' | 'video.movie';
  /** Feeds about this page, announced for feed readers (autodiscovery); the site-wide feed is always announced. */
  feeds?: Array<{ title: string; href: string; type: 'application/rss+xml' | 'application/atom+xml' }>;
  /** Path of the page's image (an uploaded poster), for link previews (og:image). */
  imagePath?: string;
  /** What the header's search box shows: the query, on the search page. */
  searchQuery?: string;
}

/** `</script>` inside JSON-LD would end the element early; escaping `<` keeps the JSON identical once parsed. */
function jsonLdText(data: object): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

/** Categories named in the header at desktop width; the rest are one click away under Browse. */
const INLINE_CATEGORIES = 3;

/**
 * The main navigation, for any number of categories: at desktop width a few inline and "Browse" for the rest; on a
 * phone a menu that opens without JavaScript (<details>). CSS shows one of the two, so a reader meets it once.
 */
function MainNav(props: { categories: SiteChrome['navCategories'] }) {
  const links = (categories: SiteChrome['navCategories']) => [
    ...categories.map((c) => (
      <li key={c.slug} class="site-nav__cat">
        <a href={`/category/${c.slug}`}>{c.name}</a>
      </li>
    )),
    <li key="genres">
      <a href="/genres">Genres</a>
    </li>,
    <li key="top">
      <a href="/top-rated">Top rated</a>
    </li>,
    <li key="browse">
      <a href="/browse">Browse</a>
    </li>,
  ];
  return (
    <nav class="site-nav" aria-label="Main">
      <ul class="site-nav__inline">{links(props.categories.slice(0, INLINE_CATEGORIES))}</ul>
      <details class="site-nav__menu">
        <summary class="site-nav__toggle">Menu</summary>
        <ul class="site-nav__panel">
          <li>
            <a href="/">Home</a>
          </li>
          {links(props.categories)}
          <li>
            <a href="/activity">Activity</a>
          </li>
        </ul>
      </details>
    </nav>
  );
}

/** The header's account links for a guest. */
function GuestNav() {
  return (
    <nav class="member-nav" aria-label="Account">
      <a href="/login">Sign in</a> <a href="/join">Join</a>
    </nav>
  );
}

/** The header's account part for a signed-in member: name and handle are filled in per member at serve time. */
function MemberNav() {
  const name = usePersonalText('member-name');
  const handle = usePersonalText('member-handle');
  return (
    <nav class="member-nav" aria-label="Account">
      <span>
        Signed in as <a href={`/u/${handle}`}>{name}</a>
      </span>{' '}
      {/* A menu that opens without JavaScript, like the main one, so the header stays one short line on a phone. */}
      <details class="member-nav__menu">
        <summary class="member-nav__toggle">Your account</summary>
        <ul class="member-nav__panel">
          <li>
            <a href="/me/diary">Diary</a>
          </li>
          <li>
            <a href="/me/watchlist">Watchlist</a>
          </li>
          <li>
            <a href="/my/lists">Your lists</a>
          </li>
          <li>
            <a href="/activity/following">Following</a>
          </li>
          <li>
            <a href="/settings">Settings</a>
          </li>
        </ul>
      </details>{' '}
      <form method="post" action="/logout" class="member-nav__logout">
        <CsrfField />
        <button type="submit" class="button button--small">
          Sign out
        </button>
      </form>
    </nav>
  );
}

export function Layout(props: { chrome: SiteChrome; head: HeadMeta; children: ComponentChildren }) {
  const { chrome, head } = props;
  const fullTitle = head.title === chrome.siteTitle ? head.title : `${head.title} – ${chrome.siteTitle}`;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        {head.description && <meta name="description" content={head.description} />}
        {head.noindex && <meta name="robots" content="noindex" />}
        {head.canonicalPath && <link rel="canonical" href={chrome.publicUrl + head.canonicalPath} />}
        <meta property="og:site_name" content={chrome.siteTitle} />
        <meta property="og:title" content={head.title} />
        <meta property="og:type" content={head.ogType ?? 'website'} />
        {head.canonicalPath && <meta property="og:url" content={chrome.publicUrl + head.canonicalPath} />}
        {head.description && <meta property="og:description" content={head.description} />}
        {head.imagePath && <meta property="og:image" content={chrome.publicUrl + head.imagePath} />}
        <meta name="twitter:card" content={head.imagePath ? 'summary_large_image' : 'summary'} />
        <meta name="twitter:title" content={head.title} />
        {head.description && <meta name="twitter:description" content={head.description} />}
        <link
          rel="alternate"
          type="application/rss+xml"
          title={`${chrome.siteTitle}: new films (RSS)`}
          href="/feed.xml"
        />
        <link
          rel="alternate"
          type="application/atom+xml"
          title={`${chrome.siteTitle}: new films (Atom)`}
          href="/feed.atom"
        />
        {head.feeds?.map((feed) => (
          <link key={feed.href} rel="alternate" type={feed.type} title={feed.title} href={feed.href} />
        ))}
        {head.prevPath && <link rel="prev" href={head.prevPath} />}
        {head.nextPath && <link rel="next" href={head.nextPath} />}
        <meta name="color-scheme" content="light dark" />
        <link rel="icon" href={chrome.faviconHref} type="image/svg+xml" />
        <link rel="stylesheet" href={chrome.stylesheetHref} />
        <script type="module" src={chrome.scriptHref} />
        {head.jsonLd?.map((data) => (
          // JSON-LD must be raw JSON, not escaped text; jsonLdText escapes `<` so it cannot close the element.
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLdText(data) }} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="wrap site-header__inner">
            <a class="brand" href="/">
              <span class="brand__mark" aria-hidden="true">
                ▶
              </span>
              <span class="brand__name">{chrome.siteTitle}</span>
            </a>
            <MainNav categories={chrome.navCategories} />
            {/* A plain GET form; the search-box island adds suggestions while typing (src/client/search-box.ts). */}
            <search class="site-search" aria-label="Site search">
              <form class="site-search__form" method="get" action="/search" data-island="search-box">
                <label for="site-search-q" class="visually-hidden">
                  Search films
                </label>
                <input
                  id="site-search-q"
                  class="site-search__input"
                  type="search"
                  name="q"
                  value={head.searchQuery ?? ''}
                  placeholder="Search films, people"
                  maxLength={200}
                  autocomplete="off"
                />
                <button type="submit" class="button button--small site-search__button">
                  Search
                </button>
              </form>
            </search>
            <div class="site-header__account">
              <PersonalChoice
                slot={{ kind: 'member' }}
                variants={{ '': <GuestNav />, member: <MemberNav /> }}
                anonymousOutsidePages
              />
            </div>
          </div>
        </header>
        <main id="main" class="wrap site-main">
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap site-footer__inner">
            <p class="site-footer__about">
              <strong>{chrome.siteTitle}</strong> — {chrome.tagline}
            </p>
            <nav aria-label="Footer">
              <ul class="site-footer__links">
                <li>
                  <a href="/browse">Browse</a>
                </li>
                <li>
                  <a href="/top-rated">Top rated</a>
                </li>
                <li>
                  <a href="/activity">Activity</a>
                </li>
                <li>
                  <a href="/about/ratings">How ratings work</a>
                </li>
                <li>
                  <a href="/feed.xml">RSS feed</a>
                </li>
                <li>
                  <a href="/api/docs">API</a>
                </li>
              </ul>
            </nav>
            <p class="site-footer__credit">
              Film descriptions are from{' '}
              <a href="https://en.wikipedia.org/" rel="noopener">
                Wikipedia
              </a>
              , available under{' '}
              <a href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license noopener">
                CC BY-SA 4.0
              </a>
              ; each film page links its source article. Catalog data from the wikipedia-movie-data project (MIT).
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
