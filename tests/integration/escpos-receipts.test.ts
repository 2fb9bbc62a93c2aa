/**
 * Golden receipts end to end: layout → driver → real bytes over a real pty → emulator decodes →
 * text equal to the golden files (tests/fixtures/receipts/golden-<width>.txt) and a PNG whose QR
 * code scans back (jsQR). Set KIOSK_UPDATE_GOLDEN=1 to rewrite the golden files after a
 * deliberate change, then review the diff and the PNGs by eye.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReceiptDocument } from '../../common/ports.ts';
import type { DecodedReceipt } from '../../emulators/escpos/decoded-receipt.ts';
import { EscposEmulator } from '../../emulators/escpos/emulator.ts';
import { renderReceiptPng } from '../../emulators/escpos/render-png.ts';
import { renderReceiptText } from '../../emulators/escpos/render-text.ts';
import { layoutReceipt, type ReceiptData, receiptText } from '../../main/core/receipt-layout.ts';
import { openFileLink } from '../../main/devices/escpos/file-link.ts';
import { createEscposPrinter } from '../../main/devices/escpos/printer.ts';
import type { ByteLink } from '../../protocol/link.ts';
import { openSerialLink } from '../../protocol/serial-link.ts';
import { goldenReceiptData } from '../fixtures/receipts/receipt-data.ts';
import { openPtyPair, type PtyPair } from '../support/pty.ts';

// jsqr is CommonJS typed as an ES default export: at run time the default import may be the
// function itself or carry it as `.default`, depending on the loader.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule.default }).default ??
  jsQRModule) as unknown as typeof jsQRModule.default;

const FIXTURES = new URL('../fixtures/receipts/', import.meta.url);
const OUTPUT = new URL('../output/receipts/', import.meta.url);
const UPDATE = process.env.KIOSK_UPDATE_GOLDEN === '1';

type Bench = { pty: PtyPair; host: ByteLink; emulator: EscposEmulator };

async function openBench(widthColumns: number, host: 'serial' | 'file'): Promise<Bench> {
  const pty = await openPtyPair();
  const device = await openSerialLink(pty.b, 19200);
  const emulator = new EscposEmulator(device, { widthColumns });
  let hostLink: ByteLink;
  if (host === 'serial') {
    hostLink = await openSerialLink(pty.a, 19200);
  } else {
    const opened = await openFileLink(pty.a);
    if (!opened.ok) throw new Error(`file link: ${JSON.stringify(opened.error)}`);
    hostLink = opened.value;
  }
  return { pty, host: hostLink, emulator };
}

async function closeBench(bench: Bench): Promise<void> {
  await bench.host.close();
  await bench.emulator.close();
  await bench.pty.close();
}

/** Prints over the pty and returns what the emulator decoded. */
async function printOverPty(bench: Bench, document: ReceiptDocument): Promise<DecodedReceipt> {
  const printer = createEscposPrinter(bench.host, {
    widthColumns: document.widthColumns,
    statusTimeoutMs: 2_000,
    printedConfirmTimeoutMs: 5_000,
  });
  const before = bench.emulator.receipts().length;
  const result = await printer.print(document);
  expect(result).toEqual({ ok: true, value: undefined });
  const receipts = bench.emulator.receipts();
  expect(receipts).toHaveLength(before + 1);
  return receipts.at(-1)!;
}

function golden(name: string, actual: string): string {
  const url = new URL(name, FIXTURES);
  if (UPDATE || !existsSync(url)) {
    if (!UPDATE) throw new Error(`missing golden ${name}: run with KIOSK_UPDATE_GOLDEN=1`);
    writeFileSync(url, actual);
  }
  return readFileSync(url, 'utf8');
}

function scanQr(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);
  return jsQR(pixels, image.width, image.height)?.data ?? null;
}

describe.each([32, 42, 48] as const)('golden receipt at %i columns over a pty', (width) => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await openBench(width, 'serial');
  });
  afterAll(async () => {
    await closeBench(bench);
  });

  it('decodes back to the golden text, with the QR payload intact', async () => {
    const data = goldenReceiptData();
    const document = layoutReceipt(data, width);
    const receipt = await printOverPty(bench, document);
    const text = renderReceiptText(receipt);
    expect(text).toBe(golden(`golden-${width}.txt`, text));
    // The printer shows what the layout meant: same rows, then the feed before the cut.
    expect(text).toBe(`${receiptText(document)}\n\n\n\n[cut: partial]\n`);
    const qr = receipt.lines.find((line) => line.kind === 'qr');
    expect(qr).toMatchObject({
      payload: `https://perevod.example.ru/t/${data.transferId}?c=K7M2QX9P`,
    });
    expect(receipt.unknownCommands).toEqual([]);
    expect(receipt.codeTables).toEqual([17]);
    const credited = receipt.lines.find((l) => l.kind === 'text' && l.text.includes('14 550,00'));
    expect(credited).toMatchObject({ bold: true });
  });
});

describe('golden receipt of a logged-in payer at 42 columns over a pty', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await openBench(42, 'serial');
  });
  afterAll(async () => {
    await closeBench(bench);
  });

  it('prints the sender under the recipient, wrapped, and decodes back to its golden text', async () => {
    const sender = 'Константинопольская-Преображенская Александра Вячеславовна';
    const document = layoutReceipt(goldenReceiptData({ sender }), 42);
    const text = renderReceiptText(await printOverPty(bench, document));
    expect(text).toBe(golden('golden-sender-42.txt', text));
    expect(text).toContain('Отправитель:');
    // Everything else is the anonymous receipt's: the sender's lines are the only difference.
    const anonymous = readFileSync(new URL('golden-42.txt', FIXTURES), 'utf8').split('\n');
    const added = text.split('\n').filter((row) => !anonymous.includes(row));
    expect(added.join(' ')).toMatch(/^Отправитель:.*Вячеславовна\s*$/);
  });
});

describe('receipt PNGs', () => {
  const cases: Array<[string, Partial<ReceiptData>]> = [
    ['receipt-42.png', {}],
    ['receipt-recovered-42.png', { recovered: true, trackingUrlPrefix: null }],
  ];
  let bench: Bench;
  beforeAll(async () => {
    bench = await openBench(42, 'file');
  });
  afterAll(async () => {
    await closeBench(bench);
  });

  it.each(cases)(
    '%s renders a scannable QR and matches the committed picture',
    async (name, patch) => {
      const data = goldenReceiptData(patch);
      const receipt = await printOverPty(bench, layoutReceipt(data, 42));
      const png = renderReceiptPng(receipt);
      mkdirSync(OUTPUT, { recursive: true });
      writeFileSync(new URL(name, OUTPUT), png);
      const qr = receipt.lines.find((line) => line.kind === 'qr');
      const scanned = scanQr(png);
      expect(scanned).toBe(qr?.kind === 'qr' ? qr.payload : 'no QR line decoded');
      expect(scanned).toContain(data.transferId);
      const url = new URL(name, FIXTURES);
      if (UPDATE) writeFileSync(url, png);
      // Compare pixels, not bytes: zlib versions may compress the same picture differently.
      expect(Buffer.compare(PNG.sync.read(png).data, PNG.sync.read(readFileSync(url)).data)).toBe(
        0,
      );
    },
  );
});
