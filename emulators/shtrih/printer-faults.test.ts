import { describe, expect, it } from 'vitest';
import * as basic from '../../protocol/shtrih/commands.ts';
import { toHex } from '../../protocol/shtrih/frame.ts';
import * as status from '../../protocol/shtrih/status-commands.ts';
import { manualTime } from './clock.ts';
import { ShtrihEmulator } from './emulator.ts';
import { pieceWithDocument, renderTapeText } from './render.ts';
import { TestHost } from './test-host.ts';
import { agentReceiptMessages } from './test-receipt.ts';

const START_MS = Date.UTC(2026, 0, 15, 9, 0, 0);
const pw = { password: 30 };
const line = (text: string) =>
  basic.printLine.encodeRequest({ password: 30, flags: basic.PrintFlag.receiptTape, text });

function rig(printingMs = 0) {
  const time = manualTime(START_MS);
  const emulator = new ShtrihEmulator({ time, printingMs });
  const host = TestHost.attachedTo(emulator);
  const ask = async (message: Uint8Array) => toHex(await host.exchange(message));
  /** flags, mode, submode and the last print result of 10h. */
  const shortStatus = async () => {
    const reply = await host.exchange(status.shortStatus.encodeRequest(pw));
    return {
      flags: reply[3]! | (reply[4]! << 8),
      mode: reply[5],
      submode: reply[6],
      lastPrint: reply[16],
    };
  };
  return { time, emulator, ask, shortStatus };
}

const receipt = { principalKopecks: 10_000, feeKopecks: 0, cashKopecks: 10_000 };

describe('Shtrih emulator: paper, cover and printing time', () => {
  it('paper out: submode 1, no paper bits, print commands 6Bh, status still answered', async () => {
    const { ask, emulator, shortStatus } = rig();
    emulator.setPaper(false);
    expect(await shortStatus()).toMatchObject({ flags: 0x0210, mode: 4, submode: 1 });
    expect(await ask(basic.openShift.encodeRequest(pw))).toBe('E0 6B');
    expect(await ask(line('x'))).toBe('17 6B');
    emulator.setPaper(true);
    expect(await ask(basic.openShift.encodeRequest(pw))).toBe('E0 00 1E');
  });

  it('paper out mid-receipt: items 6Bh in mode 8 submode 1, then it closes', async () => {
    const { ask, emulator, shortStatus } = rig();
    await ask(basic.openShift.encodeRequest(pw));
    const messages = agentReceiptMessages(receipt);
    await ask(messages[0]!);
    emulator.setPaper(false);
    expect(await ask(messages[1]!)).toBe('FF 46 6B');
    expect(await shortStatus()).toMatchObject({ mode: 0x08, submode: 1 });
    emulator.setPaper(true);
    for (const message of messages.slice(1)) expect(await ask(message)).toMatch(/^FF .. 00/);
    expect(emulator.document(2)?.kind).toBe('receipt');
  });

  it('paper out while printing: submode 2, then 3, B0h prints the rest', async () => {
    const { ask, emulator, shortStatus } = rig();
    await ask(basic.openShift.encodeRequest(pw));
    const messages = agentReceiptMessages(receipt);
    for (const message of messages.slice(0, -1)) await ask(message);
    emulator.paperRunsOutAfter(5);
    // The ФН signed the receipt; its printing stopped after five lines.
    expect(await ask(messages.at(-1)!)).toMatch(/^FF 45 00/);
    expect(emulator.document(2)?.kind).toBe('receipt');
    expect(await shortStatus()).toMatchObject({ mode: 2, submode: 2, lastPrint: 1 });
    expect(await ask(line('x'))).toBe('17 6B');
    expect(await ask(basic.continuePrinting.encodeRequest(pw))).toBe('B0 6B');
    emulator.setPaper(true);
    expect(await shortStatus()).toMatchObject({ submode: 3 });
    expect(await ask(line('x'))).toBe('17 58');
    expect(await ask(basic.openReceipt.encodeRequest({ password: 30, type: 0 }))).toBe('8D 58');
    expect(await ask(basic.continuePrinting.encodeRequest(pw))).toBe('B0 00 1E');
    expect(await shortStatus()).toMatchObject({ submode: 0, lastPrint: 0 });
    const pieces = emulator.tape();
    const torn = pieces.at(-2)!;
    expect(torn).toMatchObject({ interrupted: 'paper-out', cut: null });
    expect(torn.lines).toHaveLength(5);
    const rest = pieceWithDocument(pieces, 2)!;
    expect(rest.cut).toBe('full');
    expect(rest.lines.at(-1)).toMatchObject({ kind: 'qr', payload: emulator.document(2)!.qr });
  });

  it('cover open: flag bit 10, no optical paper bit, submode 1, print commands 6Bh', async () => {
    const { ask, emulator, shortStatus } = rig();
    emulator.setCover(true);
    const state = await shortStatus();
    expect(state.flags & 0x0400).toBe(0x0400);
    expect(state.flags & 0x0080).toBe(0);
    expect(state.submode).toBe(1);
    expect(await ask(basic.openShift.encodeRequest(pw))).toBe('E0 6B');
    emulator.setCover(false);
    expect(await ask(basic.openShift.encodeRequest(pw))).toBe('E0 00 1E');
  });

  it('printing: submode 5 and 50h for print commands until it is over', async () => {
    const { ask, time, shortStatus } = rig(2_000);
    await ask(basic.openShift.encodeRequest(pw));
    expect(await shortStatus()).toMatchObject({ submode: 5, lastPrint: 5 });
    expect(await ask(line('x'))).toBe('17 50');
    expect(await ask(status.fnStatus.encodeRequest(pw))).toMatch(/^FF 01 00/);
    time.advance(2_000);
    expect(await shortStatus()).toMatchObject({ submode: 0, lastPrint: 0 });
    expect(await ask(line('x'))).toBe('17 00 1E');
  });

  it('busy on demand from the panel', async () => {
    const { ask, emulator, time } = rig();
    emulator.busyFor(500);
    expect(await ask(basic.feed.encodeRequest({ password: 30, flags: 2, lines: 1 }))).toBe('29 50');
    time.advance(500);
    expect(await ask(basic.feed.encodeRequest({ password: 30, flags: 2, lines: 1 }))).toBe(
      '29 00 1E',
    );
  });

  it('prints host lines, feeds and cuts where the host says', async () => {
    const { ask, emulator } = rig();
    await ask(line('ПЛАТЕЖНЫЙ АГЕНТ'));
    await ask(basic.feed.encodeRequest({ password: 30, flags: 2, lines: 2 }));
    await ask(basic.cut.encodeRequest({ password: 30, type: 1 }));
    const piece = emulator.tape().at(-1)!;
    expect(piece.cut).toBe('partial');
    expect(renderTapeText(piece)).toBe('ПЛАТЕЖНЫЙ АГЕНТ\n\n\n[cut: partial]\n');
  });
});
