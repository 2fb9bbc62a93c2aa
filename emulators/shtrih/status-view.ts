/** The emulated ККТ at a glance, for the emulator panel, the pty control channel and tests. */
import { modeName } from '../../protocol/shtrih/modes.ts';
import { minuteText, secondText } from './clock.ts';
import type { LinkFaults } from './device-link.ts';
import type { FiscalDevice } from './fiscal-device.ts';
import { registrationNumber } from './registration.ts';
import type { FnFault } from './state.ts';

export type EmulatorStatus = {
  poweredOn: boolean;
  mode: number;
  submode: number;
  modeName: string;
  /** `YYYY-MM-DDTHH:MM:SS` on the ККТ's clock. */
  clock: string;
  registrationNumber: string;
  shift: {
    open: boolean;
    number: number;
    openedAt: string | null;
    expired: boolean;
    receiptCount: number;
  };
  receipt: { type: number; items: number; itemsKopecks: number; tags: number } | null;
  fn: {
    number: string;
    validUntil: string;
    lastFdNumber: number;
    warningFlags: number;
    fault: FnFault;
    /** Why the ФН refuses to sign now (error code), or null. */
    blockedWith: number | null;
    documents: number;
    capacityDocuments: number;
  };
  ofd: { link: 'up' | 'down'; queueCount: number; oldestQueuedAt: string | null };
  printer: {
    paper: 'ok' | 'out';
    coverOpen: boolean;
    /** Paper ran out mid-print: the rest waits for B0h. */
    interrupted: boolean;
    busy: boolean;
    cutPieces: number;
  };
  link: { faults: LinkFaults | null; holdsAnswer: boolean };
};

export function describeEmulator(
  device: FiscalDevice,
  extra: { poweredOn: boolean; linkFaults: LinkFaults | null; holdsAnswer: boolean },
): EmulatorStatus {
  const { shift, fn, receipt, printer, tape } = device.state;
  const queue = device.ofdQueue();
  const mode = device.mode();
  return {
    poweredOn: extra.poweredOn,
    mode,
    submode: device.printer.submode(),
    modeName: modeName(mode),
    clock: secondText(device.wallMs()),
    registrationNumber: registrationNumber(device.state.registration),
    shift: {
      open: shift.open,
      number: shift.number,
      openedAt: shift.openedAtMs === null ? null : secondText(shift.openedAtMs),
      expired: device.shiftExpired(),
      receiptCount: shift.receiptCount,
    },
    receipt: receipt
      ? {
          type: receipt.receiptType,
          items: receipt.items.length,
          itemsKopecks: receipt.items.reduce((sum, item) => sum + item.amountKopecks, 0),
          tags:
            receipt.tlvs.length + receipt.items.reduce((sum, item) => sum + item.tlvs.length, 0),
        }
      : null,
    fn: {
      number: fn.number,
      validUntil: fn.validUntil,
      lastFdNumber: device.lastFdNumber(),
      warningFlags: device.warningFlags(),
      fault: fn.fault,
      blockedWith: device.fnBlock(),
      documents: device.state.documents.length,
      capacityDocuments: fn.capacityDocuments,
    },
    ofd: {
      link: device.state.ofd.link,
      queueCount: queue.count,
      oldestQueuedAt: queue.first ? minuteText(queue.first.issuedAtMs) : null,
    },
    printer: {
      paper: printer.paper,
      coverOpen: printer.coverOpen,
      interrupted: printer.interrupted,
      busy: device.printer.busy(),
      cutPieces: tape.cut.length,
    },
    link: { faults: extra.linkFaults, holdsAnswer: extra.holdsAnswer },
  };
}
