import { describe, expect, it } from 'vitest';
import type { ByteLink } from '../../protocol/link.ts';
import { EscposEmulator } from './emulator.ts';
import { renderReceiptText } from './render-text.ts';

/** A fake link: the test pushes bytes in as the driver would, and sees what the printer sends. */
function fakeLink() {
  let onData: (chunk: Uint8Array) => void = () => {};
  const sent: number[] = [];
  const link: ByteLink = {
    async write(bytes) {
      sent.push(...bytes);
    },
    setDataListener(listener) {
      onData = listener;
    },
    setCloseListener() {},
    async close() {},
  };
  return { link, sent, push: (bytes: number[]) => onData(Uint8Array.from(bytes)) };
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const INIT = [0x1b, 0x40, 0x1c, 0x2e, 0x1b, 0x74, 17];
const CUT = [0x1d, 0x56, 0x01];
// «Привет» in CP866
const PRIVET = [0x8f, 0xe0, 0xa8, 0xa2, 0xa5, 0xe2];

describe('EscposEmulator decoding', () => {
  it('decodes CP866 text with alignment, bold and double size, then the cut', () => {
    const { link, push } = fakeLink();
    const emulator = new EscposEmulator(link, { widthColumns: 32 });
    push([
      ...INIT,
      ...[0x1b, 0x61, 1, 0x1b, 0x45, 1, 0x1d, 0x21, 0x11, ...PRIVET, 0x0a],
      ...[0x1b, 0x61, 0, 0x1b, 0x45, 0, 0x1d, 0x21, 0x00, ...ascii('ok'), 0x0d, 0x0a],
      ...CUT,
    ]);
    const [receipt] = emulator.receipts();
    expect(receipt?.lines).toEqual([
      {
        kind: 'text',
        text: 'Привет',
        align: 'center',
        bold: true,
        widthMultiplier: 2,
        heightMultiplier: 2,
      },
      {
        kind: 'text',
        text: 'ok',
        align: 'left',
        bold: false,
        widthMultiplier: 1,
        heightMultiplier: 1,
      },
    ]);
    expect(receipt?.cut).toBe('partial');
    expect(renderReceiptText(receipt!)).toBe('          П р и в е т\nok\n[cut: partial]\n');
  });

  it('decodes the same receipt whatever way the bytes are split into chunks', () => {
    const bytes = [
      ...INIT,
      ...PRIVET,
      0x0a,
      ...[0x1d, 0x28, 0x6b, 0x07, 0x00, 0x31, 0x50, 0x30, ...ascii('ABCD')],
      ...[0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30],
      ...[0x1b, 0x64, 2],
      ...CUT,
    ];
    const whole = fakeLink();
    const reference = new EscposEmulator(whole.link);
    whole.push(bytes);
    const expected = reference.receipts();
    expect(expected[0]?.lines[1]).toMatchObject({ kind: 'qr', payload: 'ABCD' });
    for (let split = 1; split < bytes.length; split += 1) {
      const parts = fakeLink();
      const emulator = new EscposEmulator(parts.link);
      parts.push(bytes.slice(0, split));
      parts.push(bytes.slice(split));
      expect(emulator.receipts()).toEqual(expected);
    }
  });

  it('records unknown commands and keeps printing', () => {
    const { link, push } = fakeLink();
    const emulator = new EscposEmulator(link);
    push([...INIT, 0x1b, 0x99, 0x07, ...ascii('after'), 0x0a, ...CUT]);
    const [receipt] = emulator.receipts();
    expect(receipt?.unknownCommands).toEqual(['1b 99', '07']);
    expect(receipt?.lines[0]).toMatchObject({ text: 'after' });
    expect(emulator.unknownCommands()).toEqual(['1b 99', '07']);
  });

  it('discards a half-composed line on ESC @, like an Epson', () => {
    const { link, push } = fakeLink();
    const emulator = new EscposEmulator(link);
    push([...ascii('lost'), ...INIT, ...ascii('kept'), 0x0a, ...CUT]);
    expect(emulator.receipts()[0]?.lines).toEqual([expect.objectContaining({ text: 'kept' })]);
  });

  it('shows bytes of a code table other than CP866 as replacement characters', () => {
    const { link, push } = fakeLink();
    const emulator = new EscposEmulator(link);
    push([0x1b, 0x40, 0x1b, 0x74, 46, ...PRIVET.slice(0, 2), 0x0a, ...CUT]);
    expect(emulator.receipts()[0]?.lines[0]).toMatchObject({ text: '\ufffd\ufffd' });
  });

  it('understands ESC ! print mode and the GS V / ESC i / ESC m cut variants', () => {
    const { link, push } = fakeLink();
    const emulator = new EscposEmulator(link);
    push([...INIT, 0x1b, 0x21, 0x38, ...ascii('B'), 0x0a, 0x1d, 0x56, 0x41, 0x03]);
    push([...INIT, ...ascii('x'), 0x0a, 0x1b, 0x69]);
    push([...INIT, ...ascii('y'), 0x0a, 0x1b, 0x6d]);
    const receipts = emulator.receipts();
    expect(receipts[0]?.lines[0]).toMatchObject({ bold: true, widthMultiplier: 2 });
    expect(receipts.map((r) => r.cut)).toEqual(['full', 'full', 'partial']);
  });
});

describe('EscposEmulator status', () => {
  it('answers DLE EOT 1..4 from its state, even while offline', () => {
    const { link, push, sent } = fakeLink();
    const emulator = new EscposEmulator(link);
    const ask = () => push([0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4]);
    ask();
    emulator.setState({ paper: 'near-end' });
    ask();
    emulator.setState({ paper: 'out' });
    ask();
    emulator.setState({ paper: 'ok', coverOpen: true });
    ask();
    emulator.setState({ coverOpen: false, cutterError: true });
    ask();
    expect(sent).toEqual([
      ...[0x12, 0x12, 0x12, 0x12],
      ...[0x12, 0x12, 0x12, 0x1e],
      ...[0x1a, 0x32, 0x12, 0x7e],
      ...[0x1a, 0x16, 0x12, 0x12],
      ...[0x1a, 0x52, 0x1a, 0x12],
    ]);
  });

  it('answers GS r 1 only while online', () => {
    const { link, push, sent } = fakeLink();
    const emulator = new EscposEmulator(link);
    push([0x1d, 0x72, 0x01]);
    emulator.setState({ paper: 'out' });
    push([0x1d, 0x72, 0x01]);
    expect(sent).toEqual([0x00]);
  });

  it('records a receipt interrupted by paper out as partial and drops the rest', () => {
    const { link, push } = fakeLink();
    const emulator = new EscposEmulator(link);
    const printed: number[] = [];
    emulator.onDidPrint((receipt) => printed.push(receipt.lines.length));
    emulator.failAfterLines(2, 'paper-out');
    push([...INIT, ...ascii('1'), 0x0a, ...ascii('2'), 0x0a, ...ascii('3'), 0x0a, ...CUT]);
    expect(emulator.receipts()).toMatchObject([
      { interrupted: 'paper-out', cut: null, lines: [{ text: '1' }, { text: '2' }] },
    ]);
    expect(printed).toEqual([2]);
    // Paper reloaded: the next receipt (after ESC @) prints normally.
    emulator.setState({ paper: 'ok' });
    push([...INIT, ...ascii('next'), 0x0a, ...CUT]);
    expect(emulator.receipts()[1]).toMatchObject({ interrupted: null, cut: 'partial' });
  });
});

describe('EscposEmulator code tables', () => {
  it('decodes each piece of a line with the table active when it arrived', () => {
    const { link, push } = fakeLink();
    const emulator = new EscposEmulator(link);
    // CP866 «П», then table 0 (PC437) and a high byte, then back to CP866 «р».
    push([...INIT, 0x8f, 0x1b, 0x74, 0, 0x8f, 0x1b, 0x74, 17, 0xe0, 0x0a, ...CUT]);
    expect(emulator.receipts()[0]?.lines[0]).toMatchObject({ text: 'П\ufffdр' });
    expect(emulator.receipts()[0]?.codeTables).toEqual([17, 0, 17]);
  });
});
