/**
 * The central database behind the storage port (storage/port.ts): embedded node:sqlite by
 * default (`central.sqlite` in the data directory: WAL, no answer before its commit is flushed
 * to disk (storage/sqlite.ts), STRICT tables), or a PostgreSQL server when a connection URL is given (CENTRAL_DATABASE_URL). The
 * schema is the same on both (storage/schema-sqlite.ts, storage/schema-postgres.ts); it is
 * brought up to date here, at every start.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { assert } from '../common/assert.ts';
import { makePrivateDir, touchPrivateFile } from '../platform/private-files.ts';
import type { CentralDb } from './storage/port.ts';
import { migratePostgres, postgresAdapter } from './storage/postgres.ts';
import { POSTGRES_MIGRATIONS } from './storage/schema-postgres.ts';
import { type Migration, SQLITE_MIGRATIONS } from './storage/schema-sqlite.ts';
import { configureSqlite, sqliteAdapter } from './storage/sqlite.ts';

export { type CentralDb, type SqlValue, type Statement, statement } from './storage/port.ts';
export { INMATE_INDEXES_SQL } from './storage/schema-sqlite.ts';

export const SCHEMA_VERSION = SQLITE_MIGRATIONS[SQLITE_MIGRATIONS.length - 1]!.version;

function assertMonotonic(migrations: readonly Migration[]): void {
  let previous = 0;
  for (const migration of migrations) {
    assert(migration.version > previous, 'central db: migration versions must increase');
    previous = migration.version;
  }
}
assertMonotonic(SQLITE_MIGRATIONS);
assertMonotonic(POSTGRES_MIGRATIONS);
assert(
  POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1]!.version === SCHEMA_VERSION,
  'central db: the PostgreSQL schema is at the same version as the SQLite one',
);

export type OpenResult = { db: CentralDb; created: boolean };

/** postgres:// or postgresql:// URLs only: anything else is a configuration mistake. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(?:ql)?:\/\//.test(url);
}

/**
 * Opens central's database and brings the schema up to date: PostgreSQL when `databaseUrl`
 * is given, else `central.sqlite` in dataDir (created if needed).
 */
export async function openCentralDb(
  dataDir: string,
  databaseUrl: string | null = null,
): Promise<OpenResult> {
  if (databaseUrl !== null) {
    if (!isPostgresUrl(databaseUrl)) {
      throw new Error('CENTRAL_DATABASE_URL must be a postgres:// or postgresql:// URL');
    }
    const migrated = await migratePostgres(databaseUrl, POSTGRES_MIGRATIONS);
    return { db: postgresAdapter({ connectionString: databaseUrl }), created: migrated.from === 0 };
  }
  return openSqlite(dataDir);
}

function openSqlite(dataDir: string): OpenResult {
  makePrivateDir(dataDir);
  const path = join(dataDir, 'central.sqlite');
  touchPrivateFile(path);
  const raw = new DatabaseSync(path);
  configureSqlite(raw);
  const row = raw.prepare('PRAGMA user_version').get() as { user_version: number };
  const current = row.user_version;
  if (current > SCHEMA_VERSION) {
    raw.close();
    throw new Error(
      `central db is version ${current}, newer than this code (${SCHEMA_VERSION}): refusing it`,
    );
  }
  for (const migration of SQLITE_MIGRATIONS) {
    if (migration.version <= current) continue;
    raw.exec('BEGIN IMMEDIATE');
    try {
      raw.exec(migration.sql);
      raw.exec(`PRAGMA user_version = ${migration.version}`);
      raw.exec('COMMIT');
    } catch (error) {
      raw.exec('ROLLBACK');
      throw error;
    }
  }
  return { db: sqliteAdapter(raw, { path }), created: current === 0 };
}
