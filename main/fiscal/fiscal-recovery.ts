/**
 * After a crash or a lost answer: did the registrar issue our receipt? The intent recorded the
 * ФН and its last document number BEFORE the receipt was sent, so every document after that
 * number is either ours or not a receipt of ours (a Z report, a new shift). Our receipt is an
 * income receipt with our total that no other payment has claimed. Found ⇒ recorded as
 * issued, never issued a second time; not found ⇒ issued now. docs/fiscal.md §3.
 */
import type {
  FiscalCondition,
  FiscalRegistrarPort,
  FoundFiscalDocument,
} from '../../common/fiscal-port.ts';
import type { FiscalDocumentRecord, FiscalIntent, LedgerFiscal } from '../ledger/ledger.ts';
import { describeFiscalError } from './fiscal-log.ts';

/** More documents than this after one attempt is not one receipt and a shift change. */
export const recoveryScanMax = 64;

export type RecoveryLookup =
  | { kind: 'found'; document: FiscalDocumentRecord }
  | { kind: 'not-issued' }
  | { kind: 'unknowable'; reason: string }
  | { kind: 'device-error'; error: string };

function isOurs(found: FoundFiscalDocument | null, intent: FiscalIntent): boolean {
  return (
    found !== null &&
    found.kind === 'receipt' &&
    found.operation === 'income' &&
    found.totalKopecks === intent.totalKopecks
  );
}

export async function lookForOurReceipt(
  port: FiscalRegistrarPort,
  fiscal: Pick<LedgerFiscal, 'documentOwner'>,
  intent: FiscalIntent,
  condition: FiscalCondition,
): Promise<RecoveryLookup> {
  const attempt = intent.attempt;
  if (attempt === null) return { kind: 'not-issued' };
  if (condition.fn.number !== attempt.fnNumber) {
    return {
      kind: 'unknowable',
      reason: `the ФН was replaced (${attempt.fnNumber} → ${condition.fn.number}) after an attempt`,
    };
  }
  const last = condition.fn.lastFdNumber;
  if (last - attempt.fdBefore > recoveryScanMax) {
    return { kind: 'unknowable', reason: `${last - attempt.fdBefore} documents since the attempt` };
  }
  let ours: FoundFiscalDocument | null = null;
  let shiftOpensAfter = 0;
  for (let fdNumber = attempt.fdBefore + 1; fdNumber <= last; fdNumber += 1) {
    const found = await port.findDocument(fdNumber);
    if (!found.ok) return { kind: 'device-error', error: describeFiscalError(found.error) };
    if (ours === null) {
      const claimed = fiscal.documentOwner(condition.fn.number, fdNumber);
      if (claimed === null && isOurs(found.value, intent)) ours = found.value;
    } else if (found.value?.kind === 'shift-open') {
      shiftOpensAfter += 1;
    }
  }
  if (ours === null) return { kind: 'not-issued' };
  return completeFound(port, ours, intent, condition, shiftOpensAfter);
}

/** The shift and receipt numbers of a found receipt: read back when it is the last document. */
async function completeFound(
  port: FiscalRegistrarPort,
  found: FoundFiscalDocument,
  intent: FiscalIntent,
  condition: FiscalCondition,
  shiftOpensAfter: number,
): Promise<RecoveryLookup> {
  let receiptNumber: number | null = null;
  if (found.fdNumber === condition.fn.lastFdNumber) {
    const counters = await port.shiftCounters();
    if (!counters.ok) return { kind: 'device-error', error: describeFiscalError(counters.error) };
    receiptNumber = counters.value.lastReceiptNumber;
  }
  return {
    kind: 'found',
    document: {
      kind: 'receipt',
      fdNumber: found.fdNumber,
      fiscalSign: found.fiscalSign,
      fnNumber: condition.fn.number,
      shiftNumber: Math.max(0, condition.shiftNumber - shiftOpensAfter),
      receiptNumber,
      issuedAt: found.issuedAt,
      // Equal to the document's: that is how it was recognised.
      totalKopecks: intent.totalKopecks,
    },
  };
}
