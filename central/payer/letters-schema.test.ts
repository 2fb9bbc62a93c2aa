/**
 * Migration 210 on a database that already has data (SQLite; the PostgreSQL side changes the
 * role CHECK in place and is exercised by every central-postgres run from an empty database):
 * console users and their sessions survive the rebuild of console_users, the foreign key from
 * sessions still holds, the new role is accepted, and existing letters learn their facility.
 */
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../storage/schema-sqlite.ts';

function databaseAt(version: number): DatabaseSync {
  const db = new DatabaseSync(':memory:');
  db.exec('PRAGMA foreign_keys = ON');
  for (const migration of SQLITE_MIGRATIONS) {
    if (migration.version <= version) db.exec(migration.sql);
  }
  return db;
}

function migrate210(db: DatabaseSync): void {
  const migration = SQLITE_MIGRATIONS.find((one) => one.version === 210)!;
  // As central/db.ts runs every migration: one IMMEDIATE transaction.
  db.exec('BEGIN IMMEDIATE');
  db.exec(migration.sql);
  db.exec('COMMIT');
}

describe('migration 210 over existing rows', () => {
  it('keeps console users and sessions, and takes the facility-staff role', () => {
    const db = databaseAt(200);
    db.exec(`INSERT INTO console_users (id, login, display_name, email, role, scope, password_hash,
      created_at_ms, updated_at_ms) VALUES ('u1', 'anna', 'Анна', NULL, 'administrator',
      '{"all":true}', 'hash', 1, 1)`);
    db.exec(`INSERT INTO console_sessions (token_hash, user_id, created_at_ms, last_seen_ms,
      expires_at_ms) VALUES ('t1', 'u1', 1, 1, 2)`);
    expect(() =>
      db.exec(`INSERT INTO console_users (id, login, display_name, role, scope, password_hash,
        created_at_ms, updated_at_ms) VALUES ('u0', 'early', 'x', 'facility-staff', '{}', 'h', 1, 1)`),
    ).toThrow(/CHECK/);
    migrate210(db);
    expect(db.prepare('SELECT login, role FROM console_users').all()).toEqual([
      { login: 'anna', role: 'administrator' },
    ]);
    expect(db.prepare('SELECT user_id FROM console_sessions').all()).toEqual([{ user_id: 'u1' }]);
    db.exec(`INSERT INTO console_users (id, login, display_name, role, scope, password_hash,
      created_at_ms, updated_at_ms) VALUES ('u2', 'office', 'Канцелярия', 'facility-staff',
      '{"regions":[],"terminals":[],"facilities":["77-sizo-1"]}', 'h', 1, 1)`);
    expect(() =>
      db.exec(`INSERT INTO console_sessions (token_hash, user_id, created_at_ms, last_seen_ms,
        expires_at_ms) VALUES ('t2', 'nobody', 1, 1, 2)`),
    ).toThrow(/FOREIGN KEY/);
    expect(() => db.exec(`UPDATE console_users SET role = 'janitor' WHERE id = 'u2'`)).toThrow(
      /CHECK/,
    );
  });

  it('gives existing letters their facility; replies are checked by type and size', () => {
    const db = databaseAt(200);
    db.exec(`INSERT INTO regions VALUES ('77', 'Москва', 'Москва', 'УФСИН', 1)`);
    db.exec(`INSERT INTO facilities VALUES ('77-sizo-1', '77', 'sizo', 1, 'СИЗО-1', 'СИЗО-1',
      '', '', '', '', 1)`);
    db.exec(`INSERT INTO inmates (ref, facility_id, surname, name, patronymic, birth_year, status,
      surname_key, name_key, patronymic_key, birth_day, birth_month)
      VALUES ('i1', '77-sizo-1', 'Иванов', 'Иван', 'Иванович', 1985, 'active', 'и', 'и', 'и', 1, 1)`);
    db.exec(`INSERT INTO payer_accounts (id, phone, password_hash, display_name, created_at_ms,
      failed_logins, locked_until_ms) VALUES ('p1', '+79160000000', 'h', 'Анна', 1, 0, 0)`);
    db.exec(`INSERT INTO letters (id, account_id, terminal_id, inmate_ref, recipient_masked,
      facility_name, body, pages, reply_blanks, price_kopecks, paid_from, status, fingerprint,
      response, created_at_ms) VALUES ('l1', 'p1', 't', 'i1', 'Иванов И. И.', 'СИЗО-1', 'текст',
      1, 1, 5500, 'wallet', 'accepted', 'f', '{}', 1)`);
    migrate210(db);
    expect(db.prepare('SELECT facility_id, delivered_at_ms FROM letters').get()).toEqual({
      facility_id: '77-sizo-1',
      delivered_at_ms: null,
    });
    const insert = db.prepare(`INSERT INTO letter_replies (letter_id, content_type, size_bytes,
      sha256, bytes, file_name, uploaded_by, uploaded_at_ms) VALUES ('l1', ?, ?, 's', ?, 'r.png',
      'office', 1)`);
    expect(() => insert.run('image/gif', 3, new Uint8Array([1, 2, 3]))).toThrow(/CHECK/);
    expect(() => insert.run('image/png', 6 * 1024 * 1024, new Uint8Array([1]))).toThrow(/CHECK/);
    insert.run('image/png', 3, new Uint8Array([1, 2, 3]));
    const stored = db.prepare('SELECT bytes FROM letter_replies').get() as { bytes: Uint8Array };
    expect([...stored.bytes]).toEqual([1, 2, 3]);
  });
});
