/**
 * The order files are read in, so events come out alike on every run: what was watched before what was said about
 * it (diary, reviews, ratings), then likes, the watchlist and lists. Unknown files last.
 */
const ORDER = [
  /(^|\/)(watched\/)?watched(-movies(-\d+)?)?\.(csv|json)$/i,
  /(^|\/)diary\.csv$/i,
  /(^|\/)reviews\.csv$/i,
  /(^|\/)(ratings\/)?ratings(-movies)?\.(csv|json)$/i,
  /(^|\/)likes\/films\.csv$/i,
  /(^|\/)(lists-watchlist|lists\/watchlist|watchlist)\.(csv|json)$/i,
  /(^|\/)lists\/[^/]+\.csv$/i,
];

export const READ_ORDER = (name: string): number => {
  const index = ORDER.findIndex((pattern) => pattern.test(name));
  return index === -1 ? ORDER.length : index;
};
