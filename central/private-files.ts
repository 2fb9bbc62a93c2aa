import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { err, ok, type Result } from '../common/result.ts';

/**
 * central.sqlite holds phones, password and session hashes and letters; sms-outbox.jsonl holds
 * codes in clear; the roster key signs what kiosks trust. Only central's own user may read
 * them. Writers pass these modes at creation, the standalone server's umask is the net for
 * any writer that does not, and the check at start repairs what is left wider. (The kiosk has
 * its own copy of this walk: central and the kiosk do not import each other.)
 */
export const privateDirMode = 0o700;
export const privateFileMode = 0o600;
const groupAndOtherBits = 0o077;
const entriesMax = 100_000;

export type ModeRepair = { path: string; fromMode: string; toMode: string };
export type PrivateTreeError = { kind: 'not-ours' | 'repair-failed' | 'too-big'; message: string };

export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
}

/** Creates `file` as 0600 if missing: SQLite then gives -wal and -shm the same mode. */
export function touchPrivateFile(file: string): void {
  closeSync(openSync(file, 'a', privateFileMode));
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/** Takes group/other bits off everything under `root` owned by `uid`; links are not followed. */
export function securePrivateTree(
  root: string,
  uid: number | undefined = process.getuid?.(),
): Result<ModeRepair[], PrivateTreeError> {
  makePrivateDir(root);
  if (uid === undefined) return ok([]);
  const repairs: ModeRepair[] = [];
  const pending = [root];
  for (let seen = 1; pending.length > 0; seen += 1) {
    if (seen > entriesMax) {
      return err({ kind: 'too-big', message: `${root}: more than ${entriesMax} entries` });
    }
    const current = pending.pop()!;
    const info = lstatSync(current);
    const isDir = info.isDirectory();
    if (!isDir && !info.isFile()) continue;
    if (isDir) for (const name of readdirSync(current)) pending.push(path.join(current, name));
    if ((info.mode & groupAndOtherBits) === 0) continue;
    if (info.uid !== uid) {
      return err({
        kind: 'not-ours',
        message: `${current} is ${octal(info.mode)} and owned by uid ${info.uid}, not ${uid}`,
      });
    }
    const toMode = isDir ? privateDirMode : info.mode & 0o700;
    try {
      chmodSync(current, toMode);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return err({ kind: 'repair-failed', message: `${current}: ${reason}` });
    }
    repairs.push({ path: current, fromMode: octal(info.mode), toMode: octal(toMode) });
  }
  return ok(repairs);
}

/** The standalone server's start: private from here on, and what exists made private. */
export function secureDataDir(dataDir: string, warn: (line: string) => void): void {
  process.umask(groupAndOtherBits);
  const secured = securePrivateTree(dataDir);
  if (!secured.ok) {
    throw new Error(
      `data directory ${dataDir} cannot be made private (${secured.error.kind}): ` +
        `${secured.error.message}. Give it to central's user and remove group/other access.`,
    );
  }
  for (const repair of secured.value) {
    warn(
      `file mode repaired (was readable by others): ${repair.path} ${repair.fromMode} → ${repair.toMode}`,
    );
  }
}
