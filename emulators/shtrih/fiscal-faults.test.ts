import { describe, expect, it } from 'vitest';
import * as basic from '../../protocol/shtrih/commands.ts';
import { fnFindDocument } from '../../protocol/shtrih/document-commands.ts';
import { ENQ, encodeFrame, NAK, toHex } from '../../protocol/shtrih/frame.ts';
import { operationV2 } from '../../protocol/shtrih/receipt-commands.ts';
import * as status from '../../protocol/shtrih/status-commands.ts';
import { DAY_MS, HOUR_MS, manualTime } from './clock.ts';
import { ShtrihEmulator } from './emulator.ts';
import { TestHost } from './test-host.ts';
import { agentReceiptMessages } from './test-receipt.ts';

const START_MS = Date.UTC(2026, 0, 15, 9, 0, 0);
const pw = { password: 30 };

function rig() {
  const time = manualTime(START_MS);
  const emulator = new ShtrihEmulator({ time });
  const host = TestHost.attachedTo(emulator);
  const ask = async (message: Uint8Array) => toHex(await host.exchange(message));
  const mode = async () => (await host.exchange(status.shortStatus.encodeRequest(pw)))[5];
  const fnWarnings = async () => (await host.exchange(status.fnStatus.encodeRequest(pw)))[7];
  return { time, emulator, host, ask, mode, fnWarnings };
}

const receipt = { principalKopecks: 10_000, feeKopecks: 0, cashKopecks: 10_000 };
const item = agentReceiptMessages(receipt)[1]!;
const closeMessage = agentReceiptMessages(receipt).at(-1)!;

describe('Shtrih emulator: the 24-hour shift', () => {
  it('turns mode 2 into 3 after 24 h; sales get 4Eh until Z and E0', async () => {
    const { time, ask, mode, emulator } = rig();
    await ask(basic.openShift.encodeRequest(pw));
    time.advance(24 * HOUR_MS - 1);
    expect(await mode()).toBe(2);
    time.advance(1);
    expect(await mode()).toBe(3);
    expect(emulator.status().shift.expired).toBe(true);
    expect(await ask(basic.openReceipt.encodeRequest({ password: 30, type: 0 }))).toBe('8D 4E');
    expect(await ask(item)).toBe('FF 46 4E');
    expect(await ask(basic.zReport.encodeRequest(pw))).toBe('41 00 1E');
    expect(await mode()).toBe(4);
    expect(await ask(basic.openReceipt.encodeRequest({ password: 30, type: 0 }))).toBe('8D 3D');
    expect(await ask(basic.openShift.encodeRequest(pw))).toBe('E0 00 1E');
    expect(await mode()).toBe(2);
    expect(emulator.status().shift.number).toBe(2);
  });

  it('refuses to close a receipt left open past the 24 hours with the ФН code 16h', async () => {
    const { time, ask, mode } = rig();
    await ask(basic.openShift.encodeRequest(pw));
    time.advance(23 * HOUR_MS);
    const messages = agentReceiptMessages(receipt);
    for (const message of messages.slice(0, -1)) await ask(message);
    time.advance(2 * HOUR_MS);
    expect(await ask(closeMessage)).toBe('FF 45 16');
    expect(await mode()).toBe(0x08);
    expect(await ask(basic.cancelReceipt.encodeRequest(pw))).toBe('88 00 1E');
    expect(await mode()).toBe(3);
  });

  it('counts the 24 hours on the ККТ clock the panel moves too', async () => {
    const { ask, mode, emulator } = rig();
    await ask(basic.openShift.encodeRequest(pw));
    emulator.advanceClock(25 * HOUR_MS);
    expect(await mode()).toBe(3);
  });
});

describe('Shtrih emulator: ФН faults', () => {
  it('raises the 30-day and 3-day flags near expiry, answers 05h after it', async () => {
    const { ask, emulator, fnWarnings } = rig();
    emulator.setFnValidUntil('2026-02-10');
    expect(await fnWarnings()).toBe(0x02);
    emulator.setFnValidUntil('2026-01-17');
    expect(await fnWarnings()).toBe(0x03);
    emulator.setFnValidUntil('2026-01-14');
    expect(await ask(basic.openShift.encodeRequest(pw))).toBe('E0 05');
    expect(emulator.status().fn.blockedWith).toBe(0x05);
  });

  it('blocks documents when exhausted (12h), failed (03h, flag 80h) or full (14h)', async () => {
    const { ask, emulator, fnWarnings } = rig();
    emulator.setFnFault('exhausted');
    expect(await ask(basic.openShift.encodeRequest(pw))).toBe('E0 12');
    emulator.setFnFault('failure');
    expect(await ask(basic.openShift.encodeRequest(pw))).toBe('E0 03');
    expect(await fnWarnings()).toBe(0x80);
    emulator.setFnFault('none');
    emulator.setFnCapacity(3);
    expect(await ask(basic.openShift.encodeRequest(pw))).toBe('E0 00 1E');
    for (const message of agentReceiptMessages(receipt)) await ask(message);
    expect(await fnWarnings()).toBe(0x00);
    for (const message of agentReceiptMessages(receipt).slice(0, -1)) await ask(message);
    expect(await ask(closeMessage)).toMatch(/^FF 45 00 00 00 00 00 00 03 00 00 00/);
    expect(await fnWarnings()).toBe(0x04);
    expect(await ask(basic.zReport.encodeRequest(pw))).toBe('41 14');
  });

  it('forces warning flags from the panel', async () => {
    const { emulator, fnWarnings } = rig();
    emulator.setFnWarnings(0x08);
    expect(await fnWarnings()).toBe(0x08);
  });
});

describe('Shtrih emulator: the OFD queue', () => {
  it('grows while the OFD is down, ages, blocks at 30 days, drains', async () => {
    const { ask, emulator, host, fnWarnings, time } = rig();
    emulator.setOfdLink('down');
    await ask(basic.openShift.encodeRequest(pw));
    for (const message of agentReceiptMessages(receipt)) await ask(message);
    // Transport down, a message waiting; two documents queued, the first FD 1 of 15.01.26 09:00.
    expect(await ask(status.fnExchangeStatus.encodeRequest(pw))).toBe(
      'FF 39 00 02 00 02 00 01 00 00 00 1A 01 0F 09 00',
    );
    expect(await ask(status.fnUnconfirmedCount.encodeRequest(pw))).toBe('FF 3F 00 02 00');
    const found = await host.exchange(fnFindDocument.encodeRequest({ password: 30, fdNumber: 2 }));
    expect(found[4]).toBe(0); // no OFD ticket yet
    expect(await ask(basic.zReport.encodeRequest(pw))).toBe('41 00 1E');
    time.advance(DAY_MS);
    expect(await fnWarnings()).toBe(0x08);
    time.advance(30 * DAY_MS);
    expect(await ask(basic.openShift.encodeRequest(pw))).toBe('E0 14');
    expect(emulator.status().ofd).toMatchObject({
      queueCount: 3,
      oldestQueuedAt: '2026-01-15T09:00',
    });
    emulator.setOfdLink('up');
    expect(await ask(status.fnUnconfirmedCount.encodeRequest(pw))).toBe('FF 3F 00 00 00');
    expect(await ask(basic.openShift.encodeRequest(pw))).toBe('E0 00 1E');
  });
});

describe('Shtrih emulator: power, passwords, injected errors', () => {
  it('keeps an open receipt over a power cut (mode 8, ФН document 04) until 88h', async () => {
    const { ask, emulator, host, mode } = rig();
    await ask(basic.openShift.encodeRequest(pw));
    for (const message of agentReceiptMessages(receipt).slice(0, 3)) await ask(message);
    emulator.reboot();
    expect(await mode()).toBe(0x08);
    const fn = await host.exchange(status.fnStatus.encodeRequest(pw));
    expect([fn[4], fn[5]]).toEqual([0x04, 0x01]);
    expect(emulator.status().receipt).toMatchObject({ items: 1, itemsKopecks: 10_000 });
    expect(await ask(basic.cancelReceipt.encodeRequest(pw))).toBe('88 00 1E');
    expect(await mode()).toBe(2);
  });

  it('loses the answer of a receipt closed just before a power loss', async () => {
    const { ask, emulator, host } = rig();
    await ask(basic.openShift.encodeRequest(pw));
    for (const message of agentReceiptMessages(receipt).slice(0, -1)) await ask(message);
    emulator.powerLossAfterNextCommand();
    await host.send([ENQ]);
    expect(await host.take(1)).toEqual([NAK]);
    await host.send(encodeFrame(closeMessage));
    await host.take(1); // ACK, then nothing
    expect(await host.drain()).toEqual([]);
    expect(emulator.status().poweredOn).toBe(false);
    emulator.powerOn();
    await host.send([ENQ]);
    expect(await host.take(1)).toEqual([NAK]); // the answer died with the power
    const fn = await host.exchange(status.fnStatus.encodeRequest(pw));
    expect(fn.at(-4)).toBe(2); // last FD is the receipt
    expect(emulator.document(2)?.kind).toBe('receipt');
    expect(emulator.status().mode).toBe(2);
  });

  it('answers 4Fh to a changed password, and runs with the new one', async () => {
    const { ask, emulator } = rig();
    emulator.setOperatorPassword(30, 12_345);
    expect(await ask(status.shortStatus.encodeRequest(pw))).toBe('10 4F');
    expect(await ask(status.shortStatus.encodeRequest({ password: 12_345 }))).toMatch(/^10 00 1E/);
  });

  it('answers an injected error once, without running the command', async () => {
    const { ask, emulator, mode } = rig();
    await ask(basic.openShift.encodeRequest(pw));
    emulator.injectError(0x58, { command: basic.Command.openReceipt });
    expect(await ask(basic.openReceipt.encodeRequest({ password: 30, type: 0 }))).toBe('8D 58');
    expect(await mode()).toBe(2);
    expect(await ask(basic.openReceipt.encodeRequest({ password: 30, type: 0 }))).toBe('8D 00 1E');
  });

  it('refuses a second receipt (4Ah) and items of the wrong operation (33h)', async () => {
    const { ask } = rig();
    await ask(basic.openShift.encodeRequest(pw));
    await ask(basic.openReceipt.encodeRequest({ password: 30, type: 0 }));
    expect(await ask(basic.openReceipt.encodeRequest({ password: 30, type: 0 }))).toBe('8D 4A');
    expect(await ask(basic.openShift.encodeRequest(pw))).toBe('E0 4A');
    const refund = operationV2.encodeRequest({
      password: 30,
      operation: 2,
      quantity: 1_000_000,
      priceKopecks: 100,
      amountKopecks: null,
      taxKopecks: null,
      taxBits: 8,
      department: 1,
      paymentMethod: 4,
      paymentSubject: 10,
      name: 'x',
    });
    expect(await ask(refund)).toBe('FF 46 33');
  });

  it('answers 45h when the payments do not cover the total', async () => {
    const { ask } = rig();
    await ask(basic.openShift.encodeRequest(pw));
    const short = agentReceiptMessages({ ...receipt, cashKopecks: 9_999 });
    for (const message of short.slice(0, -1)) await ask(message);
    expect(await ask(short.at(-1)!)).toBe('FF 45 45');
  });
});
