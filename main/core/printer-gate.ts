import { assertNever } from '../../common/assert.ts';
import type { PrinterCondition, PrinterError } from '../../common/ports.ts';
import type { Result } from '../../common/result.ts';

/** Why the printer cannot print a receipt right now; machine codes for UI text and logs. */
export type PrinterGateReason =
  | 'paper-out'
  | 'cover-open'
  | 'cutter-error'
  | 'offline'
  | 'printer-error'
  | 'no-answer'
  | 'link-error';

/**
 * Whether a payment may take cash, given the printer (docs/protocols/escpos.md §9):
 * - ok: a receipt will print (`paperNearEnd` is a warning for the operator only);
 * - warn: no receipt can be printed but the operator allows cash anyway: the payer must confirm
 *   on screen that there will be no paper receipt (an SMS receipt is offered);
 * - block: no cash until the printer is fixed.
 */
export type PrinterGate =
  | { kind: 'ok'; paperNearEnd: boolean }
  | { kind: 'warn'; reason: PrinterGateReason }
  | { kind: 'block'; reason: PrinterGateReason };

export function decidePrinterGate(
  condition: PrinterCondition,
  allowCashWithoutPaper: boolean,
): PrinterGate {
  const reason = conditionReason(condition);
  if (reason === null) return { kind: 'ok', paperNearEnd: condition.paper === 'near-end' };
  return allowCashWithoutPaper ? { kind: 'warn', reason } : { kind: 'block', reason };
}

/** The same decision from a status() result: a printer that does not answer cannot print. */
export function decidePrinterGateFromStatus(
  status: Result<PrinterCondition, PrinterError>,
  allowCashWithoutPaper: boolean,
): PrinterGate {
  if (status.ok) return decidePrinterGate(status.value, allowCashWithoutPaper);
  const reason = errorReason(status.error);
  return allowCashWithoutPaper ? { kind: 'warn', reason } : { kind: 'block', reason };
}

/** Most specific cause first: paper end is what the operator must fix, whatever else is set. */
function conditionReason(condition: PrinterCondition): PrinterGateReason | null {
  if (condition.paper === 'out') return 'paper-out';
  if (condition.coverOpen) return 'cover-open';
  if (condition.cutterError) return 'cutter-error';
  if (condition.error !== null) return 'printer-error';
  if (!condition.online) return 'offline';
  return null;
}

function errorReason(error: PrinterError): PrinterGateReason {
  switch (error.kind) {
    case 'paper-out':
      return 'paper-out';
    case 'cover-open':
      return 'cover-open';
    case 'cutter':
      return 'cutter-error';
    case 'offline':
      return 'offline';
    case 'timeout':
      return 'no-answer';
    case 'io':
      return 'link-error';
    default:
      return assertNever(error);
  }
}
