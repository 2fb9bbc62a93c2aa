import {
  closeSync,
  constants,
  copyFileSync,
  mkdirSync,
  openSync,
  readdirSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { err, ok, type Result } from '../../common/result.ts';
import type { JournalDump } from '../ledger/ledger.ts';

export type ExportError = {
  kind: 'target-missing' | 'target-not-directory' | 'target-exists' | 'write-failed' | 'bad-path';
  message: string;
};

export type ExportInput = {
  targetDir: string;
  folderName: string;
  logDir: string;
  journalDump: JournalDump;
  logs: boolean;
  journal: boolean;
};

/**
 * Writes a new folder inside `targetDir` (a USB stick). It never overwrites: the folder is
 * created with mkdir (fails if it exists) and every file with the exclusive flag.
 */
export function exportToDirectory(
  input: ExportInput,
): Result<{ folder: string; files: string[] }, ExportError> {
  if (!path.isAbsolute(input.targetDir) || input.targetDir.includes('\0')) {
    return err({ kind: 'bad-path', message: 'Give an absolute directory path.' });
  }
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(input.targetDir);
  } catch {
    return err({ kind: 'target-missing', message: `${input.targetDir} does not exist.` });
  }
  if (!stats.isDirectory()) {
    return err({ kind: 'target-not-directory', message: `${input.targetDir} is not a directory.` });
  }
  const folder = path.join(input.targetDir, input.folderName);
  try {
    mkdirSync(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return err({ kind: 'target-exists', message: `${folder} exists.` });
    return err({ kind: 'write-failed', message: `Cannot create ${folder}: ${code ?? 'error'}` });
  }
  const files: string[] = [];
  try {
    if (input.journal) {
      writeJournalJson(input.journalDump, path.join(folder, 'journal.json'));
      files.push('journal.json');
      writeTransfersCsv(input.journalDump, path.join(folder, 'transfers.csv'));
      files.push('transfers.csv');
    }
    if (input.logs) files.push(...copyLogs(input.logDir, folder));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return err({ kind: 'write-failed', message: `Export stopped: ${code}` });
  }
  return ok({ folder, files });
}

function copyLogs(logDir: string, folder: string): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(logDir).filter((name) => name.endsWith('.log'));
  } catch {
    return [];
  }
  mkdirSync(path.join(folder, 'logs'));
  for (const name of names.sort()) {
    copyFileSync(path.join(logDir, name), path.join(folder, 'logs', name), constants.COPYFILE_EXCL);
  }
  return names.map((name) => `logs/${name}`);
}

/** Streams row by row so a big journal never sits in memory whole. */
function writeJournalJson(dump: JournalDump, file: string): void {
  const fd = openSync(file, 'wx');
  try {
    writeSync(fd, '{"tables":{');
    dump.tables().forEach(({ table, rows }, tableIndex) => {
      writeSync(fd, `${tableIndex === 0 ? '' : ','}${JSON.stringify(table)}:[`);
      let first = true;
      for (const row of rows()) {
        writeSync(fd, `${first ? '' : ','}\n${JSON.stringify(row)}`);
        first = false;
      }
      writeSync(fd, ']');
    });
    writeSync(fd, '}}\n');
  } finally {
    closeSync(fd);
  }
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function writeTransfersCsv(dump: JournalDump, file: string): void {
  const fd = openSync(file, 'wx');
  try {
    let header: string[] | null = null;
    for (const row of dump.transfers()) {
      if (header === null) {
        header = Object.keys(row);
        writeSync(fd, `${header.join(',')}\n`);
      }
      writeSync(fd, `${header.map((key) => csvCell(row[key])).join(',')}\n`);
    }
    if (header === null) writeSync(fd, '(no transfers)\n');
  } finally {
    closeSync(fd);
  }
}
