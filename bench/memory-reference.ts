/**
 * Readings and the same-run reference for the memory bench.
 *
 * A reading splits RSS the way the growth has to be explained: V8's heap (physical, code
 * included), native anonymous memory outside it (malloc: SQLite's page cache, V8's background
 * compilers' zones, Node itself) and file-backed pages (the node binary's text as code paths
 * are first run). The native part is read from /proc (Linux); elsewhere it is null.
 *
 * The reference is a bare node:sqlite loop in its own child with the same node flags: the
 * same number of durable one-row commits (WAL, synchronous=FULL) as the payer sessions made,
 * each row about as large as the ledger grew per commit, read at the same commit counts. It
 * is what the runtime and SQLite keep for that much durable writing with none of our code.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DatabaseSync } from 'node:sqlite';
import { getHeapStatistics } from 'node:v8';

export type MemoryReading = {
  rssBytes: number;
  heapUsedBytes: number;
  /** V8's heap as resident pages: every space, code included. */
  v8PhysicalBytes: number;
  /** Anonymous resident memory outside V8's heap (malloc and friends); null off Linux. */
  nativeBytes: number | null;
};

export type ReferenceCommits = { warm: number; half: number; final: number };

export type BareReferenceResult = {
  commits: ReferenceCommits;
  rowBytes: number;
  warm: MemoryReading;
  half: MemoryReading;
  final: MemoryReading;
};

const REFERENCE_FLAG = '--memory-bench-reference';

/** gc() twice first: what is read is what is still referenced, plus what stays reserved. */
export function settledReading(): MemoryReading {
  globalThis.gc?.();
  globalThis.gc?.();
  const usage = process.memoryUsage();
  const v8PhysicalBytes = getHeapStatistics().total_physical_size;
  const anonBytes = procStatusBytes('RssAnon');
  return {
    rssBytes: usage.rss,
    heapUsedBytes: usage.heapUsed,
    v8PhysicalBytes,
    nativeBytes: anonBytes === null ? null : anonBytes - v8PhysicalBytes,
  };
}

function procStatusBytes(field: string): number | null {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
    return kib === undefined ? null : Number(kib) * 1024;
  } catch {
    return null;
  }
}

/**
 * The malloc tunables the deployed kiosk runs with, read from its systemd unit
 * (`Environment=MALLOC_…=…` lines), so the bench measures the process as it is deployed and the
 * two cannot drift apart.
 */
export function deployedMallocEnv(unitText: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of unitText.matchAll(/^Environment=(MALLOC_[A-Z_]+)=(\S+)$/gm)) {
    env[match[1] as string] = match[2] as string;
  }
  return env;
}

/** Runs `script` with `flag` in a child with `nodeFlags`; resolves its last stdout JSON line. */
export async function runJsonChild<T>(
  script: string,
  flag: string,
  nodeFlags: readonly string[],
  env: Record<string, string>,
): Promise<T> {
  const child = spawn(process.execPath, [...nodeFlags, script, flag], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let result: T | null = null;
  for await (const line of createInterface({ input: child.stdout })) result = JSON.parse(line) as T;
  const code = await exited;
  if (result === null || code !== 0) throw new Error(`memory bench child exited with ${code}`);
  return result;
}

export function runBareReference(input: {
  commits: ReferenceCommits;
  rowBytes: number;
  nodeFlags: readonly string[];
  env: Record<string, string>;
}): Promise<BareReferenceResult> {
  return runJsonChild(import.meta.filename, REFERENCE_FLAG, input.nodeFlags, {
    ...input.env,
    MEMORY_REFERENCE_COMMITS: JSON.stringify(input.commits),
    MEMORY_REFERENCE_ROW_BYTES: String(input.rowBytes),
  });
}

function referenceChild(): void {
  if (globalThis.gc === undefined) throw new Error('memory reference child needs --expose-gc');
  const commits = JSON.parse(String(process.env.MEMORY_REFERENCE_COMMITS)) as ReferenceCommits;
  const rowBytes = Number(process.env.MEMORY_REFERENCE_ROW_BYTES);
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-memory-reference-'));
  const db = new DatabaseSync(join(dir, 'bare.sqlite'));
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = FULL');
    db.exec('CREATE TABLE bare (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, body TEXT)');
    const insert = db.prepare('INSERT INTO bare (at_ms, body) VALUES (?, ?)');
    const body = 'x'.repeat(Math.max(1, rowBytes));
    const readings = new Map<number, MemoryReading>();
    for (let commit = 1; commit <= commits.final; commit += 1) {
      db.exec('BEGIN IMMEDIATE');
      insert.run(Date.now(), body);
      db.exec('COMMIT');
      if (commit === commits.warm || commit === commits.half || commit === commits.final) {
        readings.set(commit, settledReading());
      }
    }
    const at = (commit: number) => readings.get(commit) ?? settledReading();
    const result: BareReferenceResult = {
      commits,
      rowBytes,
      warm: at(commits.warm),
      half: at(commits.half),
      final: at(commits.final),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes(REFERENCE_FLAG)) referenceChild();
