/**
 * The durable fiscal queue: issues the receipts the ledger says are owed, one at a time, oldest
 * first, through the registrar port. Never two receipts for a payment, never none: the ФН's
 * last document number is recorded before each attempt, and an attempt whose answer was lost
 * is looked up in the ФН (fiscal-recovery.ts) before anything is sent again. A ФН that refuses
 * (fn-blocked) parks the receipt as held and alerts the operator; the money is kept and the
 * receipt is issued when the ФН works again, or replaced by a correction receipt (§8).
 */
import type {
  FiscalCorrectionPort,
  FiscalCondition,
  FiscalReceiptRequest,
  FiscalRegistrarPort,
} from '../../common/fiscal-port.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { fiscalReceiptRequestOf } from '../core/fiscal-receipt.ts';
import type { FiscalDocumentRecord, FiscalIntent, Ledger } from '../ledger/ledger.ts';
import type { DeviceLock } from './device-lock.ts';
import { lookForOurReceipt } from './fiscal-recovery.ts';
import { describeFiscalError, type FiscalAlert, type FiscalLog } from './fiscal-log.ts';
import { ensureShiftOpen } from './shift-keeper.ts';

export type FiscalQueueDeps = {
  ledger: Pick<Ledger, 'fiscal' | 'transferById'>;
  port: FiscalRegistrarPort & Partial<FiscalCorrectionPort>;
  lock: DeviceLock;
  now: () => number;
  log: FiscalLog;
  alert: (alert: Omit<FiscalAlert, 'atMs'>) => void;
  onCondition?: (condition: FiscalCondition) => void;
};

/** How one intent ended this round. 'later': the device could not be used; the queue stops. */
type Step = 'issued' | 'held' | 'later';

export type DrainReport = { issued: number; held: number; stoppedBy: string | null };

export type FiscalQueue = {
  /** Issues every owed receipt it can; concurrent calls share the run (and ask for one more). */
  drain(): Promise<DrainReport>;
  /** Held receipts whose ФН works again go back to the queue; returns how many. */
  releaseHeld(condition: FiscalCondition): number;
  /** A correction receipt for a held payment (operator's decision; docs/fiscal.md §8). */
  correct(
    transferId: string,
    correction: { settlementDate: string; orderNumber: string | null },
  ): Promise<Result<FiscalDocumentRecord, string>>;
  lastError(): string | null;
};

export function createFiscalQueue(deps: FiscalQueueDeps): FiscalQueue {
  const { fiscal } = deps.ledger;
  let lastError: string | null = null;

  const later = (intent: FiscalIntent, error: string): Step => {
    lastError = error;
    fiscal.noteError(intent.transferId, error);
    deps.log.warn({ transferId: intent.transferId, error }, 'fiscal: receipt waits');
    return 'later';
  };

  const hold = (intent: FiscalIntent, reason: string, kind: FiscalAlert['kind']): Step => {
    fiscal.hold(intent.transferId, reason, deps.now());
    deps.alert({ kind, transferId: intent.transferId, message: reason });
    return 'held';
  };

  const record = (intent: FiscalIntent, document: FiscalDocumentRecord): Step => {
    const recorded = fiscal.recordIssued(intent.transferId, document, deps.now());
    if (!recorded.ok) return hold(intent, recorded.error.message, 'receipt-held');
    if (document.totalKopecks !== intent.totalKopecks) {
      const message = `ФД ${document.fdNumber} total ${document.totalKopecks} ≠ ${intent.totalKopecks}`;
      deps.alert({ kind: 'total-mismatch', transferId: intent.transferId, message });
    }
    deps.log.info({ transferId: intent.transferId, fdNumber: document.fdNumber }, 'fiscal: issued');
    return 'issued';
  };

  const requestOf = (intent: FiscalIntent): Result<FiscalReceiptRequest, string> => {
    if (!intent.terms.ok) return err(intent.terms.error);
    const transfer = deps.ledger.transferById(intent.transferId);
    if (transfer === null) return err('the transfer is missing from the journal');
    const request = fiscalReceiptRequestOf(transfer, intent.terms.value);
    return request.ok ? request : err(request.error.message);
  };

  /** A usable registrar: online, no document left open, a shift open. */
  const readyCondition = async (): Promise<Result<FiscalCondition, string>> => {
    let condition = await deps.port.condition();
    if (!condition.ok) return err(describeFiscalError(condition.error));
    if (condition.value.documentOpen) {
      // A leftover of a crash or power loss mid-receipt: the ФН issued nothing for it.
      const cancelled = await deps.port.cancelOpenDocument();
      if (!cancelled.ok) return err(`cancel: ${describeFiscalError(cancelled.error)}`);
      deps.log.warn({}, 'fiscal: a document left open was cancelled');
      condition = await deps.port.condition();
      if (!condition.ok) return err(describeFiscalError(condition.error));
    }
    if (!condition.value.online) return err('offline');
    deps.onCondition?.(condition.value);
    return ok(condition.value);
  };

  const issue = async (intent: FiscalIntent): Promise<Step> => {
    const request = requestOf(intent);
    if (!request.ok)
      return hold(intent, `receipt cannot be built: ${request.error}`, 'terms-unreadable');
    const ready = await readyCondition();
    if (!ready.ok) return later(intent, ready.error);
    let condition = ready.value;
    if (intent.state === 'issuing') {
      const lookup = await lookForOurReceipt(deps.port, fiscal, intent, condition);
      if (lookup.kind === 'found') return record(intent, lookup.document);
      if (lookup.kind === 'device-error') return later(intent, lookup.error);
      if (lookup.kind === 'unknowable') return hold(intent, lookup.reason, 'fn-changed');
    }
    if (condition.fn.phase !== 'fiscal') {
      return hold(intent, `ФН is not in fiscal mode (${condition.fn.phase})`, 'receipt-held');
    }
    if (condition.shift !== 'open') {
      const opened = await ensureShiftOpen({ ...deps, fiscal }, condition);
      if (!opened.ok) return later(intent, opened.error);
      const again = await readyCondition();
      if (!again.ok) return later(intent, again.error);
      condition = again.value;
    }
    const begun = fiscal.beginAttempt(intent.transferId, {
      fnNumber: condition.fn.number,
      fdBefore: condition.fn.lastFdNumber,
      atMs: deps.now(),
    });
    if (!begun.ok) return later(intent, begun.error.message);
    const issued = await deps.port.issueReceipt(request.value);
    if (issued.ok) return record(intent, { kind: 'receipt', ...issued.value });
    const error = describeFiscalError(issued.error);
    if (issued.error.kind === 'fn-blocked')
      return hold(intent, `ФН refused: ${error}`, 'receipt-held');
    // Whether it went through is unknown: the intent stays 'issuing' and is looked up first.
    return later(intent, error);
  };

  const drainOnce = async (): Promise<DrainReport> => {
    const report: DrainReport = { issued: 0, held: 0, stoppedBy: null };
    const seen = new Set<string>();
    for (;;) {
      const next = fiscal.open().find((intent) => !seen.has(intent.transferId));
      if (next === undefined) break;
      seen.add(next.transferId);
      const step = await deps.lock.run(() => issue(next));
      if (step === 'later') {
        report.stoppedBy = lastError;
        break;
      }
      if (step === 'issued') report.issued += 1;
      else report.held += 1;
    }
    if (report.stoppedBy === null) lastError = null;
    return report;
  };

  let running: Promise<DrainReport> | null = null;
  let again = false;
  const drain = (): Promise<DrainReport> => {
    if (running !== null) {
      again = true;
      return running;
    }
    running = (async () => {
      let report: DrainReport;
      do {
        again = false;
        report = await drainOnce();
      } while (again && report.stoppedBy === null);
      return report;
    })().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    drain,
    releaseHeld(condition) {
      const usable =
        condition.online && condition.fn.phase === 'fiscal' && !condition.fn.warnings.critical;
      if (!usable) return 0;
      let released = 0;
      for (const intent of fiscal.held()) {
        // A ФН change or an unreadable receipt needs the operator, not a retry.
        if (intent.heldReason?.startsWith('ФН refused') !== true) continue;
        if (fiscal.release(intent.transferId).ok) released += 1;
      }
      return released;
    },
    correct: (transferId, correction) =>
      deps.lock.run(async (): Promise<Result<FiscalDocumentRecord, string>> => {
        const intent = fiscal.intent(transferId);
        if (intent === null || intent.state !== 'held') return err('no held receipt for it');
        if (deps.port.issueCorrection === undefined) return err('the registrar cannot correct');
        const request = requestOf(intent);
        if (!request.ok) return err(request.error);
        const ready = await readyCondition();
        if (!ready.ok) return err(ready.error);
        // The held attempt may have gone through after all: then it is the receipt, not a gap.
        const lookup = await lookForOurReceipt(deps.port, fiscal, intent, ready.value);
        if (lookup.kind === 'device-error') return err(lookup.error);
        if (lookup.kind === 'found') {
          const recorded = fiscal.recordIssued(transferId, lookup.document, deps.now());
          return recorded.ok ? ok(lookup.document) : err(recorded.error.message);
        }
        const issued = await deps.port.issueCorrection({ ...request.value, correction });
        if (!issued.ok) return err(describeFiscalError(issued.error));
        const document: FiscalDocumentRecord = { kind: 'correction', ...issued.value };
        const recorded = fiscal.recordIssued(transferId, document, deps.now());
        if (recorded.ok)
          deps.log.info({ transferId, fdNumber: document.fdNumber }, 'fiscal: corrected');
        return recorded.ok ? ok(document) : err(recorded.error.message);
      }),
    lastError: () => lastError,
  };
}
