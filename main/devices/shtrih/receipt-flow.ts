/**
 * The receipt sequence (docs/protocols/shtrih.md §10): status → cancel a leftover document →
 * header lines → 8Dh → per item FF46 + FF4D → FF0C → FF45 → FF40/FF01 for the numbers →
 * footer lines and the cut. After 8Dh any failure cancels the receipt (88h) before it is
 * reported. FF45 without an answer is the one exception: the receipt may be closed already, so
 * the ФН is asked (FF01, FF0A) before anything is cancelled.
 */
import type { FiscalDocument, FiscalError } from '../../../common/fiscal-port.ts';
import { kopecks } from '../../../common/money.ts';
import { err, ok, type Result } from '../../../common/result.ts';
import { ReceiptType, openReceipt } from '../../../protocol/shtrih/commands.ts';
import {
  correctionReceiptV2,
  DocumentType,
  fnFindDocument,
} from '../../../protocol/shtrih/document-commands.ts';
import { decodeMode, Mode } from '../../../protocol/shtrih/modes.ts';
import { type DateTime, formatDateTime } from '../../../protocol/shtrih/numbers.ts';
import {
  closeReceiptV2,
  fnSendOperationTlv,
  fnSendTlv,
  operationV2,
  PAYMENT_SUM_COUNT,
  PaymentSlot,
} from '../../../protocol/shtrih/receipt-commands.ts';
import {
  type FnStatus,
  fnShiftParameters,
  fnStatus,
} from '../../../protocol/shtrih/status-commands.ts';
import type { CommandFailure, ShtrihCommander } from './commander.ts';
import { outcomeUnknown } from './error-map.ts';
import type { ReceiptPlan } from './receipt-plan.ts';

/** What the flow needs from the driver around it. */
export type ReceiptContext = {
  commander: ShtrihCommander;
  /** Maps a failure to a FiscalError, reading the status when the code needs it. */
  fail(failure: CommandFailure): Promise<FiscalError>;
  /** Cancels whatever document is open in the ККТ or the ФН. */
  cancelOpen(): Promise<Result<void, CommandFailure>>;
  /** Prints non-fiscal lines; `cut` ends the tape with feed + cut. */
  printLines(lines: readonly string[], cut: boolean): Promise<Result<void, CommandFailure>>;
};

/** FF45 «без НДС» tax sum slot. */
const TAX_SLOT_NO_VAT = 3;

export async function runReceipt(
  context: ReceiptContext,
  plan: ReceiptPlan,
): Promise<Result<FiscalDocument, FiscalError>> {
  const { commander } = context;
  const before = await begin(context, plan);
  if (!before.ok) return before;
  const opened = await commander.run(openReceipt, { type: ReceiptType.sale });
  if (!opened.ok) return abandon(context, opened.error);
  const filled = await fill(commander, plan);
  if (!filled.ok) return abandon(context, filled.error);
  const closed = await close(context, plan, before.value);
  if (!closed.ok) return closed;
  const document = await describe(context, plan, before.value, closed.value);
  await printFooter(context, plan);
  return ok(document);
}

/** 1173 «самостоятельно»: the agent corrects on its own, not on a tax authority's order. */
const CORRECTION_SELF = 0;
/** 1054 «приход». */
const OPERATION_INCOME = 1;

/**
 * A correction receipt (FF4Ah) for the plan's total, paid in cash: one command, no items or
 * TLVs. An unanswered FF4Ah is looked up in the ФН like an unanswered FF45h.
 */
export async function runCorrection(
  context: ReceiptContext,
  plan: ReceiptPlan,
): Promise<Result<FiscalDocument, FiscalError>> {
  const { commander } = context;
  const before = await begin(context, plan);
  if (!before.ok) return before;
  const taxes = [0, 0, 0, 0, 0, 0];
  taxes[TAX_SLOT_NO_VAT] = plan.totalKopecks;
  const issued = await commander.run(correctionReceiptV2, {
    correctionType: CORRECTION_SELF,
    operation: OPERATION_INCOME,
    totalKopecks: plan.totalKopecks,
    cashKopecks: plan.totalKopecks,
    electronicKopecks: 0,
    prepaidKopecks: 0,
    postpaidKopecks: 0,
    counterOfferKopecks: 0,
    taxesKopecks: taxes,
    taxSystemBits: plan.taxSystemBits,
  });
  let closed: Closed;
  if (issued.ok) closed = issued.value;
  else {
    const found = outcomeUnknown(issued.error)
      ? await issuedAfterAll(commander, plan, before.value, DocumentType.correctionReceipt)
      : null;
    if (found === null) return err(await context.fail(issued.error));
    closed = found;
  }
  const document = await describe(context, plan, before.value, closed);
  await printFooter(context, plan);
  return ok(document);
}

/** Up to the fiscal command: status, a leftover document cancelled, the header printed. */
async function begin(
  context: ReceiptContext,
  plan: ReceiptPlan,
): Promise<Result<FnStatus, FiscalError>> {
  const before = await prepare(context);
  if (!before.ok) return err(await context.fail(before.error));
  if (plan.headerLines.length > 0) {
    const header = await context.printLines(plan.headerLines, false);
    if (!header.ok) return err(await context.fail(header.error));
  }
  const ready = await context.commander.waitPrintingEnds();
  if (!ready.ok) return err(await context.fail(ready.error));
  return before;
}

/** Status, then a leftover document cancelled; resolves with FF01 as it is before the receipt. */
async function prepare(context: ReceiptContext): Promise<Result<FnStatus, CommandFailure>> {
  const { commander } = context;
  const status = await commander.waitPrintingEnds();
  if (!status.ok) return status;
  const { mode } = decodeMode(status.value.mode);
  if (mode === Mode.shiftExpired) return err({ kind: 'state', error: { kind: 'shift-expired' } });
  if (mode === Mode.shiftClosed) return err({ kind: 'state', error: { kind: 'shift-closed' } });
  let fn = await commander.run(fnStatus, {});
  if (!fn.ok) return fn;
  if (mode === Mode.documentOpen || fn.value.currentDocument !== 0) {
    commander.settings.log('warn', 'shtrih: cancelling a document left open', {
      mode: status.value.mode,
      fnDocument: fn.value.currentDocument,
    });
    const cancelled = await context.cancelOpen();
    if (!cancelled.ok) return cancelled;
    fn = await commander.run(fnStatus, {});
  }
  return fn;
}

async function fill(
  commander: ShtrihCommander,
  plan: ReceiptPlan,
): Promise<Result<void, CommandFailure>> {
  for (const item of plan.items) {
    const added = await commander.run(operationV2, item.operation);
    if (!added.ok) return added;
    for (const tlv of item.tlvs) {
      const sent = await commander.run(fnSendOperationTlv, { tlv });
      if (!sent.ok) return sent;
    }
  }
  for (const tlv of plan.receiptTlvs) {
    const sent = await commander.run(fnSendTlv, { tlv });
    if (!sent.ok) return sent;
  }
  return ok(undefined);
}

type Closed = { fdNumber: number; fiscalSign: number; issuedAt: DateTime | null };

async function close(
  context: ReceiptContext,
  plan: ReceiptPlan,
  before: FnStatus,
): Promise<Result<Closed, FiscalError>> {
  const payments = new Array<number>(PAYMENT_SUM_COUNT).fill(0);
  payments[PaymentSlot.cash] = plan.totalKopecks;
  const taxes = [0, 0, 0, 0, 0, 0];
  taxes[TAX_SLOT_NO_VAT] = plan.totalKopecks;
  const closed = await context.commander.run(closeReceiptV2, {
    paymentsKopecks: payments,
    roundingKopecks: 0,
    taxesKopecks: taxes,
    taxSystemBits: plan.taxSystemBits,
    text: '',
  });
  if (closed.ok) return ok(closed.value);
  if (outcomeUnknown(closed.error)) {
    const issued = await issuedAfterAll(context.commander, plan, before, DocumentType.receipt);
    if (issued !== null) return ok(issued);
  }
  return abandon(context, closed.error);
}

/** FF45 went unanswered: if the ФН holds a new receipt for our total, that is ours. */
async function issuedAfterAll(
  commander: ShtrihCommander,
  plan: ReceiptPlan,
  before: FnStatus,
  documentType: number,
): Promise<Closed | null> {
  const fn = await commander.run(fnStatus, {});
  if (!fn.ok || fn.value.currentDocument !== 0) return null;
  if (fn.value.lastFdNumber <= before.lastFdNumber) return null;
  const found = await commander.run(fnFindDocument, { fdNumber: fn.value.lastFdNumber });
  if (!found.ok) return null;
  const document = found.value;
  if (document.documentType !== documentType) return null;
  if (document.totalKopecks !== plan.totalKopecks) return null;
  commander.settings.log('warn', 'shtrih: receipt close unanswered, but the ФН issued it', {
    fdNumber: document.fdNumber,
  });
  return {
    fdNumber: document.fdNumber,
    fiscalSign: document.fiscalSign,
    issuedAt: document.issuedAt,
  };
}

async function abandon(
  context: ReceiptContext,
  failure: CommandFailure,
): Promise<Result<never, FiscalError>> {
  const error = await context.fail(failure);
  const cancelled = await context.cancelOpen();
  if (!cancelled.ok) {
    context.commander.settings.log('error', 'shtrih: could not cancel the failed receipt', {
      failure: cancelled.error.kind,
    });
  }
  return err(error);
}

/** The numbers the receipt printed: shift and receipt from FF40, ФН number and time from FF01. */
async function describe(
  context: ReceiptContext,
  plan: ReceiptPlan,
  before: FnStatus,
  closed: Closed,
): Promise<FiscalDocument> {
  const { commander } = context;
  const shift = await commander.run(fnShiftParameters, {});
  const fn = await commander.run(fnStatus, {});
  let issuedAt = closed.issuedAt;
  if (issuedAt === null && fn.ok && fn.value.lastFdNumber === closed.fdNumber) {
    issuedAt = fn.value.lastDocumentAt;
  }
  if (issuedAt === null) {
    const found = await commander.run(fnFindDocument, { fdNumber: closed.fdNumber });
    if (found.ok) issuedAt = found.value.issuedAt;
  }
  if (!shift.ok) {
    commander.settings.log('warn', 'shtrih: shift counters unread after a receipt', {
      failure: shift.error.kind,
    });
  }
  return {
    fdNumber: closed.fdNumber,
    fiscalSign: closed.fiscalSign,
    fnNumber: fn.ok ? fn.value.fnNumber : before.fnNumber,
    shiftNumber: shift.ok ? shift.value.shiftNumber : 0,
    receiptNumber: shift.ok ? shift.value.receiptNumber : 0,
    issuedAt: issuedAt === null ? await clockNow(commander) : formatDateTime(issuedAt),
    totalKopecks: kopecks(plan.totalKopecks),
  };
}

/** The ККТ clock as the last resort for the time of a receipt the ФН does not date for us. */
async function clockNow(commander: ShtrihCommander): Promise<string> {
  const status = await commander.status();
  if (!status.ok) return '';
  const { date, time } = status.value;
  return formatDateTime({ ...date, hour: time.hour, minute: time.minute });
}

/** Footer and cut: the receipt is fiscally complete, so a failure here is logged, not returned. */
async function printFooter(context: ReceiptContext, plan: ReceiptPlan): Promise<void> {
  const printed = await context.printLines(plan.footerLines, true);
  if (!printed.ok) {
    context.commander.settings.log('warn', 'shtrih: receipt footer not printed', {
      failure: printed.error.kind,
    });
  }
}
