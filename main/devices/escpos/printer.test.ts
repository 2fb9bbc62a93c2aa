import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReceiptDocument } from '../../../common/ports.ts';
import { EscposEmulator } from '../../../emulators/escpos/emulator.ts';
import { createMemoryLinkPair } from '../../../protocol/memory-link.ts';
import { goldenReceiptData } from '../../../tests/fixtures/receipts/receipt-data.ts';
import { layoutReceipt } from '../../core/receipt-layout.ts';
import type { ByteLink } from '../../../protocol/link.ts';
import { type EscposPrinterOptions, createEscposPrinter } from './printer.ts';

/** Wraps a link and keeps every byte the driver wrote. */
function recording(link: ByteLink): { link: ByteLink; written: number[] } {
  const written: number[] = [];
  return {
    written,
    link: {
      ...link,
      async write(bytes) {
        written.push(...bytes);
        await link.write(bytes);
      },
      setDataListener: (listener) => link.setDataListener(listener),
      setCloseListener: (listener) => link.setCloseListener(listener),
      close: () => link.close(),
    },
  };
}

function setup(options: Partial<EscposPrinterOptions> = {}) {
  const [driverSide, deviceSide] = createMemoryLinkPair();
  const tap = recording(driverSide);
  const emulator = new EscposEmulator(deviceSide, { widthColumns: 42 });
  const printer = createEscposPrinter(tap.link, {
    widthColumns: 42,
    printedConfirmTimeoutMs: 2_000,
    ...options,
  });
  return { emulator, printer, written: tap.written };
}

const document: ReceiptDocument = layoutReceipt(goldenReceiptData(), 42);
const statusOnly = (bytes: number[]) => {
  for (let i = 0; i < bytes.length; i += 3) {
    if (bytes[i] !== 0x10 || bytes[i + 1] !== 0x04) return false;
  }
  return bytes.length % 3 === 0;
};

describe('createEscposPrinter', () => {
  it('reads status from DLE EOT 1..4', async () => {
    const { emulator, printer } = setup();
    expect(await printer.status()).toMatchObject({
      ok: true,
      value: { paper: 'ok', online: true },
    });
    emulator.setState({ paper: 'near-end' });
    expect(await printer.status()).toMatchObject({ ok: true, value: { paper: 'near-end' } });
    emulator.setState({ paper: 'out' });
    expect(await printer.status()).toMatchObject({
      ok: true,
      value: { paper: 'out', online: false },
    });
    await printer.close();
  });

  it('initialises, selects CP866 (ESC t 17), prints, and cuts with GS V', async () => {
    const { emulator, printer, written } = setup();
    expect(await printer.print(document)).toEqual({ ok: true, value: undefined });
    const start = written.findIndex((byte, i) => byte === 0x1b && written[i + 1] === 0x40);
    expect(written.slice(start, start + 7)).toEqual([0x1b, 0x40, 0x1c, 0x2e, 0x1b, 0x74, 17]);
    const [receipt] = emulator.receipts();
    expect(receipt).toMatchObject({ cut: 'partial', interrupted: null, codeTables: [17] });
    expect(receipt?.unknownCommands).toEqual([]);
    const texts = receipt?.lines.flatMap((line) => (line.kind === 'text' ? [line.text] : []));
    expect(texts).toContain('К зачислению:               14 550,00 руб.');
    await printer.close();
  });

  it('cuts with ESC i when configured for legacy-cut printers', async () => {
    const { emulator, printer } = setup({ cutMode: 'esc-i' });
    expect((await printer.print(document)).ok).toBe(true);
    expect(emulator.receipts()[0]?.cut).toBe('full');
    await printer.close();
  });

  it('selects the configured code table (Citizen: 7)', async () => {
    const [driverSide, deviceSide] = createMemoryLinkPair();
    const emulator = new EscposEmulator(deviceSide, { widthColumns: 42, cp866Table: 7 });
    const printer = createEscposPrinter(driverSide, { widthColumns: 42, codePage: 7 });
    expect((await printer.print(document)).ok).toBe(true);
    expect(emulator.receipts()[0]?.codeTables).toEqual([7]);
    expect(JSON.stringify(emulator.receipts()[0])).toContain('Получатель:');
    await printer.close();
  });

  it('refuses to print when paper is out, sending nothing but status requests', async () => {
    const { emulator, printer, written } = setup();
    emulator.setState({ paper: 'out' });
    expect(await printer.print(document)).toEqual({ ok: false, error: { kind: 'paper-out' } });
    expect(statusOnly(written)).toBe(true);
    expect(emulator.receipts()).toEqual([]);
    await printer.close();
  });

  it('refuses with cover-open and offline', async () => {
    const { emulator, printer } = setup();
    emulator.setState({ coverOpen: true });
    expect(await printer.print(document)).toEqual({ ok: false, error: { kind: 'cover-open' } });
    emulator.setState({ coverOpen: false, offline: true });
    expect(await printer.print(document)).toEqual({ ok: false, error: { kind: 'offline' } });
    await printer.close();
  });

  it('returns paper-out when paper runs out mid-receipt, and stops sending', async () => {
    const full = setup({ chunkBytesMax: 128 });
    expect((await full.printer.print(document)).ok).toBe(true);
    await full.printer.close();

    const { emulator, printer, written } = setup({ chunkBytesMax: 128 });
    emulator.failAfterLines(8, 'paper-out');
    expect(await printer.print(document)).toEqual({ ok: false, error: { kind: 'paper-out' } });
    const [receipt] = emulator.receipts();
    expect(receipt).toMatchObject({ interrupted: 'paper-out', cut: null });
    expect(receipt?.lines).toHaveLength(8);
    // The driver noticed between chunks and did not push the rest of the receipt.
    expect(written.length).toBeLessThan(full.written.length / 2);
    await printer.close();
  });

  it('returns cutter when the mechanism jams mid-receipt', async () => {
    const { emulator, printer } = setup({ chunkBytesMax: 128 });
    emulator.failAfterLines(20, 'jam');
    expect(await printer.print(document)).toEqual({ ok: false, error: { kind: 'cutter' } });
    expect(emulator.receipts()[0]).toMatchObject({ interrupted: 'jam', cut: null });
    await printer.close();
  });

  it('times out (an error, not a throw) when nothing answers', async () => {
    const [driverSide, silentSide] = createMemoryLinkPair();
    silentSide.setDataListener(() => {});
    const printer = createEscposPrinter(driverSide, { widthColumns: 42, statusTimeoutMs: 30 });
    expect(await printer.status()).toEqual({ ok: false, error: { kind: 'timeout' } });
    expect(await printer.print(document)).toEqual({ ok: false, error: { kind: 'timeout' } });
    await printer.close();
  });

  it('reports the link going away as an io error', async () => {
    const [driverSide, deviceSide] = createMemoryLinkPair();
    deviceSide.setDataListener(() => {
      void deviceSide.close();
    });
    const printer = createEscposPrinter(driverSide, { widthColumns: 42, statusTimeoutMs: 1_000 });
    const result = await printer.status();
    expect(result).toMatchObject({ ok: false, error: { kind: 'io' } });
    expect(await printer.print(document)).toMatchObject({ ok: false, error: { kind: 'io' } });
  });
});

describe('replies mixed with other printer bytes', () => {
  it('skips Automatic Status Back blocks and stray bytes around a status reply', async () => {
    const [driverSide, deviceSide] = createMemoryLinkPair();
    deviceSide.setDataListener((chunk) => {
      if (chunk[0] === 0x10 && chunk[1] === 0x04) {
        // ASB block (0x10 0x00 0x0c 0x00 looks like "paper end" in byte 3), noise, then the reply.
        void deviceSide.write(Uint8Array.from([0x10, 0x00, 0x0c, 0x00, 0x80, 0x12]));
      }
    });
    const printer = createEscposPrinter(driverSide, { widthColumns: 42 });
    expect(await printer.status()).toMatchObject({
      ok: true,
      value: { paper: 'ok', online: true },
    });
    await printer.close();
  });

  it('holds data while the printer sent XOFF and resumes on XON', async () => {
    const [driverSide, deviceSide] = createMemoryLinkPair();
    const events: string[] = [];
    let xoffSent = false;
    deviceSide.setDataListener((chunk) => {
      if (chunk[0] === 0x10 && chunk[1] === 0x04) {
        void deviceSide.write(Uint8Array.from([0x12]));
        return;
      }
      events.push('data');
      if (!xoffSent) {
        xoffSent = true;
        events.push('xoff');
        void deviceSide.write(Uint8Array.from([0x13]));
        setTimeout(() => {
          events.push('xon');
          void deviceSide.write(Uint8Array.from([0x11]));
        }, 50);
      }
    });
    const printer = createEscposPrinter(driverSide, {
      widthColumns: 42,
      chunkBytesMax: 256,
      printedConfirmTimeoutMs: 20,
    });
    expect((await printer.print(document)).ok).toBe(true);
    expect(events.slice(0, 4)).toEqual(['data', 'xoff', 'xon', 'data']);
    await printer.close();
  });
});

describe('a slow printer', () => {
  it('does not take a late reply as the answer to the next request', async () => {
    const [driverSide, deviceSide] = createMemoryLinkPair();
    let requests = 0;
    deviceSide.setDataListener((chunk) => {
      if (chunk[0] !== 0x10 || chunk[1] !== 0x04) return;
      requests += 1;
      // The first answer (0x7e, which read as n = 2 would mean cover open + paper end) comes
      // after the driver gave up; later answers are all "fine", each a little slow.
      // Margins are wide (150 ms and more) so a loaded CI machine keeps the same order of events.
      const [reply, delayMs] = requests === 1 ? [0x7e, 450] : [0x12, 80];
      setTimeout(() => void deviceSide.write(Uint8Array.from([reply])), delayMs);
    });
    const printer = createEscposPrinter(driverSide, { widthColumns: 42, statusTimeoutMs: 300 });
    expect(await printer.status()).toEqual({ ok: false, error: { kind: 'timeout' } });
    // The late byte lands in the quiet window and is dropped: every field reads from its own reply.
    expect(await printer.status()).toEqual({
      ok: true,
      value: { online: true, paper: 'ok', coverOpen: false, cutterError: false, error: null },
    });
    await printer.close();
  });
});

describe('a printer sending garbage', () => {
  it('always yields a Result, never a throw, whatever bytes come back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 12 }), async (noise) => {
        const [driverSide, deviceSide] = createMemoryLinkPair();
        deviceSide.setDataListener(() => void deviceSide.write(noise));
        const printer = createEscposPrinter(driverSide, { widthColumns: 42, statusTimeoutMs: 15 });
        const result = await printer.status();
        expect(typeof result.ok).toBe('boolean');
        if (result.ok) expect(['ok', 'near-end', 'out']).toContain(result.value.paper);
        await printer.close();
      }),
      { numRuns: 15 },
    );
  });
});

describe('after close', () => {
  it('answers status and print with an io error naming the close', async () => {
    const { printer } = setup();
    await printer.close();
    expect(await printer.status()).toEqual({
      ok: false,
      error: { kind: 'io', message: 'link closed: closed by us' },
    });
    expect(await printer.print(document)).toMatchObject({ ok: false, error: { kind: 'io' } });
  });
});

describe("statusCommand: 'custom-full' (Custom VKP80 / TG2480)", () => {
  it('reads status with DLE EOT 20 and prints, stopping on paper out mid-receipt', async () => {
    const { emulator, printer, written } = setup({
      statusCommand: 'custom-full',
      chunkBytesMax: 128,
    });
    emulator.setState({ paper: 'near-end' });
    expect(await printer.status()).toMatchObject({ ok: true, value: { paper: 'near-end' } });
    expect(written.slice(-3)).toEqual([0x10, 0x04, 20]);
    emulator.setState({ paper: 'ok' });
    expect((await printer.print(document)).ok).toBe(true);
    emulator.failAfterLines(5, 'paper-out');
    expect(await printer.print(document)).toEqual({ ok: false, error: { kind: 'paper-out' } });
    expect(emulator.receipts()[1]).toMatchObject({ interrupted: 'paper-out' });
    emulator.setState({ paper: 'ok', coverOpen: true });
    expect(await printer.print(document)).toEqual({ ok: false, error: { kind: 'cover-open' } });
    await printer.close();
  });

  it('skips a malformed frame and times out rather than misreading it', async () => {
    const [driverSide, deviceSide] = createMemoryLinkPair();
    deviceSide.setDataListener(
      () => void deviceSide.write(Uint8Array.from([0x10, 0x0e, 1, 2, 3, 4])),
    );
    const printer = createEscposPrinter(driverSide, {
      widthColumns: 42,
      statusCommand: 'custom-full',
      statusTimeoutMs: 30,
    });
    expect(await printer.status()).toEqual({ ok: false, error: { kind: 'timeout' } });
    await printer.close();
  });
});
