/**
 * Central's SQLite adapter commits with synchronous=NORMAL and flushes the WAL itself, off the
 * event loop (central/storage/sqlite.ts). These tests hold that flush open (an injected flush
 * that waits for the test) and check that no caller hears of a commit, or of a read that may
 * have seen one, before a flush that covers it; that the next transaction commits meanwhile;
 * and that a failed flush stops the database instead of answering as if nothing happened.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { CentralDb } from '../../central/storage/port.ts';
import { createGroupCommitter } from '../../central/storage/group-commit.ts';
import { configureSqlite, sqliteAdapter } from '../../central/storage/sqlite.ts';

type HeldCall = { wal: FileHandle; finish(): void; fail(error: Error): void };
/** Every held flush of the test running, let go after it: a failed test must not hang close. */
const heldCalls: HeldCall[][] = [];

/** A WAL flush that waits until the test lets it finish (or fail). */
function heldFlush() {
  const calls: HeldCall[] = [];
  heldCalls.push(calls);
  return {
    calls,
    flush: (wal: FileHandle) =>
      new Promise<void>((resolve, reject) => {
        calls.push({ wal, finish: resolve, fail: reject });
      }),
  };
}

/** Settles-or-not, without waiting for it. */
function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadlineMs = Date.now() + 5_000;
  while (Date.now() < deadlineMs) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`never happened: ${what}`);
}

/** A few turns of the event loop, for what should not happen to have its chance. */
const turns = async () => {
  for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setTimeout(resolve, 2));
};

let dir: string;
let db: CentralDb | null = null;
let reader: DatabaseSync | null = null;

afterEach(async () => {
  for (const call of heldCalls.splice(0).flat()) call.finish();
  reader?.close();
  reader = null;
  await db?.close().catch(() => {});
  db = null;
  rmSync(dir, { recursive: true, force: true });
});

function open(flush?: (wal: FileHandle) => Promise<void>) {
  dir = mkdtempSync(join(tmpdir(), 'central-wal-flush-'));
  const path = join(dir, 'central.sqlite');
  const raw = new DatabaseSync(path);
  configureSqlite(raw);
  raw.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT');
  db = sqliteAdapter(raw, flush === undefined ? { path } : { path, flushWal: flush });
  // Another connection sees what is committed, flushed or not.
  reader = new DatabaseSync(path);
  const committed = (id: number) =>
    reader!.prepare('SELECT id FROM notes WHERE id = ?').get(id) !== undefined;
  return { db, path, committed };
}

describe('the WAL is flushed before anyone hears of a commit', () => {
  it('a transaction settles only after a flush that began after its COMMIT', async () => {
    const held = heldFlush();
    const { db, path, committed } = open(held.flush);
    const insert = track(
      db.transaction(() => db.run('INSERT INTO notes (id, text) VALUES (1, ?)', 'Иванов')),
    );
    await until(() => held.calls.length === 1, 'a flush started');
    expect(committed(1)).toBe(true);
    await turns();
    expect(insert.settled).toBe(false);
    // The flush is of this database's WAL file.
    expect((await held.calls[0]!.wal.stat()).ino).toBe(statSync(`${path}-wal`).ino);
    held.calls[0]!.finish();
    await until(() => insert.settled, 'the transaction settled');
    expect(insert.value).toBe(1);
  });

  it('a statement outside a transaction, and a read after it, wait for the flush', async () => {
    const held = heldFlush();
    const { db, committed } = open(held.flush);
    const write = track(db.run('INSERT INTO notes (id, text) VALUES (2, ?)', 'Петров'));
    await until(() => held.calls.length === 1, 'a flush started');
    expect(committed(2)).toBe(true);
    // The read sees the row, so its answer must not outlive a power cut that the row does not.
    const read = track(db.get<{ text: string }>('SELECT text FROM notes WHERE id = 2'));
    await turns();
    expect(write.settled).toBe(false);
    expect(read.settled).toBe(false);
    held.calls[0]!.finish();
    await until(() => read.settled, 'the read settled');
    expect(write.value).toBe(1);
    expect(read.value).toEqual({ text: 'Петров' });
  });

  it('a refusal that rests on an unflushed row waits for its flush too', async () => {
    const held = heldFlush();
    const { db } = open(held.flush);
    const first = track(db.run('INSERT INTO notes (id, text) VALUES (11, ?)', 'taken'));
    await until(() => held.calls.length === 1, 'a flush started');
    // The same key again: refused because of a row whose flush is still running.
    const again = track(db.run('INSERT INTO notes (id, text) VALUES (11, ?)', 'again'));
    const inTransaction = track(
      db.transaction(() => db.run('INSERT INTO notes (id, text) VALUES (11, ?)', 'again')),
    );
    await turns();
    expect(again.settled).toBe(false);
    expect(inTransaction.settled).toBe(false);
    held.calls[0]!.finish();
    await until(() => again.settled && inTransaction.settled, 'both refused');
    expect(first.value).toBe(1);
    expect(String(again.error)).toMatch(/UNIQUE/);
    expect(String(inTransaction.error)).toMatch(/UNIQUE/);
  });

  it('a read with nothing left to flush answers without waiting for one', async () => {
    const held = heldFlush();
    const { db } = open(held.flush);
    expect(await db.get('SELECT COUNT(*) AS n FROM notes')).toEqual({ n: 0 });
    expect(held.calls).toHaveLength(0);
  });

  it('the next transaction commits while the one before is flushed; each hears after its own', async () => {
    const held = heldFlush();
    const { db, committed } = open(held.flush);
    const first = track(db.run('INSERT INTO notes (id, text) VALUES (3, ?)', 'first'));
    await until(() => held.calls.length === 1, 'the first flush started');
    const second = track(
      db.transaction(() => db.run('INSERT INTO notes (id, text) VALUES (4, ?)', 'second')),
    );
    await until(() => committed(4), 'the second committed under the first flush');
    held.calls[0]!.finish();
    await until(() => first.settled, 'the first settled');
    // The first flush began before the second COMMIT: it does not cover it.
    await until(() => held.calls.length === 2, 'a second flush started');
    expect(second.settled).toBe(false);
    held.calls[1]!.finish();
    await until(() => second.settled, 'the second settled');
  });

  it('forty commits made during one flush share the next one', async () => {
    const held = heldFlush();
    const { db } = open(held.flush);
    const first = track(db.run('INSERT INTO notes (id, text) VALUES (100, ?)', 'opens a flush'));
    await until(() => held.calls.length === 1, 'a flush started');
    const writes = Array.from({ length: 40 }, (_, index) =>
      track(db.run('INSERT INTO notes (id, text) VALUES (?, ?)', index + 1, `note ${index}`)),
    );
    await until(
      () => reader!.prepare('SELECT COUNT(*) AS n FROM notes').get()?.n === 41,
      'all committed',
    );
    held.calls[0]!.finish();
    await until(() => held.calls.length === 2, 'the next flush started');
    expect(writes.some((write) => write.settled)).toBe(false);
    held.calls[1]!.finish();
    await until(() => writes.every((write) => write.settled), 'all settled');
    expect(first.value).toBe(1);
    expect(writes.map((write) => write.value)).toEqual(Array(40).fill(1));
    expect(held.calls).toHaveLength(2);
  });

  it('a failed flush: its callers hear it, and the database refuses work until restarted', async () => {
    const held = heldFlush();
    const { db } = open(held.flush);
    const write = track(
      db.transaction(() => db.run('INSERT INTO notes (id, text) VALUES (5, ?)', 'lost?')),
    );
    await until(() => held.calls.length === 1, 'a flush started');
    const read = track(db.get('SELECT text FROM notes WHERE id = 5'));
    held.calls[0]!.fail(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }));
    await until(() => write.settled && read.settled, 'both heard');
    expect(String(write.error)).toMatch(/could not be flushed/);
    expect((write.error as Error).cause).toMatchObject({ code: 'EIO' });
    expect(String(read.error)).toMatch(/could not be flushed/);
    await expect(db.get('SELECT 1 AS one')).rejects.toThrow(/could not be flushed/);
    await expect(db.transaction(async () => 1)).rejects.toThrow(/could not be flushed/);
    // Nothing more reached the database after the failure.
    await expect(db.run('INSERT INTO notes (id, text) VALUES (6, ?)', 'after')).rejects.toThrow(
      /could not be flushed/,
    );
    expect(reader!.prepare('SELECT id FROM notes WHERE id = 6').get()).toBeUndefined();
  });

  it('close waits for the flush under way', async () => {
    const held = heldFlush();
    const { db } = open(held.flush);
    const write = track(db.run('INSERT INTO notes (id, text) VALUES (7, ?)', 'closing'));
    await until(() => held.calls.length === 1, 'a flush started');
    const closed = track(db.close());
    await turns();
    expect(closed.settled).toBe(false);
    held.calls[0]!.finish();
    await until(() => closed.settled && write.settled, 'closed');
    expect(closed.error).toBeUndefined();
    expect(write.value).toBe(1);
  });

  it('runs with synchronous=NORMAL and a real fdatasync of the WAL', async () => {
    const { db } = open();
    await db.transaction(() => db.run('INSERT INTO notes (id, text) VALUES (8, ?)', 'real'));
    expect(await db.get('PRAGMA synchronous')).toEqual({ synchronous: 1 });
    expect(await db.get('SELECT text FROM notes WHERE id = 8')).toEqual({ text: 'real' });
  });
});

describe('group commit over the held flush', () => {
  it('starts the next batch while the last one is flushed, and answers neither early', async () => {
    const held = heldFlush();
    const { db } = open(held.flush);
    const commits = createGroupCommitter(db);
    const ran: string[] = [];
    const first = track(
      commits.run(async () => {
        ran.push('first');
        return db.run('INSERT INTO notes (id, text) VALUES (9, ?)', 'batch one');
      }),
    );
    await until(() => held.calls.length === 1, 'the first batch is being flushed');
    const second = track(
      commits.run(async () => {
        ran.push('second');
        return db.run('INSERT INTO notes (id, text) VALUES (10, ?)', 'batch two');
      }),
    );
    await until(() => ran.includes('second'), 'the second batch ran under the first flush');
    expect(first.settled).toBe(false);
    expect(commits.stats()).toMatchObject({ unsettled: 2 });
    held.calls[0]!.finish();
    await until(() => first.settled, 'the first answered');
    await until(() => held.calls.length === 2, 'the second is being flushed');
    expect(second.settled).toBe(false);
    held.calls[1]!.finish();
    await until(() => second.settled, 'the second answered');
    expect([first.value, second.value]).toEqual([1, 1]);
    await commits.close();
    expect(commits.stats()).toMatchObject({ batches: 2, items: 2, unsettled: 0 });
  });
});
