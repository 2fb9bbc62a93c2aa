import { afterEach, describe, expect, it } from 'vitest';
import { rubles } from '../../../common/money.ts';
import type { AcceptorEvent } from '../../../common/ports.ts';
import { CcnetEmulator } from '../../../emulators/ccnet/emulator.ts';
import { createMemoryLinkPair } from '../../../protocol/memory-link.ts';
import {
  createRig,
  FAST_DRIVER,
  FAST_TIMINGS,
  type Rig,
  tapCommands,
  until,
} from '../../../tests/support/ccnet-rig.ts';
import type { ByteLink } from '../../../protocol/link.ts';
import { createCcnetDriver } from './driver.ts';
import { encodeFrame, FrameDecoder } from '../../../protocol/ccnet/frame.ts';

const ALL_TYPES = [2, 3, 4, 5, 6, 7, 12, 13];
const rigs: Rig[] = [];
const extraClosers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.close();
  for (const close of extraClosers.splice(0)) await close();
});

function rig(options: Parameters<typeof createRig>[0] = {}): Rig {
  const created = createRig(options);
  rigs.push(created);
  return created;
}

async function openAndEnable(r: Rig): Promise<void> {
  const opened = await r.driver.open();
  expect(opened.ok).toBe(true);
  expect((await r.driver.enable(ALL_TYPES)).ok).toBe(true);
  await until(() => r.driver.condition().kind === 'idling', 'idling');
}

describe('CCNET driver: open', () => {
  it('POLLs before RESET, reads identification + bill table, ends disabled', async () => {
    const r = rig();
    const opened = await r.driver.open();
    expect(opened.ok && opened.value.partNumber).toBe('SM-EMULATOR-RU');
    expect(opened.ok && opened.value.billTable.map((entry) => entry.noteKopecks)).toEqual([
      rubles(10),
      rubles(50),
      rubles(100),
      rubles(500),
      rubles(1000),
      rubles(5000),
      rubles(200),
      rubles(2000),
    ]);
    const commands = r.sent.filter((name) => name !== 'ACK');
    expect(commands[0]).toBe('POLL');
    expect(commands.indexOf('RESET')).toBeGreaterThan(0);
    expect(commands.indexOf('IDENTIFICATION')).toBeGreaterThan(commands.indexOf('RESET'));
    expect(commands.indexOf('GET BILL TABLE')).toBeGreaterThan(commands.indexOf('RESET'));
    expect(commands).toContain('GET STATUS');
    expect(commands).not.toContain('SET SECURITY');
    expect(r.driver.condition()).toEqual({ kind: 'disabled' });
    expect(r.events.map((event) => event.kind === 'condition' && event.condition.kind)).toContain(
      'power-up',
    );
  });

  it('sends SET SECURITY at open() only when high-security types are configured', async () => {
    const r = rig({ driver: { highSecurityBillTypes: [7] } });
    expect((await r.driver.open()).ok).toBe(true);
    expect(r.sent).toContain('SET SECURITY');
    expect(r.emulator.snapshot().phase).toBe('disabled');
  });

  it('fails with a timeout (not a throw) when nothing answers', async () => {
    const [host] = createMemoryLinkPair();
    const driver = createCcnetDriver(host, { ...FAST_DRIVER, absentAfterMs: 200 });
    extraClosers.push(() => driver.close());
    expect(await driver.open()).toEqual({ ok: false, error: { kind: 'timeout', command: 'POLL' } });
  });

  it('delivers a note in escrow at start-up BEFORE any RESET; the listener stacks it', async () => {
    const [hostA, device] = createMemoryLinkPair();
    const emulator = new CcnetEmulator({ timings: FAST_TIMINGS });
    emulator.attach(device);
    extraClosers.push(async () => emulator.detach());
    // First kiosk run: enables, a note reaches escrow, the kiosk dies without deciding.
    const first = createCcnetDriver(hostA, FAST_DRIVER);
    first.setListener(async () => {});
    expect((await first.open()).ok).toBe(true);
    await first.enable(ALL_TYPES);
    await until(() => first.condition().kind === 'idling', 'idling');
    emulator.insertNote(rubles(500));
    await until(() => emulator.snapshot().phase === 'escrow', 'escrow');
    await first.close();
    // Second run on the same device.
    const [hostB, deviceB] = createMemoryLinkPair();
    emulator.detach();
    emulator.attach(deviceB);
    const sent: string[] = [];
    const second = createCcnetDriver(tapCommands(hostB, sent), FAST_DRIVER);
    extraClosers.push(() => second.close());
    const order: string[] = [];
    second.setListener(async (event) => {
      if (event.kind === 'escrow') {
        order.push(`escrow, RESET sent: ${sent.includes('RESET')}`);
        expect((await second.stack()).ok).toBe(true);
      }
      if (event.kind === 'stacked')
        order.push(`stacked ${event.billType}, RESET sent: ${sent.includes('RESET')}`);
    });
    expect((await second.open()).ok).toBe(true);
    expect(order).toEqual(['escrow, RESET sent: false', 'stacked 5, RESET sent: false']);
    expect(emulator.cassette().notes).toEqual([{ billType: 5, noteKopecks: rubles(500) }]);
  });
});

describe('CCNET driver: restart after a crash (a second driver on the same device)', () => {
  /** First kiosk run: enables, and `during` runs once the device idles; then the kiosk dies. */
  async function firstRun(
    emulator: CcnetEmulator,
    during: (driver: ReturnType<typeof createCcnetDriver>) => Promise<void>,
  ) {
    const [host, device] = createMemoryLinkPair();
    emulator.attach(device);
    const driver = createCcnetDriver(host, FAST_DRIVER);
    driver.setListener(async (event) => {
      if (event.kind === 'escrow') await driver.stack();
      if (event.kind === 'stacked') throw new Error('kiosk killed before persisting');
    });
    expect((await driver.open()).ok).toBe(true);
    await driver.enable(ALL_TYPES);
    await until(() => driver.condition().kind === 'idling', 'idling');
    await during(driver);
    await driver.close();
    emulator.detach();
  }

  async function secondRun(emulator: CcnetEmulator) {
    const [host, device] = createMemoryLinkPair();
    emulator.attach(device);
    extraClosers.push(async () => emulator.detach());
    const sent: string[] = [];
    const driver = createCcnetDriver(tapCommands(host, sent), FAST_DRIVER);
    extraClosers.push(() => driver.close());
    const seen: string[] = [];
    driver.setListener(async (event) => {
      if (event.kind === 'stacked')
        seen.push(`stacked ${event.billType}; RESET before: ${sent.includes('RESET')}`);
      if (event.kind === 'condition' && event.condition.kind === 'power-up')
        seen.push(`power-up ${event.condition.variant}`);
    });
    expect((await driver.open()).ok).toBe(true);
    return seen;
  }

  it('an 81 the crashed run never persisted (un-ACKed) comes before RESET', async () => {
    const emulator = new CcnetEmulator({ timings: FAST_TIMINGS });
    await firstRun(emulator, async () => {
      emulator.insertNote(rubles(1000));
      await until(() => emulator.snapshot().phase === 'stacked', 'device holds 81');
    });
    expect(await secondRun(emulator)).toEqual(['stacked 6; RESET before: false']);
    expect(emulator.cassette().notes).toEqual([{ billType: 6, noteKopecks: rubles(1000) }]);
  });

  it('kiosk + device lose power mid-stacking: open() sees 12, RESETs, delivers 81', async () => {
    const emulator = new CcnetEmulator({ timings: FAST_TIMINGS });
    await firstRun(emulator, async () => {
      // The kiosk dies with the device: it must not get to RESET the device itself.
      const stop = emulator.onDidChange((change) => {
        if (change.kind === 'state' && change.snapshot.phase === 'power-up') emulator.detach();
      });
      emulator.powerCycle('stacking');
      emulator.insertNote(rubles(2000));
      await until(() => emulator.snapshot().phase === 'power-up', 'power cut');
      stop();
    });
    expect(await secondRun(emulator)).toEqual([
      'power-up bill-in-stacker',
      'stacked 13; RESET before: true',
    ]);
    expect(emulator.cassette().notes).toEqual([{ billType: 13, noteKopecks: rubles(2000) }]);
  });
});

describe('CCNET driver: money', () => {
  it('stacks notes and reports each stacked note once, matching the cassette', async () => {
    const r = rig();
    await openAndEnable(r);
    for (const value of [100, 5000, 10, 200, 2000]) r.emulator.insertNote(rubles(value));
    await until(() => r.emulator.cassette().notes.length === 5, 'five notes in the cassette');
    await until(() => r.stacked.length === 5, 'five stacked events');
    expect(r.stacked).toEqual(r.emulator.cassette().notes.map((note) => note.billType));
    expect(r.stacked).toEqual([4, 7, 2, 12, 13]);
  });

  it('escrow is edge-triggered: one event however many polls answer 80', async () => {
    const r = rig({ autoStack: false });
    const events: AcceptorEvent[] = [];
    r.driver.setListener(async (event) => {
      events.push(event);
    });
    await openAndEnable(r);
    r.emulator.insertNote(rubles(100));
    await until(() => r.emulator.snapshot().phase === 'escrow', 'escrow');
    const pollsBefore = r.sent.filter((name) => name === 'POLL').length;
    await until(
      () => r.sent.filter((name) => name === 'POLL').length > pollsBefore + 5,
      'more polls',
    );
    expect(events.filter((event) => event.kind === 'escrow')).toEqual([
      { kind: 'escrow', billType: 4 },
    ]);
    expect((await r.driver.returnNote()).ok).toBe(true);
    await until(() => events.some((event) => event.kind === 'returned'), 'returned');
    expect(r.emulator.cassette().notes).toEqual([]);
  });

  it('ACKs a stacked note only after the listener resolves, never if it throws', async () => {
    const r = rig({ autoStack: false });
    const seen: string[] = [];
    let failuresLeft = 2;
    r.driver.setListener(async (event) => {
      if (event.kind === 'escrow') await r.driver.stack();
      if (event.kind !== 'stacked') return;
      // While we "persist", the device must still be waiting for our ACK.
      seen.push(`${r.emulator.snapshot().phase}`);
      if (failuresLeft-- > 0) throw new Error('disk full');
    });
    await openAndEnable(r);
    r.emulator.insertNote(rubles(1000));
    await until(
      () => r.emulator.snapshot().phase === 'idling' && seen.length === 3,
      'ACK after 3rd try',
    );
    expect(seen).toEqual(['stacked', 'stacked', 'stacked']);
    expect(r.emulator.cassette().notes).toHaveLength(1);
  });

  it('a slow listener does not get the same note twice while the device repeats 81', async () => {
    const r = rig({ autoStack: false, driver: { moneyAckWaitMsMax: 20 } });
    const stacked: number[] = [];
    r.driver.setListener(async (event) => {
      if (event.kind === 'escrow') await r.driver.stack();
      if (event.kind !== 'stacked') return;
      stacked.push(event.billType);
      await new Promise((resolve) => setTimeout(resolve, 200));
    });
    await openAndEnable(r);
    r.emulator.insertNote(rubles(100));
    await until(() => r.emulator.snapshot().phase === 'idling' && stacked.length > 0, 'acked');
    expect(stacked).toEqual([4]);
  });

  it('strict 10 ms ACK deadline + 30 ms persist: repeat is ACKed, one event', async () => {
    const r = rig({ autoStack: false, emulator: { ackDeadlineMs: 10 } });
    const stacked: number[] = [];
    r.driver.setListener(async (event) => {
      if (event.kind === 'escrow') await r.driver.stack();
      if (event.kind !== 'stacked') return;
      stacked.push(event.billType);
      await new Promise((resolve) => setTimeout(resolve, 30));
    });
    await openAndEnable(r);
    for (const value of [100, 500, 100]) r.emulator.insertNote(rubles(value));
    await until(
      () => r.emulator.cassette().notes.length === 3 && r.emulator.snapshot().phase === 'idling',
      'all in',
    );
    expect(stacked).toEqual(r.emulator.cassette().notes.map((note) => note.billType));
  });

  it('a device telling 81 once (repeatUntilAck off): credited once per note', async () => {
    const r = rig({ emulator: { repeatUntilAck: false } });
    await openAndEnable(r);
    for (const value of [10, 50, 100]) r.emulator.insertNote(rubles(value));
    await until(
      () => r.emulator.cassette().notes.length === 3 && r.emulator.snapshot().phase === 'idling',
      'all in',
    );
    await until(() => r.stacked.length === 3, 'three stacked');
    expect(r.stacked).toEqual([2, 3, 4]);
  });

  it('power loss mid-stacking (12): RESET, recovered credit (81) reported once', async () => {
    const r = rig();
    await openAndEnable(r);
    r.emulator.powerCycle('stacking');
    r.emulator.insertNote(rubles(5000));
    await until(() => r.stacked.length === 1, 'recovered stacked');
    await until(() => r.driver.condition().kind === 'idling', 're-enabled');
    expect(r.stacked).toEqual([7]);
    expect(r.emulator.cassette().notes).toEqual([{ billType: 7, noteKopecks: rubles(5000) }]);
    const conditions = r.events.flatMap((event) =>
      event.kind === 'condition' ? [event.condition] : [],
    );
    expect(conditions).toContainEqual({ kind: 'power-up', variant: 'bill-in-stacker' });
  });

  it('enables again after the cassette is removed and re-inserted (42 → 13 → 19)', async () => {
    const r = rig();
    await openAndEnable(r);
    r.emulator.removeCassette();
    await until(() => r.driver.condition().kind === 'cassette-out', 'cassette-out');
    r.emulator.insertCassette();
    await until(() => r.emulator.snapshot().phase === 'idling', 'enabled again');
    r.emulator.insertNote(rubles(50));
    await until(() => r.stacked.length === 1, 'stacked after re-insert');
    expect(r.emulator.cassette().totalKopecks).toBe(rubles(50));
  });

  it('reports rejected notes and stacks nothing for them', async () => {
    const r = rig();
    await openAndEnable(r);
    r.emulator.insertUnknownNote();
    r.emulator.insertNewSeries(rubles(1000));
    await until(
      () => r.events.filter((event) => event.kind === 'rejected').length === 2,
      'two rejects',
    );
    const rejected = r.events.flatMap((event) => (event.kind === 'rejected' ? [event.reason] : []));
    expect(rejected).toEqual(['verification', 'identification']);
    expect(r.emulator.cassette().notes).toEqual([]);
  });

  it('sends ENABLE with escrow bits equal to the enable bits', async () => {
    const [host, device] = createMemoryLinkPair();
    const written: Uint8Array[] = [];
    const emulator = new CcnetEmulator({ timings: FAST_TIMINGS });
    emulator.attach(device);
    const spy: ByteLink = {
      ...host,
      write: async (bytes) => {
        written.push(bytes);
        await host.write(bytes);
      },
    };
    spy.setDataListener = (listener) => host.setDataListener(listener);
    spy.setCloseListener = (listener) => host.setCloseListener(listener);
    const driver = createCcnetDriver(spy, FAST_DRIVER);
    extraClosers.push(async () => {
      await driver.close();
      emulator.detach();
    });
    await driver.open();
    await driver.enable([2, 12]);
    const decoder = new FrameDecoder();
    const enables = written
      .flatMap((bytes) => decoder.push(bytes, 0))
      .filter((frame) => frame.payload[0] === 0x34);
    expect(Array.from(enables.at(-1)!.payload)).toEqual([0x34, 0x00, 0x10, 0x04, 0x00, 0x10, 0x04]);
  });

  it('STACK outside escrow is an illegal-command error, not a throw', async () => {
    const r = rig();
    await openAndEnable(r);
    expect(await r.driver.stack()).toEqual({
      ok: false,
      error: { kind: 'illegal-command', command: 'STACK' },
    });
  });
});

describe('CCNET driver: odd devices', () => {
  /** A scripted device: answers POLL with `pollAnswer`, ACKs everything else. */
  function scripted(pollAnswer: () => Uint8Array | null) {
    const [host, device] = createMemoryLinkPair();
    const decoder = new FrameDecoder();
    device.setDataListener((chunk) => {
      for (const frame of decoder.push(chunk, 0)) {
        const code = frame.payload[0]!;
        if (code === 0x00) continue;
        const answer = code === 0x33 ? pollAnswer() : Uint8Array.of(0x00);
        if (answer) void device.write(encodeFrame(answer));
      }
    });
    return host;
  }

  it('maps an unknown poll state to {kind: unknown} and keeps polling', async () => {
    const host = scripted(() => Uint8Array.of(0x99));
    const logs: string[] = [];
    const driver = createCcnetDriver(host, {
      ...FAST_DRIVER,
      log: (_level, message) => logs.push(message),
    });
    extraClosers.push(() => driver.close());
    const conditions: unknown[] = [];
    driver.setListener(async (event) => {
      if (event.kind === 'condition') conditions.push(event.condition);
    });
    // open() will not finish (the device never initialises) — we only watch the mapping.
    void driver.open();
    await until(() => conditions.length > 0, 'a condition');
    expect(conditions[0]).toEqual({ kind: 'unknown', code: 0x99 });
    expect(logs).toContain('ccnet: unknown poll state');
  });

  it('absent after silence, RESETs while absent, enables again when back', async () => {
    const [host, device] = createMemoryLinkPair();
    const emulator = new CcnetEmulator({ timings: FAST_TIMINGS });
    emulator.attach(device);
    const sent: string[] = [];
    const driver = createCcnetDriver(tapCommands(host, sent), {
      ...FAST_DRIVER,
      absentAfterMs: 300,
      absentResetIntervalMs: 300,
    });
    extraClosers.push(async () => {
      await driver.close();
      emulator.detach();
    });
    driver.setListener(async () => {});
    expect((await driver.open()).ok).toBe(true);
    await driver.enable(ALL_TYPES);
    await until(() => driver.condition().kind === 'idling', 'idling');
    emulator.detach();
    await until(() => driver.condition().kind === 'absent', 'absent');
    const absentAt = sent.length;
    await until(() => sent.slice(absentAt).includes('RESET'), 'RESET while absent');
    // It was off (power cut): back in power-up, the driver RESETs it and enables it again.
    emulator.powerCycle('now');
    emulator.attach(device);
    await until(() => emulator.snapshot().phase === 'idling', 'enabled again');
    expect(driver.condition().kind).not.toBe('absent');
  });

  it('does not RESET an absent device while a note is in escrow', async () => {
    const r = rig({ autoStack: false, driver: { absentAfterMs: 300, absentResetIntervalMs: 100 } });
    r.driver.setListener(async () => {});
    await openAndEnable(r);
    r.emulator.insertNote(rubles(100));
    await until(() => r.driver.condition().kind === 'escrow', 'escrow');
    r.emulator.detach();
    await until(() => r.driver.condition().kind === 'absent', 'absent');
    const absentAt = r.sent.length;
    await until(() => r.sent.length > absentAt + 10, 'ten more polls');
    expect(r.sent.slice(absentAt).filter((name) => name === 'RESET')).toEqual([]);
  });
});
