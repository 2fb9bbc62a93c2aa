import { describe, expect, it } from 'vitest';
import { Command, openShift, xReport } from '../../protocol/shtrih/commands.ts';
import { ACK, ENQ, encodeFrame, fromHex, NAK, STX, toHex } from '../../protocol/shtrih/frame.ts';
import { shortStatus } from '../../protocol/shtrih/status-commands.ts';
import { manualTime } from './clock.ts';
import { ShtrihEmulator, type ShtrihEmulatorOptions } from './emulator.ts';
import { settle, TestHost } from './test-host.ts';

const START_MS = Date.UTC(2026, 0, 15, 9, 0, 0);

function rig(options: ShtrihEmulatorOptions = {}) {
  const time = manualTime(START_MS);
  const emulator = new ShtrihEmulator({ time, ...options });
  const host = TestHost.attachedTo(emulator);
  return { time, emulator, host };
}

const hex = (bytes: readonly number[] | Uint8Array) => toHex(Uint8Array.from(bytes));

/** 10h with the system administrator's password 30: `02 05 10 1E 00 00 00 0B`. */
const STATUS_FRAME = fromHex('02 05 10 1E 00 00 00 0B');

describe('Shtrih emulator: link state machine', () => {
  it('answers ENQ with NAK when idle', async () => {
    const { host } = rig();
    await host.send([ENQ]);
    expect(await host.take(1)).toEqual([NAK]);
  });

  it('confirms a good frame with ACK, then sends the answer frame', async () => {
    const { host } = rig();
    await host.send(STATUS_FRAME);
    expect(await host.take(1)).toEqual([ACK]);
    const frame = await host.takeFrame();
    // STX, LEN 0x11 = code + error + 15 data bytes, code 10h, error 0, operator 30.
    expect(hex(frame.slice(0, 5))).toBe('02 11 10 00 1E');
    expect(frame.length).toBe(0x11 + 3);
  });

  it('keeps a NAKed answer and resends it after ENQ; ENQ after ACK is NAK', async () => {
    const { host } = rig();
    await host.send(STATUS_FRAME);
    await host.take(1);
    const first = await host.takeFrame();
    await host.send([NAK]);
    expect(await host.drain()).toEqual([]); // the device never resends by itself
    await host.send([ENQ]);
    expect(await host.take(1)).toEqual([ACK]);
    expect(await host.takeFrame()).toEqual(first);
    await host.send([ACK]);
    await host.send([ENQ]);
    expect(await host.take(1)).toEqual([NAK]);
  });

  it('answers a frame with a bad LRC with NAK and does not run it', async () => {
    const { host, emulator } = rig();
    const frame = encodeFrame(openShift.encodeRequest({ password: 30 }));
    frame[frame.length - 1] = frame[frame.length - 1]! ^ 0x01;
    await host.send(frame);
    expect(await host.take(1)).toEqual([NAK]);
    expect(await host.drain()).toEqual([]);
    expect(emulator.documents()).toEqual([]);
    expect(emulator.status().shift.open).toBe(false);
  });

  it('ignores garbage between frames and still answers the next frame', async () => {
    const { host } = rig();
    await host.send([0xff, 0x33, 0x00, 0x99]);
    expect(await host.drain()).toEqual([]);
    await host.send(STATUS_FRAME);
    expect(await host.take(1)).toEqual([ACK]);
    expect((await host.takeFrame())[2]).toBe(Command.shortStatus);
  });

  it('drops a frame that stops longer than the byte timeout', async () => {
    const { host } = rig({ byteTimeoutMs: 5 });
    await host.send(STATUS_FRAME.subarray(0, 4));
    await new Promise((resolve) => setTimeout(resolve, 40));
    // The rest of the old frame is now garbage (no STX); a whole new frame is answered.
    await host.send(STATUS_FRAME.subarray(4));
    expect(await host.drain()).toEqual([]);
    await host.send(STATUS_FRAME);
    expect(await host.take(1)).toEqual([ACK]);
    expect((await host.takeFrame())[2]).toBe(Command.shortStatus);
  });

  it('splits nothing: a frame arriving byte by byte is one command', async () => {
    const { host } = rig();
    for (const byte of STATUS_FRAME) await host.send([byte]);
    expect(await host.take(1)).toEqual([ACK]);
    expect((await host.takeFrame())[0]).toBe(STX);
  });

  it('never runs a command twice when the host resends it after a lost ACK', async () => {
    const { host, emulator } = rig();
    emulator.setLinkFaults({ dropAcks: 1 });
    const frame = encodeFrame(openShift.encodeRequest({ password: 30 }));
    await host.send(frame);
    const answer = await host.takeFrame(); // the answer came, but no ACK before it
    expect(answer[2]).toBe(0xe0);
    await host.send(frame); // the host did not see ACK: it sends the command again
    expect(await host.take(1)).toEqual([ACK]);
    expect(await host.takeFrame()).toEqual(answer);
    await host.send([ACK]);
    expect(emulator.documents().map((doc) => doc.kind)).toEqual(['shift-open']);
    expect(emulator.status().shift.number).toBe(1);
  });

  it('runs the same command again once its answer was confirmed (a new command)', async () => {
    const { host, emulator } = rig();
    await host.exchange(openShift.encodeRequest({ password: 30 }));
    const x = xReport.encodeRequest({ password: 30 });
    await host.exchange(x);
    await host.exchange(x);
    const reports = emulator
      .tape()
      .filter((piece) =>
        piece.lines.some((line) => line.kind === 'text' && line.text === 'ОТЧЕТ БЕЗ ГАШЕНИЯ'),
      );
    expect(reports).toHaveLength(2);
  });

  it('runs a different command even while an older answer is unconfirmed', async () => {
    const { host, emulator } = rig();
    await host.send(encodeFrame(shortStatus.encodeRequest({ password: 30 })));
    await host.take(1);
    await host.takeFrame(); // no ACK from the host: the answer stays held
    await host.send(encodeFrame(openShift.encodeRequest({ password: 30 })));
    expect(await host.take(1)).toEqual([ACK]);
    expect((await host.takeFrame())[2]).toBe(0xe0);
    expect(emulator.status().shift.open).toBe(true);
  });

  it('sends a corrupted LRC when told to, and the right frame again after NAK + ENQ', async () => {
    const { host, emulator } = rig();
    emulator.setLinkFaults({ corruptReplies: 1 });
    await host.send(STATUS_FRAME);
    await host.take(1);
    const broken = await host.takeFrame();
    await host.send([NAK]);
    await host.send([ENQ]);
    expect(await host.take(1)).toEqual([ACK]);
    const good = await host.takeFrame();
    expect(good.slice(0, -1)).toEqual(broken.slice(0, -1));
    expect(good.at(-1)).not.toBe(broken.at(-1));
    let lrc = 0;
    for (const byte of good.slice(1, -1)) lrc ^= byte;
    expect(good.at(-1)).toBe(lrc);
  });

  it('holds a delayed answer: ENQ meanwhile gets ACK and the answer follows', async () => {
    const { host, emulator } = rig();
    emulator.setLinkFaults({ replyDelayMs: 30 });
    await host.send(STATUS_FRAME);
    expect(await host.take(1)).toEqual([ACK]);
    expect(await host.drain()).toEqual([]);
    await host.send([ENQ]);
    expect(await host.take(1)).toEqual([ACK]);
    expect((await host.takeFrame())[2]).toBe(Command.shortStatus);
  });

  it('sends 0xFF after the host confirms an answer when the RNDIS quirk is on', async () => {
    const { host, emulator } = rig();
    emulator.setLinkFaults({ trailingFf: true });
    await host.send(STATUS_FRAME);
    await host.take(1);
    await host.takeFrame();
    await host.send([ACK]);
    expect(await host.take(1)).toEqual([0xff]);
  });

  it('stays silent while powered off and forgets the held answer', async () => {
    const { host, emulator } = rig();
    await host.send(STATUS_FRAME);
    await host.take(1);
    await host.takeFrame();
    emulator.powerOff();
    await host.send([ENQ]);
    await host.send(STATUS_FRAME);
    await settle();
    expect(await host.drain()).toEqual([]);
    emulator.powerOn();
    await host.send([ENQ]);
    expect(await host.take(1)).toEqual([NAK]);
  });
});
