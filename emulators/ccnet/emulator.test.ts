import { afterEach, describe, expect, it } from 'vitest';
import { rubles } from '../../common/money.ts';
import {
  encodeCommand,
  encodeFrame,
  FrameDecoder,
  fromHex,
  toHex,
} from '../../protocol/ccnet/frame.ts';
import { createMemoryLinkPair } from '../../protocol/memory-link.ts';
import { CcnetEmulator, type CcnetEmulatorOptions, type NoteEvent } from './emulator.ts';

/** A host that speaks raw frames to the emulator, with a hand-moved clock. */
function bench(options: CcnetEmulatorOptions = {}) {
  let nowMs = 0;
  const [host, device] = createMemoryLinkPair();
  const emulator = new CcnetEmulator({ ...options, now: () => nowMs });
  emulator.attach(device);
  const decoder = new FrameDecoder();
  const answers: string[] = [];
  host.setDataListener((chunk) => {
    for (const frame of decoder.push(chunk, 0)) answers.push(toHex(frame.payload));
  });
  const notes: NoteEvent[] = [];
  emulator.onDidChange((change) => {
    if (change.kind === 'note') notes.push(change.event);
  });
  /** Sends one command and returns the answer payload as hex ('' for none). */
  const send = async (command: number, data = '') => {
    const before = answers.length;
    await host.write(encodeCommand(command, fromHex(data)));
    for (let spin = 0; spin < 50 && answers.length === before; spin++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    return answers.slice(before).join(' | ');
  };
  const ack = async () => {
    await host.write(encodeFrame(Uint8Array.of(0)));
    for (let spin = 0; spin < 5; spin++) await new Promise((resolve) => setImmediate(resolve));
  };
  const poll = () => send(0x33);
  /** Moves the device clock without sending anything. */
  const tick = (ms: number) => {
    nowMs += ms;
  };
  const raw = async (bytes: Uint8Array) => {
    const before = answers.length;
    await host.write(bytes);
    for (let spin = 0; spin < 50 && answers.length === before; spin++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    return answers.slice(before).join(' | ');
  };
  const advance = async (ms: number) => {
    nowMs += ms;
    await poll(); // every command advances the device's clock first
  };
  benches.push(() => emulator.detach());
  return { emulator, send, poll, ack, advance, tick, raw, notes };
}

const benches: (() => void)[] = [];
afterEach(() => {
  for (const stop of benches.splice(0)) stop();
});

const ENABLE_ALL_ESCROW = '00 30 FC 00 30 FC';

/** Power-up → RESET → initialise → enabled, idling. */
async function ready(b: ReturnType<typeof bench>) {
  expect(await b.send(0x30)).toBe('00');
  await b.advance(1_000);
  expect(await b.send(0x34, ENABLE_ALL_ESCROW)).toBe('00');
  expect(await b.poll()).toBe('14');
}

describe('CcnetEmulator: power-up and initialisation (ccnet.md §9)', () => {
  it('answers 10 after power-up, ACKs RESET, initialises (13), then disabled (19)', async () => {
    const b = bench();
    expect(await b.poll()).toBe('10');
    expect(await b.send(0x30)).toBe('00');
    expect(await b.poll()).toBe('13');
    await b.advance(1_000);
    expect(await b.poll()).toBe('19');
  });

  it('gives identification and the default Russian bill table while disabled', async () => {
    const b = bench();
    await b.send(0x30);
    await b.advance(1_000);
    const identification = await b.send(0x37);
    expect(identification.split(' ')).toHaveLength(34);
    const table = (await b.send(0x41)).split(' ');
    expect(table).toHaveLength(120);
    // type 2 = 10 RUS, type 12 = 200 RUS, type 8 empty: not contiguous.
    expect(table.slice(10, 15).join(' ')).toBe('01 52 55 53 01');
    expect(table.slice(60, 65).join(' ')).toBe('02 52 55 53 02');
    expect(table.slice(40, 45).join(' ')).toBe('00 00 00 00 00');
  });

  it('refuses IDENTIFICATION and GET BILL TABLE while enabled (ILLEGAL 30)', async () => {
    const b = bench();
    await ready(b);
    expect(await b.send(0x37)).toBe('30');
    expect(await b.send(0x41)).toBe('30');
  });

  it('reports enabled types in GET STATUS and answers unknown commands with ILLEGAL', async () => {
    const b = bench();
    await ready(b);
    expect(await b.send(0x31)).toBe('00 30 FC 00 00 00');
    expect(await b.send(0x32, '00 00 04')).toBe('00');
    expect(await b.send(0x31)).toBe('00 30 FC 00 00 04');
    expect(await b.send(0x77)).toBe('30');
  });

  it('answers a garbled command with NAK', async () => {
    const b = bench();
    const frame = encodeCommand(0x33);
    frame[5] = frame[5]! ^ 0xff;
    expect(await b.raw(frame)).toBe('FF');
  });
});

describe('CcnetEmulator: a note (ccnet.md §7, §9)', () => {
  it('15 → 80 yy → STACK → 17 → 81 yy repeated until ACK → 14', async () => {
    const b = bench();
    await ready(b);
    b.emulator.insertNote(rubles(100));
    expect(await b.poll()).toBe('15');
    await b.advance(1_000);
    expect(await b.poll()).toBe('80 04');
    expect(await b.send(0x35)).toBe('00');
    expect(await b.poll()).toBe('17');
    await b.advance(1_000);
    expect(await b.poll()).toBe('81 04');
    expect(await b.poll()).toBe('81 04');
    await b.ack();
    expect(await b.poll()).toBe('14');
    expect(b.emulator.cassette()).toEqual({
      notes: [{ billType: 4, noteKopecks: rubles(100) }],
      totalKopecks: rubles(100),
    });
  });

  it('with repeatUntilAck off, 81 is told once', async () => {
    const b = bench({ repeatUntilAck: false });
    await ready(b);
    b.emulator.insertNote(rubles(50));
    await b.advance(1_000);
    expect(await b.send(0x35)).toBe('00');
    await b.advance(1_000);
    expect(await b.poll()).toBe('14');
    expect(b.emulator.cassette().notes).toHaveLength(1);
  });

  it('a strict ACK deadline ignores a late ACK (the device then repeats 81)', async () => {
    const b = bench({ ackDeadlineMs: 10 });
    await ready(b);
    b.emulator.insertNote(rubles(50));
    await b.advance(1_000);
    await b.send(0x35);
    await b.advance(1_000);
    expect(await b.poll()).toBe('81 03');
    b.tick(50);
    await b.ack();
    expect(await b.poll()).toBe('81 03');
    await b.ack();
    expect(await b.poll()).toBe('14');
  });

  it('STACK, RETURN and HOLD are ILLEGAL outside escrow', async () => {
    const b = bench();
    await ready(b);
    expect(await b.send(0x35)).toBe('30');
    expect(await b.send(0x36)).toBe('30');
    expect(await b.send(0x38)).toBe('30');
  });

  it('escrow times out after 10 s → 18 → 82 yy until ACK; HOLD buys 10 s', async () => {
    const b = bench();
    await ready(b);
    b.emulator.insertNote(rubles(1000));
    await b.advance(1_000);
    expect(await b.poll()).toBe('80 06');
    await b.advance(9_000);
    expect(await b.send(0x38)).toBe('00');
    expect(await b.poll()).toBe('1A');
    await b.advance(9_000);
    expect(await b.poll()).toBe('1A');
    await b.advance(2_000);
    expect(await b.poll()).toBe('18');
    await b.advance(1_000);
    expect(await b.poll()).toBe('82 06');
    await b.ack();
    expect(await b.poll()).toBe('14');
    expect(b.emulator.cassette().notes).toEqual([]);
    expect(b.notes.map((note) => note.kind)).toEqual(['inserted', 'returned']);
  });

  it('rejects a fake (1C 66), a new series (1C 65) and a disabled type (1C 68)', async () => {
    const b = bench();
    await b.send(0x30);
    await b.advance(1_000);
    expect(await b.send(0x34, '00 00 10 00 00 10')).toBe('00'); // only type 4 (100 ₽)
    b.emulator.insertUnknownNote();
    await b.advance(1_000);
    expect(await b.poll()).toBe('1C 66');
    await b.advance(1_000);
    b.emulator.insertNewSeries(rubles(100));
    await b.advance(1_000);
    expect(await b.poll()).toBe('1C 65');
    await b.advance(1_000);
    b.emulator.insertNote(rubles(500));
    await b.advance(1_000);
    expect(await b.poll()).toBe('1C 68');
    await b.advance(1_000);
    expect(await b.poll()).toBe('14');
    expect(b.notes.filter((note) => note.kind === 'rejected')).toHaveLength(3);
  });

  it('refuses a note while disabled', async () => {
    const b = bench();
    await b.send(0x30);
    await b.advance(1_000);
    b.emulator.insertNote(rubles(100));
    await b.poll();
    expect(b.notes.map((note) => note.kind)).toEqual(['inserted', 'rejected']);
  });
});

describe('CcnetEmulator: faults', () => {
  it('power cut mid-stacking: 12; after RESET + INITIALIZE 81; note in cassette', async () => {
    const b = bench();
    await ready(b);
    b.emulator.insertNote(rubles(5000));
    await b.advance(1_000);
    b.emulator.powerCycle('stacking');
    expect(await b.send(0x35)).toBe('00');
    expect(await b.poll()).toBe('12');
    expect(b.emulator.cassette().totalKopecks).toBe(rubles(5000));
    expect(await b.send(0x30)).toBe('00');
    expect(await b.poll()).toBe('13');
    await b.advance(1_000);
    expect(await b.poll()).toBe('81 07');
    await b.ack();
    expect(await b.poll()).toBe('19');
  });

  it('power cut mid-escrow: 11, and RESET gives the note back', async () => {
    const b = bench();
    await ready(b);
    b.emulator.powerCycle('escrow');
    b.emulator.insertNote(rubles(500));
    await b.advance(1_000);
    expect(await b.poll()).toBe('11');
    await b.send(0x30);
    await b.advance(1_000);
    expect(await b.poll()).toBe('19');
    expect(b.emulator.cassette().notes).toEqual([]);
    expect(b.notes.map((note) => note.kind)).toEqual(['inserted', 'returned']);
  });

  it('cassette out (42) → re-insert → 13 → 19 with acceptance disabled', async () => {
    const b = bench();
    await ready(b);
    b.emulator.removeCassette();
    expect(await b.poll()).toBe('42');
    b.emulator.insertCassette();
    expect(await b.poll()).toBe('13');
    await b.advance(1_000);
    expect(await b.poll()).toBe('19');
  });

  it('jams: validator 43, cassette 44; clearing re-initialises', async () => {
    const b = bench();
    await ready(b);
    b.emulator.jam('validator');
    expect(await b.poll()).toBe('43');
    b.emulator.clearJam();
    expect(await b.poll()).toBe('13');
    await b.advance(1_000);
    b.emulator.jam('cassette');
    expect(await b.poll()).toBe('44');
  });

  it('a full cassette reports 41 and refuses notes until collected', async () => {
    const b = bench({ cassetteCapacity: 1 });
    await ready(b);
    b.emulator.insertNote(rubles(100));
    await b.advance(1_000);
    await b.send(0x35);
    await b.advance(1_000);
    expect(await b.poll()).toBe('81 04');
    await b.ack();
    expect(await b.poll()).toBe('41');
    b.emulator.insertNote(rubles(100));
    await b.poll();
    expect(b.notes.at(-1)?.kind).toBe('rejected');
    expect(b.emulator.collectCassette().totalKopecks).toBe(rubles(100));
    expect(await b.poll()).toBe('14');
    expect(b.emulator.cassette().notes).toEqual([]);
  });

  it('fault decisions come from the seed: the same seed drops the same answers', async () => {
    const run = async () => {
      const b = bench();
      b.emulator.setFaults({ dropRate: 0.5, seed: 1234 });
      const seen: string[] = [];
      for (let index = 0; index < 20; index++) seen.push(await b.poll());
      return seen.join(',');
    };
    const first = await run();
    expect(first).toContain('10');
    expect(first.split(',').filter((answer) => answer === '')).not.toHaveLength(0);
    expect(await run()).toBe(first);
  });
});
