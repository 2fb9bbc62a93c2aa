import { afterEach, describe, expect, it } from 'vitest';
import type { FiscalError } from '../../../common/fiscal-port.ts';
import { createMemoryLinkPair } from '../../../protocol/memory-link.ts';
import { Command } from '../../../protocol/shtrih/commands.ts';
import { Mode, StatusFlag, Submode } from '../../../protocol/shtrih/modes.ts';
import { FakeRegistrar, FN_NUMBER } from '../../../tests/support/shtrih-fake-registrar.ts';
import { ScriptedShtrih } from '../../../tests/support/shtrih-scripted-device.ts';
import { ShtrihFiscalRegistrar } from './driver.ts';

const FAST = {
  ackTimeoutMs: 40,
  byteTimeoutMs: 40,
  answerTimeoutMs: 150,
  statusTimeoutMs: 150,
  enqAttemptsMax: 3,
  pollIntervalMs: 5,
  printWaitMsMax: 2_000,
  zReportWaitMsMax: 2_000,
};

let drivers: ShtrihFiscalRegistrar[] = [];

function setUp(options: Record<string, unknown> = {}) {
  const [host, device] = createMemoryLinkPair();
  const fake = new FakeRegistrar();
  const scripted = new ScriptedShtrih(device, fake.handle);
  const driver = new ShtrihFiscalRegistrar(host, { ...FAST, ...options });
  drivers.push(driver);
  return { driver, fake, scripted };
}

afterEach(async () => {
  for (const driver of drivers) await driver.close();
  drivers = [];
});

describe('condition()', () => {
  it('assembles 11h, FF01, FF03, FF39 and FF40 into one FiscalCondition', async () => {
    const { driver } = setUp();
    expect(await driver.condition()).toEqual({
      ok: true,
      value: {
        online: true,
        shift: 'open',
        shiftNumber: 41,
        documentOpen: false,
        printing: 'idle',
        paper: 'ok',
        coverOpen: false,
        fn: {
          number: FN_NUMBER,
          phase: 'fiscal',
          lastFdNumber: 1234,
          validUntil: '2028-03-01',
          warnings: {
            replaceUrgently: false,
            resourceLow: false,
            memoryNearFull: false,
            ofdTimeout: false,
            critical: false,
          },
        },
        ofd: { queueCount: 2, oldestQueuedAt: '2026-12-07T05:10' },
        clock: '2026-12-07T05:40:12',
      },
    });
  });

  it('reads paper out, cover open, an expired shift and an open document', async () => {
    const { driver, fake } = setUp();
    fake.flags = StatusFlag.coverOpen;
    fake.submode = Submode.activePaperOut;
    fake.mode = Mode.shiftExpired;
    const result = await driver.condition();
    expect(result).toMatchObject({
      ok: true,
      value: { paper: 'out', coverOpen: true, shift: 'expired', printing: 'paper-out-waiting' },
    });
    fake.mode = 0x08;
    fake.submode = Submode.waitingContinue;
    fake.flags = StatusFlag.receiptPaperOptical;
    expect(await driver.condition()).toMatchObject({
      ok: true,
      value: { documentOpen: true, printing: 'waiting-continue', paper: 'ok' },
    });
  });

  it('is offline when nothing answers', async () => {
    const { driver, scripted } = setUp();
    scripted.faults.silent = true;
    expect(await driver.condition()).toEqual({ ok: false, error: { kind: 'offline' } });
  });
});

describe('device error codes become FiscalError kinds', () => {
  const cases: [number, FiscalError][] = [
    [0x4f, { kind: 'bad-password' }],
    [0x6b, { kind: 'paper-out' }],
    [0x14, { kind: 'fn-blocked', code: 0x14, message: 'ФН: исчерпан ресурс хранения' }],
    [0x16, { kind: 'shift-expired' }],
    [0x4e, { kind: 'shift-expired' }],
    [0x3d, { kind: 'shift-closed' }],
    [0x4a, { kind: 'document-state', code: 0x4a }],
    [0x02, { kind: 'document-state', code: 0x02 }],
    [0x71, { kind: 'device', code: 0x71, message: 'Ошибка отрезчика' }],
    [0xa1, { kind: 'fn-blocked', code: 0xa1, message: 'ФН-М: ошибка ФН A1h' }],
  ];
  it.each(cases)('error %i', async (code, expected) => {
    const { driver, fake } = setUp();
    fake.injectError(Command.fnShiftParameters, code);
    expect(await driver.shiftCounters()).toEqual({ ok: false, error: expected });
  });

  it('73h (not in this mode) is explained by the mode read right after it', async () => {
    const { driver, fake } = setUp();
    fake.mode = Mode.shiftExpired;
    fake.injectError(Command.xReport, 0x73);
    expect(await driver.xReport()).toEqual({ ok: false, error: { kind: 'shift-expired' } });
  });

  it('50h (still printing): waits for printing to end, then the command goes through', async () => {
    const { driver, fake } = setUp();
    fake.injectError(Command.printLine, 0x50);
    expect(await driver.printText(['строка'])).toEqual({ ok: true, value: undefined });
    expect(fake.codes().filter((code) => code === Command.printLine)).toHaveLength(2);
  });

  it('50h that never clears ends as busy', async () => {
    const { driver, fake } = setUp({ busyRetriesMax: 2 });
    fake.injectError(Command.printLine, 0x50, 0x50, 0x50, 0x50);
    expect(await driver.printText(['x'])).toEqual({ ok: false, error: { kind: 'busy' } });
  });
});

describe('shift, reports and documents', () => {
  it('closeShift: 41h, then polls until mode 4, and reports the shift-close document', async () => {
    const { driver, fake } = setUp();
    fake.zReportPolls = 3;
    expect(await driver.closeShift()).toEqual({
      ok: true,
      value: { shiftNumber: 41, fdNumber: 1235, fiscalSign: 3_000_001_235 },
    });
    expect(fake.mode).toBe(Mode.shiftClosed);
  });

  it('openShift: E0h, then the new shift number and its FD', async () => {
    const { driver, fake } = setUp();
    fake.mode = Mode.shiftClosed;
    expect(await driver.openShift()).toEqual({
      ok: true,
      value: { shiftNumber: 42, fdNumber: 1235, fiscalSign: 3_000_001_235 },
    });
  });

  it('findDocument: a receipt, and null for a number the ФН does not hold', async () => {
    const { driver } = setUp();
    const report = await driver.closeShift();
    expect(report.ok).toBe(true);
    expect(await driver.findDocument(1235)).toEqual({
      ok: true,
      value: {
        fdNumber: 1235,
        kind: 'shift-close',
        fiscalSign: 3_000_001_235,
        issuedAt: '2026-12-07T05:40',
        operation: null,
        totalKopecks: null,
      },
    });
    expect(await driver.findDocument(999)).toEqual({ ok: true, value: null });
  });

  it('cancelOpenDocument: 88h for the ККТ receipt, FF08 for a ФН-only document', async () => {
    const { driver, fake } = setUp();
    fake.mode = 0x08;
    fake.fnDocument = 0x04;
    expect(await driver.cancelOpenDocument()).toEqual({ ok: true, value: undefined });
    expect(fake.codes()).toContain(Command.cancelReceipt);
    fake.fnDocument = 0x02;
    expect(await driver.cancelOpenDocument()).toEqual({ ok: true, value: undefined });
    expect(fake.codes()).toContain(Command.fnCancelDocument);
    expect(fake.fnDocument).toBe(0);
  });

  it('printText wraps to the line width, prints WIN1251 lines, feeds and cuts', async () => {
    const { driver, fake } = setUp({ lineWidthChars: 10 });
    expect(await driver.printText(['Инкассация 12345 руб'])).toEqual({
      ok: true,
      value: undefined,
    });
    const lines = fake.log
      .filter((entry) => entry.code === Command.printLine)
      .map((entry) => (entry.request as { text: string }).text);
    expect(lines).toEqual(['Инкассация', '12345 руб']);
    expect(fake.codes().slice(-2)).toEqual([Command.feed, Command.cut]);
  });
});

describe('one command at a time', () => {
  it('40 concurrent port calls all succeed and never interleave their commands', async () => {
    const { driver, fake, scripted } = setUp();
    const calls = Array.from({ length: 40 }, (_, index) => {
      if (index % 4 === 0) return driver.condition();
      if (index % 4 === 1) return driver.shiftCounters();
      if (index % 4 === 2) return driver.printText([`строка ${index}`]);
      return driver.findDocument(1);
    });
    const results = await Promise.all(calls);
    expect(results.every((result) => result.ok)).toBe(true);
    // Every frame the device got was whole (good LRC): bytes of two callers never mixed.
    expect(scripted.commandFrames.length).toBe(scripted.executed.length);
    expect(fake.log.length).toBe(scripted.executed.length);
    // Each printText is one unbroken run: its lines, feed and cut, nothing in between.
    const codes = fake.codes().filter((code) => code !== Command.fullStatus);
    codes.forEach((code, index) => {
      if (code === Command.printLine) expect(codes[index + 1]).toBe(Command.feed);
      if (code === Command.feed) expect(codes[index + 1]).toBe(Command.cut);
    });
  });
});
