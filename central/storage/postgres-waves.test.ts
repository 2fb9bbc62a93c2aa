/**
 * Concurrent works in one PostgreSQL transaction (`db.concurrently`, what group commit's
 * shared batches use there): the statements they issue meanwhile go out together as one
 * message of EXECUTEs of statements prepared once per connection. Checked on a real server:
 * values with quotes, backslashes, Cyrillic and NULL come back exactly; each work gets its
 * own rows; one round trip serves a whole wave; a failure reaches every work of its wave and
 * the transaction is rolled back; a later wave on the same connection still works (its
 * prepared statements are read again); bytes, which are not inlined, go alone with real
 * parameters. On SQLite (the default project) there is nothing to check: it has no
 * `concurrently`, and group commit runs items one by one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestCentralDb, testAdapter } from '../../tests/support/central-postgres.ts';
import type { CentralDb } from '../db.ts';
import { createGroupCommitter } from './group-commit.ts';

let dir: string;
let db: CentralDb;

describe.skipIf(testAdapter() !== 'postgres')('statements of concurrent works (PostgreSQL)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'central-waves-'));
    db = (await openTestCentralDb(dir)).db;
    await db.exec(
      `CREATE TABLE wave_rows (id TEXT PRIMARY KEY, note TEXT, amount_kopecks BIGINT NOT NULL
         CHECK (amount_kopecks > 0), scan BYTEA)`,
    );
    await db.exec(
      `CREATE TABLE wave_statement_count (name TEXT PRIMARY KEY, n BIGINT NOT NULL);
       INSERT INTO wave_statement_count VALUES ('insert', 0);
       CREATE FUNCTION count_wave_insert() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN UPDATE wave_statement_count SET n = n + 1 WHERE name = 'insert'; RETURN NULL; END $$;
       CREATE TRIGGER wave_rows_inserts AFTER INSERT ON wave_rows
         FOR EACH STATEMENT EXECUTE FUNCTION count_wave_insert()`,
    );
  });

  beforeEach(async () => {
    await db.run('DELETE FROM wave_rows');
  });

  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const concurrently = <T>(works: (() => Promise<T>)[]) =>
    db.transaction(() => db.concurrently!(works));

  /**
   * How often this connection executed its prepared UPDATE wave_rows (plans made, PG 14+),
   * read inside the transaction: prepared statements belong to one connection.
   */
  const executedHere = async () =>
    (
      await db.get<{ n: number }>(
        `SELECT coalesce(sum(generic_plans + custom_plans), 0) AS n FROM pg_prepared_statements
           WHERE name LIKE 'central_wave_%' AND statement LIKE '%UPDATE wave_rows%'`,
      )
    )?.n ?? 0;

  /** INSERT statements PostgreSQL ran on wave_rows (a statement-level trigger counts them). */
  const insertStatements = async () =>
    (await db.get<{ n: number }>("SELECT n FROM wave_statement_count WHERE name = 'insert'"))?.n ??
    0;

  it('keeps every value exact and every work its own rows', async () => {
    const notes = [
      "O'Brien",
      'back\\slash \\x41 and $1 and ? and ;',
      'Римская-Корсакова Анна Сергеевна',
      null,
      '',
      "'); DROP TABLE wave_rows; --",
    ];
    const works = notes.map((note, index) => async () => {
      const id = `w-${index}`;
      const changed = await db.run(
        'INSERT INTO wave_rows (id, note, amount_kopecks) VALUES (?, ?, ?)',
        id,
        note,
        1_000 + index,
      );
      const row = await db.get<{ note: string | null; amount_kopecks: number }>(
        'SELECT note, amount_kopecks FROM wave_rows WHERE id = ?',
        id,
      );
      return { changed, row };
    });
    const settled = await concurrently(works);
    for (const [index, outcome] of settled.entries()) {
      expect(outcome).toEqual({
        status: 'fulfilled',
        value: { changed: 1, row: { note: notes[index], amount_kopecks: 1_000 + index } },
      });
    }
    expect(await db.get<{ n: number }>('SELECT count(*) AS n FROM wave_rows')).toEqual({ n: 6 });
  });

  it('sends a wave of statements as EXECUTEs of one statement prepared on the connection', async () => {
    await db.run(
      `INSERT INTO wave_rows (id, amount_kopecks)
         SELECT 'c-' || n, 100 FROM generate_series(0, 19) AS n`,
    );
    const counted = await db.transaction(async () => {
      const before = await executedHere();
      const works = Array.from(
        { length: 20 },
        (_, index) => async () =>
          db.run('UPDATE wave_rows SET amount_kopecks = ? WHERE id = ?', 500 + index, `c-${index}`),
      );
      const settled = await db.concurrently!(works);
      return { settled, executed: (await executedHere()) - before };
    });
    expect(counted.settled.map((outcome) => outcome.status)).toEqual(Array(20).fill('fulfilled'));
    expect(
      counted.settled.map((outcome) => (outcome as PromiseFulfilledResult<number>).value),
    ).toEqual(Array(20).fill(1));
    expect(counted.executed).toBe(20);
    const amounts = await db.all<{ amount_kopecks: number }>(
      'SELECT amount_kopecks FROM wave_rows ORDER BY amount_kopecks',
    );
    expect(amounts.map((row) => row.amount_kopecks)).toEqual(
      Array.from({ length: 20 }, (_, index) => 500 + index),
    );
  });

  it('sends the plain one-row INSERTs of a wave as one multi-row INSERT, each work its row', async () => {
    const before = await insertStatements();
    const notes = ["O'Brien", null, 'Римская-Корсакова', 'a, b); DROP TABLE wave_rows; --'];
    const settled = await concurrently(
      notes.map(
        (note, index) => async () =>
          db.run(
            'INSERT INTO wave_rows (id, note, amount_kopecks) VALUES (?, ?, ?)',
            `r-${index}`,
            note,
            100 + index,
          ),
      ),
    );
    expect(settled).toEqual(notes.map(() => ({ status: 'fulfilled', value: 1 })));
    expect((await insertStatements()) - before).toBe(1);
    expect(await db.all('SELECT id, note, amount_kopecks FROM wave_rows ORDER BY id')).toEqual(
      notes.map((note, index) => ({ id: `r-${index}`, note, amount_kopecks: 100 + index })),
    );
  });

  it('keeps an INSERT whose outcome is per row (ON CONFLICT) one statement a row', async () => {
    await db.run("INSERT INTO wave_rows (id, amount_kopecks) VALUES ('k-1', 1)");
    const before = await insertStatements();
    const settled = await concurrently(
      ['k-0', 'k-1', 'k-2'].map(
        (id) => async () =>
          db.run(
            'INSERT INTO wave_rows (id, amount_kopecks) VALUES (?, ?) ON CONFLICT (id) DO NOTHING',
            id,
            5,
          ),
      ),
    );
    expect(settled.map((outcome) => (outcome as PromiseFulfilledResult<number>).value)).toEqual([
      1, 0, 1,
    ]);
    expect((await insertStatements()) - before).toBe(3);
  });

  it('sorts out a merged INSERT a trigger left a row out of: each work hears its own count', async () => {
    // A BEFORE trigger returning NULL skips its row without an error, so the merged statement
    // inserts fewer rows than it carried and cannot say whose went missing. The works hear a
    // failure, group commit rolls the batch back and runs each alone: 1, 0, 1.
    await db.exec(
      `CREATE FUNCTION skip_wave_row() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN IF NEW.note = 'skip' THEN RETURN NULL; END IF; RETURN NEW; END $$;
       CREATE TRIGGER wave_rows_skip BEFORE INSERT ON wave_rows
         FOR EACH ROW EXECUTE FUNCTION skip_wave_row()`,
    );
    try {
      const commits = createGroupCommitter(db);
      const insert = (id: string, note: string) =>
        commits.run(() =>
          db.run('INSERT INTO wave_rows (id, note, amount_kopecks) VALUES (?, ?, ?)', id, note, 5),
        );
      const counts = await Promise.all([
        insert('t-1', 'keep'),
        insert('t-2', 'skip'),
        insert('t-3', 'keep'),
      ]);
      expect(counts).toEqual([1, 0, 1]);
      expect(await db.all('SELECT id FROM wave_rows ORDER BY id')).toEqual([
        { id: 't-1' },
        { id: 't-3' },
      ]);
      await commits.close();
    } finally {
      await db.exec('DROP TRIGGER wave_rows_skip ON wave_rows; DROP FUNCTION skip_wave_row()');
    }
  });

  it('tells a failure to every work of its wave, rolls back, and the next wave still works', async () => {
    const works = [600, -1, 700].map(
      (amountKopecks, index) => async () =>
        db.run(
          'INSERT INTO wave_rows (id, amount_kopecks) VALUES (?, ?)',
          `f-${index}`,
          amountKopecks,
        ),
    );
    await expect(concurrently(works).then(rethrowFirst)).rejects.toMatchObject({ code: '23514' });
    expect(await db.get<{ n: number }>('SELECT count(*) AS n FROM wave_rows')).toEqual({ n: 0 });
    // The failed message had prepared its statement; the next wave must not prepare it again.
    const again = await concurrently(
      [800, 900].map(
        (amountKopecks, index) => async () =>
          db.run(
            'INSERT INTO wave_rows (id, amount_kopecks) VALUES (?, ?)',
            `g-${index}`,
            amountKopecks,
          ),
      ),
    );
    expect(again.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
  });

  it('sends bytes alone with real parameters, beside inlined statements', async () => {
    const scan = Uint8Array.from([0, 1, 2, 0x27, 0x5c, 255]);
    const settled = await concurrently([
      async () =>
        db.run(
          'INSERT INTO wave_rows (id, amount_kopecks, scan) VALUES (?, ?, ?)',
          'b-1',
          100,
          scan,
        ),
      async () => db.run('INSERT INTO wave_rows (id, amount_kopecks) VALUES (?, ?)', 'b-2', 200),
    ]);
    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
    const row = await db.get<{ scan: Uint8Array }>(
      'SELECT scan FROM wave_rows WHERE id = ?',
      'b-1',
    );
    expect([...Buffer.from(row!.scan)]).toEqual([...scan]);
  });

  it('sends a long statement (a multi-row insert) alone and keeps no plan of it', async () => {
    const rows = Array.from({ length: 17 }, (_, index) => [`m-${index}`, 100 + index]);
    const sql = `INSERT INTO wave_rows (id, amount_kopecks) VALUES ${rows.map(() => '(?, ?)').join(', ')}`;
    const kept = await db.transaction(async () => {
      const settled = await db.concurrently!([
        async () => db.run(sql, ...rows.flat()),
        async () => db.run('INSERT INTO wave_rows (id, amount_kopecks) VALUES (?, ?)', 'm-x', 1),
      ]);
      expect(settled).toEqual([
        { status: 'fulfilled', value: 17 },
        { status: 'fulfilled', value: 1 },
      ]);
      return db.get<{ n: number }>(
        // Kept as itself or inside a PREPARE; this query's own text (kept too) is left out.
        `SELECT count(*) AS n FROM pg_prepared_statements
           WHERE statement LIKE '%INSERT INTO wave\\_rows%), (%'
             AND statement NOT LIKE '%pg\\_prepared\\_statements%'`,
      );
    });
    expect(kept).toEqual({ n: 0 });
    expect(await db.get<{ n: number }>('SELECT count(*) AS n FROM wave_rows')).toEqual({ n: 18 });
  });

  it('opens the serializable transaction with the first wave: every wave runs inside it', async () => {
    type Seen = { level: string; tx: string };
    const seen =
      "SELECT current_setting('transaction_isolation') AS level, txid_current()::text AS tx";
    const works = [1, 2, 3].map((index) => async () => {
      const first = await db.get<Seen>(seen);
      await db.run(
        'INSERT INTO wave_rows (id, note, amount_kopecks) VALUES (?, ?, ?)',
        `b-${index}`,
        'begun',
        index * 100,
      );
      const last = await db.get<Seen>(seen);
      return [first, last];
    });
    const views = rethrowFirst(await concurrently(works)).flatMap(
      (outcome) => (outcome as PromiseFulfilledResult<(Seen | undefined)[]>).value,
    );
    // Without a BEGIN each wave would be an implicit transaction of its own, READ COMMITTED.
    expect(new Set(views.map((view) => view?.level))).toEqual(new Set(['serializable']));
    expect(new Set(views.map((view) => view?.tx)).size).toBe(1);
    // And a transaction whose first statement is not in a wave opens it just the same.
    const alone = await db.transaction(async () => [
      await db.get<Seen>(seen),
      await db.get<Seen>(seen),
    ]);
    expect(alone[0]?.level).toBe('serializable');
    expect(alone[1]?.tx).toBe(alone[0]?.tx);
    expect(alone[0]?.tx).not.toBe(views[0]?.tx);
  });

  it('refuses a value no column holds (NaN) to its own work alone, before sending', async () => {
    const insert = (id: string, amount: number) => () =>
      db.run('INSERT INTO wave_rows (id, note, amount_kopecks) VALUES (?, ?, ?)', id, null, amount);
    const settled = await concurrently([insert('nan-1', Number.NaN), insert('ok-1', 500)]);
    expect(settled[0]).toMatchObject({
      status: 'rejected',
      reason: { message: expect.stringContaining('is not a number to store') },
    });
    expect(settled[1]).toEqual({ status: 'fulfilled', value: 1 });
    expect(await db.all('SELECT id FROM wave_rows ORDER BY id')).toEqual([{ id: 'ok-1' }]);
  });

  it('refuses a nested transaction inside concurrent works', async () => {
    const settled = await concurrently([async () => db.transaction(async () => 1)]);
    expect(settled[0]).toMatchObject({
      status: 'rejected',
      reason: { name: 'ConcurrentSavepointError' },
    });
  });
});

function rethrowFirst<T>(settled: PromiseSettledResult<T>[]): PromiseSettledResult<T>[] {
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  return settled;
}
