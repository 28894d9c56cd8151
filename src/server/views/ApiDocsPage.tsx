export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        parameters?: Array<{ name: string; in: string; required?: boolean; schema?: unknown; description?: string }>;
        requestBody?: { content?: Record<string, { schema?: unknown }> };
        responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
      }
    >
  >;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);
/** Fragment ids may not hold braces or slashes: "GET /api/v1/films/{slug}" → "get-api-v1-films-slug". */
const anchor = (method: string, path: string) =>
  `${method} ${path}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-$/, '');

/** A readable page generated from the same OpenAPI document clients can download: no separate docs to drift. */
export function ApiDocsPage(props: { document: OpenApiDocument }) {
  const { document } = props;
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );
  return (
    <article class="api-docs">
      <h1>
        {document.info.title} <span class="muted">v{document.info.version}</span>
      </h1>
      {document.info.description && <p>{document.info.description}</p>}
      <p>
        Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3).
      </p>
      <nav aria-label="Endpoints">
        <ul class="api-docs__toc">
          {operations.map(({ path, method }) => (
            <li key={`${method} ${path}`}>
              <a href={`#${anchor(method, path)}`}>
                <code>
                  {method} {path}
                </code>
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {operations.map(({ path, method, op }) => (
        <section key={`${method} ${path}`} id={anchor(method, path)} class="api-docs__op">
          <h2>
            <code>
              {method} {path}
            </code>
          </h2>
          {op.summary && <p>{op.summary}</p>}
          {op.parameters && op.parameters.length > 0 && (
            <>
              <h3>Parameters</h3>
              <ul>
                {op.parameters.map((p) => (
                  <li key={`${p.in}-${p.name}`}>
                    <code>{p.name}</code> ({p.in}
                    {p.required ? ', required' : ''}){p.description ? `: ${p.description}` : ''}
                    <pre>{json(p.schema)}</pre>
                  </li>
                ))}
              </ul>
            </>
          )}
          {op.requestBody?.content && (
            <>
              <h3>Request body</h3>
              <pre>{json(Object.values(op.requestBody.content)[0]?.schema)}</pre>
            </>
          )}
          {op.responses &&
            Object.entries(op.responses).map(([status, response]) => (
              <div key={status}>
                <h3>Response {status}</h3>
                {response.content ? (
                  <pre>{json(Object.values(response.content)[0]?.schema)}</pre>
                ) : (
                  <p>{response.description}</p>
                )}
              </div>
            ))}
        </section>
      ))}
    </article>
  );
}
