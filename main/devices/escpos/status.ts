import type { PrinterCondition, PrinterError } from '../../../common/ports.ts';

/**
 * Real-time status (DLE EOT n) replies and how to tell them apart from other bytes the printer
 * sends (docs/protocols/escpos.md §5–§6). DLE EOT replies match 0xx1xx10; Automatic Status Back
 * opens with 0xx1xx00 and continues with three 0xx0xxxx bytes; GS r replies are 0xx0xxxx;
 * XON/XOFF are 0x11/0x13 and collide with none of them.
 */
export type ReplyByteKind = 'realtime' | 'asb-start' | 'plain-status' | 'xon' | 'xoff' | 'unknown';

export const XON = 0x11;
export const XOFF = 0x13;

export function classifyReplyByte(byte: number): ReplyByteKind {
  if (byte === XON) return 'xon';
  if (byte === XOFF) return 'xoff';
  if ((byte & 0x93) === 0x12) return 'realtime';
  if ((byte & 0x93) === 0x10) return 'asb-start';
  if ((byte & 0x90) === 0x00) return 'plain-status';
  return 'unknown';
}

/** The four replies of DLE EOT 1..4, each already checked to match the real-time pattern. */
export type RealtimeReplies = {
  printer: number;
  offlineCause: number;
  errorCause: number;
  paperSensor: number;
};

/** Maps the four replies into a PrinterCondition. Pure; bits per docs/protocols/escpos.md §5. */
export function parseRealtimeStatus(replies: RealtimeReplies): PrinterCondition {
  const { printer, offlineCause, errorCause, paperSensor } = replies;
  const paperEnd = (paperSensor & 0x60) !== 0 || (offlineCause & 0x20) !== 0;
  const nearEnd = (paperSensor & 0x0c) !== 0;
  const coverOpen = (offlineCause & 0x04) !== 0;
  const cutterError = (errorCause & 0x08) !== 0;
  const error = errorText(errorCause);
  return {
    online: (printer & 0x08) === 0,
    paper: paperEnd ? 'out' : nearEnd ? 'near-end' : 'ok',
    coverOpen,
    cutterError,
    error,
  };
}

function errorText(errorCause: number): string | null {
  if ((errorCause & 0x20) !== 0) return 'unrecoverable error';
  if ((errorCause & 0x04) !== 0) return 'mechanical error';
  if ((errorCause & 0x40) !== 0) return 'auto-recoverable error (head overheat or cover)';
  return null;
}

/**
 * Custom kiosk printers (VKP80, TG2480): the four status bytes b3..b6 of the DLE EOT 20 reply
 * (docs/protocols/escpos.md §7). PrinterCondition has no field for a paper jam: it is reported
 * as a cutter error, the fault an operator clears the same way (open, clear, close).
 */
export function parseCustomFullStatus(frame: Uint8Array): PrinterCondition {
  const [paper = 0, user = 0, recoverable = 0, unrecoverable = 0] = frame.slice(2);
  const paperOut = (paper & 0x41) !== 0;
  const coverOpen = (user & 0x03) !== 0;
  const cutterError = (unrecoverable & 0x01) !== 0 || (recoverable & 0x40) !== 0;
  const error = customErrorText(recoverable, unrecoverable);
  return {
    online: !paperOut && !coverOpen && !cutterError && error === null,
    paper: paperOut ? 'out' : (paper & 0x04) !== 0 ? 'near-end' : 'ok',
    coverOpen,
    cutterError,
    error,
  };
}

function customErrorText(recoverable: number, unrecoverable: number): string | null {
  if ((unrecoverable & 0x4c) !== 0) return 'memory error';
  if ((recoverable & 0x01) !== 0) return 'head temperature';
  if ((recoverable & 0x08) !== 0) return 'power supply voltage';
  if ((recoverable & 0x02) !== 0) return 'serial line error';
  return null;
}

/**
 * Why this condition cannot print, most specific cause first, or null when it can.
 * Near end still prints: it is a warning for the operator, not a refusal.
 */
export function conditionError(condition: PrinterCondition): PrinterError | null {
  if (condition.paper === 'out') return { kind: 'paper-out' };
  if (condition.coverOpen) return { kind: 'cover-open' };
  if (condition.cutterError) return { kind: 'cutter' };
  if (!condition.online || condition.error !== null) return { kind: 'offline' };
  return null;
}
