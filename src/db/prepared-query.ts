import type { Compilable, CompiledQuery, DialectAdapter } from 'kysely';
import type { DbOrTx } from './database.js';

/**
 * A query built and compiled once per database kind, then run with new values: building a Kysely query (its operation
 * tree, frozen node by node) and compiling it cost more CPU than SQLite spends running most of a film page's ~15
 * statements (decision 046, addendum). The query is built with a placeholder object per parameter; compiling turns each
 * into a bound parameter, and a run swaps the placeholders for its own values. The SQL text is the database's own
 * compiler's, so the query stays dialect-agnostic.
 *
 * Only for queries whose shape does not depend on the values: a builder must not look at a parameter (branch on it,
 * take its length, spread it into an `in` list). Values that change the shape are separate prepared queries.
 */
class Placeholder {
  constructor(readonly index: number) {}
}

export function preparedQuery<Params extends unknown[], Row>(
  build: (db: DbOrTx, ...params: Params) => Compilable<Row>,
): (db: DbOrTx, ...params: Params) => Promise<Row[]> {
  // Keyed by the dialect's adapter: the root database and its transactions share it, and the SQL is the dialect's.
  const compiled = new WeakMap<DialectAdapter, CompiledQuery<Row>>();
  const arity = build.length - 1;
  const compile = (db: DbOrTx): CompiledQuery<Row> => {
    const placeholders = Array.from({ length: arity }, (_, i) => new Placeholder(i)) as unknown as Params;
    const query = build(db, ...placeholders).compile();
    const used = new Set(query.parameters.flatMap((p) => (p instanceof Placeholder ? [p.index] : [])));
    // A parameter the builder consumed (rather than bound) would be silently fixed at its placeholder: refuse it.
    if (used.size !== arity) throw new Error(`prepared query binds ${used.size} of its ${arity} parameters`);
    return query;
  };
  return async (db, ...params) => {
    const adapter = db.getExecutor().adapter;
    let query = compiled.get(adapter);
    if (!query) {
      query = compile(db);
      compiled.set(adapter, query);
    }
    const parameters = query.parameters.map((p) => (p instanceof Placeholder ? params[p.index] : p));
    const result = await db.executeQuery<Row>({ ...query, parameters });
    return result.rows;
  };
}
