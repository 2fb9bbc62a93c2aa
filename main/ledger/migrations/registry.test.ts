import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tests/support/ledger-support.ts';
import {
  assertMigrationOrder,
  DatabaseTooNewError,
  migrate,
  migrations,
  schemaVersion,
  userVersion,
} from './registry.ts';

let temp: ReturnType<typeof tempDir>;
let db: DatabaseSync;
beforeEach(() => {
  temp = tempDir();
  db = new DatabaseSync(join(temp.dir, 'ledger.db'));
  db.exec('PRAGMA foreign_keys = ON');
});
afterEach(() => {
  db.close();
  temp.remove();
});

function tables(): string[] {
  return db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all()
    .map((row) => String(row.name))
    .sort();
}

function isStrict(table: string): boolean {
  const row = db.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(table);
  return /\)\s*STRICT\s*$/.test(String(row?.sql));
}

describe('migration registry', () => {
  it('refuses versions out of order or with a gap', () => {
    const [first, second] = migrations;
    expect(() => assertMigrationOrder([second!, first!])).toThrow(/order/);
    expect(() => assertMigrationOrder([{ ...first!, version: 20 }])).toThrow(/order/);
  });

  it('refuses a database written by newer code and leaves it untouched', () => {
    db.exec(`PRAGMA user_version = ${schemaVersion + 10}`);
    expect(() => migrate(db)).toThrow(DatabaseTooNewError);
    expect(userVersion(db)).toBe(schemaVersion + 10);
    expect(tables()).toEqual([]);
  });

  it('is a no-op on an up-to-date database', () => {
    migrate(db);
    expect(migrate(db)).toEqual({ fromVersion: schemaVersion, toVersion: schemaVersion });
  });
});

describe('0010-journal', () => {
  it('creates STRICT journal tables that reject floats and negative money', () => {
    migrate(db, 10);
    expect(userVersion(db)).toBe(10);
    for (const table of ['deposit_session', 'stack_intent', 'intent_outcome', 'transfer']) {
      expect(isStrict(table)).toBe(true);
    }
    db.prepare(
      `INSERT INTO deposit_session VALUES ('0192b3c4-0000-7000-8000-000000000001', '{}', NULL,
       1500000, 300, 3000, 1)`,
    ).run();
    const insert = db.prepare(
      `INSERT INTO stack_intent (session_id, bill_type, note_kopecks, created_at_ms)
       VALUES ('0192b3c4-0000-7000-8000-000000000001', 2, ?, 1)`,
    );
    expect(() => insert.run(100.5)).toThrow(/cannot store REAL|datatype mismatch/i);
    expect(() => insert.run(-100)).toThrow(/CHECK/);
    insert.run(10_000);
    expect(() => db.exec('DELETE FROM stack_intent')).toThrow(/append-only/);
  });

  it('allows one outcome per intent only', () => {
    migrate(db, 10);
    db.exec(`INSERT INTO deposit_session VALUES ('0192b3c4-0000-7000-8000-000000000001', '{}',
      NULL, 1500000, 300, 3000, 1);
      INSERT INTO stack_intent (session_id, bill_type, note_kopecks, created_at_ms)
      VALUES ('0192b3c4-0000-7000-8000-000000000001', 2, 10000, 1);
      INSERT INTO intent_outcome (intent_id, kind, bill_type, credited_kopecks, at_ms)
      VALUES (1, 'stacked', 2, 10000, 2);`);
    expect(() =>
      db.exec(`INSERT INTO intent_outcome (intent_id, kind, bill_type, credited_kopecks, at_ms)
        VALUES (1, 'stacked', 2, 10000, 3)`),
    ).toThrow(/UNIQUE/);
  });
});

describe('0020-outbox', () => {
  it('requires the idempotency key to be the transfer id', () => {
    migrate(db, 20);
    expect(userVersion(db)).toBe(20);
    expect(isStrict('outbox')).toBe(true);
    db.exec('PRAGMA foreign_keys = OFF');
    expect(() =>
      db.exec(`INSERT INTO outbox (transfer_id, idempotency_key, payload_json,
        next_attempt_at_ms, created_at_ms) VALUES ('a', 'b', '{}', 0, 0)`),
    ).toThrow(/CHECK/);
  });
});

describe('0030-collections', () => {
  it('requires a comment on a mismatch', () => {
    migrate(db, 30);
    expect(userVersion(db)).toBe(30);
    const insert = (counted: number, comment: string) =>
      db.exec(`INSERT INTO collection (through_outcome_id, started_at_ms, ended_at_ms,
        expected_kopecks, counted_kopecks, mismatch, unresolved_count, comment, operator_id)
        VALUES (0, 0, 1, 1000, ${counted}, ${counted === 1000 ? 0 : 1}, 0, '${comment}', 'op')`);
    expect(() => insert(900, '')).toThrow(/CHECK/);
    insert(900, 'одна купюра в кармане инкассатора');
    insert(1000, '');
  });
});

describe('0040-settings-audit', () => {
  it('stores settings as JSON and keeps the audit log append-only', () => {
    migrate(db, 40);
    expect(userVersion(db)).toBe(40);
    expect(() => db.exec(`INSERT INTO setting VALUES ('k', 'not json', 0)`)).toThrow(/CHECK/);
    db.exec(`INSERT INTO audit_log (at_ms, actor, action, detail_json) VALUES (1, 'a', 'b', '{}')`);
    expect(() => db.exec('UPDATE audit_log SET actor = 1')).toThrow(/append-only/);
    expect(tables()).toContain('audit_log');
  });
});

describe('0050-open-indexes', () => {
  it('indexes open intents and sessions already in the file, then follows new rows', () => {
    migrate(db, 40);
    db.exec(`INSERT INTO deposit_session VALUES ('0192b3c4-0000-7000-8000-000000000001', '{}',
      NULL, 1500000, 300, 3000, 1);
      INSERT INTO stack_intent (session_id, bill_type, note_kopecks, created_at_ms)
      VALUES ('0192b3c4-0000-7000-8000-000000000001', 2, 10000, 1),
             ('0192b3c4-0000-7000-8000-000000000001', 2, 10000, 2);
      INSERT INTO intent_outcome (intent_id, kind, bill_type, credited_kopecks, at_ms)
      VALUES (1, 'stacked', 2, 10000, 2);`);
    migrate(db, 50);
    expect(userVersion(db)).toBe(50);
    const openIntents = () => db.prepare('SELECT intent_id FROM open_intent').all();
    expect(openIntents()).toEqual([{ intent_id: 2 }]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM open_session').get()?.n).toBe(1);
    db.exec(`INSERT INTO intent_outcome (intent_id, kind, bill_type, credited_kopecks, at_ms)
      VALUES (2, 'returned', 2, 0, 3)`);
    expect(openIntents()).toEqual([]);
    db.exec(`INSERT INTO transfer VALUES ('0192b3c4-0000-7000-8000-0000000000aa',
      '0192b3c4-0000-7000-8000-000000000001', 10000, 3000, 7000, '{}', NULL, 0, 'pending', 4)`);
    expect(db.prepare('SELECT COUNT(*) AS n FROM open_session').get()?.n).toBe(0);
  });
});
