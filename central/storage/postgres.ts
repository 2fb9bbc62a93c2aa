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
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { CentralDb, SqlValue } from './port.ts';

const INT8_OID = 20;
const NUMERIC_OID = 1700;
/** Serialization failure, deadlock, and a unique key inserted by a concurrent transaction. */
const RETRY_CODES = new Set(['40001', '40P01', '23505']);
const ATTEMPTS_MAX = 12;

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

type Turn = { client: pg.PoolClient; depth: number };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function retryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRY_CODES.has(code);
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
  const texts = new Map<string, string>();
  const textOf = (sql: string): string => {
    let text = texts.get(sql);
    if (text === undefined) {
      text = numberPlaceholders(sql);
      texts.set(sql, text);
    }
    return text;
  };
  const query = async (sql: string, params: SqlValue[]) => {
    const runner = turns.getStore()?.client ?? pool;
    return runner.query(textOf(sql), params);
  };

  const outermost = async <T>(work: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt += 1) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
        const result = await turns.run({ client, depth: 0 }, work);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
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
    const name = `s${turn.depth + 1}`;
    await turn.client.query(`SAVEPOINT ${name}`);
    try {
      const result = await turns.run({ client: turn.client, depth: turn.depth + 1 }, work);
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
      const runner = turns.getStore()?.client ?? pool;
      await runner.query(sql);
    },
    transaction,
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
