import type { DatabaseSync } from 'node:sqlite';
import { assert } from '../../../common/assert.ts';
import { migration0010 } from './0010-journal.ts';
import { migration0020 } from './0020-outbox.ts';
import { migration0030 } from './0030-collections.ts';
import { migration0040 } from './0040-settings-audit.ts';
import { migration0050 } from './0050-open-indexes.ts';
import { migration0060 } from './0060-cash-letters.ts';
import { migration0070 } from './0070-recipient-kind.ts';
import { migration0080 } from './0080-config-version.ts';
import { migration0090 } from './0090-receipt-sms.ts';
import { migration0100 } from './0100-fiscal.ts';
import { migration0110 } from './0110-sender-name.ts';

export type Migration = {
  /** Stored in PRAGMA user_version after the migration commits; steps of 10. */
  version: number;
  name: string;
  sql: string;
};

export const migrations: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
  migration0040,
  migration0050,
  migration0060,
  migration0070,
  migration0080,
  migration0090,
  migration0100,
  migration0110,
];

/** Versions strictly increase in steps of 10, so a gap or a reordering is caught at load. */
export function assertMigrationOrder(list: readonly Migration[]): void {
  let previous = 0;
  for (const migration of list) {
    assert(migration.version === previous + 10, `migration ${migration.name}: version order`);
    previous = migration.version;
  }
}
assertMigrationOrder(migrations);

export const schemaVersion: number = migrations.at(-1)?.version ?? 0;

export class DatabaseTooNewError extends Error {
  override name = 'DatabaseTooNewError';
}

export type MigrationReport = { fromVersion: number; toVersion: number };

/**
 * Brings the database to `upTo` (the newest by default), one transaction per migration with
 * user_version written inside it. A database written by newer code is refused, never touched:
 * older code would misread tables it does not know.
 */
export function migrate(
  db: DatabaseSync,
  upTo: number = schemaVersion,
  list: readonly Migration[] = migrations,
): MigrationReport {
  const fromVersion = userVersion(db);
  const newest = list.at(-1)?.version ?? 0;
  if (fromVersion > newest) {
    throw new DatabaseTooNewError(
      `ledger schema version ${fromVersion} is newer than this software knows (${newest}); ` +
        'install the newer kiosk software or restore a matching backup',
    );
  }
  for (const migration of list) {
    if (migration.version <= fromVersion || migration.version > upTo) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migration.sql);
      db.exec(`PRAGMA user_version = ${migration.version}`);
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
  return { fromVersion, toVersion: userVersion(db) };
}

export function userVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get();
  const value = row?.user_version;
  assert(typeof value === 'number' && Number.isSafeInteger(value), 'user_version: not a number');
  return value;
}
