/**
 * An in-memory fiscal registrar behind FiscalRegistrarPort: a ФН that numbers its documents,
 * keeps them for findDocument, counts receipts per shift and expires a shift after 24 h, with
 * failures injected at each step a real device can fail at: no answer before the receipt is
 * opened, the answer to the close lost (the receipt IS issued), a crash leaving the receipt
 * open, the ФН refusing. It also notices two commands at once (a real serial ККТ cannot).
 */
import type {
  FiscalCondition,
  FiscalCorrectionPort,
  FiscalCorrectionRequest,
  FiscalDocument,
  FiscalError,
  FiscalReceiptRequest,
  FiscalRegistrarPort,
  FoundFiscalDocument,
  ShiftReport,
} from '../../common/fiscal-port.ts';
import { kopecks } from '../../common/money.ts';
import { err, ok, type Result } from '../../common/result.ts';

export type ReceiptFailure =
  /** Refused before anything was opened. */
  | 'before-open'
  /** Issued, but the answer never came back. */
  | 'answer-lost'
  /** Opened, then the link died: the receipt stays open in the ККТ, nothing issued. */
  | 'left-open'
  /** The ФН refuses to sign (exhausted, 30-day OFD block, expired). */
  | 'fn-blocked';

export type IssuedRecord = {
  fdNumber: number;
  kind: FoundFiscalDocument['kind'];
  totalKopecks: number | null;
  request: FiscalReceiptRequest | null;
};

const dayMs = 86_400_000;

export class FiscalRegistrarDouble implements FiscalRegistrarPort, FiscalCorrectionPort {
  fnNumber = '9999078900001234';
  lastFd = 100;
  shift: 'open' | 'closed' = 'closed';
  shiftNumber = 0;
  shiftOpenedAtMs = 0;
  receiptsInShift = 0;
  documentOpen = false;
  online = true;
  paper: 'ok' | 'out' = 'ok';
  fnBlocked = false;
  phase: FiscalCondition['fn']['phase'] = 'fiscal';
  validUntil = '2027-12-31';
  readonly documents = new Map<
    number,
    FoundFiscalDocument & { request: FiscalReceiptRequest | null }
  >();
  readonly receiptFailures: ReceiptFailure[] = [];
  /** Failures of the next condition() calls: 'offline' answers online=false, 'io' an error. */
  readonly conditionFailures: Array<'offline' | 'io'> = [];
  overlaps = 0;
  private inFlight = 0;

  private readonly clockMs: () => number;

  constructor(clockMs: () => number) {
    this.clockMs = clockMs;
  }

  /** Every receipt (and correction) the ФН signed, in order. */
  receipts(): IssuedRecord[] {
    return [...this.documents.values()]
      .filter((doc) => doc.kind === 'receipt' || doc.kind === 'correction')
      .map((doc) => ({
        fdNumber: doc.fdNumber,
        kind: doc.kind,
        totalKopecks: doc.totalKopecks,
        request: doc.request,
      }));
  }

  private async command<T>(work: () => T): Promise<T> {
    this.inFlight += 1;
    if (this.inFlight > 1) this.overlaps += 1;
    // A real device answers later: let every other waiting task run in between.
    await new Promise((resolve) => setImmediate(resolve));
    try {
      return work();
    } finally {
      this.inFlight -= 1;
    }
  }

  private kktTime(): string {
    return new Date(this.clockMs()).toISOString().slice(0, 19);
  }

  private shiftState(): FiscalCondition['shift'] {
    if (this.shift === 'closed') return 'closed';
    return this.clockMs() - this.shiftOpenedAtMs >= dayMs ? 'expired' : 'open';
  }

  private store(kind: FoundFiscalDocument['kind'], request: FiscalReceiptRequest | null) {
    this.lastFd += 1;
    const total = request === null ? null : request.cashKopecks;
    this.documents.set(this.lastFd, {
      fdNumber: this.lastFd,
      kind,
      fiscalSign: 1_000_000 + this.lastFd * 7,
      issuedAt: this.kktTime().slice(0, 16),
      operation: request === null ? null : 'income',
      totalKopecks: total === null ? null : kopecks(total),
      request,
    });
    return this.lastFd;
  }

  condition(): Promise<Result<FiscalCondition, FiscalError>> {
    return this.command(() => {
      const failure = this.conditionFailures.shift();
      if (failure === 'io') return err({ kind: 'io', message: 'link down' });
      return ok({
        online: this.online && failure !== 'offline',
        shift: this.shiftState(),
        shiftNumber: this.shiftNumber,
        documentOpen: this.documentOpen,
        printing: 'idle',
        paper: this.paper,
        coverOpen: false,
        fn: {
          number: this.fnNumber,
          phase: this.phase,
          lastFdNumber: this.lastFd,
          validUntil: this.validUntil,
          warnings: {
            replaceUrgently: false,
            resourceLow: false,
            memoryNearFull: false,
            ofdTimeout: false,
            critical: false,
          },
        },
        ofd: { queueCount: 0, oldestQueuedAt: null },
        clock: this.kktTime(),
      });
    });
  }

  openShift(): Promise<Result<ShiftReport, FiscalError>> {
    return this.command(() => {
      if (!this.online) return err({ kind: 'offline' });
      if (this.shift === 'open') return err({ kind: 'device', code: 0x9c, message: 'shift open' });
      this.shift = 'open';
      this.shiftNumber += 1;
      this.shiftOpenedAtMs = this.clockMs();
      this.receiptsInShift = 0;
      const fdNumber = this.store('shift-open', null);
      return ok({ shiftNumber: this.shiftNumber, fdNumber, fiscalSign: fdNumber * 7 });
    });
  }

  closeShift(): Promise<Result<ShiftReport, FiscalError>> {
    return this.command(() => {
      if (!this.online) return err({ kind: 'offline' });
      if (this.shift === 'closed') return err({ kind: 'shift-closed' });
      this.shift = 'closed';
      const fdNumber = this.store('shift-close', null);
      return ok({ shiftNumber: this.shiftNumber, fdNumber, fiscalSign: fdNumber * 7 });
    });
  }

  xReport(): Promise<Result<void, FiscalError>> {
    return this.command(() => ok(undefined));
  }

  private sign(request: FiscalReceiptRequest, kind: 'receipt' | 'correction'): FiscalDocument {
    this.receiptsInShift += 1;
    const fdNumber = this.store(kind, request);
    const stored = this.documents.get(fdNumber)!;
    return {
      fdNumber,
      fiscalSign: stored.fiscalSign,
      fnNumber: this.fnNumber,
      shiftNumber: this.shiftNumber,
      receiptNumber: this.receiptsInShift,
      issuedAt: stored.issuedAt,
      totalKopecks: kopecks(request.cashKopecks),
    };
  }

  issueReceipt(request: FiscalReceiptRequest): Promise<Result<FiscalDocument, FiscalError>> {
    return this.command(() => {
      if (!this.online) return err({ kind: 'offline' });
      if (this.documentOpen) return err({ kind: 'document-state', code: 0x4a });
      if (this.shift === 'closed') return err({ kind: 'shift-closed' });
      if (this.shiftState() === 'expired') return err({ kind: 'shift-expired' });
      const sum = request.items.reduce((total, item) => total + item.priceKopecks, 0);
      if (sum !== request.cashKopecks) return err({ kind: 'device', code: 0x45, message: 'sum' });
      const failure = this.receiptFailures.shift();
      if (failure === 'before-open') return err({ kind: 'timeout' });
      if (failure === 'left-open') {
        this.documentOpen = true;
        return err({ kind: 'io', message: 'link lost mid-receipt' });
      }
      if (failure === 'fn-blocked' || this.fnBlocked) {
        return err({ kind: 'fn-blocked', code: 0x14, message: 'storage resource exhausted' });
      }
      const document = this.sign(request, 'receipt');
      if (failure === 'answer-lost') return err({ kind: 'timeout' });
      return ok(document);
    });
  }

  issueCorrection(request: FiscalCorrectionRequest): Promise<Result<FiscalDocument, FiscalError>> {
    return this.command(() => {
      if (this.fnBlocked) return err({ kind: 'fn-blocked', code: 0x14, message: 'blocked' });
      if (this.shiftState() !== 'open') return err({ kind: 'shift-closed' });
      return ok(this.sign(request, 'correction'));
    });
  }

  cancelOpenDocument(): Promise<Result<void, FiscalError>> {
    return this.command(() => {
      this.documentOpen = false;
      return ok(undefined);
    });
  }

  continuePrinting(): Promise<Result<void, FiscalError>> {
    return this.command(() => ok(undefined));
  }

  findDocument(fdNumber: number): Promise<Result<FoundFiscalDocument | null, FiscalError>> {
    return this.command(() => {
      const found = this.documents.get(fdNumber);
      if (found === undefined) return ok(null);
      const { request: _request, ...document } = found;
      return ok(document);
    });
  }

  shiftCounters(): Promise<
    Result<{ shiftNumber: number; lastReceiptNumber: number }, FiscalError>
  > {
    return this.command(() =>
      ok({ shiftNumber: this.shiftNumber, lastReceiptNumber: this.receiptsInShift }),
    );
  }

  printText(_lines: readonly string[]): Promise<Result<void, FiscalError>> {
    return this.command(() => ok(undefined));
  }

  async close(): Promise<void> {}
}
