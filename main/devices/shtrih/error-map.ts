/**
 * From what went wrong on the wire to the port's FiscalError (docs/protocols/shtrih.md §7). A
 * "not in this mode" refusal (72h/73h) says nothing by itself; with the status read right after
 * it, it becomes the real reason: shift expired (mode 3), shift closed (mode 4), a document
 * open (mode 8) or paper out (submodes 1/2).
 */
import type { FiscalError } from '../../../common/fiscal-port.ts';
import { commandHex } from '../../../protocol/shtrih/command-codec.ts';
import type { ErrorInfo } from '../../../protocol/shtrih/errors.ts';
import { decodeMode, Mode, Submode } from '../../../protocol/shtrih/modes.ts';
import type { FullStatus } from '../../../protocol/shtrih/status-commands.ts';
import type { CommandFailure } from './commander.ts';

export function fiscalErrorOf(
  failure: CommandFailure,
  status: FullStatus | null = null,
): FiscalError {
  switch (failure.kind) {
    case 'state':
      return failure.error;
    case 'malformed':
      return {
        kind: 'io',
        message: `malformed answer to ${commandHex(failure.command)}: ${failure.message}`,
      };
    case 'link':
      if (failure.error.kind === 'io') return failure.error;
      if (failure.error.kind === 'closed') return { kind: 'io', message: 'link closed' };
      return { kind: failure.error.kind };
    case 'device':
      return deviceError(failure.info, status);
  }
}

function deviceError(info: ErrorInfo, status: FullStatus | null): FiscalError {
  const { code, message } = info;
  switch (info.category) {
    case 'shift-expired':
      return { kind: 'shift-expired' };
    case 'shift-closed':
      return { kind: 'shift-closed' };
    case 'fn-blocked':
      return { kind: 'fn-blocked', code, message };
    case 'fn-state':
    case 'document-state':
      return { kind: 'document-state', code };
    case 'paper-out':
      return { kind: 'paper-out' };
    case 'busy':
      return { kind: 'busy' };
    case 'bad-password':
      return { kind: 'bad-password' };
    case 'mode':
      return status === null ? { kind: 'device', code, message } : modeError(info, status);
    default:
      return { kind: 'device', code, message };
  }
}

function modeError(info: ErrorInfo, status: FullStatus): FiscalError {
  const { mode } = decodeMode(status.mode);
  if (mode === Mode.shiftExpired) return { kind: 'shift-expired' };
  if (mode === Mode.shiftClosed) return { kind: 'shift-closed' };
  if (mode === Mode.documentOpen) return { kind: 'document-state', code: info.code };
  if (status.submode === Submode.passivePaperOut || status.submode === Submode.activePaperOut) {
    return { kind: 'paper-out' };
  }
  return { kind: 'device', code: info.code, message: info.message };
}

/** Whether the device may have run the command: no answer came back, or one we cannot read. */
export function outcomeUnknown(failure: CommandFailure): boolean {
  return failure.kind === 'link' || failure.kind === 'malformed';
}
