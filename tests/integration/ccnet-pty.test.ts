import { afterEach, describe, expect, it } from 'vitest';
import { rubles } from '../../common/money.ts';
import { createCcnetDriver } from '../../main/devices/ccnet/driver.ts';
import { openSerialLink } from '../../protocol/serial-link.ts';
import { startCcnetEmulatorProcess } from '../support/ccnet-emulator-process.ts';
import { FAST_TIMINGS, sortedNumbers, until } from '../support/ccnet-rig.ts';
import { createPtyRig, PTY_DRIVER } from '../support/ccnet-pty-rig.ts';
import { openPtyPair, type PtyPair } from '../support/pty.ts';

const ALL_TYPES = [2, 3, 4, 5, 6, 7, 12, 13];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function pty(): Promise<PtyPair> {
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  return pair;
}

describe('serial link over a pty pair', () => {
  it('carries bytes both ways and reports the peer going away', async () => {
    const pair = await pty();
    const left = await openSerialLink(pair.a, 9600);
    const right = await openSerialLink(pair.b, 9600);
    cleanups.push(() => left.close());
    const received: number[] = [];
    right.setDataListener((chunk) => received.push(...chunk));
    const back: number[] = [];
    left.setDataListener((chunk) => back.push(...chunk));
    let closedReason: string | null = null;
    left.setCloseListener((reason) => {
      closedReason = reason;
    });
    await left.write(Uint8Array.of(0x02, 0x03, 0x06, 0x33, 0xda, 0x81));
    await until(() => received.length === 6, 'six bytes');
    await right.write(Uint8Array.of(0x02, 0x03, 0x06, 0x14, 0x67, 0xd4));
    await until(() => back.length === 6, 'six bytes back');
    expect(received).toEqual([0x02, 0x03, 0x06, 0x33, 0xda, 0x81]);
    expect(back).toEqual([0x02, 0x03, 0x06, 0x14, 0x67, 0xd4]);
    await right.close();
    await pair.close();
    await until(() => closedReason !== null, 'close reported');
  });

  it('rejects a path that does not exist with a message naming it', async () => {
    await expect(openSerialLink('/dev/does-not-exist-ccnet', 9600)).rejects.toThrow(
      /does-not-exist-ccnet/,
    );
  });
});

describe('driver ↔ emulator over a pty', () => {
  it('stacks every note exactly once and the cassette agrees', async () => {
    const rig = await createPtyRig();
    cleanups.push(() => rig.close());
    expect((await rig.driver.open()).ok).toBe(true);
    await rig.driver.enable(ALL_TYPES);
    await until(() => rig.driver.condition().kind === 'idling', 'idling');
    for (const value of [10, 50, 100, 200, 500, 1000, 2000, 5000])
      rig.emulator.insertNote(rubles(value));
    await until(() => rig.stacked.length === 8, 'eight stacked');
    const cassette = rig.emulator.cassette();
    expect(sortedNumbers(rig.stacked)).toEqual(
      sortedNumbers(cassette.notes.map((note) => note.billType)),
    );
    expect(cassette.totalKopecks).toBe(rubles(8860));
  });
});

describe('emulator process (pty-main.ts)', () => {
  it('speaks CCNET on the pty and reports the cassette as JSON lines', async () => {
    const pair = await pty();
    const emulator = startCcnetEmulatorProcess(pair.b, { timings: FAST_TIMINGS });
    cleanups.push(() => emulator.stop());
    await emulator.ready;
    const link = await openSerialLink(pair.a, 9600);
    const driver = createCcnetDriver(link, PTY_DRIVER);
    cleanups.push(() => driver.close());
    const stacked: number[] = [];
    driver.setListener(async (event) => {
      if (event.kind === 'escrow') await driver.stack();
      if (event.kind === 'stacked') stacked.push(event.billType);
    });
    expect((await driver.open()).ok).toBe(true);
    await driver.enable(ALL_TYPES);
    await until(() => driver.condition().kind === 'idling', 'idling');
    expect(await emulator.request({ cmd: 'insertNote', noteKopecks: 100_000 })).toMatchObject({
      ok: true,
    });
    expect(await emulator.request({ cmd: 'insertNote', noteKopecks: 20_000 })).toMatchObject({
      ok: true,
    });
    await until(() => stacked.length === 2, 'two stacked');
    const reply = await emulator.request({ cmd: 'cassette' });
    expect(reply.cassette).toEqual({
      notes: [
        { billType: 6, noteKopecks: 100_000 },
        { billType: 12, noteKopecks: 20_000 },
      ],
      totalKopecks: 120_000,
    });
    expect(emulator.messages.filter((message) => message.type === 'cassette')).toHaveLength(2);
    expect(await emulator.request({ cmd: 'insertNote', noteKopecks: -5 })).toMatchObject({
      ok: false,
    });
    expect(await emulator.request({ cmd: 'fly' })).toMatchObject({ ok: false });
  });
});
