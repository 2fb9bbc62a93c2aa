/**
 * Settings of the Shtrih-M driver. Every field has a default suited to a Pay-series kiosk ФР
 * (docs/protocols/shtrih.md §9); tests shorten the timings.
 */
import { z } from 'zod';
import { Command } from '../../../protocol/shtrih/commands.ts';
import type { Log, LinkOptions } from './link-layer.ts';

/** The factory system administrator password; the vendor's driver uses it for every command. */
export const DEFAULT_PASSWORD = 30;

const password = z.number().int().min(0).max(0xffff_ffff);

const optionsSchema = z
  .object({
    /** Cashier-level commands: status, printing, receipt open/cancel, shift open. */
    operatorPassword: password,
    /** Reports and every ФН command (FFxx), which the vendor reserves for the sysadmin. */
    sysadminPassword: password,
    /** Characters per line of the print commands' 40-byte field. */
    lineWidthChars: z.number().int().min(8).max(40),
    /** Font for 2Fh; null prints with 17h (font 1). */
    lineFont: z.number().int().min(1).max(9).nullable(),
    /** Lines fed before the cut, so the text clears the cutter. */
    feedLinesBeforeCut: z.number().int().min(0).max(255),
    cut: z.enum(['full', 'partial']),
    /** Department byte of FF46 (1…16). */
    department: z.number().int().min(0).max(16),
    /** Which paper sensor tells the truth; the weight sensor misreads a half roll as empty. */
    paperSensor: z.enum(['optical', 'roll']),
    ackTimeoutMs: z.number().int().positive(),
    byteTimeoutMs: z.number().int().positive(),
    /** Answer timeout of ordinary commands; slow ones have their own below. */
    answerTimeoutMs: z.number().int().positive(),
    statusTimeoutMs: z.number().int().positive(),
    reportTimeoutMs: z.number().int().positive(),
    zReportTimeoutMs: z.number().int().positive(),
    openShiftTimeoutMs: z.number().int().positive(),
    closeReceiptTimeoutMs: z.number().int().positive(),
    enqAttemptsMax: z.number().int().min(1).max(50),
    sendAttemptsMax: z.number().int().min(1).max(50),
    answerRereadsMax: z.number().int().min(1).max(50),
    answerWaitsMax: z.number().int().min(1).max(50),
    /** Status polls while the device prints. */
    pollIntervalMs: z.number().int().positive(),
    /** How long printing may keep the device busy before a command gives up. */
    printWaitMsMax: z.number().int().positive(),
    /** After 41h: how long the Z report may take to print before the mode must read 4. */
    zReportWaitMsMax: z.number().int().positive(),
    /** Retries of a command refused with 50h (still printing) after printing ended. */
    busyRetriesMax: z.number().int().min(0).max(20),
  })
  .strict();

export type ShtrihDriverSettings = z.infer<typeof optionsSchema>;

export type ShtrihDriverOptions = Partial<ShtrihDriverSettings> & { log?: Log };

export const DEFAULT_SETTINGS: ShtrihDriverSettings = {
  operatorPassword: DEFAULT_PASSWORD,
  sysadminPassword: DEFAULT_PASSWORD,
  lineWidthChars: 40,
  lineFont: null,
  feedLinesBeforeCut: 4,
  cut: 'full',
  department: 1,
  paperSensor: 'optical',
  ackTimeoutMs: 500,
  byteTimeoutMs: 500,
  answerTimeoutMs: 10_000,
  statusTimeoutMs: 3_000,
  reportTimeoutMs: 30_000,
  zReportTimeoutMs: 65_000,
  openShiftTimeoutMs: 120_000,
  closeReceiptTimeoutMs: 30_000,
  enqAttemptsMax: 5,
  sendAttemptsMax: 10,
  answerRereadsMax: 10,
  answerWaitsMax: 3,
  pollIntervalMs: 300,
  printWaitMsMax: 60_000,
  zReportWaitMsMax: 120_000,
  busyRetriesMax: 3,
};

export type Settings = ShtrihDriverSettings & { log: Log };

/** Validates options (they come from configuration) and fills in the defaults. */
export function settingsOf(
  options: ShtrihDriverOptions,
): { ok: true; settings: Settings } | { ok: false; message: string } {
  const { log, ...rest } = options;
  const parsed = optionsSchema.safeParse({ ...DEFAULT_SETTINGS, ...rest });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `shtrih options: ${issue?.path.join('.')}: ${issue?.message}` };
  }
  return { ok: true, settings: { ...parsed.data, log: log ?? (() => {}) } };
}

export function linkOptionsOf(settings: Settings): LinkOptions {
  return {
    ackTimeoutMs: settings.ackTimeoutMs,
    byteTimeoutMs: settings.byteTimeoutMs,
    enqAttemptsMax: settings.enqAttemptsMax,
    sendAttemptsMax: settings.sendAttemptsMax,
    answerRereadsMax: settings.answerRereadsMax,
    answerWaitsMax: settings.answerWaitsMax,
    staleAnswersMax: 3,
    staleAnswerTimeoutMs: settings.answerTimeoutMs,
    log: settings.log,
  };
}

/** The answer timeout of one command: reports, shift and receipt close take long. */
export function answerTimeoutMsOf(code: number, settings: Settings): number {
  switch (code) {
    case Command.shortStatus:
    case Command.fullStatus:
      return settings.statusTimeoutMs;
    case Command.xReport:
      return settings.reportTimeoutMs;
    case Command.zReport:
      return settings.zReportTimeoutMs;
    case Command.openShift:
      return settings.openShiftTimeoutMs;
    case Command.closeReceiptV2:
    case Command.correctionReceiptV2:
      return settings.closeReceiptTimeoutMs;
    default:
      return settings.answerTimeoutMs;
  }
}

/** Commands the vendor reserves for the system administrator: reports and all FFxx. */
export function passwordFor(code: number, settings: Settings): number {
  if (code > 0xff || code === Command.xReport || code === Command.zReport) {
    return settings.sysadminPassword;
  }
  return settings.operatorPassword;
}
