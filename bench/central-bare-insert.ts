/**
 * The references of central's write benchmarks: a bare durable one-row insert, one row per
 * commit, one writer, on each engine central runs on, measured in the same run:
 *  - SQLite: bench/bare-commit.ts (WAL, synchronous=FULL asserted), its file in the same
 *    temporary directory as central's database, so both pay the same fsync on the same disk;
 *  - PostgreSQL: an autocommit INSERT over one connection to the same server central uses,
 *    which must run with fsync and synchronous_commit on (checked: a reference that did not
 *    flush would flatter every ratio against it).
 * And the throwaway PostgreSQL server itself: the tests' harness, with fsync on.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../tests/support/postgres-server.ts';
import { openBareCommitter } from './bare-commit.ts';

export type BenchPostgres = {
  /** A new empty database on the server: its URL. */
  createDatabase(): Promise<string>;
  /** CPU the server's processes spent so far (µs, user + system); null where unknown. */
  cpuUs(): number | null;
  stop(): Promise<void>;
};

export async function startBenchPostgres(): Promise<BenchPostgres> {
  const server = await startEmbeddedPostgres({ durable: true });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  return {
    async createDatabase() {
      const name = `central_bench_${randomBytes(4).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(server.adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    cpuUs: () => (server.pid === undefined ? null : processTreeCpuUs(server.pid)),
    async stop() {
      await admin.end();
      await server.stop();
    },
  };
}

/** utime, stime, cutime, cstime and the parent pid of a process (Linux /proc), or null. */
function processTimes(pid: number): { ticks: number; childTicks: number; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (name) ": state, ppid, …; utime is field 14 of the whole line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const field = (n: number) => Number(fields[n - 3]);
    return { ticks: field(14) + field(15), childTicks: field(16) + field(17), ppid: field(4) };
  } catch {
    return null;
  }
}

let clockTicksPerSec: number | null = null;

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
  } catch {
    return 100; // what Linux uses on every common architecture
  }
}

/**
 * CPU of a PostgreSQL server: its main process, the sessions it is running, and those that
 * ended (their time is added to the main process's children's when it reaps them). Linux
 * only; null elsewhere.
 */
function processTreeCpuUs(pid: number): number | null {
  const main = processTimes(pid);
  if (main === null) return null;
  clockTicksPerSec ??= clockTicks();
  let ticks = main.ticks + main.childTicks;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = processTimes(Number(entry));
    if (child?.ppid === pid) ticks += child.ticks;
  }
  return (ticks / clockTicksPerSec) * 1e6;
}

/** Durable one-row commits per second on SQLite, for `durationMs`. */
export function bareSqliteInsertsPerSec(dir: string, durationMs: number): number {
  const committer = openBareCommitter(join(dir, 'bare-insert.sqlite'));
  try {
    let count = 0;
    const startedMs = performance.now();
    while (performance.now() - startedMs < durationMs) {
      committer.commitOnceMs();
      count += 1;
    }
    return (count / (performance.now() - startedMs)) * 1000;
  } finally {
    committer.close();
  }
}

/** Durable one-row autocommit INSERTs per second on PostgreSQL, for `durationMs`. */
export async function barePostgresInsertsPerSec(url: string, durationMs: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const fsync = await client.query<{ fsync: string }>('SHOW fsync');
    const sync = await client.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    if (fsync.rows[0]?.fsync !== 'on' || sync.rows[0]?.synchronous_commit !== 'on') {
      throw new Error('bare insert: PostgreSQL must run with fsync and synchronous_commit on');
    }
    await client.query(
      `CREATE TABLE IF NOT EXISTS bare (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
         at_ms BIGINT NOT NULL, amount_kopecks BIGINT NOT NULL)`,
    );
    const insert = {
      name: 'bare-insert',
      text: 'INSERT INTO bare (at_ms, amount_kopecks) VALUES ($1, $2)',
    };
    let count = 0;
    const startedMs = performance.now();
    while (performance.now() - startedMs < durationMs) {
      await client.query({ ...insert, values: [Date.now(), 10_000] });
      count += 1;
    }
    return (count / (performance.now() - startedMs)) * 1000;
  } finally {
    await client.end();
  }
}
