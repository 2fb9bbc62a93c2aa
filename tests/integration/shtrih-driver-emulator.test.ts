/**
 * The kiosk's Shtrih driver against the Shtrih emulator: real bytes both ways, over a memory
 * link and over a pty, with the emulator's ground truth (signed documents, printed tape) as the
 * judge of what the driver did.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FiscalReceiptRequest } from '../../common/fiscal-port.ts';
import { kopecks } from '../../common/money.ts';
import { ShtrihEmulator } from '../../emulators/shtrih/emulator.ts';
import { ShtrihFiscalRegistrar } from '../../main/devices/shtrih/driver.ts';
import { createMemoryLinkPair } from '../../protocol/memory-link.ts';
import { openSerialLink } from '../../protocol/serial-link.ts';
import { Command } from '../../protocol/shtrih/commands.ts';
import { openPtyPair } from '../support/pty.ts';

const DRIVER_TIMINGS = {
  ackTimeoutMs: 100,
  byteTimeoutMs: 100,
  answerTimeoutMs: 1_000,
  statusTimeoutMs: 1_000,
  closeReceiptTimeoutMs: 1_000,
  openShiftTimeoutMs: 1_000,
  zReportTimeoutMs: 1_000,
  pollIntervalMs: 10,
  printWaitMsMax: 5_000,
  zReportWaitMsMax: 5_000,
};

const REQUEST: FiscalReceiptRequest = {
  items: [
    {
      name: 'Перевод на лицевой счёт',
      priceKopecks: kopecks(150_000),
      subject: 'payment',
      supplier: { name: 'ООО Получатель', inn: '7707083893', phone: '+74950000001' },
    },
    {
      name: 'Вознаграждение агента',
      priceKopecks: kopecks(4_500),
      subject: 'agent-fee',
      supplier: null,
    },
  ],
  cashKopecks: kopecks(154_500),
  taxSystem: 'usn-income',
  agentPhones: ['+79990001122'],
  operatorPhone: '+74950000002',
  supplierPhone: '+74950000001',
  headerLines: ['ПЛАТЁЖНЫЙ АГЕНТ ООО Киоск'],
  footerLines: ['Статус перевода: kiosk.example/t/ABC'],
};

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function memoryRig() {
  const emulator = new ShtrihEmulator({ printingMs: 0 });
  const [host, device] = createMemoryLinkPair();
  emulator.attach(device);
  const driver = new ShtrihFiscalRegistrar(host, DRIVER_TIMINGS);
  cleanups.push(async () => {
    await driver.close();
    emulator.detach();
  });
  return { emulator, driver };
}

describe('driver ↔ emulator over a memory link', () => {
  it('opens a shift and issues an agent receipt the ФН signed as sent', async () => {
    const { emulator, driver } = memoryRig();
    const before = await driver.condition();
    expect(before).toMatchObject({ ok: true, value: { shift: 'closed', documentOpen: false } });
    const shift = await driver.openShift();
    expect(shift.ok).toBe(true);
    const receipt = await driver.issueReceipt(REQUEST);
    if (!receipt.ok) throw new Error(`receipt failed: ${JSON.stringify(receipt.error)}`);
    const signed = emulator.document(receipt.value.fdNumber);
    expect(signed).toMatchObject({
      fiscalSign: receipt.value.fiscalSign,
      fnNumber: receipt.value.fnNumber,
      shiftNumber: receipt.value.shiftNumber,
      receiptNumber: receipt.value.receiptNumber,
      issuedAt: receipt.value.issuedAt,
      totalKopecks: 154_500,
      operation: 1,
      taxSystemMask: 0x02,
    });
    expect(signed!.items.map((item) => [item.priceKopecks, item.taxBits])).toEqual([
      [150_000, 0x08],
      [4_500, 0x08],
    ]);
    expect(signed!.tlvs.map((tlv) => tlv.tag)).toEqual([1057, 1073, 1074, 1171]);
    const found = await driver.findDocument(receipt.value.fdNumber);
    expect(found).toMatchObject({
      ok: true,
      value: { kind: 'receipt', operation: 'income', totalKopecks: 154_500 },
    });
  });

  it('a receipt left open by a power loss is cancelled before the next one', async () => {
    const { emulator, driver } = memoryRig();
    expect((await driver.openShift()).ok).toBe(true);
    emulator.injectError(0x14, { command: Command.fnSendTlv });
    const failed = await driver.issueReceipt(REQUEST);
    expect(failed).toMatchObject({ ok: false, error: { kind: 'fn-blocked', code: 0x14 } });
    expect(await driver.condition()).toMatchObject({ ok: true, value: { documentOpen: false } });
    const second = await driver.issueReceipt(REQUEST);
    expect(second.ok).toBe(true);
  });

  it('the FF45 answer lost to a power failure: the receipt is found, not issued twice', async () => {
    const { emulator, driver } = memoryRig();
    expect((await driver.openShift()).ok).toBe(true);
    const documentsBefore = emulator.documents().length;
    // Four FF0C TLVs (1057, 1073, 1074, 1171), then FF45: armed once the fourth has run, the
    // power fails right after FF45 runs, before its answer leaves.
    const result = await withPowerLoss(emulator, driver, Command.fnSendTlv, 4, 'next');
    const issued = emulator.documents().slice(documentsBefore);
    expect(issued.map((document) => document.kind)).toEqual(['receipt']);
    expect(result).toMatchObject({
      ok: true,
      value: { fdNumber: issued[0]!.fdNumber, fiscalSign: issued[0]!.fiscalSign },
    });
  });

  it('power lost while a TLV runs: no receipt, and nothing is left open', async () => {
    const { emulator, driver } = memoryRig();
    expect((await driver.openShift()).ok).toBe(true);
    const documentsBefore = emulator.documents().length;
    const result = await withPowerLoss(emulator, driver, Command.fnSendTlv, 2, 'this');
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout' } });
    expect(emulator.documents().slice(documentsBefore)).toEqual([]);
    expect(await driver.condition()).toMatchObject({ ok: true, value: { documentOpen: false } });
  });

  it('a correction receipt for a held payment: «самостоятельно», приход, cash, basis printed', async () => {
    const { emulator, driver } = memoryRig();
    expect((await driver.openShift()).ok).toBe(true);
    const corrected = await driver.issueCorrection({
      ...REQUEST,
      correction: { settlementDate: '2026-12-01', orderNumber: null },
    });
    if (!corrected.ok) throw new Error(JSON.stringify(corrected.error));
    expect(emulator.document(corrected.value.fdNumber)).toMatchObject({
      kind: 'correction',
      correctionType: 0,
      operation: 1,
      totalKopecks: 154_500,
      fiscalSign: corrected.value.fiscalSign,
    });
    expect(corrected.value).toMatchObject({ totalKopecks: 154_500, receiptNumber: 1 });
    expect(tapeText(emulator)).toContain('КОРРЕКЦИЯ: РАСЧЁТ ОТ 01.12.2026');
  });

  it('the FF4A answer lost to a power failure: the correction is found, not issued twice', async () => {
    const { emulator, driver } = memoryRig();
    expect((await driver.openShift()).ok).toBe(true);
    const documentsBefore = emulator.documents().length;
    const unsubscribe = emulator.onDidChange((change) => {
      // Armed while FF4A runs: the correction is signed, then the power fails before the answer.
      if (change.kind === 'command' && change.code === Command.correctionReceiptV2) {
        emulator.powerLossAfterNextCommand();
      }
    });
    const power = setInterval(() => {
      if (!emulator.status().poweredOn) emulator.powerOn();
    }, 20);
    const corrected = await driver
      .issueCorrection({
        ...REQUEST,
        headerLines: [],
        correction: { settlementDate: '2026-12-01', orderNumber: '42' },
      })
      .finally(() => {
        clearInterval(power);
        unsubscribe();
      });
    const issued = emulator.documents().slice(documentsBefore);
    expect(issued.map((document) => document.kind)).toEqual(['correction']);
    expect(corrected).toMatchObject({ ok: true, value: { fdNumber: issued[0]!.fdNumber } });
  });

  it('closes the shift with a Z report and reports the shift-close document', async () => {
    const { emulator, driver } = memoryRig();
    expect((await driver.openShift()).ok).toBe(true);
    const closed = await driver.closeShift();
    if (!closed.ok) throw new Error(JSON.stringify(closed.error));
    expect(emulator.document(closed.value.fdNumber)).toMatchObject({
      fiscalSign: closed.value.fiscalSign,
    });
    expect(await driver.condition()).toMatchObject({ ok: true, value: { shift: 'closed' } });
  });
});

describe('driver ↔ emulator over a pty', () => {
  it('a full agent receipt crosses a real tty byte for byte', async () => {
    const pair = await openPtyPair();
    cleanups.push(() => pair.close());
    const emulator = new ShtrihEmulator({ printingMs: 0 });
    const deviceLink = await openSerialLink(pair.b, 115_200);
    emulator.attach(deviceLink);
    const hostLink = await openSerialLink(pair.a, 115_200);
    const driver = new ShtrihFiscalRegistrar(hostLink, DRIVER_TIMINGS);
    cleanups.push(async () => {
      await driver.close();
      emulator.detach();
      await deviceLink.close();
    });
    expect((await driver.openShift()).ok).toBe(true);
    const receipt = await driver.issueReceipt(REQUEST);
    if (!receipt.ok) throw new Error(`receipt failed: ${JSON.stringify(receipt.error)}`);
    expect(emulator.document(receipt.value.fdNumber)).toMatchObject({
      kind: 'receipt',
      fiscalSign: receipt.value.fiscalSign,
      totalKopecks: 154_500,
    });
    const printed = emulator
      .tape()
      .flatMap((piece) => piece.lines.flatMap((line) => (line.kind === 'text' ? [line.text] : [])));
    expect(printed.some((text) => text.includes('ПЛАТЁЖНЫЙ АГЕНТ'))).toBe(true);
    expect(printed.some((text) => text.includes('Статус перевода'))).toBe(true);
  });
});

/**
 * Issues REQUEST and cuts the power when `command` has run `count` times: right after that
 * command ('this', its answer is lost) or after the command that follows it ('next'). The power
 * comes back a moment later, as after a short outage.
 */
function tapeText(emulator: ShtrihEmulator): string {
  return emulator
    .tape()
    .flatMap((piece) => piece.lines.flatMap((line) => (line.kind === 'text' ? [line.text] : [])))
    .join('\n');
}

async function withPowerLoss(
  emulator: ShtrihEmulator,
  driver: ShtrihFiscalRegistrar,
  command: number,
  count: number,
  which: 'this' | 'next',
) {
  let seen = 0;
  const unsubscribe = emulator.onDidChange((change) => {
    if (change.kind !== 'command' || change.code !== command) return;
    seen += 1;
    if (seen !== count) return;
    // Armed inside a command, the loss hits that command; armed after it, the next one.
    if (which === 'this') emulator.powerLossAfterNextCommand();
    else setImmediate(() => emulator.powerLossAfterNextCommand());
  });
  const power = setInterval(() => {
    if (!emulator.status().poweredOn) emulator.powerOn();
  }, 20);
  try {
    return await driver.issueReceipt(REQUEST);
  } finally {
    clearInterval(power);
    unsubscribe();
  }
}
