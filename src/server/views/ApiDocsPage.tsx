import { renderMarkdown } from '../../lib/markdown.js';
import {
  type DocOperation,
  type FieldRow,
  fieldRows,
  isErrorBody,
  type OpenApiDocument,
  operationsByTag,
  responseText,
  type Schema,
  typeText,
} from './api-schema-text.js';

export type { OpenApiDocument } from './api-schema-text.js';

/** Descriptions in the document are Markdown; rendered by the site's sanitiser, so no backticks show as such. */
function Markdown(props: { text: string | undefined; class?: string }) {
  if (!props.text) return null;
  return <div class={props.class ?? 'api-docs__md'} dangerouslySetInnerHTML={{ __html: renderMarkdown(props.text) }} />;
}

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

function FieldTable(props: { rows: FieldRow[]; caption: string }) {
  return (
    <table class="api-docs__table">
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Type</th>
          <th scope="col">Description</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.name}>
            <td>
              <code>{row.name}</code>
            </td>
            <td>
              {row.type}
              {row.required ? '' : ', optional'}
            </td>
            <td>
              <Markdown text={row.description} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A body: its fields as a table when it is an object, else its type in words. */
function Body(props: { doc: OpenApiDocument; schema: Schema | undefined; caption: string }) {
  if (!props.schema) return null;
  const rows = fieldRows(props.doc, props.schema);
  if (rows.length > 0) return <FieldTable rows={rows} caption={props.caption} />;
  return <p>{capitalised(typeText(props.doc, props.schema))}.</p>;
}

const firstSchema = (content: Record<string, { schema?: Schema }> | undefined) =>
  content ? Object.values(content)[0]?.schema : undefined;

function Parameters(props: { doc: OpenApiDocument; op: DocOperation }) {
  const parameters = props.op.op.parameters ?? [];
  if (parameters.length === 0) return null;
  return (
    <>
      <h4>Parameters</h4>
      <table class="api-docs__table">
        <caption class="visually-hidden">
          Parameters of {props.op.method} {props.op.path}
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">In</th>
            <th scope="col">Type</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {parameters.map((p) => (
            <tr key={`${p.in}-${p.name}`}>
              <td>
                <code>{p.name}</code>
              </td>
              <td>{p.in}</td>
              <td>
                {p.schema ? typeText(props.doc, p.schema) : 'any value'}
                {p.required ? ', required' : ', optional'}
              </td>
              <td>
                <Markdown text={p.description} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Responses(props: { doc: OpenApiDocument; op: DocOperation }) {
  const responses = Object.entries(props.op.op.responses ?? {});
  const errors = responses.filter(([, r]) => isErrorBody(firstSchema(r.content)));
  const others = responses.filter(([, r]) => !isErrorBody(firstSchema(r.content)));
  return (
    <>
      <h4>Responses</h4>
      <dl class="api-docs__responses">
        {others.map(([status, response]) => (
          <div key={status}>
            <dt>
              <code>{status}</code> {responseText(status, undefined)}
            </dt>
            <dd>
              {responseText(status, response.description) !== responseText(status, undefined) && (
                <Markdown text={response.description} />
              )}
              <Body
                doc={props.doc}
                schema={firstSchema(response.content)}
                caption={`Response ${status} of ${props.op.method} ${props.op.path}`}
              />
            </dd>
          </div>
        ))}
        {errors.length > 0 && (
          <div>
            <dt>{errors.map(([status]) => status).join(', ')}</dt>
            <dd>
              The <a href="#errors">error body</a>.
            </dd>
          </div>
        )}
      </dl>
    </>
  );
}

function OperationSection(props: { doc: OpenApiDocument; op: DocOperation }) {
  const { op, method, path, id } = props.op;
  const body = firstSchema(op.requestBody?.content);
  return (
    <section class="api-op" id={id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} class="api-op__title">
        <span class={`api-op__method api-op__method--${method.toLowerCase()}`}>{method}</span> <code>{path}</code>
      </h3>
      <Markdown text={op.summary} />
      <Markdown text={op.description} />
      {op.security && op.security.length > 0 && (
        <p class="api-op__auth">
          Needs an API token: <code>Authorization: Bearer …</code>
        </p>
      )}
      <Parameters doc={props.doc} op={props.op} />
      {body && (
        <>
          <h4>Request body (JSON)</h4>
          <Body doc={props.doc} schema={body} caption={`Request body of ${method} ${path}`} />
        </>
      )}
      <Responses doc={props.doc} op={props.op} />
    </section>
  );
}

/**
 * A readable reference generated on the server from the same OpenAPI document clients download, so the two cannot
 * drift: operations grouped by tag, an index, parameters and bodies as tables of readable types.
 */
export function ApiDocsPage(props: { document: OpenApiDocument; errorExample: unknown }) {
  const { document: doc } = props;
  const groups = operationsByTag(doc);
  const errorSchema = groups
    .flatMap((g) => g.ops)
    .flatMap(({ op }) => Object.values(op.responses ?? {}).map((r) => firstSchema(r.content)))
    .find(isErrorBody);
  return (
    <article class="api-docs">
      <h1>
        {doc.info.title} <span class="muted">version {doc.info.version}</span>
      </h1>
      <Markdown text={doc.info.description} />
      <p>
        Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI 3).
      </p>
      <nav class="api-docs__index" aria-labelledby="api-index">
        <h2 id="api-index">Operations</h2>
        {groups.map((group) => (
          <div key={group.name}>
            <h3 class="api-docs__index-tag">
              <a href={`#tag-${group.name}`}>{capitalised(group.name)}</a>
            </h3>
            <ul>
              {group.ops.map(({ method, path, id, op }) => (
                <li key={id}>
                  <a href={`#${id}`}>
                    <code>
                      {method} {path}
                    </code>
                  </a>{' '}
                  <span class="muted">{op.summary}</span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <section id="errors" aria-labelledby="errors-title">
        <h2 id="errors-title">Errors</h2>
        <p>
          Every error, on every operation, has this body. <code>fields</code> is there when input was refused: it maps
          each refused field to what is wrong with it.
        </p>
        {errorSchema && <FieldTable rows={fieldRows(doc, errorSchema)} caption="The error body" />}
        <p>For example, a vote of 7 stars:</p>
        <pre class="api-docs__example">{JSON.stringify(props.errorExample, null, 2)}</pre>
      </section>
      {groups.map((group) => (
        <section key={group.name} id={`tag-${group.name}`} aria-labelledby={`tag-${group.name}-title`}>
          <h2 id={`tag-${group.name}-title`}>{capitalised(group.name)}</h2>
          <Markdown text={group.description} />
          {group.ops.map((op) => (
            <OperationSection key={op.id} doc={doc} op={op} />
          ))}
        </section>
      ))}
    </article>
  );
}
