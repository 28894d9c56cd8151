export function ErrorPage(props: { status: number; message: string }) {
  const heading =
    props.status === 404
      ? 'Page not found'
      : props.status === 503
        ? 'Back in a moment'
        : props.status >= 500
          ? 'Something went wrong'
          : 'That did not work';
  return (
    <section class="error-page">
      <p class="error-page__status">Error {props.status}</p>
      <h1>{heading}</h1>
      <p>{props.message}</p>
      <p>
        <a class="button" href="/">
          Back to the home page
        </a>
      </p>
    </section>
  );
}
