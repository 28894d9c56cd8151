import type { Kysely } from 'kysely';

// Frozen: see 2026-11-25-01-catalog.ts.
//
// A scope on each member API token (docs/decisions/043): 'read' tokens may only read `/api/v1/me/…`, 'read-write'
// ones may also change it. Tokens made before scopes existed keep the full access they were created with.

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's Database type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('member_api_tokens')
    .addColumn('scope', 'text', (c) => c.notNull().defaultTo('read-write'))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: see up().
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('member_api_tokens').dropColumn('scope').execute();
}
