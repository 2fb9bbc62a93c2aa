import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { assert } from '../../common/assert.ts';
import type { Kopecks } from '../../common/money.ts';
import { transferFromRow } from './journal-rows.ts';
import type { TransferRecord } from './journal-types.ts';

export const transfersPageSizeMax = 100;

export type TransferFilter = {
  fromMs?: number;
  /** Exclusive upper bound. */
  toMs?: number;
  acceptedKopecks?: Kopecks;
  /** Leading characters of the transfer id as printed on the receipt. */
  idPrefix?: string;
  limit: number;
  offset: number;
};

export type TransferPage = { transfers: readonly TransferRecord[]; total: number };

/** Service-mode search; newest first. Parameters only: the prefix never reaches SQL as text. */
export function listTransfers(db: DatabaseSync, filter: TransferFilter): TransferPage {
  assert(Number.isSafeInteger(filter.limit) && filter.limit > 0, 'listTransfers: limit');
  assert(filter.limit <= transfersPageSizeMax, 'listTransfers: limit too large');
  assert(Number.isSafeInteger(filter.offset) && filter.offset >= 0, 'listTransfers: offset');
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  if (filter.fromMs !== undefined) {
    where.push('created_at_ms >= ?');
    params.push(filter.fromMs);
  }
  if (filter.toMs !== undefined) {
    where.push('created_at_ms < ?');
    params.push(filter.toMs);
  }
  if (filter.acceptedKopecks !== undefined) {
    where.push('accepted_kopecks = ?');
    params.push(filter.acceptedKopecks);
  }
  if (filter.idPrefix !== undefined && filter.idPrefix.length > 0) {
    assert(/^[0-9a-f-]{1,36}$/.test(filter.idPrefix), 'listTransfers: id prefix is hex');
    where.push('substr(id, 1, ?) = ?');
    params.push(filter.idPrefix.length, filter.idPrefix);
  }
  const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`;
  const totalRow = db.prepare(`SELECT COUNT(*) AS n FROM transfer ${clause}`).get(...params);
  const total = totalRow?.n;
  assert(typeof total === 'number', 'listTransfers: count');
  const rows = db
    .prepare(
      `SELECT * FROM transfer ${clause} ORDER BY created_at_ms DESC, id DESC LIMIT ? OFFSET ?`,
    )
    .all(...params, filter.limit, filter.offset);
  return { transfers: rows.map(transferFromRow), total };
}
