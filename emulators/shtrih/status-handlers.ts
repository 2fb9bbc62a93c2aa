/**
 * The status queries: 10h/11h (mode, submode, flags), FF01 (ФН status), FF02/FF03 (ФН number
 * and expiry), FF39/FF3F (OFD queue), FF40 (shift), FF63 (free ФН memory). None of them prints
 * or changes anything, so they answer even while the printer is busy or out of paper.
 */
import { ok } from '../../common/result.ts';
import { Command } from '../../protocol/shtrih/commands.ts';
import { StatusFlag } from '../../protocol/shtrih/modes.ts';
import type { DateTime } from '../../protocol/shtrih/numbers.ts';
import {
  FnCurrentDocument,
  FnPhaseBit,
  fnExchangeStatus,
  fnExpiry,
  fnFreeMemory,
  fnNumber,
  fnShiftParameters,
  fnStatus,
  fnUnconfirmedCount,
  fullStatus,
  OfdStatusBit,
  shortStatus,
} from '../../protocol/shtrih/status-commands.ts';
import { dateTimeOf } from './clock.ts';
import { type Handler, handler } from './handler.ts';
import type { FiscalDevice } from './fiscal-device.ts';

/** Raw ADC readings of a healthy board (3 V battery, 24 V supply): informative only. */
const BATTERY_RAW = 0x9b;
const POWER_RAW = 0xb4;
/** What the emulator says it is: firmware "C.", build and date, the model's port number. */
const FIRMWARE = { version: 'C.', build: 2023, date: Uint8Array.of(17, 5, 23) } as const;
/** The 30-day area of the ФН in KB, and the share one unsent document takes of it. */
const THIRTY_DAY_AREA_KB = 1024;

export function statusFlags(device: FiscalDevice): number {
  const printer = device.state.printer;
  let flags = StatusFlag.decimalPoint | StatusFlag.receiptLeverDown;
  if (printer.paper === 'ok') flags |= StatusFlag.receiptRollPresent;
  // The optical sensor sees no paper under an open cover.
  if (printer.paper === 'ok' && !printer.coverOpen) flags |= StatusFlag.receiptPaperOptical;
  if (printer.coverOpen) flags |= StatusFlag.coverOpen;
  return flags;
}

function lastPrintResult(device: FiscalDevice): number {
  if (device.printer.busy()) return 5;
  return device.state.printer.interrupted ? 1 : 0;
}

export function deviceDateTime(wallMs: number): DateTime {
  const { year, month, day, hour, minute } = dateTimeOf(wallMs);
  return { year, month, day, hour, minute };
}

function operationsInReceipt(device: FiscalDevice): number {
  return Math.min(0xffff, device.state.receipt?.items.length ?? 0);
}

export const statusHandlers: Record<number, Handler> = {
  [Command.shortStatus]: handler(shortStatus, 'operator', ({ device }, _request, operator) =>
    ok({
      operator,
      flags: statusFlags(device),
      mode: device.mode(),
      submode: device.printer.submode(),
      operationsInReceipt: operationsInReceipt(device),
      batteryVoltageRaw: BATTERY_RAW,
      powerVoltageRaw: POWER_RAW,
      legacyErrors: [0, 0],
      lastPrintResult: lastPrintResult(device),
    }),
  ),
  [Command.fullStatus]: handler(fullStatus, 'operator', ({ device }, _request, operator) => {
    const now = dateTimeOf(device.wallMs());
    const { shift, registration, fn } = device.state;
    return ok({
      operator,
      firmwareVersion: FIRMWARE.version,
      firmwareBuild: FIRMWARE.build,
      firmwareDate: FIRMWARE.date,
      hallNumber: 1,
      documentNumber: device.lastFdNumber() & 0xffff,
      flags: statusFlags(device),
      mode: device.mode(),
      submode: device.printer.submode(),
      port: 0,
      legacyFiscalMemory: new Uint8Array(7),
      date: { year: now.year, month: now.month, day: now.day },
      time: { hour: now.hour, minute: now.minute, second: now.second },
      legacyFiscalMemoryFlags: 0,
      serialNumber: Number(registration.serialNumber),
      lastClosedShift: shift.open ? shift.number - 1 : shift.number,
      legacyFreeRecords: 0,
      reregistrations: fn.reregistrationsDone,
      reregistrationsLeft: fn.reregistrationsLeft,
      inn: Number(registration.userInn),
    });
  }),
  [Command.fnStatus]: handler(fnStatus, 'sysadmin', ({ device }) => {
    const receipt = device.state.receipt;
    const last = device.lastDocument();
    return ok({
      phase: FnPhaseBit.setUp | FnPhaseBit.fiscalOpen,
      currentDocument: receipt ? FnCurrentDocument.receipt : FnCurrentDocument.none,
      documentData: receipt && (receipt.items.length > 0 || receipt.tlvs.length > 0) ? 1 : 0,
      shiftOpen: device.state.shift.open,
      warningFlags: device.warningFlags(),
      lastDocumentAt: last ? deviceDateTime(last.issuedAtMs) : null,
      fnNumber: device.state.fn.number,
      lastFdNumber: device.lastFdNumber(),
    });
  }),
  [Command.fnNumber]: handler(fnNumber, 'sysadmin', ({ device }) =>
    ok({ fnNumber: device.state.fn.number }),
  ),
  [Command.fnExpiry]: handler(fnExpiry, 'sysadmin', ({ device }) => {
    const fn = device.state.fn;
    const [year, month, day] = fn.validUntil.split('-').map(Number);
    return ok({
      validUntil: { year: year!, month: month!, day: day! },
      reregistrationsLeft: fn.reregistrationsLeft,
      reregistrationsDone: fn.reregistrationsDone,
    });
  }),
  [Command.fnExchangeStatus]: handler(fnExchangeStatus, 'sysadmin', ({ device }) => {
    const { count, first } = device.ofdQueue();
    let statusBits = device.state.ofd.link === 'up' ? OfdStatusBit.transportUp : 0;
    if (count > 0) statusBits |= OfdStatusBit.messageWaiting;
    return ok({
      statusBits,
      readingMessage: false,
      queueCount: Math.min(count, 0xffff),
      firstQueuedFd: first?.fdNumber ?? 0,
      firstQueuedAt: first ? deviceDateTime(first.issuedAtMs) : null,
    });
  }),
  [Command.fnUnconfirmedCount]: handler(fnUnconfirmedCount, 'sysadmin', ({ device }) =>
    ok({ count: Math.min(device.ofdQueue().count, 0xffff) }),
  ),
  [Command.fnShiftParameters]: handler(fnShiftParameters, 'sysadmin', ({ device }) => {
    const shift = device.state.shift;
    return ok({
      shiftOpen: shift.open,
      shiftNumber: shift.number,
      receiptNumber: shift.receiptCount,
    });
  }),
  [Command.fnFreeMemory]: handler(fnFreeMemory, 'sysadmin', ({ device }) => {
    const fn = device.state.fn;
    const free = Math.max(0, fn.capacityDocuments - device.state.documents.length);
    return ok({
      freeRecords: free,
      thirtyDayAreaKb: Math.max(0, THIRTY_DAY_AREA_KB - device.ofdQueue().count),
      markingAreaPercent: null,
    });
  }),
};
