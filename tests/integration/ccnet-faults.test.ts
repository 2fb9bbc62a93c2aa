/**
 * Driver ↔ emulator over a real pty with wire and device faults. Every scenario checks the
 * money invariant: the notes the driver reported `stacked` are exactly the notes in the
 * emulator's cassette (same values, same count) — none twice, none lost.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Kopecks, rubles } from '../../common/money.ts';
import type { AcceptorEvent, BillTableEntry } from '../../common/ports.ts';
import type { FaultSettings } from '../../emulators/ccnet/faults.ts';
import { createPtyRig } from '../support/ccnet-pty-rig.ts';
import { type Rig, type RigOptions, until } from '../support/ccnet-rig.ts';

const ALL_TYPES = [2, 3, 4, 5, 6, 7, 12, 13];
const NOTES = [10, 50, 100, 200, 500, 1000, 2000, 5000].map(rubles);
const rigs: Rig[] = [];

afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.close();
});

type Harness = Rig & { table: readonly BillTableEntry[]; kopecksOf(billType: number): Kopecks };

async function start(options: RigOptions = {}): Promise<Harness> {
  const rig = await createPtyRig(options);
  rigs.push(rig);
  const opened = await rig.driver.open();
  if (!opened.ok) throw new Error(`open failed: ${JSON.stringify(opened.error)}`);
  expect((await rig.driver.enable(ALL_TYPES)).ok).toBe(true);
  await until(() => rig.emulator.snapshot().phase === 'idling', 'idling');
  const table = opened.value.billTable;
  const kopecksOf = (billType: number) => {
    const entry = table.find((row) => row.billType === billType);
    if (!entry) throw new Error(`driver reported unknown bill type ${billType}`);
    return entry.noteKopecks;
  };
  return { ...rig, table, kopecksOf };
}

/** Waits until the device is at rest with nothing queued and the driver caught up. */
async function settle(rig: Harness): Promise<void> {
  const diagnose = () =>
    JSON.stringify({
      stacked: rig.stacked,
      condition: rig.driver.condition(),
      device: rig.emulator.snapshot(),
    });
  await until(
    () => {
      const snapshot = rig.emulator.snapshot();
      return (
        snapshot.queuedNotes === 0 &&
        (snapshot.phase === 'idling' || snapshot.phase === 'disabled') &&
        rig.stacked.length >= snapshot.cassette.notes.length
      );
    },
    () => `device at rest and driver caught up: ${diagnose()}`,
    30_000,
  );
}

function expectInvariant(rig: Harness): void {
  const reported = rig.stacked.map((billType) => rig.kopecksOf(billType)).sort((a, b) => a - b);
  const cassette = rig.emulator.cassette();
  const inCassette = cassette.notes.map((note) => note.noteKopecks).sort((a, b) => a - b);
  expect(reported).toEqual(inCassette);
  expect(reported.reduce((sum, value) => sum + value, 0)).toBe(cassette.totalKopecks);
}

function stateHook(rig: Rig, phase: string, action: () => void): void {
  let fired = false;
  rig.emulator.onDidChange((change) => {
    if (fired || change.kind !== 'state' || change.snapshot.phase !== phase) return;
    fired = true;
    queueMicrotask(action);
  });
}

describe('wire faults', () => {
  const cases: [string, Partial<FaultSettings>][] = [
    ['dropped frames', { dropRate: 0.15 }],
    ['corrupted frames', { corruptRate: 0.15 }],
    ['split frames', { splitRate: 0.6 }],
    ['late answers (after the response timeout)', { delayMs: 200, delayRate: 0.1 }],
    [
      'everything at once',
      { dropRate: 0.08, corruptRate: 0.08, splitRate: 0.3, delayMs: 200, delayRate: 0.05 },
    ],
  ];
  it.each(cases)('%s: stacked == cassette', async (_name, faults) => {
    for (const seed of [7, 42]) {
      const rig = await start();
      rig.emulator.setFaults({ ...faults, seed });
      for (const note of NOTES) rig.emulator.insertNote(note);
      await settle(rig);
      rig.emulator.setFaults({ dropRate: 0, corruptRate: 0, splitRate: 0, delayRate: 0 });
      expectInvariant(rig);
      // The faults must not have eaten the whole test: most notes go through.
      expect(rig.emulator.cassette().notes.length).toBeGreaterThanOrEqual(4);
      await rig.close();
      rigs.splice(rigs.indexOf(rig), 1);
    }
  });
});

describe('device faults', () => {
  it('a rejected fake and an unknown new series are never credited', async () => {
    // Rejecting must last longer than a poll round trip for the driver to see it at all.
    const rig = await start({ emulator: { timings: { rejectMs: 250 } } });
    rig.emulator.insertNote(rubles(100));
    rig.emulator.insertUnknownNote();
    rig.emulator.insertNewSeries(rubles(5000));
    rig.emulator.insertNote(rubles(500));
    await settle(rig);
    await until(
      () => rig.events.filter((event) => event.kind === 'rejected').length === 2,
      'rejects',
    );
    expectInvariant(rig);
    expect(rig.emulator.cassette().totalKopecks).toBe(rubles(600));
  });

  it('validator jam mid-escrow: the note goes to the operator, not to the ledger', async () => {
    const rig = await start({ autoStack: false });
    const events: AcceptorEvent[] = [];
    let stackEscrows = false;
    rig.driver.setListener(async (event) => {
      events.push(event);
      if (event.kind === 'escrow' && stackEscrows) await rig.driver.stack();
      if (event.kind === 'stacked') rig.stacked.push(event.billType);
    });
    stateHook(rig, 'escrow', () => rig.emulator.jam('validator'));
    rig.emulator.insertNote(rubles(1000));
    await until(() => rig.driver.condition().kind === 'jam', 'jam reported');
    stackEscrows = true;
    rig.emulator.clearJam();
    await until(() => rig.emulator.snapshot().phase === 'idling', 're-enabled after jam');
    rig.emulator.insertNote(rubles(200));
    await settle(rig);
    expectInvariant(rig);
    expect(rig.emulator.cassette().totalKopecks).toBe(rubles(200));
  });

  it('cassette jam mid-stacking: note in cassette, credited once after clearing', async () => {
    const rig = await start();
    stateHook(rig, 'stacking', () => rig.emulator.jam('cassette'));
    rig.emulator.insertNote(rubles(2000));
    await until(() => rig.driver.condition().kind === 'jam', 'jam reported');
    rig.emulator.clearJam();
    await until(() => rig.stacked.length === 1, 'credit after clearing');
    await until(() => rig.emulator.snapshot().phase === 'idling', 're-enabled after jam');
    rig.emulator.insertNote(rubles(50));
    await settle(rig);
    expectInvariant(rig);
    expect(rig.emulator.cassette().totalKopecks).toBe(rubles(2050));
  });

  it('cassette out mid-escrow: note returned; acceptance resumes after re-insert', async () => {
    const rig = await start({ autoStack: false });
    let stackEscrows = false;
    const returned: number[] = [];
    rig.driver.setListener(async (event) => {
      rig.events.push(event);
      if (event.kind === 'escrow' && stackEscrows) await rig.driver.stack();
      if (event.kind === 'stacked') rig.stacked.push(event.billType);
      if (event.kind === 'returned') returned.push(event.billType);
    });
    stateHook(rig, 'escrow', () => rig.emulator.removeCassette());
    rig.emulator.insertNote(rubles(500));
    await until(() => rig.driver.condition().kind === 'cassette-out', 'cassette-out');
    expect(returned).toEqual([5]);
    stackEscrows = true;
    rig.emulator.insertCassette();
    await until(() => rig.emulator.snapshot().phase === 'idling', 're-enabled after re-insert');
    rig.emulator.insertNote(rubles(100));
    await settle(rig);
    expectInvariant(rig);
    expect(rig.emulator.cassette().totalKopecks).toBe(rubles(100));
  });

  it('power cut mid-escrow (11): note comes back, nothing credited, resumes', async () => {
    const rig = await start();
    rig.emulator.powerCycle('escrow');
    rig.emulator.insertNote(rubles(1000));
    await until(
      () =>
        rig.events.some(
          (event) => event.kind === 'condition' && event.condition.kind === 'power-up',
        ),
      'power-up reported',
    );
    await until(() => rig.emulator.snapshot().phase === 'idling', 're-enabled after power-up');
    rig.emulator.insertNote(rubles(10));
    await settle(rig);
    expectInvariant(rig);
    expect(rig.emulator.cassette().totalKopecks).toBe(rubles(10));
  });

  it('power cut mid-stacking (12): 81 after RESET, credited once, in cassette', async () => {
    const rig = await start();
    rig.emulator.powerCycle('stacking');
    rig.emulator.insertNote(rubles(5000));
    await until(() => rig.stacked.length === 1, 'credit recovery');
    await until(() => rig.emulator.snapshot().phase === 'idling', 're-enabled after power-up');
    rig.emulator.insertNote(rubles(100));
    await settle(rig);
    expectInvariant(rig);
    expect(rig.emulator.cassette().totalKopecks).toBe(rubles(5100));
    const conditions = rig.events.flatMap((event) =>
      event.kind === 'condition' ? [event.condition] : [],
    );
    expect(conditions).toContainEqual({ kind: 'power-up', variant: 'bill-in-stacker' });
  });

  it('power cut with the device off for a while: absent, then back, nothing doubled', async () => {
    const rig = await start({ driver: { absentAfterMs: 400, absentResetIntervalMs: 300 } });
    rig.emulator.insertNote(rubles(200));
    await settle(rig);
    rig.emulator.powerCycle('now', 2_500);
    await until(() => rig.driver.condition().kind === 'absent', 'absent');
    await until(() => rig.emulator.snapshot().phase === 'idling', 'back and re-enabled');
    rig.emulator.insertNote(rubles(200));
    await settle(rig);
    expectInvariant(rig);
    expect(rig.stacked).toEqual([12, 12]);
  });

  it('a second kiosk run on the same device (restart) does not double a stacked note', async () => {
    const rig = await start({ autoStack: false });
    // The first run persists nothing and never ACKs: its listener "crashes" on stacked.
    rig.driver.setListener(async (event) => {
      if (event.kind === 'escrow') await rig.driver.stack();
      if (event.kind === 'stacked') throw new Error('killed before persisting');
    });
    rig.emulator.insertNote(rubles(1000));
    await until(() => rig.emulator.snapshot().phase === 'stacked', 'device holds 81');
    expect(rig.emulator.cassette().notes).toHaveLength(1);
    expect(rig.emulator.snapshot().phase).toBe('stacked');
  });
});
