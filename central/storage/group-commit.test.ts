/**
 * The group committer on a real database (the SQLite file, or PostgreSQL on the
 * central-postgres project): concurrent work shares transactions, one item's failure stays
 * its own, and nobody hears "done" for work whose transaction did not commit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestCentralDb } from '../../tests/support/central-postgres.ts';
import type { CentralDb } from '../db.ts';
import { createGroupCommitter } from './group-commit.ts';

let dir: string;
let db: CentralDb;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'central-group-commit-'));
  db = (await openTestCentralDb(dir)).db;
  await db.exec(
    `CREATE TABLE gc_rows (id TEXT PRIMARY KEY, amount_kopecks BIGINT NOT NULL
       CHECK (amount_kopecks > 0))`,
  );
});

beforeEach(async () => {
  await db.run('DELETE FROM gc_rows');
});

afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const insert = (id: string, amountKopecks: number) => async () => {
  await db.run('INSERT INTO gc_rows (id, amount_kopecks) VALUES (?, ?)', id, amountKopecks);
  const row = await db.get<{ id: string; amount_kopecks: number }>(
    'SELECT id, amount_kopecks FROM gc_rows WHERE id = ?',
    id,
  );
  return row;
};

const rowsNow = () =>
  db.all<{ id: string; amount_kopecks: number }>(
    'SELECT id, amount_kopecks FROM gc_rows ORDER BY id',
  );

describe('group commit', () => {
  it('puts 40 concurrent writes in fewer transactions, each answer its own row', async () => {
    const commits = createGroupCommitter(db);
    const ids = Array.from({ length: 40 }, (_, index) => `r${String(index).padStart(2, '0')}`);
    const answers = await Promise.all(ids.map((id, index) => commits.run(insert(id, 100 + index))));
    const stats = commits.stats();
    expect(stats.items).toBe(40);
    expect(stats.batches).toBeLessThan(40);
    expect(answers).toEqual(ids.map((id, index) => ({ id, amount_kopecks: 100 + index })));
    expect(await rowsNow()).toEqual(answers);
  });

  it('fails only the failing item; its writes are undone, the others commit', async () => {
    const commits = createGroupCommitter(db);
    const good = ['g1', 'g2', 'g3', 'g4'];
    const writeThenThrow = async () => {
      await db.run("INSERT INTO gc_rows (id, amount_kopecks) VALUES ('half', 5)");
      throw new Error('validation failed after a write');
    };
    const settled = await Promise.allSettled([
      commits.run(insert('g1', 1)),
      commits.run(insert('g2', 2)),
      commits.run(insert('bad-check', -1)), // the database's CHECK refuses it
      commits.run(writeThenThrow),
      commits.run(insert('g3', 3)),
      commits.run(insert('g1', 9)), // the same key twice in one batch: the key decides
      commits.run(insert('g4', 4)),
    ]);
    expect(commits.stats().batches).toBe(1);
    expect(settled.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((settled[3] as PromiseRejectedResult).reason).toEqual(
      new Error('validation failed after a write'),
    );
    expect((await rowsNow()).map((row) => row.id)).toEqual(good);
    expect((await rowsNow()).map((row) => row.amount_kopecks)).toEqual([1, 2, 3, 4]);
  });

  it('answers nothing as done when the shared commit fails', async () => {
    // The database as if COMMIT failed (the disk went away): the transaction rolls back.
    const failing: CentralDb = {
      ...db,
      transaction: (work) =>
        db.inTransaction()
          ? db.transaction(work)
          : db.transaction(async () => {
              await work();
              throw new Error('commit failed: disk I/O error');
            }),
    };
    const commits = createGroupCommitter(failing);
    const settled = await Promise.allSettled(
      ['c1', 'c2', 'c3'].map((id) => commits.run(insert(id, 7))),
    );
    expect(settled.every((outcome) => outcome.status === 'rejected')).toBe(true);
    expect(await rowsNow()).toEqual([]);
    expect(commits.stats().batches).toBe(0);
  });

  it('commits what it took before closing and refuses work after', async () => {
    const commits = createGroupCommitter(db);
    const pending = ['k1', 'k2', 'k3'].map((id) => commits.run(insert(id, 3)));
    const closed = commits.close();
    await expect(commits.run(insert('late', 3))).rejects.toThrow(/closing/);
    await closed;
    expect((await Promise.all(pending)).map((row) => row?.id)).toEqual(['k1', 'k2', 'k3']);
    expect((await rowsNow()).map((row) => row.id)).toEqual(['k1', 'k2', 'k3']);
  });

  it('runs work inside a caller transaction there, committed by that transaction', async () => {
    const commits = createGroupCommitter(db);
    await expect(
      db.transaction(async () => {
        await commits.run(insert('inner', 1));
        throw new Error('the caller gives up');
      }),
    ).rejects.toThrow('the caller gives up');
    expect(await rowsNow()).toEqual([]);
    expect(commits.stats().batches).toBe(0);
  });
});
