/**
 * FiscalCondition from the device's own answers (docs/protocols/shtrih.md §8, §10): 11h for the
 * mode, submode, flags and clock; FF01 for the ФН (phase, open document, warnings, number, last
 * FD); FF03 for its expiry; FF39 for the OFD queue; FF40 for the shift number.
 */
import type {
  FiscalCondition,
  FiscalWarnings,
  FoundFiscalDocument,
} from '../../../common/fiscal-port.ts';
import type { FoundDocument } from '../../../protocol/shtrih/document-commands.ts';
import { DocumentType } from '../../../protocol/shtrih/document-commands.ts';
import { formatDate, formatDateTime, pad2 } from '../../../protocol/shtrih/numbers.ts';
import {
  decodeFlags,
  decodeMode,
  Mode,
  type PaperSensor,
  Submode,
} from '../../../protocol/shtrih/modes.ts';
import {
  type FnExchangeStatus,
  type FnExpiry,
  type FnShiftParameters,
  type FnStatus,
  FnPhaseBit,
  FnWarningBit,
  type FullStatus,
} from '../../../protocol/shtrih/status-commands.ts';
import { kopecks } from '../../../common/money.ts';

export type ConditionParts = {
  status: FullStatus;
  fn: FnStatus;
  expiry: FnExpiry;
  exchange: FnExchangeStatus;
  shift: FnShiftParameters;
};

export function conditionOf(parts: ConditionParts, sensor: PaperSensor): FiscalCondition {
  const { status, fn, expiry, exchange, shift } = parts;
  const { mode } = decodeMode(status.mode);
  const flags = decodeFlags(status.flags, sensor);
  const paperOut =
    !flags.paperPresent ||
    status.submode === Submode.passivePaperOut ||
    status.submode === Submode.activePaperOut;
  return {
    online: true,
    shift:
      mode === Mode.shiftExpired
        ? 'expired'
        : fn.shiftOpen || mode === Mode.shiftOpen
          ? 'open'
          : 'closed',
    shiftNumber: shift.shiftNumber,
    documentOpen: mode === Mode.documentOpen || fn.currentDocument !== 0,
    printing: printingOf(mode, status.submode),
    paper: paperOut ? 'out' : 'ok',
    coverOpen: flags.coverOpen,
    fn: {
      number: fn.fnNumber,
      phase: phaseOf(fn.phase),
      lastFdNumber: fn.lastFdNumber,
      validUntil: formatDate(expiry.validUntil),
      warnings: warningsOf(fn.warningFlags),
    },
    ofd: {
      queueCount: exchange.queueCount,
      oldestQueuedAt:
        exchange.queueCount > 0 && exchange.firstQueuedAt !== null
          ? formatDateTime(exchange.firstQueuedAt)
          : null,
    },
    clock: `${formatDate(status.date)}T${pad2(status.time.hour)}:${pad2(status.time.minute)}:${pad2(status.time.second)}`,
  };
}

function printingOf(mode: number, submode: number): FiscalCondition['printing'] {
  if (submode === Submode.passivePaperOut || submode === Submode.activePaperOut) {
    return 'paper-out-waiting';
  }
  if (submode === Submode.waitingContinue) return 'waiting-continue';
  if (
    submode === Submode.printing ||
    submode === Submode.printingFullReport ||
    mode === Mode.printingBufferedReport ||
    mode === Mode.printingFiscalReport
  ) {
    return 'busy';
  }
  return 'idle';
}

/** Phase bits accumulate: 0x01 set up, 0x03 fiscal, 0x07 fiscal mode closed, 0x0F archive. */
function phaseOf(bits: number): FiscalCondition['fn']['phase'] {
  if (bits & FnPhaseBit.ofdDone) return 'archive';
  if (bits & FnPhaseBit.fiscalClosed) return 'closed';
  if (bits & FnPhaseBit.fiscalOpen) return 'fiscal';
  return 'setup';
}

export function warningsOf(bits: number): FiscalWarnings {
  return {
    replaceUrgently: (bits & FnWarningBit.replaceUrgently) !== 0,
    resourceLow: (bits & FnWarningBit.resourceLow) !== 0,
    memoryNearFull: (bits & FnWarningBit.memoryNearFull) !== 0,
    ofdTimeout: (bits & FnWarningBit.ofdTimeout) !== 0,
    critical: (bits & FnWarningBit.critical) !== 0,
  };
}

const OPERATIONS = ['income', 'income-return', 'expense', 'expense-return'] as const;

export function foundDocumentOf(found: FoundDocument): FoundFiscalDocument {
  const kind =
    found.documentType === DocumentType.receipt
      ? 'receipt'
      : found.documentType === DocumentType.shiftOpen
        ? 'shift-open'
        : found.documentType === DocumentType.shiftClose
          ? 'shift-close'
          : found.documentType === DocumentType.correctionReceipt
            ? 'correction'
            : 'other';
  const operation = found.operation === null ? null : (OPERATIONS[found.operation - 1] ?? null);
  return {
    fdNumber: found.fdNumber,
    kind,
    fiscalSign: found.fiscalSign,
    issuedAt: found.issuedAt === null ? '' : formatDateTime(found.issuedAt),
    operation,
    totalKopecks: found.totalKopecks === null ? null : kopecks(found.totalKopecks),
  };
}
