/**
 * The PostgreSQL adapter of the storage port (storage/port.ts), over a `pg` pool.
 *
 * - `?` placeholders become `$1…$n` (outside quoted literals), once per SQL text.
 * - BIGINT and NUMERIC come back as JS numbers; a value beyond Number.MAX_SAFE_INTEGER is an
 *   error, never a rounded amount.
 * - A transaction holds one pooled connection at SERIALIZABLE; when PostgreSQL reports a
 *   serialization failure or a deadlock (or a unique key another transaction inserted
 *   meanwhile), the whole callback runs again on a fresh snapshot, a few times with a short
 *   random pause. That is what makes check-then-act code (a balance, a counter, a lockout,
 *   an idempotency key) safe across several central processes without a lock per table.
 * - Every query is a named prepared statement (one name per SQL text): PostgreSQL parses and
 *   plans it once per connection instead of on every call (signed heartbeats, six small
 *   reads each, went from about 900 to 1 130 a second in the write bench). Plans may turn
 *   generic after five runs; search at a million inmates kept its p99 (4.4 ms, 7× an exact
 *   lookup).
 * - `concurrently(works)` (group commit's shared batches): the works run at once inside the
 *   transaction, and the statements they issue while the connection is busy go together as
 *   one message (one round trip for a whole wave of them) instead of one round trip each.
 *   Consecutive plain one-row INSERTs of one statement in a wave go as one multi-row INSERT
 *   (storage/insert-rows.ts): the server's CPU per transfer creation fell by a sixth to a quarter.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { type InsertRow, insertRowOf, multiRowInsert } from './insert-rows.ts';
import type { CentralDb, SqlValue } from './port.ts';

const INT8_OID = 20;
const NUMERIC_OID = 1700;
/** Serialization failure, deadlock, and a unique key inserted by a concurrent transaction. */
const RETRY_CODES = new Set(['40001', '40P01', '23505']);
const ATTEMPTS_MAX = 12;
/**
 * Statements with more values than this are not kept prepared: they are the multi-row
 * inserts and long IN lists whose text changes with the batch's size, and a plan kept on
 * every connection for each size would only use server memory.
 */
const NAMED_PARAMS_MAX = 32;

function safeNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) {
    throw new Error(`central db: ${text} does not fit a JS number exactly`);
  }
  return value;
}

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID || oid === NUMERIC_OID) return safeNumber;
    return format === 'binary'
      ? pg.types.getTypeParser(oid, 'binary')
      : pg.types.getTypeParser(oid, 'text');
  }) as typeof pg.types.getTypeParser,
};

/** `?` → `$n`, leaving quoted literals and identifiers alone. */
export function numberPlaceholders(sql: string): string {
  let out = '';
  let index = 0;
  let quote: string | null = null;
  for (const char of sql) {
    if (quote !== null) {
      if (char === quote) quote = null;
      out += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else if (char === '?') {
      index += 1;
      out += `$${index}`;
    } else {
      out += char;
    }
  }
  return out;
}

/**
 * An outermost transaction's BEGIN is sent with its first statement, not on its own: with
 * the first wave of a shared batch it costs no round trip of its own (about a tenth of a
 * batch's time in the write bench, as the event loop is slow to come back for its answer).
 */
type Tx = { begun: boolean };
const BEGIN = 'BEGIN ISOLATION LEVEL SERIALIZABLE';

/** Statements of concurrent works waiting to be sent together (see `concurrently`). */
type Wave = {
  tx: Tx;
  pending: { sql: string; params: SqlValue[]; settle: Settle }[];
  sending: boolean;
  scheduled: boolean;
};
type Settle = { resolve(result: pg.QueryResult): void; reject(error: unknown): void };
type Pending = Wave['pending'][number];

/** A nested transaction asked for while works share the connection (it cannot be theirs). */
export class ConcurrentSavepointError extends Error {
  constructor() {
    super('central db: a nested transaction inside concurrent works; run them one by one');
    this.name = 'ConcurrentSavepointError';
  }
}

/**
 * A bound value written as an `EXECUTE` argument, for statements sent together in one
 * simple-query message (which carries no parameters). Quoted like an untyped parameter, so
 * it is coerced to the type PostgreSQL inferred for `$n` at PREPARE, as a bound value is;
 * null when it cannot be inlined (bytes), and that statement is then sent alone.
 */
function literalOf(value: SqlValue): string | null {
  if (value === null) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`central db: ${value} is not a number to store`);
    return `'${String(value)}'`;
  }
  if (typeof value === 'string') return pg.escapeLiteral(value);
  return null;
}

/** The values as literals, for `EXECUTE name(…)`; null if one cannot be inlined. */
function literalArgs(params: readonly SqlValue[]): string[] | null {
  const literals: string[] = [];
  for (const value of params) {
    const literal = literalOf(value);
    if (literal === null) return null;
    literals.push(literal);
  }
  return literals;
}

type Turn = { client: pg.PoolClient; depth: number; tx: Tx; wave?: Wave };

/** Sends the transaction's BEGIN now unless it went already. */
async function begun({ client, tx }: Pick<Turn, 'client' | 'tx'>): Promise<void> {
  if (tx.begun) return;
  tx.begun = true;
  await client.query(BEGIN);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function retryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRY_CODES.has(code);
}

/** One value per SQL text, made the first time it is asked for (`index` counts from 1). */
function perText<T>(make: (sql: string, index: number) => T): (sql: string) => T {
  const made = new Map<string, T>();
  return (sql) => {
    if (!made.has(sql)) made.set(sql, make(sql, made.size + 1));
    return made.get(sql) as T;
  };
}

export type PostgresOptions = { connectionString: string; poolSize?: number };

export function postgresAdapter(options: PostgresOptions): CentralDb {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    types,
  });
  // An idle connection the server dropped must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const turns = new AsyncLocalStorage<Turn>();
  const textOf = perText(numberPlaceholders);
  // Statements sent in waves are prepared once per connection (PREPARE, then EXECUTE with
  // literal arguments): parsing and planning a join for every transfer of a batch cost more
  // than the rest of the wave. PREPARE outlives a rolled-back transaction, so after a failed
  // wave the connection's list is read again from pg_prepared_statements.
  // Waves' PREPAREd statements and pg's own named ones (below) share a connection's namespace
  // but are tracked apart (pg_prepared_statements here, pg's client list there): two prefixes.
  const nameOf = perText((_, index) => `central_wave_${index}`);
  const rowOf = perText(insertRowOf);
  const preparedOn = new WeakMap<pg.ClientBase, Set<string>>();
  const preparedNames = async (client: pg.PoolClient): Promise<Set<string>> => {
    let names = preparedOn.get(client);
    if (names === undefined) {
      const rows = await client.query<{ name: string }>(
        "SELECT name FROM pg_prepared_statements WHERE name LIKE 'central\\_wave\\_%'",
      );
      names = new Set(rows.rows.map((row) => row.name));
      preparedOn.set(client, names);
    }
    return names;
  };

  /** Sends what the wave gathered: one message for all whose values can be inlined. */
  const sendWave = async (client: pg.PoolClient, wave: Wave): Promise<void> => {
    wave.scheduled = false;
    wave.sending = true;
    // A statement with a value no column can hold (NaN) is refused alone, before anything
    // is sent; a long one goes alone, unprepared, as outside a wave (NAMED_PARAMS_MAX).
    const batch: Wave['pending'] = [];
    const args: (string[] | null)[] = [];
    for (const item of wave.pending.splice(0)) {
      try {
        args.push(item.params.length > NAMED_PARAMS_MAX ? null : literalArgs(item.params));
        batch.push(item);
      } catch (error) {
        item.settle.reject(error);
      }
    }
    try {
      for (const [index, item] of batch.entries()) {
        if (args[index] !== null) continue;
        await begun({ client, tx: wave.tx });
        item.settle.resolve(await client.query(textOf(item.sql), item.params));
      }
      if (args.some((literals) => literals !== null)) {
        const prepared = await preparedNames(client);
        const preparing = new Set<string>();
        const statements: string[] = [];
        if (!wave.tx.begun) {
          wave.tx.begun = true;
          statements.push(BEGIN);
        }
        // Consecutive plain one-row INSERTs of one statement become one multi-row INSERT
        // (storage/insert-rows.ts); only consecutive ones, so no work's statements change order.
        const sent: {
          sql: string;
          row: InsertRow | null;
          items: Pending[];
          literals: string[][];
        }[] = [];
        for (const [index, item] of batch.entries()) {
          const literals = args[index];
          if (literals === null || literals === undefined) continue;
          const last = sent.at(-1);
          if (last !== undefined && last.row !== null && last.sql === item.sql) {
            last.items.push(item);
            last.literals.push(literals);
          } else {
            sent.push({ sql: item.sql, row: rowOf(item.sql), items: [item], literals: [literals] });
          }
        }
        for (const { sql, row, items, literals } of sent) {
          if (row !== null && items.length > 1) {
            statements.push(multiRowInsert(row, literals));
            continue;
          }
          const name = nameOf(sql);
          if (!prepared.has(name) && !preparing.has(name)) {
            preparing.add(name);
            statements.push(`PREPARE ${name} AS ${textOf(sql)}`);
          }
          const values = literals[0]!;
          statements.push(
            values.length === 0 ? `EXECUTE ${name}` : `EXECUTE ${name}(${values.join(', ')})`,
          );
        }
        let answer: pg.QueryResult | pg.QueryResult[];
        try {
          answer = await client.query(statements.join(';\n'));
        } catch (error) {
          preparedOn.delete(client);
          throw error;
        }
        for (const name of preparing) prepared.add(name);
        // One result per statement; BEGIN's and the PREPAREs' come in their places: skip them.
        const results = (Array.isArray(answer) ? answer : [answer]).filter(
          (result) => result.command !== 'PREPARE' && result.command !== 'BEGIN',
        );
        // A merged INSERT put in every row or failed: each work made its one row. Checked for
        // all before any work hears its answer.
        for (const [index, { items }] of sent.entries()) {
          const inserted = results[index]?.rowCount;
          if (items.length > 1 && inserted !== items.length) {
            throw new Error(`central db: ${items.length} rows merged, ${inserted} inserted`);
          }
        }
        for (const [index, { items }] of sent.entries()) {
          const result = results[index]!;
          if (items.length === 1) items[0]!.settle.resolve(result);
          else for (const item of items) item.settle.resolve({ ...result, rowCount: 1, rows: [] });
        }
      }
    } catch (error) {
      // The transaction is aborted: every statement of the wave hears it.
      for (const item of batch) item.settle.reject(error);
    } finally {
      wave.sending = false;
      scheduleWave(client, wave);
    }
  };
  /** After the works issued what they could. */
  const scheduleWave = (client: pg.PoolClient, wave: Wave): void => {
    if (wave.sending || wave.scheduled || wave.pending.length === 0) return;
    wave.scheduled = true;
    // After every promise job queued now has run, i.e. once each work went as far as it can
    // without an answer from the server; before any other I/O is taken up.
    process.nextTick(() => void sendWave(client, wave));
  };
  // Names are this adapter's own: its pool's connections never see another adapter's.
  const namedOf = perText((_, index) => `central_${index}`);
  const query = async (sql: string, params: SqlValue[]): Promise<pg.QueryResult> => {
    const turn = turns.getStore();
    if (turn?.wave !== undefined) {
      const { client, wave } = turn;
      return new Promise((resolve, reject) => {
        wave.pending.push({ sql, params, settle: { resolve, reject } });
        scheduleWave(client, wave);
      });
    }
    if (turn !== undefined) await begun(turn);
    const runner = turn?.client ?? pool;
    if (params.length > NAMED_PARAMS_MAX) return runner.query(textOf(sql), params);
    return runner.query({ name: namedOf(sql), text: textOf(sql), values: params });
  };

  const outermost = async <T>(work: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      const client = await pool.connect();
      let broken = false;
      const tx: Tx = { begun: false };
      try {
        const result = await turns.run({ client, depth: 0, tx }, work);
        // No statement ran: there is no transaction to commit.
        if (tx.begun) await client.query('COMMIT');
        return result;
      } catch (error) {
        if (tx.begun) {
          await client.query('ROLLBACK').catch(() => {
            broken = true;
          });
        }
        if (!retryable(error) || attempt >= ATTEMPTS_MAX) throw error;
      } finally {
        client.release(broken);
      }
      await sleep(Math.random() * 5 * attempt);
    }
  };

  const transaction = async <T>(work: () => Promise<T>): Promise<T> => {
    const turn = turns.getStore();
    if (turn === undefined) return outermost(work);
    if (turn.wave !== undefined) throw new ConcurrentSavepointError();
    const name = `s${turn.depth + 1}`;
    await begun(turn);
    await turn.client.query(`SAVEPOINT ${name}`);
    try {
      const nested = { client: turn.client, depth: turn.depth + 1, tx: turn.tx };
      const result = await turns.run(nested, work);
      await turn.client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      // A failed statement leaves the savepoint to roll back to; a serialization failure is
      // passed up as it is, for the outermost transaction to retry.
      await turn.client.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => {});
      throw error;
    }
  };

  return {
    dialect: 'postgres',
    get: async <T>(sql: string, ...params: SqlValue[]) =>
      (await query(sql, params)).rows[0] as T | undefined,
    all: async <T>(sql: string, ...params: SqlValue[]) => (await query(sql, params)).rows as T[],
    run: async (sql, ...params) => (await query(sql, params)).rowCount ?? 0,
    exec: async (sql) => {
      const turn = turns.getStore();
      if (turn?.wave !== undefined) throw new ConcurrentSavepointError();
      if (turn !== undefined) await begun(turn);
      await (turn?.client ?? pool).query(sql);
    },
    transaction,
    async concurrently(works) {
      const turn = turns.getStore();
      if (turn === undefined || turn.wave !== undefined) {
        throw new Error('central db: concurrently() runs inside a transaction, not nested');
      }
      const wave: Wave = { tx: turn.tx, pending: [], sending: false, scheduled: false };
      return turns.run({ ...turn, wave }, () => Promise.allSettled(works.map((work) => work())));
    },
    inTransaction: () => turns.getStore() !== undefined,
    close: () => pool.end(),
  };
}

/** Which migrations ran, from which version: `from` 0 is a database created just now. */
export type Migrated = { from: number; to: number };

/**
 * Brings a PostgreSQL database up to the newest migration: each in its own transaction, the
 * whole run under a session advisory lock, so central processes starting together migrate
 * once and the others wait, then find the work done.
 */
export async function migratePostgres(
  connectionString: string,
  migrations: readonly { version: number; sql: string }[],
): Promise<Migrated> {
  const client = new pg.Client({ connectionString, types });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['central-schema']);
    await client.query('CREATE TABLE IF NOT EXISTS central_schema (version BIGINT NOT NULL)');
    const found = await client.query<{ version: number }>('SELECT version FROM central_schema');
    const from = found.rows[0]?.version ?? 0;
    const newest = migrations[migrations.length - 1]?.version ?? 0;
    if (from > newest) {
      throw new Error(
        `central db is version ${from}, newer than this code (${newest}): refusing it`,
      );
    }
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('DELETE FROM central_schema');
        await client.query('INSERT INTO central_schema (version) VALUES ($1)', [migration.version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return { from, to: Math.max(from, newest) };
  } finally {
    await client.end();
  }
}
