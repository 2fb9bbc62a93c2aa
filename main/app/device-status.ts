import type { DeviceState } from '../../common/contract.ts';
import { assertNever } from '../../common/assert.ts';
import type { AcceptorCondition, PrinterCondition } from '../../common/ports.ts';
import type { Readiness } from '../deposit/deposit-service.ts';
import type { StatusModel } from '../kiosk-status.ts';

type State = Omit<DeviceState, 'sinceMs'>;

/**
 * The acceptor's line on the status screen: its condition, unless the deposit service could not
 * start a payment yet (recovery still running, the acceptor never opened, a fault) — the line
 * says "payments on" only when a payment would start.
 */
export function acceptorStatus(
  adapter: string,
  condition: AcceptorCondition,
  readiness: Readiness,
): State {
  switch (readiness.kind) {
    case 'ready':
      return acceptorDeviceState(adapter, condition);
    case 'recovering':
      return {
        adapter,
        health: 'starting',
        code: 'recovering',
        detail: 'Opening the bill acceptor and finishing open payments.',
      };
    case 'acceptor-unavailable': {
      const state = acceptorDeviceState(adapter, condition);
      // The device may answer again before the deposit service has reopened it.
      return state.health === 'ok' || state.health === 'warning'
        ? { adapter, health: 'starting', code: 'reopening', detail: 'Opening the bill acceptor.' }
        : state;
    }
    case 'faulted':
      return { adapter, health: 'fault', code: 'deposit-faulted', detail: readiness.reason };
    default:
      return assertNever(readiness, 'deposit readiness');
  }
}

/** The acceptor's condition in the words the status screen and the operator need. */
export function acceptorDeviceState(adapter: string, condition: AcceptorCondition): State {
  const state = (health: State['health'], code: string, detail: string): State => ({
    adapter,
    health,
    code,
    detail,
  });
  switch (condition.kind) {
    case 'absent':
      return state('absent', 'absent', 'No answer from the bill acceptor: check cable and power.');
    case 'power-up':
      return state('starting', `power-up-${condition.variant}`, 'Bill acceptor powered up.');
    case 'initializing':
      return state('starting', 'initializing', 'Bill acceptor is initialising.');
    case 'disabled':
      return state('ok', 'disabled', 'Ready; notes are accepted during a payment.');
    case 'idling':
      return state('ok', 'idling', 'Waiting for a note.');
    case 'accepting':
    case 'stacking':
    case 'returning':
    case 'holding':
      return state('ok', condition.kind, 'Handling a note.');
    case 'escrow':
      return state('ok', 'escrow', `Note type ${condition.billType} in escrow.`);
    case 'busy':
      return state('ok', 'busy', 'Bill acceptor busy.');
    case 'rejecting':
      return state('ok', 'rejecting', `Rejecting a note: ${condition.reason}.`);
    case 'paused':
      return state('warning', 'paused', 'Second note inserted while one is in the path.');
    case 'cassette-full':
      return state('fault', 'cassette-full', 'Cassette full: collect the cash.');
    case 'cassette-out':
      return state('fault', 'cassette-out', 'Cassette removed or not seated.');
    case 'jam':
      return state('fault', `jam-${condition.where}`, `Note jammed in the ${condition.where}.`);
    case 'cheated':
      return state('warning', 'cheated', 'Cheating attempt detected.');
    case 'failure':
      return state('fault', 'failure', `Failure 0x${hex(condition.code)}: ${condition.detail}`);
    case 'unknown':
      return state('fault', 'unknown-state', `Unknown device state 0x${hex(condition.code)}.`);
    default:
      return assertNever(condition, 'acceptor condition');
  }
}

export function printerDeviceState(adapter: string, condition: PrinterCondition): State {
  const state = (health: State['health'], code: string, detail: string): State => ({
    adapter,
    health,
    code,
    detail,
  });
  if (condition.error !== null) return state('fault', 'error', condition.error);
  if (!condition.online) return state('fault', 'offline', 'Printer offline.');
  if (condition.coverOpen) return state('fault', 'cover-open', 'Printer cover open.');
  if (condition.paper === 'out') return state('fault', 'paper-out', 'Out of paper.');
  if (condition.cutterError) return state('fault', 'cutter-error', 'Cutter error.');
  if (condition.paper === 'near-end') return state('warning', 'paper-near-end', 'Paper near end.');
  return state('ok', 'ready', 'Ready.');
}

function hex(value: number): string {
  return value.toString(16).padStart(2, '0').toUpperCase();
}

export function paperLevel(status: StatusModel): 'ok' | 'near-end' | 'out' | 'unknown' {
  const printer = status.snapshot().devices.printer;
  if (printer.code === 'paper-out') return 'out';
  if (printer.code === 'paper-near-end') return 'near-end';
  return printer.health === 'ok' ? 'ok' : 'unknown';
}

/** The central line of the status screen before the kiosk is enrolled. */
export const notEnrolled = {
  adapter: 'http',
  health: 'absent' as const,
  code: 'not-enrolled',
  detail: 'Not enrolled with central.',
};
