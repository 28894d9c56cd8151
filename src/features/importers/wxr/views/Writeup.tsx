/** The write-up an imported post brought, already sanitised to HTML, and how many votes came with it. */
export function Writeup({
  html,
  byline,
  importedVotes,
}: {
  html: string | null;
  byline: string | null;
  importedVotes: number;
}) {
  return (
    <section class="writeup" aria-labelledby="writeup-heading">
      <h2 id="writeup-heading">Review</h2>
      {byline ? <p class="writeup__byline">By {byline}</p> : null}
      {/* Sanitised by renderWriteup (allow-list of tags, safe links, no images from other sites). */}
      {html ? <div class="writeup__body" dangerouslySetInnerHTML={{ __html: html }} /> : null}
      {importedVotes > 0 ? (
        <p class="writeup__votes">
          {importedVotes.toLocaleString('en-US')} {importedVotes === 1 ? 'vote' : 'votes'} imported from the previous
          site
        </p>
      ) : null}
    </section>
  );
}
