/**
 * The fiscal side of the emulated ККТ, free of bytes: mode, shift and its 24-hour rule, the ФН
 * (counters, warnings, faults, the OFD queue and its 30-day block) and the issuing of signed
 * documents. Receipt commands live in receipt-ops.ts; the command layer maps frames onto both.
 * Every refusal is a device error code, chosen as docs/protocols/shtrih-emulator.md lists.
 */
import { err, ok, type Result } from '../../common/result.ts';
import {
  DAY_MS,
  dayStartMs,
  HOUR_MS,
  minuteText,
  type TimeSource,
  truncateToMinuteMs,
} from './clock.ts';
import { FnWarningBit } from '../../protocol/shtrih/status-commands.ts';
import { DeviceError, type DeviceErrorCode } from './errors.ts';
import type { TapePrinter } from './printer.ts';
import { fiscalSignOf } from './registration.ts';
import type { DeviceState, IssuedDocument } from './state.ts';
import { fiscalQr, shiftReport, type TapeLine } from './tape.ts';

export type FiscalOptions = {
  /** Cut the tape after every fiscal document (the ККТ's auto-cut setting). */
  autoCut: boolean;
};

const OFD_BLOCK_MS = 30 * DAY_MS;
/** The emulator raises the OFD-timeout flag once an unconfirmed document is a day old. */
const OFD_TIMEOUT_FLAG_MS = DAY_MS;
const SHIFT_MS = 24 * HOUR_MS;

export type NewDocument = Omit<
  IssuedDocument,
  'fdNumber' | 'fiscalSign' | 'fnNumber' | 'issuedAtMs' | 'issuedAt' | 'ofdConfirmed' | 'qr'
> & { withQr: boolean };

export class FiscalDevice {
  state: DeviceState;
  readonly printer: TapePrinter;
  readonly options: FiscalOptions;
  readonly #time: TimeSource;
  readonly #onIssued: (doc: IssuedDocument) => void;

  constructor(
    state: DeviceState,
    time: TimeSource,
    printer: TapePrinter,
    options: FiscalOptions,
    onIssued: (doc: IssuedDocument) => void,
  ) {
    this.state = state;
    this.#time = time;
    this.printer = printer;
    this.options = options;
    this.#onIssued = onIssued;
  }

  // ------------------------------------------------------------------ status

  wallMs(): number {
    return this.#time.nowMs() + this.state.clockOffsetMs;
  }

  shiftExpired(): boolean {
    const { open, openedAtMs } = this.state.shift;
    return open && openedAtMs !== null && this.wallMs() - openedAtMs >= SHIFT_MS;
  }

  /** Mode byte: low nibble the mode, high nibble its status (receipt type in mode 8). */
  mode(): number {
    const receipt = this.state.receipt;
    if (receipt) return 0x08 | (receipt.receiptType << 4);
    if (!this.state.shift.open) return 4;
    return this.shiftExpired() ? 3 : 2;
  }

  lastDocument(): IssuedDocument | null {
    return this.state.documents.at(-1) ?? null;
  }

  lastFdNumber(): number {
    return this.lastDocument()?.fdNumber ?? 0;
  }

  findDocument(fdNumber: number): IssuedDocument | null {
    return this.state.documents.find((doc) => doc.fdNumber === fdNumber) ?? null;
  }

  ofdQueue(): { count: number; first: IssuedDocument | null } {
    const unsent = this.state.documents.filter((doc) => !doc.ofdConfirmed);
    return { count: unsent.length, first: unsent[0] ?? null };
  }

  /** Days (device calendar) from today to the ФН's last valid day; negative once past it. */
  daysToExpiry(): number {
    const today = dayStartMs(minuteText(this.wallMs()).slice(0, 10));
    return Math.round((dayStartMs(this.state.fn.validUntil) - today) / DAY_MS);
  }

  warningFlags(): number {
    const fn = this.state.fn;
    let flags = fn.forcedWarnings;
    const days = this.daysToExpiry();
    if (days <= 3) flags |= FnWarningBit.replaceUrgently;
    if (days <= 30) flags |= FnWarningBit.resourceLow;
    if (this.state.documents.length * 10 >= fn.capacityDocuments * 9) {
      flags |= FnWarningBit.memoryNearFull;
    }
    const first = this.ofdQueue().first;
    if (first && this.wallMs() - first.issuedAtMs >= OFD_TIMEOUT_FLAG_MS) {
      flags |= FnWarningBit.ofdTimeout;
    }
    if (fn.fault === 'failure') flags |= FnWarningBit.critical;
    return flags;
  }

  /** Why the ФН refuses to sign any document now, or null. */
  fnBlock(): DeviceErrorCode | null {
    const fn = this.state.fn;
    switch (fn.fault) {
      case 'failure':
        return DeviceError.fnFailure;
      case 'exhausted':
        return DeviceError.fnExhausted;
      case 'memory-full':
        return DeviceError.fnStorageExhausted;
      case 'expired':
        return DeviceError.fnExpired;
      case 'none':
        break;
    }
    if (this.daysToExpiry() < 0) return DeviceError.fnExpired;
    if (this.state.documents.length >= fn.capacityDocuments) {
      return DeviceError.fnStorageExhausted;
    }
    const first = this.ofdQueue().first;
    if (first && this.wallMs() - first.issuedAtMs > OFD_BLOCK_MS) {
      return DeviceError.fnStorageExhausted;
    }
    return null;
  }

  // ------------------------------------------------------------------ documents

  /** Signs a document in the ФН and records it (the ground truth). */
  issue(draft: NewDocument): IssuedDocument {
    const { withQr, ...fields } = draft;
    const issuedAtMs = truncateToMinuteMs(this.wallMs());
    const issuedAt = minuteText(issuedAtMs);
    const fdNumber = this.lastFdNumber() + 1;
    const fnNumber = this.state.fn.number;
    const fiscalSign = fiscalSignOf(
      [
        fnNumber,
        fdNumber,
        fields.kind,
        issuedAt,
        fields.shiftNumber,
        fields.receiptNumber ?? '',
        fields.operation ?? '',
        fields.totalKopecks ?? '',
      ],
      this.state.deviceKey,
    );
    const doc: IssuedDocument = {
      ...fields,
      fdNumber,
      fiscalSign,
      fnNumber,
      issuedAtMs,
      issuedAt,
      qr: null,
      ofdConfirmed: this.state.ofd.link === 'up',
    };
    if (withQr) {
      doc.qr = fiscalQr({
        ...doc,
        totalKopecks: doc.totalKopecks ?? 0,
        operation: doc.operation ?? 1,
      });
    }
    this.state.documents.push(doc);
    this.#onIssued(structuredClone(doc));
    return doc;
  }

  /** Prints a fiscal document's lines and cuts when the auto-cut is on. */
  printDocument(lines: readonly TapeLine[]): void {
    this.printer.print(lines);
    if (this.options.autoCut) this.printer.cut('full');
  }

  setOfdLink(link: 'up' | 'down'): void {
    this.state.ofd.link = link;
    if (link === 'up') for (const doc of this.state.documents) doc.ofdConfirmed = true;
  }

  // ------------------------------------------------------------------ shift

  openShift(): Result<IssuedDocument, DeviceErrorCode> {
    if (this.state.receipt) return err(DeviceError.receiptOpen);
    if (this.state.shift.open) return err(DeviceError.notInMode);
    const refused = this.fnBlock() ?? this.printer.gate();
    if (refused !== null) return err(refused);
    const shift = this.state.shift;
    shift.open = true;
    shift.number += 1;
    shift.openedAtMs = this.wallMs();
    shift.receiptCount = 0;
    const doc = this.issue(reportDraft('shift-open', shift.number));
    this.printDocument(this.#report('ОТЧЕТ ОБ ОТКРЫТИИ СМЕНЫ', doc));
    return ok(doc);
  }

  closeShift(): Result<IssuedDocument, DeviceErrorCode> {
    if (this.state.receipt) return err(DeviceError.receiptOpen);
    if (!this.state.shift.open) return err(DeviceError.shiftNotOpen);
    const refused = this.fnBlock() ?? this.printer.gate();
    if (refused !== null) return err(refused);
    const shift = this.state.shift;
    const doc = this.issue(reportDraft('shift-close', shift.number));
    shift.open = false;
    shift.openedAtMs = null;
    this.printDocument(this.#report('ОТЧЕТ О ЗАКРЫТИИ СМЕНЫ', doc));
    return ok(doc);
  }

  /** X report: the shift's totals, printed; the ФН signs nothing. */
  xReport(): Result<void, DeviceErrorCode> {
    if (this.state.receipt) return err(DeviceError.receiptOpen);
    if (!this.state.shift.open) return err(DeviceError.shiftNotOpen);
    const refused = this.printer.gate();
    if (refused !== null) return err(refused);
    this.printDocument(this.#report('ОТЧЕТ БЕЗ ГАШЕНИЯ', null));
    return ok(undefined);
  }

  #report(title: string, doc: IssuedDocument | null): TapeLine[] {
    const shiftNumber = this.state.shift.number;
    const receipts = this.state.documents.filter(
      (each) => each.shiftNumber === shiftNumber && each.kind === 'receipt',
    );
    const incomeKopecks = receipts
      .filter((each) => each.operation === 1)
      .reduce((sum, each) => sum + (each.totalKopecks ?? 0), 0);
    return shiftReport(
      title,
      doc,
      this.state.registration,
      { receipts: receipts.length, incomeKopecks, shiftNumber, atMs: this.wallMs() },
      this.printer.widthColumns,
    );
  }
}

function reportDraft(kind: 'shift-open' | 'shift-close', shiftNumber: number): NewDocument {
  return {
    kind,
    shiftNumber,
    receiptNumber: null,
    operation: null,
    items: [],
    tlvs: [],
    totalKopecks: null,
    payments: null,
    changeKopecks: null,
    taxSystemMask: null,
    taxSumsKopecks: null,
    correctionType: null,
    withQr: false,
  };
}
