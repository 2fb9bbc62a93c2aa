import type { DatabaseSync } from 'node:sqlite';
import { assert } from '../../common/assert.ts';
import { statement } from './db.ts';
import { intColumn, textColumn } from './rows.ts';

export type AuditEntry = {
  id: number;
  atMs: number;
  /** 'operator:<id>', 'system', 'recovery'. */
  actor: string;
  /** Machine code: 'collection', 'settings:write', 'unmatched-stacked', … */
  action: string;
  detail: unknown;
};

export const auditPageSizeMax = 200;

export function appendAudit(
  db: DatabaseSync,
  entry: { atMs: number; actor: string; action: string; detail: unknown },
): number {
  assert(entry.actor.length > 0 && entry.actor.length <= 64, 'audit: actor');
  assert(entry.action.length > 0 && entry.action.length <= 64, 'audit: action');
  const json = JSON.stringify(entry.detail ?? null);
  const result = statement(
    db,
    'INSERT INTO audit_log (at_ms, actor, action, detail_json) VALUES (?, ?, ?, ?)',
  ).run(entry.atMs, entry.actor, entry.action, json);
  return Number(result.lastInsertRowid);
}

/** Newest first. */
export function listAudit(db: DatabaseSync, limit: number, beforeId?: number): AuditEntry[] {
  assert(Number.isSafeInteger(limit) && limit > 0 && limit <= auditPageSizeMax, 'audit: limit');
  return statement(db, 'SELECT * FROM audit_log WHERE id < ? ORDER BY id DESC LIMIT ?')
    .all(beforeId ?? Number.MAX_SAFE_INTEGER, limit)
    .map((row) => {
      let detail: unknown = null;
      try {
        detail = JSON.parse(textColumn(row, 'detail_json'));
      } catch {
        detail = { unreadable: true };
      }
      return {
        id: intColumn(row, 'id'),
        atMs: intColumn(row, 'at_ms'),
        actor: textColumn(row, 'actor'),
        action: textColumn(row, 'action'),
        detail,
      };
    });
}
