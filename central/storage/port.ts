/**
 * Central's storage port: what every store (transfers, terminals, payer accounts, limits)
 * asks of its database, whichever engine is behind it (storage/sqlite.ts, embedded node:sqlite;
 * storage/postgres.ts, a PostgreSQL server through `pg`).
 *
 * SQL is written once in the subset both engines speak: `?` placeholders (the PostgreSQL
 * adapter numbers them), `ON CONFLICT … DO UPDATE/NOTHING`, `RETURNING`, `COALESCE`, `CASE`,
 * snake_case names (PostgreSQL folds unquoted names to lower case). Money and times are
 * integers; the PostgreSQL adapter hands back BIGINT and NUMERIC columns as JS numbers and
 * refuses a value outside the safe-integer range rather than round it.
 *
 * Transactions: `db.transaction(async () => …)`. Every query made inside the callback, on
 * `db` itself, runs in that transaction, whichever store makes it (the adapters follow the
 * async context), so a step that is a transaction on its own (create a transfer) composes into
 * a larger one (pay it from the wallet) as a savepoint, and both commit or neither does. Each
 * outermost transaction is serializable: SQLite's one writer (BEGIN IMMEDIATE, one connection
 * behind a queue), PostgreSQL's SERIALIZABLE level with the whole callback run again on a
 * serialization failure. A callback must therefore do nothing but database work and pure
 * computation: no network call, no SMS, nothing it would regret doing twice.
 */

/**
 * A bound value. Bytes (a letter's scanned reply) bind as BLOB on SQLite and BYTEA on
 * PostgreSQL; they come back as a Uint8Array (SQLite) or a Buffer (PostgreSQL), so a reader
 * wraps them with Buffer.from.
 */
export type SqlValue = string | number | null | Uint8Array;

export type Dialect = 'sqlite' | 'postgres';

export type TransactionHooks = {
  /**
   * Called when an outermost transaction's COMMIT has been made and the next transaction may
   * begin, where that comes before the commit is durable (SQLite: storage/sqlite.ts flushes
   * the WAL afterwards). The transaction's promise still settles only once it is durable.
   * Not called where the two are one moment (PostgreSQL), nor for a nested transaction.
   */
  committed?(): void;
};

export type CentralDb = {
  readonly dialect: Dialect;
  /** The first row, or undefined. */
  get<T>(sql: string, ...params: SqlValue[]): Promise<T | undefined>;
  all<T>(sql: string, ...params: SqlValue[]): Promise<T[]>;
  /** Runs a statement; answers how many rows it changed. */
  run(sql: string, ...params: SqlValue[]): Promise<number>;
  /** Statements without parameters, separated by semicolons (schema work). */
  exec(sql: string): Promise<void>;
  /** See the file comment: serializable, nests as a savepoint, retried on PostgreSQL. */
  transaction<T>(work: () => Promise<T>, hooks?: TransactionHooks): Promise<T>;
  /** True inside a transaction callback (of this database). */
  inTransaction(): boolean;
  /**
   * Runs `works` at once inside the current transaction, where the engine gains by it
   * (PostgreSQL: the statements they issue meanwhile share round trips). The works must not
   * depend on one another's writes except through unique keys, and must not open nested
   * transactions (that is an error here). Absent: the caller runs them one by one.
   */
  concurrently?<T>(works: readonly (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]>;
  close(): Promise<void>;
};

export type Statement = {
  get<T = unknown>(...params: SqlValue[]): Promise<T | undefined>;
  all<T = unknown>(...params: SqlValue[]): Promise<T[]>;
  /** How many rows it changed. */
  run(...params: SqlValue[]): Promise<number>;
};

/** One SQL text bound to a database, used like a prepared statement (the adapters cache). */
export function statement(db: CentralDb, sql: string): Statement {
  return {
    get: <T>(...params: SqlValue[]) => db.get<T>(sql, ...params),
    all: <T>(...params: SqlValue[]) => db.all<T>(sql, ...params),
    run: (...params: SqlValue[]) => db.run(sql, ...params),
  };
}

/**
 * Two pieces of one transaction's work started together (on PostgreSQL inside a shared batch,
 * their statements then share round trips), settled together: the first failure is thrown
 * only once both finished, so nothing of either is still running when the caller's
 * transaction or savepoint is rolled back.
 */
export async function allOrFirstError<A, B>(
  first: Promise<A>,
  second: Promise<B>,
): Promise<[A, B]> {
  const [a, b] = await Promise.allSettled([first, second]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}
