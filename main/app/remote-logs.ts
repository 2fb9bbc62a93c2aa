/**
 * The kiosk's log lines of a time range, for the console's "upload logs" command: pino writes
 * one JSON record per line with its time in ms (`time`) into KIOSK_DATA_DIR/logs (main/log.ts,
 * rotated daily and at 10 MB, 14 files kept). Files last written before the range are
 * skipped; lines that do not parse are skipped too (a line cut by a crash). At most
 * COMMAND_FILE_BYTES_MAX of text is sent, the newest lines kept when there are more.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { COMMAND_FILE_BYTES_MAX } from '../../common/remote-command-wire.ts';

export type LogRange = { text: string; lineCount: number; truncated: boolean };

function timeOf(line: string): number | null {
  try {
    const record = JSON.parse(line) as { time?: unknown };
    return typeof record.time === 'number' ? record.time : null;
  } catch {
    return null;
  }
}

export async function readLogRange(
  logDir: string,
  fromMs: number,
  toMs: number,
  bytesMax = COMMAND_FILE_BYTES_MAX,
): Promise<LogRange> {
  let names: string[] = [];
  try {
    names = (await readdir(logDir)).filter((name) => name.endsWith('.log'));
  } catch {
    return { text: '', lineCount: 0, truncated: false };
  }
  const lines: { atMs: number; order: number; text: string }[] = [];
  let order = 0;
  for (const name of names.sort()) {
    const file = path.join(logDir, name);
    const info = await stat(file).catch(() => null);
    if (info === null || info.mtimeMs < fromMs) continue;
    const content = await readFile(file, 'utf8').catch(() => '');
    for (const line of content.split('\n')) {
      const atMs = timeOf(line);
      if (atMs === null || atMs < fromMs || atMs > toMs) continue;
      lines.push({ atMs, order, text: line });
      order += 1;
    }
  }
  lines.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
  // Newest first until the budget is spent, then back in time order.
  const kept: string[] = [];
  let bytes = 0;
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const text = lines[index]!.text;
    const size = Buffer.byteLength(text, 'utf8') + 1;
    if (bytes + size > bytesMax) break;
    kept.push(text);
    bytes += size;
  }
  kept.reverse();
  return {
    text: kept.length === 0 ? '' : `${kept.join('\n')}\n`,
    lineCount: kept.length,
    truncated: kept.length < lines.length,
  };
}
