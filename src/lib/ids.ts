/**
 * Row ids are 32-bit signed integers on PostgreSQL (`integer` / `serial`): a larger number is not "no such row" there
 * but a query error, so every id from outside is range-checked before it reaches a query (SQLite would accept it).
 */
export const MAX_ID = 2_147_483_647;

export const isId = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_ID;

/** A positive id from query text (`?replytocom=12`), or null when it is not one. */
export function parseId(value: unknown): number | null {
  if (typeof value !== 'string' || !/^[0-9]{1,10}$/.test(value)) return null;
  const n = Number(value);
  return isId(n) ? n : null;
}
