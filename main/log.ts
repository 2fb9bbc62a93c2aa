import path from 'node:path';
import pino from 'pino';
import { makePrivateDir, privateFileMode } from '../platform/private-files.ts';

export type Logger = pino.Logger;

export type LogOptions = {
  /** Directory for rotated log files; null logs to stderr only (tests, CLI). */
  logDir: string | null;
  level?: string;
  /** Also print to stdout (the `npm start` console). */
  pretty?: boolean;
};

/**
 * pino to KIOSK_DATA_DIR/logs with daily + size rotation (pino-roll, 14 files kept).
 * The operator's log viewer reads these files.
 */
export function createLogger(options: LogOptions): Logger {
  const level = options.level ?? 'info';
  if (options.logDir === null) return pino({ level }, pino.destination(2));
  makePrivateDir(options.logDir);
  const targets: pino.TransportTargetOptions[] = [
    {
      target: 'pino-roll',
      level,
      options: {
        file: path.join(options.logDir, 'kiosk'),
        extension: '.log',
        frequency: 'daily',
        size: '10m',
        mkdir: true,
        // Logs name payers' transfers and operators' actions: private like the ledger.
        mode: privateFileMode,
        limit: { count: 14 },
      },
    },
  ];
  if (options.pretty)
    targets.push({ target: 'pino/file', level: 'warn', options: { destination: 2 } });
  return pino({ level }, pino.transport({ targets }));
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
