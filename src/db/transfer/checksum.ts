import { createHash } from 'node:crypto';

/**
 * A table's fingerprint that does not depend on row order or on which database holds it: each row is written in one
 * canonical form (columns by name; fractions rounded to single precision, since PostgreSQL's `real` keeps no more),
 * hashed, and the hashes are added up modulo 2^64, so two tables with the same rows, in any order, agree.
 */
export class TableChecksum {
  rows = 0;
  private sum = 0n;

  add(row: Readonly<Record<string, unknown>>, columns: readonly string[]): void {
    const canonical = JSON.stringify(columns.map((column) => normalise(row[column])));
    const digest = createHash('sha256').update(canonical).digest();
    this.sum = (this.sum + digest.readBigUInt64BE(0)) & 0xffff_ffff_ffff_ffffn;
    this.rows += 1;
  }

  get hex(): string {
    return this.sum.toString(16).padStart(16, '0');
  }
}

function normalise(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return Number.isInteger(value) ? value : Math.fround(value);
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return value;
}
