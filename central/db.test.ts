/**
 * Opening central's database: the schema made once, a newer database refused, and money kept
 * consistent by the schema itself; on SQLite (the default project) or on PostgreSQL (the
 * central-postgres project), through the same port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import {
  dropCentralDatabase,
  freshCentralDatabase,
  openTestCentralDb,
  testAdapter,
} from '../tests/support/central-postgres.ts';
import { openCentralDb, SCHEMA_VERSION } from './db.ts';
import { numberPlaceholders } from './storage/postgres.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'central-db-'));
  dirs.push(dir);
  return dir;
};
const onSqlite = testAdapter() === 'sqlite';

describe.runIf(onSqlite)('openCentralDb on SQLite', () => {
  it('creates the schema once, in WAL mode, committing with its own WAL flush', async () => {
    const dir = tempDir();
    const first = await openCentralDb(dir);
    expect(first.created).toBe(true);
    // synchronous=NORMAL: storage/sqlite.ts flushes the WAL before any answer.
    expect(await first.db.get('PRAGMA synchronous')).toEqual({ synchronous: 1 });
    await first.db.close();
    const raw = new DatabaseSync(join(dir, 'central.sqlite'));
    const mode = raw.prepare('PRAGMA journal_mode').get() as { journal_mode: string };
    expect(mode.journal_mode).toBe('wal');
    raw.close();
    const second = await openCentralDb(dir);
    expect(second.created).toBe(false);
    expect(await second.db.get('PRAGMA user_version')).toEqual({ user_version: SCHEMA_VERSION });
    await second.db.close();
  });

  it('refuses a database newer than the code', async () => {
    const dir = tempDir();
    const raw = new DatabaseSync(join(dir, 'central.sqlite'));
    raw.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 10}`);
    raw.close();
    await expect(openCentralDb(dir)).rejects.toThrow(/newer than this code/);
  });
});

describe.runIf(!onSqlite)('openCentralDb on PostgreSQL', () => {
  it('creates the schema once and records its version', async () => {
    const url = await freshCentralDatabase('empty');
    const first = await openCentralDb('', url);
    expect(first.created).toBe(false); // the template was migrated already
    expect(await first.db.get('SELECT version FROM central_schema')).toEqual({
      version: SCHEMA_VERSION,
    });
    await first.db.run('UPDATE central_schema SET version = ?', SCHEMA_VERSION + 10);
    await first.db.close();
    await expect(openCentralDb('', url)).rejects.toThrow(/newer than this code/);
    await dropCentralDatabase(url);
  });

  it('refuses a URL that is not PostgreSQL', async () => {
    await expect(openCentralDb('', 'mysql://localhost/central')).rejects.toThrow(/postgres/);
  });
});

describe('the schema on either engine', () => {
  it('keeps money consistent at the storage level: deposited = amount + commission', async () => {
    const { db } = await openTestCentralDb(tempDir());
    await db.exec(`INSERT INTO terminals (id, facility_ids, created_at_ms) VALUES ('t', '[]', 0)`);
    const insert = (deposited: number) =>
      db.exec(`INSERT INTO transfers (id, terminal_id, fingerprint, response, inmate_ref,
        facility_id, recipient_masked, recipient_birth_year, facility_name, deposited_kopecks,
        amount_kopecks, commission_kopecks, kiosk_created_at_ms, status, accepted_at_ms)
        VALUES ('x${deposited}', 't', '', '', 'i', 'f', 'm', 1990, 'n', ${deposited}, 100, 5, 0,
        'accepted', 0)`);
    await expect(insert(106)).rejects.toThrow(/CHECK|check constraint/);
    await expect(insert(105)).resolves.toBeUndefined();
    await db.close();
  });

  it('refuses a configuration override that is not JSON', async () => {
    const { db } = await openTestCentralDb(tempDir());
    const insert = (overrides: string) =>
      db.run(
        `INSERT INTO terminal_configs (terminal_id, version, overrides, updated_at_ms)
           VALUES (?, 1, ?, 0)`,
        `t-${overrides.length}`,
        overrides,
      );
    await expect(insert('{"a": ')).rejects.toThrow(/CHECK|check constraint/);
    await expect(insert('{"a": 1}')).resolves.toBe(1);
    await db.close();
  });

  it('answers money as exact JS numbers, and a transaction that throws leaves nothing', async () => {
    const { db } = await openTestCentralDb(tempDir());
    await db.exec(`INSERT INTO terminals (id, facility_ids, created_at_ms) VALUES ('t', '[]', 0)`);
    const big = Number.MAX_SAFE_INTEGER - 1;
    await db.run('UPDATE terminals SET created_at_ms = ?', big);
    expect(await db.get('SELECT created_at_ms, COUNT(*) AS n FROM terminals GROUP BY 1')).toEqual({
      created_at_ms: big,
      n: 1,
    });
    const failing = db.transaction(async () => {
      await db.run("INSERT INTO terminals (id, facility_ids, created_at_ms) VALUES ('u', '[]', 1)");
      expect(db.inTransaction()).toBe(true);
      throw new Error('no');
    });
    await expect(failing).rejects.toThrow('no');
    expect(await db.all('SELECT id FROM terminals ORDER BY id')).toEqual([{ id: 't' }]);
    await db.close();
  });

  it('nests a transaction as a savepoint: the inner one rolls back alone', async () => {
    const { db } = await openTestCentralDb(tempDir());
    const insert = (id: string) =>
      db.run('INSERT INTO terminals (id, facility_ids, created_at_ms) VALUES (?, ?, 0)', id, '[]');
    await db.transaction(async () => {
      await insert('outer');
      await db.transaction(() => insert('inner')).then(() => undefined);
      await expect(
        db.transaction(async () => {
          await insert('lost');
          throw new Error('inner refused');
        }),
      ).rejects.toThrow('inner refused');
    });
    expect(await db.all('SELECT id FROM terminals ORDER BY id')).toEqual([
      { id: 'inner' },
      { id: 'outer' },
    ]);
    await db.close();
  });
});

describe('numberPlaceholders', () => {
  it('numbers ? outside quotes and leaves quoted ones as they are', () => {
    expect(numberPlaceholders('SELECT ? AS a, \'?\' AS b, "?" AS c WHERE x = ?')).toBe(
      'SELECT $1 AS a, \'?\' AS b, "?" AS c WHERE x = $2',
    );
  });
});
