import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import path from 'node:path';
import type { LogLevel, LogLine } from '../../common/contract.ts';

/** pino's numeric levels. */
const levelNumbers: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
};

function levelName(value: unknown): LogLevel | null {
  for (const [name, number] of Object.entries(levelNumbers)) {
    if (number === value) return name as LogLevel;
  }
  return null;
}

export type LogQuery = {
  levelMin: LogLevel;
  text: string;
  fromMs: number | null;
  toMs: number | null;
  limit: number;
};

/** Bounds: the viewer reads at most this much from the end of each file and this many files. */
export const logReadBytesPerFileMax = 4 * 1024 * 1024;
export const logFilesMax = 20;

/** Reads the tail of one file; the first (maybe partial) line is dropped when cut. */
function tailLines(file: string): string[] {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - logReadBytesPerFileMax);
    const buffer = Buffer.alloc(size - start);
    let offset = 0;
    // Bounded: each read makes progress or the loop ends.
    while (offset < buffer.length) {
      const read = readSync(fd, buffer, offset, buffer.length - offset, start + offset);
      if (read === 0) break;
      offset += read;
    }
    const lines = buffer.subarray(0, offset).toString('utf8').split('\n');
    if (start > 0) lines.shift();
    return lines;
  } finally {
    closeSync(fd);
  }
}

/** Log lines matching the query, newest first; unreadable lines are skipped, never thrown. */
export function readLogs(
  logDir: string,
  query: LogQuery,
): { lines: LogLine[]; scannedFiles: number } {
  let names: string[];
  try {
    names = readdirSync(logDir).filter((name) => name.endsWith('.log'));
  } catch {
    return { lines: [], scannedFiles: 0 };
  }
  const files = names.sort().slice(-logFilesMax);
  const needle = query.text.trim().toLowerCase();
  const minimum = levelNumbers[query.levelMin];
  const found: LogLine[] = [];
  for (const name of files) {
    for (const raw of tailLines(path.join(logDir, name))) {
      const line = parseLine(raw, name);
      if (line === null || levelNumbers[line.level] < minimum) continue;
      if (query.fromMs !== null && line.timeMs < query.fromMs) continue;
      if (query.toMs !== null && line.timeMs >= query.toMs) continue;
      if (needle !== '' && !raw.toLowerCase().includes(needle)) continue;
      found.push(line);
    }
  }
  found.sort((a, b) => b.timeMs - a.timeMs);
  return { lines: found.slice(0, query.limit), scannedFiles: files.length };
}

function parseLine(raw: string, file: string): LogLine | null {
  if (raw.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const level = levelName(record.level);
  const timeMs = record.time;
  if (level === null || typeof timeMs !== 'number' || !Number.isSafeInteger(timeMs)) return null;
  const message = typeof record.msg === 'string' ? record.msg : '';
  return {
    timeMs,
    level,
    message: message.slice(0, 2_000),
    raw: raw.slice(0, 4_000),
    file: file.slice(0, 200),
  };
}
