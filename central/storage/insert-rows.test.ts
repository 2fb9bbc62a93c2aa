/**
 * Which statements a PostgreSQL wave may merge into one multi-row INSERT, and the statement
 * it then sends (storage/insert-rows.ts). Only a plain one-row INSERT qualifies: anything
 * whose outcome per row would need asking (ON CONFLICT, RETURNING, INSERT … SELECT) is sent
 * as it is. On a real server: storage/postgres-waves.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { insertRowOf, multiRowInsert } from './insert-rows.ts';

describe('plain one-row INSERTs', () => {
  it('splits head and row, keeping literals of the row as written', () => {
    expect(
      insertRowOf(
        `INSERT INTO transfers (id, status, note, amount_kopecks)
           VALUES (?, 'accepted', ?, ?)`,
      ),
    ).toEqual({
      head: 'INSERT INTO transfers (id, status, note, amount_kopecks)',
      values: ['?', "'accepted'", '?', '?'],
    });
  });

  it('refuses what it cannot answer per row, or cannot split safely', () => {
    const refused = [
      'INSERT INTO t (a) VALUES (?) ON CONFLICT (a) DO NOTHING',
      'INSERT INTO t (a) VALUES (?) RETURNING a',
      'INSERT INTO t (a) SELECT ? WHERE EXISTS (SELECT 1 FROM u)',
      'INSERT INTO t (a, b) VALUES (?, ?), (?, ?)',
      'INSERT INTO t (a) VALUES (lower(?))',
      "INSERT INTO t (a, b) VALUES (?, 'it''s')",
      "INSERT INTO t (a) VALUES ('fixed')",
      'UPDATE t SET a = ? WHERE b = ?',
      'INSERT INTO t (a) VALUES (?); DELETE FROM t',
    ];
    for (const sql of refused) expect(insertRowOf(sql), sql).toBeNull();
  });

  it('fills each row with its own values in the order of its ?s', () => {
    const row = insertRowOf("INSERT INTO t (a, b, c) VALUES (?, 'x, y', ?)")!;
    expect(
      multiRowInsert(row, [
        ["'1'", 'NULL'],
        ["'2'", "'O''Brien'"],
      ]),
    ).toBe("INSERT INTO t (a, b, c) VALUES ('1', 'x, y', NULL), ('2', 'x, y', 'O''Brien')");
  });

  it('refuses a row whose values do not match its ?s', () => {
    const row = insertRowOf('INSERT INTO t (a, b) VALUES (?, ?)')!;
    expect(() => multiRowInsert(row, [["'1'"]])).toThrow(/fewer values/);
    expect(() => multiRowInsert(row, [["'1'", "'2'", "'3'"]])).toThrow(/more values/);
  });
});
