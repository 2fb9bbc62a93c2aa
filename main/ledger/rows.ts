import type { SQLOutputValue } from 'node:sqlite';
import { type Kopecks, isKopecks } from '../../common/money.ts';

export type Row = Record<string, SQLOutputValue>;

/** A row that does not match the schema the code expects: a corrupt or foreign database. */
export class LedgerRowError extends Error {
  override name = 'LedgerRowError';
}

export function intColumn(row: Row, name: string): number {
  const value = row[name];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new LedgerRowError(`ledger row: ${name} is not an integer (${String(value)})`);
  }
  return value;
}

export function kopecksColumn(row: Row, name: string): Kopecks {
  const value = row[name];
  if (!isKopecks(value)) throw new LedgerRowError(`ledger row: ${name} is not kopecks`);
  return value;
}

export function textColumn(row: Row, name: string): string {
  const value = row[name];
  if (typeof value !== 'string') throw new LedgerRowError(`ledger row: ${name} is not text`);
  return value;
}

export function textOrNullColumn(row: Row, name: string): string | null {
  const value = row[name];
  if (value === null) return null;
  if (typeof value !== 'string') throw new LedgerRowError(`ledger row: ${name} is not text`);
  return value;
}

export function intOrNullColumn(row: Row, name: string): number | null {
  return row[name] === null ? null : intColumn(row, name);
}

export function oneOf<T extends string>(row: Row, name: string, allowed: readonly T[]): T {
  const value = textColumn(row, name);
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw new LedgerRowError(`ledger row: ${name} = ${value} unknown`);
  return found;
}
