import { excerpt } from '../../lib/excerpt.js';
import { largestPosterUrl } from '../posters/index.js';
import { externalIdUrls } from './external-ids.js';
import type { FilmDetails } from './film.js';

/** schema.org/Movie with only the fields we actually have; later features add ratings and comment counts. */
export function movieJsonLd(film: FilmDetails, publicUrl: string): object {
  const poster = film.posterKey ? largestPosterUrl(film.posterKey) : null;
  // Links for search engines and linked-data readers to follow; the page itself loads nothing from these origins.
  const sameAs = [...(film.sourceUrl ? [film.sourceUrl] : []), ...externalIdUrls(film)];
  return {
    '@context': 'https://schema.org',
    '@type': 'Movie',
    name: film.title,
    ...(film.originalTitle ? { alternateName: film.originalTitle } : {}),
    url: `${publicUrl}/film/${film.slug}`,
    ...(film.year ? { datePublished: String(film.year) } : {}),
    ...(film.synopsis ? { description: excerpt(film.synopsis, 300) } : {}),
    ...(film.directors.length ? { director: film.directors.map((p) => ({ '@type': 'Person', name: p.name })) } : {}),
    ...(film.cast.length ? { actor: film.cast.map((p) => ({ '@type': 'Person', name: p.name })) } : {}),
    ...(film.genres.length ? { genre: film.genres.map((g) => g.name) } : {}),
    ...(sameAs.length ? { sameAs: sameAs.length === 1 ? sameAs[0] : sameAs } : {}),
    ...(poster ? { image: `${publicUrl}${poster}` } : {}),
  };
}

export function breadcrumbJsonLd(film: FilmDetails, publicUrl: string): object {
  const items = [
    { name: 'Home', item: `${publicUrl}/` },
    ...(film.primaryCategory
      ? [{ name: film.primaryCategory.name, item: `${publicUrl}/category/${film.primaryCategory.slug}` }]
      : []),
    { name: film.title, item: `${publicUrl}/film/${film.slug}` },
  ];
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((it, i) => ({ '@type': 'ListItem', position: i + 1, ...it })),
  };
}

/** schema.org/WebSite with a SearchAction, so search engines can offer a search box for the site. */
export function websiteJsonLd(name: string, publicUrl: string): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name,
    url: `${publicUrl}/`,
    potentialAction: {
      '@type': 'SearchAction',
      target: { '@type': 'EntryPoint', urlTemplate: `${publicUrl}/search?q={search_term_string}` },
      'query-input': 'required name=search_term_string',
    },
  };
}
