/** A static page as visitors see it. `html` is already sanitised (lib/markdown.ts). */
export function StaticPage(props: { title: string; html: string; byline: string | null; published: boolean }) {
  return (
    <article class="static-page">
      <h1>{props.title}</h1>
      {props.published ? null : (
        <p class="notice" role="status">
          Not published: only admins see this page.
        </p>
      )}
      {props.byline ? <p class="static-page__byline">By {props.byline}</p> : null}
      <div class="static-page__body" dangerouslySetInnerHTML={{ __html: props.html }} />
    </article>
  );
}
