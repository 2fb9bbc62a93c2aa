/**
 * Printer faults over real bytes (pty pair + serial links): paper out before a receipt,
 * paper out and a jam in the middle of one. The driver must return the error as a value and
 * the emulator must hold the partial receipt, exactly what the ledger will record as unprinted.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EscposEmulator } from '../../emulators/escpos/emulator.ts';
import { renderReceiptText } from '../../emulators/escpos/render-text.ts';
import { layoutReceipt } from '../../main/core/receipt-layout.ts';
import { decidePrinterGateFromStatus } from '../../main/core/printer-gate.ts';
import { createEscposPrinter } from '../../main/devices/escpos/printer.ts';
import type { ByteLink } from '../../protocol/link.ts';
import type { PrinterPort } from '../../common/ports.ts';
import { openSerialLink } from '../../protocol/serial-link.ts';
import { goldenReceiptData } from '../fixtures/receipts/receipt-data.ts';
import { openPtyPair, type PtyPair } from '../support/pty.ts';

let pty: PtyPair;
let host: ByteLink;
let emulator: EscposEmulator;
let printer: PrinterPort;

beforeEach(async () => {
  pty = await openPtyPair();
  const device = await openSerialLink(pty.b, 19200);
  emulator = new EscposEmulator(device, { widthColumns: 42 });
  host = await openSerialLink(pty.a, 19200);
  printer = createEscposPrinter(host, {
    widthColumns: 42,
    statusTimeoutMs: 2_000,
    printedConfirmTimeoutMs: 5_000,
    chunkBytesMax: 256,
  });
});

afterEach(async () => {
  await printer.close();
  await emulator.close();
  await pty.close();
});

const document = layoutReceipt(goldenReceiptData(), 42);

describe('ESC/POS faults over a pty', () => {
  it('reads each condition through DLE EOT and gates cash on it', async () => {
    expect(decidePrinterGateFromStatus(await printer.status(), false)).toEqual({
      kind: 'ok',
      paperNearEnd: false,
    });
    emulator.setState({ paper: 'near-end' });
    expect(decidePrinterGateFromStatus(await printer.status(), false)).toEqual({
      kind: 'ok',
      paperNearEnd: true,
    });
    emulator.setState({ paper: 'out' });
    expect(decidePrinterGateFromStatus(await printer.status(), false)).toEqual({
      kind: 'block',
      reason: 'paper-out',
    });
    emulator.setState({ paper: 'ok', coverOpen: true });
    expect(decidePrinterGateFromStatus(await printer.status(), true)).toEqual({
      kind: 'warn',
      reason: 'cover-open',
    });
  });

  it('paper out before printing: error, and no receipt on the emulator', async () => {
    emulator.setState({ paper: 'out' });
    expect(await printer.print(document)).toEqual({ ok: false, error: { kind: 'paper-out' } });
    expect(emulator.receipts()).toEqual([]);
  });

  it('paper out mid-receipt: error, partial receipt recorded, next receipt prints whole', async () => {
    emulator.failAfterLines(12, 'paper-out');
    expect(await printer.print(document)).toEqual({ ok: false, error: { kind: 'paper-out' } });
    const [partial] = emulator.receipts();
    expect(partial).toMatchObject({ interrupted: 'paper-out', cut: null });
    expect(partial?.lines).toHaveLength(12);
    expect(renderReceiptText(partial!)).toMatch(/\[interrupted: paper-out\]\n$/);

    emulator.setState({ paper: 'ok' }); // the operator loads a new roll
    expect(await printer.print(document)).toEqual({ ok: true, value: undefined });
    expect(emulator.receipts()[1]).toMatchObject({ interrupted: null, cut: 'partial' });
  });

  it('jam mid-receipt: cutter error, partial receipt recorded', async () => {
    emulator.failAfterLines(30, 'jam');
    expect(await printer.print(document)).toEqual({ ok: false, error: { kind: 'cutter' } });
    expect(emulator.receipts()[0]).toMatchObject({ interrupted: 'jam', cut: null });
    expect(emulator.receipts()[0]?.lines).toHaveLength(30);
  });
});
