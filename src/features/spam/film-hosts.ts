/**
 * Sites a film community links to all the time: reference and criticism, distributors and restorers, festivals and
 * cinemas' bodies, streaming services, and the big blog and podcast platforms people publish their own writing on.
 * In the training corpus (YouTube comments) nearly every link is spam, so "has a link" alone pushed ordinary film
 * talk ("It's on the Criterion Channel: https://…") to 1.0. A link to one of these hosts is not counted as a link by
 * the shape features or by the link check; its host is still a feature, so moderators' decisions can teach that a
 * given blog (the full host, "someone.wordpress.com") is spam. Hosts where YouTube spam did link (youtube.com,
 * facebook.com, soundcloud.com, vimeo.com, twitch.tv) are deliberately not here.
 */
const FILM_HOSTS = new Set([
  // reference, criticism, film bodies
  'imdb.com',
  'letterboxd.com',
  'boxd.it',
  'rottentomatoes.com',
  'metacritic.com',
  'rogerebert.com',
  'filmcomment.com',
  'sensesofcinema.com',
  'indiewire.com',
  'variety.com',
  'hollywoodreporter.com',
  'screendaily.com',
  'bfi.org.uk',
  'filmfoundation.org',
  'oscars.org',
  'loc.gov',
  'wikipedia.org',
  'archive.org',
  'justwatch.com',
  // distributors and restorers
  'criterion.com',
  'criterionchannel.com',
  'janusfilms.com',
  'kinolorber.com',
  'arrowfilms.com',
  'arrow-player.com',
  'eurekavideo.co.uk',
  'indicator-series.com',
  'vinegarsyndrome.com',
  // festivals and repertory
  'festival-cannes.com',
  'tiff.net',
  'sundance.org',
  'berlinale.de',
  'labiennale.org',
  'filmlinc.org',
  'filmforum.org',
  'cinematheque.fr',
  'cinetecadibologna.it',
  // streaming and libraries
  'mubi.com',
  'kanopy.com',
  'hoopladigital.com',
  'netflix.com',
  'primevideo.com',
  'max.com',
  'hulu.com',
  'disneyplus.com',
  'tubitv.com',
  'pluto.tv',
  'plex.tv',
  'shudder.com',
  'tcm.com',
  // writing and podcasts
  'wordpress.com',
  'blogspot.com',
  'substack.com',
  'medium.com',
  'tumblr.com',
  'reddit.com',
  'podcasts.apple.com',
  'anchor.fm',
]);

/** The host (lower case, no `www.`) is one of the above or below one: "nightreels.wordpress.com", "tv.mubi.com". */
export function isFilmHost(host: string | null): boolean {
  let rest = host ?? '';
  while (rest) {
    if (FILM_HOSTS.has(rest)) return true;
    const dot = rest.indexOf('.');
    rest = dot === -1 ? '' : rest.slice(dot + 1);
  }
  return false;
}
