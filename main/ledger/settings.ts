import type { DatabaseSync } from 'node:sqlite';
import type { z } from 'zod';
import { assert } from '../../common/assert.ts';
import { statement } from './db.ts';
import { intColumn, textColumn } from './rows.ts';

export type SettingError = { kind: 'missing' } | { kind: 'invalid'; message: string };

/**
 * Operator settings as JSON values, read through a zod schema: a value written by an older
 * version (or edited by hand) that no longer fits is reported, never trusted.
 */
export function readSetting<S extends z.ZodType>(
  db: DatabaseSync,
  key: string,
  schema: S,
): { ok: true; value: z.output<S>; updatedAtMs: number } | { ok: false; error: SettingError } {
  const row = statement(db, 'SELECT value_json, updated_at_ms FROM setting WHERE key = ?').get(key);
  if (row === undefined) return { ok: false, error: { kind: 'missing' } };
  let raw: unknown;
  try {
    raw = JSON.parse(textColumn(row, 'value_json'));
  } catch {
    return { ok: false, error: { kind: 'invalid', message: 'not JSON' } };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, error: { kind: 'invalid', message: parsed.error.message } };
  return { ok: true, value: parsed.data, updatedAtMs: intColumn(row, 'updated_at_ms') };
}

export function writeSetting(db: DatabaseSync, key: string, value: unknown, atMs: number): void {
  assert(key.length > 0 && key.length <= 64, 'setting key length');
  const json = JSON.stringify(value);
  assert(json !== undefined, 'setting value is JSON');
  statement(
    db,
    `INSERT INTO setting (key, value_json, updated_at_ms) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json,
       updated_at_ms = excluded.updated_at_ms`,
  ).run(key, json, atMs);
}

export function settingKeys(db: DatabaseSync): string[] {
  return statement(db, 'SELECT key FROM setting ORDER BY key')
    .all()
    .map((row) => textColumn(row, 'key'));
}
