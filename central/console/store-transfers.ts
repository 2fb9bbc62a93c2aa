/**
 * The console's search over central's transfers (the only SQL of the Transfers page). Scope is
 * applied by the caller as a list of terminal ids (the user's fleet rows) or none for a user
 * who sees everything; the search never widens it.
 */
import type { CentralDb, SqlValue } from '../db.ts';
import type { TransferViewRow } from '../transfers.ts';

/** A transfer's view columns (central/transfers.ts) and the region it was taken in. */
export type TransferRow = TransferViewRow & {
  region_code: string | null;
  sender_name: string | null;
};

export type TransferSearch = {
  /** null: every terminal (the scope "all"); otherwise only these terminals' transfers. */
  terminals: readonly string[] | null;
  /** A whole id, or its last eight hex digits (indexed, migration 190). */
  transferId?: string;
  terminalId?: string;
  facilityId?: string;
  status?: string;
  /** Accepted at central in [fromMs, toMs). */
  fromMs?: number;
  toMs?: number;
};

/** Ids a tracking-code search looks through, newest first; older ones need a date range. */
export const CODE_SCAN_ROWS_MAX = 50_000;

const COLUMNS = `t.id, t.terminal_id, t.status, t.deposited_kopecks, t.amount_kopecks,
  t.commission_kopecks, t.recipient_masked, t.recipient_birth_year, t.facility_id,
  t.facility_name, f.region_code, t.kiosk_created_at_ms, t.accepted_at_ms, t.sent_at_ms,
  t.credited_at_ms, t.returned_at_ms, t.return_reason, t.sender_name`;

function where(search: TransferSearch): { sql: string; params: SqlValue[] } {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  if (search.terminals !== null) {
    parts.push(`t.terminal_id IN (${search.terminals.map(() => '?').join(', ')})`);
    params.push(...search.terminals);
  }
  if (search.transferId !== undefined) {
    const id = search.transferId.toLowerCase();
    if (id.length === 8) {
      parts.push('substr(t.id, 29) = ?');
    } else {
      parts.push('t.id = ?');
    }
    params.push(id);
  }
  const equal = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    parts.push(`${column} = ?`);
    params.push(value);
  };
  equal('t.terminal_id', search.terminalId);
  equal('t.facility_id', search.facilityId);
  equal('t.status', search.status);
  if (search.fromMs !== undefined) {
    parts.push('t.accepted_at_ms >= ?');
    params.push(search.fromMs);
  }
  if (search.toMs !== undefined) {
    parts.push('t.accepted_at_ms < ?');
    params.push(search.toMs);
  }
  return { sql: parts.length === 0 ? '' : `WHERE ${parts.join(' AND ')}`, params };
}

export function createTransferSearch(db: CentralDb) {
  return {
    /** Newest first, `limit` rows at most. */
    async find(search: TransferSearch, limit: number): Promise<TransferRow[]> {
      if (search.terminals !== null && search.terminals.length === 0) return [];
      const { sql, params } = where(search);
      return db.all<TransferRow>(
        `SELECT ${COLUMNS} FROM transfers t LEFT JOIN facilities f ON f.id = t.facility_id
           ${sql} ORDER BY t.accepted_at_ms DESC, t.id DESC LIMIT ?`,
        ...params,
        limit,
      );
    },

    /** Id and owner of the newest matching transfers: a tracking code is checked per owner. */
    async owners(search: TransferSearch): Promise<{ id: string; terminal_id: string }[]> {
      if (search.terminals !== null && search.terminals.length === 0) return [];
      const { sql, params } = where(search);
      return db.all<{ id: string; terminal_id: string }>(
        `SELECT t.id, t.terminal_id FROM transfers t ${sql}
           ORDER BY t.accepted_at_ms DESC, t.id DESC LIMIT ?`,
        ...params,
        CODE_SCAN_ROWS_MAX,
      );
    },
  };
}

export type TransferSearchStore = ReturnType<typeof createTransferSearch>;
