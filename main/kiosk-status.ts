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
};

export function createStatusModel(options: {
  softwareVersion: string;
  now: () => number;
  /** False when the operator lets payers go on without a paper receipt (they are asked). */
  printerRequired?: () => boolean;
  /** The operator's payer settings, read at every snapshot (so they apply without a restart). */
  payer?: () => { languages: Language[]; defaultLanguage: Language; idleTimeoutMs: number };
  /** Why no payment may start whatever the devices say (e.g. no terminal configuration). */
  paymentsBlocked?: () => string | null;
  /**
   * The cash gate of a fiscal kiosk (docs/fiscal-integration.md): a `fiscal-*` reason when no
   * receipt could be issued now. Checked after the acceptor and the printer.
   */
  fiscalBlocked?: () => string | null;
  /** The operator's words while a remote command blocks payments ('operator-blocked'). */
  blockText?: () => string | null;
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

  const snapshot = (): KioskStatus => {
    const reason =
      unavailableReason(devices, options.printerRequired?.() ?? true) ??
      options.fiscalBlocked?.() ??
      options.paymentsBlocked?.() ??
      null;
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
      ...operatorText(reason, options.blockText),
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

function operatorText(
  reason: string | null,
  blockText: (() => string | null) | undefined,
): { unavailableText?: string } {
  const text = reason === 'operator-blocked' ? (blockText?.() ?? null) : null;
  return text === null ? {} : { unavailableText: text };
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
