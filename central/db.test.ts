import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { openCentralDb, SCHEMA_VERSION } from './db.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'central-db-'));
  dirs.push(dir);
  return dir;
};

describe('openCentralDb', () => {
  it('creates the schema once, in WAL with synchronous=FULL', () => {
    const dir = tempDir();
    const first = openCentralDb(dir);
    expect(first.created).toBe(true);
    const mode = first.db.prepare('PRAGMA journal_mode').get() as { journal_mode: string };
    expect(mode.journal_mode).toBe('wal');
    first.db.close();
    const second = openCentralDb(dir);
    expect(second.created).toBe(false);
    const version = second.db.prepare('PRAGMA user_version').get() as { user_version: number };
    expect(version.user_version).toBe(SCHEMA_VERSION);
    second.db.close();
  });

  it('refuses a database newer than the code', () => {
    const dir = tempDir();
    const raw = new DatabaseSync(join(dir, 'central.sqlite'));
    raw.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 10}`);
    raw.close();
    expect(() => openCentralDb(dir)).toThrow(/newer than this code/);
  });

  it('keeps money consistent at the storage level: deposited = amount + commission', () => {
    const { db } = openCentralDb(tempDir());
    db.exec(`INSERT INTO terminals (id, facility_ids, created_at_ms) VALUES ('t', '[]', 0)`);
    const insert = (deposited: number) =>
      db.exec(`INSERT INTO transfers (id, terminal_id, fingerprint, response, inmate_ref,
        facility_id, recipient_masked, recipient_birth_year, facility_name, deposited_kopecks,
        amount_kopecks, commission_kopecks, kiosk_created_at_ms, status, accepted_at_ms)
        VALUES ('x${deposited}', 't', '', '', 'i', 'f', 'm', 1990, 'n', ${deposited}, 100, 5, 0,
        'accepted', 0)`);
    expect(() => insert(106)).toThrow(/CHECK/);
    expect(() => insert(105)).not.toThrow();
    db.close();
  });
});
