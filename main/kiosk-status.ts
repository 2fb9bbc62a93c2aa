import type { DeviceState, KioskStatus, Language } from '../common/contract.ts';
import type { kioskCommands } from '../common/contract/kiosk.ts';
import { limits } from '../common/limits.ts';
import { ok } from '../common/result.ts';
import type { HandlersFor } from './hosts/dispatch.ts';

/**
 * Kiosk status as the home screen and the operator see it: derived from device states, never
 * stored twice. Device adapters report their state here; a change is broadcast as an event.
 */
export type DeviceKey = 'billAcceptor' | 'printer' | 'central' | 'fiscal';

export type StatusModel = {
  snapshot(): KioskStatus;
  setDevice(key: DeviceKey, state: Omit<DeviceState, 'sinceMs'>): void;
  setLanguage(language: Language): void;
  setIdentity(identity: Partial<Pick<KioskStatus, 'terminalId' | 'support' | 'languages'>>): void;
  onDidChange(listener: (status: KioskStatus) => void): () => void;
  /**
   * A part that can stop payments registers its gate when it exists (the fiscal layer, the
   * operator's remote block, central's configuration); gates are asked in the order they were
   * added, after the devices. `text` is the operator's own words shown with the reason.
   */
  addGate(gate: PaymentGate): void;
  /** Whether payments need the receipt printer; replaced when a fiscal registrar prints. */
  setPrinterRequired(required: () => boolean): void;
};

export type PaymentGate = { reason(): string | null; text?(): string | null };

export function createStatusModel(options: {
  softwareVersion: string;
  now: () => number;
  /** False when the operator lets payers go on without a paper receipt (they are asked). */
  printerRequired?: () => boolean;
  /** The operator's payer settings, read at every snapshot (so they apply without a restart). */
  payer?: () => { languages: Language[]; defaultLanguage: Language; idleTimeoutMs: number };
}): StatusModel {
  const starting = (adapter: string): DeviceState => ({
    adapter,
    health: 'starting',
    code: 'starting',
    detail: 'Starting',
    sinceMs: options.now(),
  });
  let identity = {
    terminalId: 'not-enrolled',
    // No phone until central's configuration names one: never a number nobody answers.
    support: { phone: '', hours: 'круглосуточно' },
    languages: ['ru', 'en', 'uz', 'tg', 'ky'] as Language[],
  };
  let language: Language = 'ru';
  // The fiscal line appears once a registrar reports (absent on a KIOSK_FISCAL=none kiosk).
  const devices: Record<Exclude<DeviceKey, 'fiscal'>, DeviceState> & { fiscal?: DeviceState } = {
    billAcceptor: starting('none'),
    printer: starting('none'),
    central: starting('none'),
  };
  const listeners = new Set<(status: KioskStatus) => void>();
  const gates: PaymentGate[] = [];
  let printerRequired = options.printerRequired ?? (() => true);

  const snapshot = (): KioskStatus => {
    let reason = unavailableReason(devices, printerRequired());
    let text: string | null = null;
    for (const gate of gates) {
      if (reason !== null) break;
      reason = gate.reason();
      if (reason !== null) text = gate.text?.() ?? null;
    }
    const payer = options.payer?.() ?? {
      languages: identity.languages,
      defaultLanguage: 'ru' as const,
      idleTimeoutMs: limits.idleTimeoutMsDefault,
    };
    return {
      ...identity,
      languages: payer.languages,
      defaultLanguage: payer.defaultLanguage,
      payerIdleTimeoutMs: payer.idleTimeoutMs,
      softwareVersion: options.softwareVersion,
      language,
      devices: { ...devices },
      acceptingPayments: reason === null,
      unavailableReason: reason,
      ...(text === null ? {} : { unavailableText: text }),
      nowMs: options.now(),
    };
  };
  const changed = () => {
    const status = snapshot();
    for (const listener of listeners) listener(status);
  };

  return {
    snapshot,
    setDevice(key, state) {
      const previous = devices[key];
      if (
        previous !== undefined &&
        previous.health === state.health &&
        previous.code === state.code &&
        previous.detail === state.detail &&
        previous.adapter === state.adapter
      ) {
        return;
      }
      devices[key] = { ...state, sinceMs: options.now() };
      changed();
    },
    setLanguage(next) {
      if (next === language) return;
      language = next;
      changed();
    },
    setIdentity(next) {
      identity = { ...identity, ...next };
      changed();
    },
    onDidChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    addGate(gate) {
      gates.push(gate);
    },
    setPrinterRequired(required) {
      printerRequired = required;
    },
  };
}

/**
 * Payments need a working acceptor, and a printer unless the operator allows cash without a
 * paper receipt (then the printer gate asks the payer before any cash).
 */
function unavailableReason(
  devices: Record<Exclude<DeviceKey, 'fiscal'>, DeviceState>,
  printerRequired: boolean,
): string | null {
  const acceptor = devices.billAcceptor;
  if (acceptor.health === 'starting') return 'starting';
  if (acceptor.health === 'fault' || acceptor.health === 'absent') return 'acceptor-unavailable';
  if (devices.printer.health === 'starting') return 'starting';
  if (
    printerRequired &&
    (devices.printer.health === 'fault' || devices.printer.health === 'absent')
  ) {
    return 'printer-unavailable';
  }
  return null;
}

/** The status commands of the contract, over the model. */
export function statusHandlers(status: StatusModel): HandlersFor<typeof kioskCommands> {
  return {
    'kiosk:getStatus': () => ok(status.snapshot()),
    'kiosk:setLanguage': ({ language }) => {
      status.setLanguage(language);
      return ok({ language });
    },
  };
}
