import { afterEach, describe, expect, it } from 'vitest';
import type { FiscalReceiptRequest } from '../../common/fiscal-port.ts';
import { kopecks } from '../../common/money.ts';
import { ShtrihFiscalRegistrar } from '../../main/devices/shtrih/driver.ts';
import { createMemoryLinkPair } from '../../protocol/memory-link.ts';
import { HOUR_MS, manualTime } from './clock.ts';
import { ShtrihEmulator, type ShtrihEmulatorOptions } from './emulator.ts';
import { pieceWithDocument, renderTapeText } from './render.ts';

/**
 * The kiosk's own Shtrih driver against this emulator, byte for byte over a memory link: what
 * one sends the other understands, and the driver's view of the device matches the ground truth.
 */
const START_MS = Date.UTC(2026, 0, 15, 9, 0, 0);
const FAST = {
  ackTimeoutMs: 200,
  byteTimeoutMs: 200,
  answerTimeoutMs: 1_000,
  statusTimeoutMs: 1_000,
  pollIntervalMs: 5,
  printWaitMsMax: 2_000,
  zReportWaitMsMax: 2_000,
};

const request: FiscalReceiptRequest = {
  items: [
    {
      name: 'Перевод Иванову И.И.',
      priceKopecks: kopecks(100_000),
      subject: 'payment',
      supplier: { name: 'ФКУ СИЗО-1', inn: '7707083893', phone: '+74950000001' },
    },
    {
      name: 'Вознаграждение агента',
      priceKopecks: kopecks(3_000),
      subject: 'agent-fee',
      supplier: null,
    },
  ],
  cashKopecks: kopecks(103_000),
  taxSystem: 'usn-income',
  agentPhones: ['+78005550101'],
  operatorPhone: '+74950000002',
  supplierPhone: '+74950000001',
  headerLines: ['ПЛАТЕЖНЫЙ АГЕНТ'],
  footerLines: ['Код перевода ABCD-1234'],
};

let drivers: ShtrihFiscalRegistrar[] = [];

function setUp(options: ShtrihEmulatorOptions = {}) {
  const time = manualTime(START_MS);
  const emulator = new ShtrihEmulator({ time, ...options });
  const [host, device] = createMemoryLinkPair();
  emulator.attach(device);
  const driver = new ShtrihFiscalRegistrar(host, FAST);
  drivers.push(driver);
  return { time, emulator, driver };
}

afterEach(async () => {
  for (const driver of drivers) await driver.close();
  drivers = [];
});

describe('Shtrih driver against the emulator', () => {
  it('opens a shift, issues an agent receipt, finds it, closes the shift', async () => {
    const { driver, emulator } = setUp();
    const opened = await driver.openShift();
    expect(opened).toMatchObject({ ok: true, value: { shiftNumber: 1, fdNumber: 1 } });
    const issued = await driver.issueReceipt(request);
    if (!issued.ok) throw new Error(JSON.stringify(issued.error));
    const truth = emulator.document(issued.value.fdNumber)!;
    expect(issued.value).toEqual({
      fdNumber: truth.fdNumber,
      fiscalSign: truth.fiscalSign,
      fnNumber: truth.fnNumber,
      shiftNumber: 1,
      receiptNumber: 1,
      issuedAt: truth.issuedAt,
      totalKopecks: 103_000,
    });
    expect(truth.items.map((item) => item.tlvs.map((tlv) => tlv.tag))).toEqual([
      [1222, 1224, 1226],
      [],
    ]);
    expect(truth.tlvs.map((tlv) => tlv.tag).sort()).toEqual([1057, 1073, 1074, 1171]);
    const found = await driver.findDocument(truth.fdNumber);
    expect(found).toMatchObject({
      ok: true,
      value: { kind: 'receipt', fiscalSign: truth.fiscalSign, totalKopecks: 103_000 },
    });
    const printed = renderTapeText(pieceWithDocument(emulator.tape(), truth.fdNumber)!);
    expect(printed).toContain('ПЛАТЕЖНЫЙ АГЕНТ');
    expect(printed).toContain('ИНН ПОСТАВЩИКА 7707083893');
    const closed = await driver.closeShift();
    expect(closed).toMatchObject({ ok: true, value: { shiftNumber: 1, fdNumber: 3 } });
    expect(emulator.documents().map((doc) => doc.kind)).toEqual([
      'shift-open',
      'receipt',
      'shift-close',
    ]);
  });

  it('reads the condition the emulator is in: shift, ФН, OFD queue, paper', async () => {
    const { driver, emulator, time } = setUp();
    await driver.openShift();
    emulator.setOfdLink('down');
    await driver.issueReceipt(request);
    emulator.setPaper(false);
    time.advance(25 * HOUR_MS);
    const condition = await driver.condition();
    if (!condition.ok) throw new Error(JSON.stringify(condition.error));
    expect(condition.value).toMatchObject({
      online: true,
      shift: 'expired',
      shiftNumber: 1,
      documentOpen: false,
      paper: 'out',
      fn: { number: '9999078900012345', phase: 'fiscal', lastFdNumber: 2 },
      ofd: { queueCount: 1, oldestQueuedAt: '2026-01-15T09:00' },
    });
    expect(condition.value.fn.warnings.ofdTimeout).toBe(true);
  });

  it('maps device errors to the port kinds: paper out, expired shift, bad password', async () => {
    const { driver, emulator, time } = setUp();
    await driver.openShift();
    emulator.setPaper(false);
    expect(await driver.issueReceipt(request)).toMatchObject({
      ok: false,
      error: { kind: 'paper-out' },
    });
    emulator.setPaper(true);
    time.advance(24 * HOUR_MS);
    expect(await driver.issueReceipt(request)).toMatchObject({
      ok: false,
      error: { kind: 'shift-expired' },
    });
    expect(emulator.status().mode).toBe(3);
    emulator.setOperatorPassword(30, 99);
    expect(await driver.xReport()).toMatchObject({ ok: false, error: { kind: 'bad-password' } });
    expect(emulator.documents().filter((doc) => doc.kind === 'receipt')).toEqual([]);
  });
});
