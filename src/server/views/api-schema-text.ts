/**
 * The OpenAPI document as a reader wants it: operations grouped by tag, and JSON Schemas turned into readable types
 * ("integer, 1 to 100, default 24") and field rows ("items[].slug"), instead of raw schema dumps.
 */

/** The part of JSON Schema (OpenAPI 3.0 dialect) the API's TypeBox schemas produce. */
export interface Schema {
  $ref?: string;
  type?: string;
  description?: string;
  nullable?: boolean;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  items?: Schema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  format?: string;
}

export interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema; description?: string }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
}

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  tags?: Array<{ name: string; description?: string }>;
  components?: { schemas?: Record<string, Schema> };
  paths: Record<string, Record<string, Operation>>;
}

export interface FieldRow {
  /** Path from the body's top: `items[].slug`, `error.fields`. */
  name: string;
  type: string;
  required: boolean;
  description?: string;
}

const MAX_DEPTH = 5;

function resolve(doc: OpenApiDocument, schema: Schema): { schema: Schema; ref?: string } {
  if (!schema.$ref) return { schema };
  const name = schema.$ref.replace('#/components/schemas/', '');
  return { schema: doc.components?.schemas?.[name] ?? {}, ref: schema.$ref };
}

function range(min: number | undefined, max: number | undefined, unit = ''): string | null {
  const tail = unit ? ` ${unit}` : '';
  if (min !== undefined && max !== undefined) return min === max ? `${min}${tail}` : `${min} to ${max}${tail}`;
  if (min !== undefined) return `at least ${min}${tail}`;
  if (max !== undefined) return `at most ${max}${tail}`;
  return null;
}

/** One line a reader understands: "string, 1 to 200 characters", "list of integer (5 items)", `"newest" or "year"`. */
export function typeText(doc: OpenApiDocument, raw: Schema, seen: ReadonlySet<string> = new Set()): string {
  const { schema, ref } = resolve(doc, raw);
  if (ref && seen.has(ref)) return 'the same object, nested';
  const inner = ref ? new Set([...seen, ref]) : seen;
  const orNull = (text: string) => (schema.nullable ? `${text} or null` : text);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) {
    const values = choices.flatMap((c) => (c.enum?.length === 1 ? [c.enum[0]] : []));
    if (values.length === choices.length) return orNull(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
    return orNull(choices.map((c) => typeText(doc, c, inner)).join(' or '));
  }
  if (schema.enum) return orNull(`one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  const details: string[] = [];
  let base = schema.type ?? 'any value';
  if (schema.type === 'string') {
    const length = range(schema.minLength, schema.maxLength, 'characters');
    if (schema.format) details.push(schema.format);
    if (length) details.push(length);
  } else if (schema.type === 'integer' || schema.type === 'number') {
    const bounds = range(schema.minimum, schema.maximum);
    if (bounds) details.push(bounds);
  } else if (schema.type === 'array') {
    base = `list of ${schema.items ? typeText(doc, schema.items, inner) : 'any value'}`;
    const count = range(schema.minItems, schema.maxItems, 'items');
    if (count) details.push(count);
  } else if (schema.type === 'object' && !schema.properties && typeof schema.additionalProperties === 'object') {
    base = `map of string to ${typeText(doc, schema.additionalProperties, inner)}`;
  }
  if (schema.default !== undefined) details.push(`default ${JSON.stringify(schema.default)}`);
  return orNull(details.length > 0 ? `${base}, ${details.join(', ')}` : base);
}

/** The fields of a body, nested objects flattened into dotted rows, so a whole response reads as one table. */
export function fieldRows(doc: OpenApiDocument, raw: Schema, prefix = '', seen: ReadonlySet<string> = new Set()) {
  const { schema, ref } = resolve(doc, raw);
  if ((ref && seen.has(ref)) || prefix.split('.').length > MAX_DEPTH) return [];
  const inner = ref ? new Set([...seen, ref]) : seen;
  const rows: FieldRow[] = [];
  for (const [name, field] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const required = schema.required?.includes(name) ?? false;
    rows.push({ name: path, type: typeText(doc, field, inner), required, description: field.description });
    const target = resolve(doc, field).schema;
    if (target.properties) rows.push(...fieldRows(doc, field, path, inner));
    else if (target.type === 'array' && target.items && resolve(doc, target.items).schema.properties) {
      rows.push(...fieldRows(doc, target.items, `${path}[]`, inner));
    }
  }
  return rows;
}

/** Whether a response is the API's one error body (documented once, in the Errors section). */
export function isErrorBody(schema: Schema | undefined): boolean {
  const error = schema?.properties?.error;
  return !!error?.properties?.code && !!error.properties.message;
}

export const STATUS_TEXT: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '204': 'No content',
  '301': 'Moved permanently',
  '304': 'Not modified',
  '400': 'Bad request',
  '401': 'Not signed in',
  '403': 'Forbidden',
  '404': 'Not found',
  '409': 'Conflict',
  '413': 'Too large',
  '429': 'Too many requests',
  '4XX': 'Any client error',
  '5XX': 'Any server error',
};

/** fastify-swagger labels every response "Default Response" when a route gives none: that says nothing. */
export const responseText = (status: string, description: string | undefined) =>
  description && description !== 'Default Response' ? description : (STATUS_TEXT[status] ?? '');

export interface DocOperation {
  method: string;
  path: string;
  op: Operation;
  id: string;
}

/** Fragment ids may not hold braces or slashes: "GET /api/v1/films/{slug}" → "get-api-v1-films-slug". */
export const anchorOf = (method: string, path: string) =>
  `${method} ${path}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-$/, '');

/** Operations grouped by their first tag, in the order the document lists its tags, then any others. */
export function operationsByTag(doc: OpenApiDocument) {
  const groups = new Map<string, DocOperation[]>();
  for (const tag of doc.tags ?? []) groups.set(tag.name, []);
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = op.tags?.[0] ?? 'other';
      const upper = method.toUpperCase();
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)!.push({ method: upper, path, op, id: anchorOf(upper, path) });
    }
  }
  const described = new Map((doc.tags ?? []).map((t) => [t.name, t.description]));
  return [...groups]
    .filter(([, ops]) => ops.length > 0)
    .map(([name, ops]) => ({ name, description: described.get(name), ops }));
}
