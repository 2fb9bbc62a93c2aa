import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { err, ok, type Result } from '../common/result.ts';

/**
 * A data directory holds secrets: the kiosk's PIN hashes, phones, SMS texts, keys and logs;
 * central's phones, password and session hashes, letters, SMS codes in clear and its roster
 * key. Only the process's own user may read it. Writers pass these modes when they create a file or a directory; the
 * process umask is the net for any writer that does not (SQLite's temporary files, libraries);
 * the check at start repairs what an older version or a copy left wider.
 */
export const privateDirMode = 0o700;
export const privateFileMode = 0o600;
const groupAndOtherBits = 0o077;
/** A data directory has a few dozen entries; this bounds a walk over a wrong path. */
const entriesMax = 100_000;

export type ModeRepair = { path: string; fromMode: string; toMode: string };
export type PrivateTreeError = { kind: 'not-ours' | 'repair-failed' | 'too-big'; message: string };

/** Creates `dir` (and missing parents) as 0700. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: privateDirMode });
}

/** Creates `file` as 0600 if it does not exist, so that whoever opens it next keeps that mode. */
export function touchPrivateFile(file: string): void {
  closeSync(openSync(file, 'a', privateFileMode));
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/**
 * Walks `root` (created if missing) without following links and takes group and other bits
 * off every directory and regular file owned by `uid`. An entry that is wider and not ours
 * cannot be made private by us: that is an error for the caller to refuse to start on.
 */
export function securePrivateTree(
  root: string,
  uid: number | undefined = process.getuid?.(),
): Result<ModeRepair[], PrivateTreeError> {
  makePrivateDir(root);
  // Windows has no POSIX modes to check.
  if (uid === undefined) return ok([]);
  const repairs: ModeRepair[] = [];
  const pending = [root];
  let seen = 0;
  while (pending.length > 0) {
    const current = pending.pop()!;
    seen += 1;
    if (seen > entriesMax) {
      return err({ kind: 'too-big', message: `${root}: more than ${entriesMax} entries` });
    }
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

/**
 * At start: from here on the process creates private files only, and what is already in the
 * data directory is made private (each repair reported) or the process refuses to start.
 * `owner` names the process in the message ("the kiosk's", "central's").
 */
export function secureDataDir(
  dataDir: string,
  owner: string,
  onRepair: (repair: ModeRepair) => void,
): void {
  process.umask(groupAndOtherBits);
  const secured = securePrivateTree(dataDir);
  if (!secured.ok) {
    throw new Error(
      `data directory ${dataDir} cannot be made private (${secured.error.kind}): ` +
        `${secured.error.message}. Give it to ${owner} user and remove group/other access.`,
    );
  }
  for (const repair of secured.value) onRepair(repair);
}
