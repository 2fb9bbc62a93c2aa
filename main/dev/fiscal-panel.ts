import type { FiscalEmulatorAction, FiscalEmulatorSnapshot } from '../../common/contract.ts';
import type { DecodedReceipt } from '../../emulators/escpos/decoded-receipt.ts';
import type { ShtrihEmulator } from '../../emulators/shtrih/emulator.ts';
import { renderTapePng, renderTapeText } from '../../emulators/shtrih/render.ts';

/**
 * The emulated fiscal registrar on the emulator panel: its state, its tape (text and PNG with
 * the fiscal QR code) and the faults a person or a test can cause (paper, cover, ФН, OFD,
 * power, clock).
 */
const tapeShownMax = 20;
const dayMs = 86_400_000;

export function createFiscalPanel(emulator: ShtrihEmulator) {
  const pngCache = new Map<number, string>();
  const piece = (receipt: DecodedReceipt, cut: boolean) => {
    let png = cut ? pngCache.get(receipt.sequence) : undefined;
    if (png === undefined) {
      png = `data:image/png;base64,${renderTapePng(receipt).toString('base64')}`;
      if (cut) pngCache.set(receipt.sequence, png);
    }
    return {
      id: receipt.sequence,
      text: renderTapeText(receipt),
      qrPayloads: receipt.lines.flatMap((line) => (line.kind === 'qr' ? [line.payload] : [])),
      cut,
      pngDataUrl: png,
    };
  };

  const snapshot = (): FiscalEmulatorSnapshot => {
    const status = emulator.status();
    const uncut = emulator.uncutTape();
    const pieces = emulator
      .tape()
      .slice(-tapeShownMax)
      .reverse()
      .map((each) => piece(each, true));
    return {
      poweredOn: status.poweredOn,
      mode: status.modeName,
      clock: status.clock,
      shift: status.shift,
      fn: {
        number: status.fn.number,
        validUntil: status.fn.validUntil,
        lastFdNumber: status.fn.lastFdNumber,
        fault: status.fn.fault,
        blockedWith: status.fn.blockedWith,
        documents: status.fn.documents,
        capacityDocuments: status.fn.capacityDocuments,
      },
      ofd: status.ofd,
      paper: status.printer.paper,
      coverOpen: status.printer.coverOpen,
      tape: uncut.lines.length > 0 ? [piece(uncut, false), ...pieces] : pieces,
    };
  };

  const act = (action: FiscalEmulatorAction): void => {
    const status = emulator.status();
    const clockDayMs = Date.parse(`${status.clock.slice(0, 10)}T00:00:00Z`);
    const day = (offsetDays: number) =>
      new Date(clockDayMs + offsetDays * dayMs).toISOString().slice(0, 10);
    const actions: Record<FiscalEmulatorAction, () => void> = {
      'paper-out': () => emulator.setPaper(false),
      'paper-in': () => emulator.setPaper(true),
      'cover-open': () => emulator.setCover(true),
      'cover-close': () => emulator.setCover(false),
      'fn-near-expiry': () => emulator.setFnValidUntil(day(2)),
      'fn-full': () => emulator.setFnFault('memory-full'),
      'fn-ok': () => {
        emulator.setFnFault('none');
        emulator.setFnWarnings(0);
        emulator.setFnCapacity(250_000);
        emulator.setFnValidUntil(day(365));
      },
      'ofd-down': () => emulator.setOfdLink('down'),
      'ofd-up': () => emulator.setOfdLink('up'),
      'ofd-age-26d': () => emulator.advanceClock(26 * dayMs),
      'power-off': () => emulator.powerOff(),
      'power-on': () => emulator.powerOn(),
      'power-loss-next': () => emulator.powerLossAfterNextCommand(),
      'clock-24h': () => emulator.advanceClock(dayMs),
    };
    actions[action]();
  };

  return { snapshot, act };
}
