import { afterEach, describe, expect, it } from 'vitest';
import type { FiscalReceiptRequest } from '../../../common/fiscal-port.ts';
import { kopecks } from '../../../common/money.ts';
import { createMemoryLinkPair } from '../../../protocol/memory-link.ts';
import { Command } from '../../../protocol/shtrih/commands.ts';
import { toHex } from '../../../protocol/shtrih/frame.ts';
import { Mode, StatusFlag, Submode } from '../../../protocol/shtrih/modes.ts';
import { FakeRegistrar, FN_NUMBER } from '../../../tests/support/shtrih-fake-registrar.ts';
import { ScriptedShtrih } from '../../../tests/support/shtrih-scripted-device.ts';
import { ShtrihFiscalRegistrar } from './driver.ts';

const FAST = {
  ackTimeoutMs: 40,
  byteTimeoutMs: 40,
  answerTimeoutMs: 150,
  statusTimeoutMs: 150,
  reportTimeoutMs: 150,
  zReportTimeoutMs: 150,
  openShiftTimeoutMs: 150,
  closeReceiptTimeoutMs: 150,
  enqAttemptsMax: 3,
  pollIntervalMs: 5,
  printWaitMsMax: 2_000,
  zReportWaitMsMax: 2_000,
};

let drivers: ShtrihFiscalRegistrar[] = [];

function setUp() {
  const [host, device] = createMemoryLinkPair();
  const fake = new FakeRegistrar();
  const scripted = new ScriptedShtrih(device, fake.handle);
  const driver = new ShtrihFiscalRegistrar(host, FAST);
  drivers.push(driver);
  return { driver, fake, scripted };
}

afterEach(async () => {
  for (const driver of drivers) await driver.close();
  drivers = [];
});

const REQUEST: FiscalReceiptRequest = {
  items: [
    {
      name: 'Перевод на лицевой счёт',
      priceKopecks: kopecks(150_000),
      subject: 'payment',
      supplier: { name: 'ООО «Получатель»', inn: '7707083893', phone: '+74950000001' },
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
  agentPhones: ['+79990001122', '+79990001133'],
  operatorPhone: '+74950000002',
  supplierPhone: '+74950000001',
  headerLines: ['ПЛАТЁЖНЫЙ АГЕНТ ООО «Киоск»'],
  footerLines: ['Статус перевода: kiosk.example/t/ABC'],
};

function requestsOf(fake: FakeRegistrar, code: number): unknown[] {
  return fake.log.filter((entry) => entry.code === code).map((entry) => entry.request);
}

describe('ShtrihFiscalRegistrar.issueReceipt', () => {
  it('runs the agent receipt sequence and answers with the ФН numbers', async () => {
    const { driver, fake } = setUp();
    const result = await driver.issueReceipt(REQUEST);
    expect(result).toEqual({
      ok: true,
      value: {
        fdNumber: 1235,
        fiscalSign: 3_000_001_235,
        fnNumber: FN_NUMBER,
        shiftNumber: 41,
        receiptNumber: 7,
        issuedAt: '2026-12-07T05:40',
        totalKopecks: 154_500,
      },
    });
    const sequence = fake.codes().filter((code) => code !== Command.fullStatus);
    expect(sequence.map((code) => code.toString(16))).toEqual([
      'ff01',
      '17',
      '8d',
      'ff46',
      'ff4d',
      'ff4d',
      'ff4d',
      'ff46',
      'ff0c',
      'ff0c',
      'ff0c',
      'ff0c',
      'ff0c',
      'ff45',
      'ff40',
      'ff01',
      '17',
      '29',
      '25',
    ]);
  });

  it('sends the item and receipt TLVs byte for byte', async () => {
    const { driver, fake } = setUp();
    await driver.issueReceipt(REQUEST);
    const itemTlvs = requestsOf(fake, Command.fnSendOperationTlv).map((request) =>
      toHex((request as { tlv: Uint8Array }).tlv),
    );
    expect(itemTlvs[0]).toBe('C6 04 01 00 04');
    // 1224 { 1225 "ООО «Получатель»" CP866 with '"' for the guillemets, 1171 phone }.
    expect(itemTlvs[1]!.startsWith('C8 04')).toBe(true);
    expect(itemTlvs[1]).toContain('C9 04 10 00 8E 8E 8E');
    expect(itemTlvs[1]).toContain('93 04 0C 00 2B 37 34 39 35');
    expect(itemTlvs[2]).toBe('CA 04 0C 00 37 37 30 37 30 38 33 38 39 33 20 20');
    const receiptTlvs = requestsOf(fake, Command.fnSendTlv).map((request) =>
      toHex((request as { tlv: Uint8Array }).tlv),
    );
    expect(receiptTlvs[0]).toBe('21 04 01 00 04');
    expect(receiptTlvs.slice(1, 3).every((tlv) => tlv.startsWith('31 04 0C 00'))).toBe(true);
    expect(receiptTlvs[3]!.startsWith('32 04')).toBe(true);
    expect(receiptTlvs[4]!.startsWith('93 04')).toBe(true);
  });

  it('FF46 carries price, «без НДС» bitmask, full settlement and the 1212 subject', async () => {
    const { driver, fake } = setUp();
    await driver.issueReceipt(REQUEST);
    const items = requestsOf(fake, Command.operationV2);
    expect(items[0]).toMatchObject({
      operation: 1,
      quantity: 1_000_000,
      priceKopecks: 150_000,
      amountKopecks: 150_000,
      taxKopecks: null,
      taxBits: 0x08,
      paymentMethod: 4,
      paymentSubject: 10,
      name: 'Перевод на лицевой счёт',
    });
    expect(items[1]).toMatchObject({ priceKopecks: 4_500, paymentSubject: 11 });
    const [close] = requestsOf(fake, Command.closeReceiptV2) as {
      paymentsKopecks: number[];
      taxesKopecks: number[];
      taxSystemBits: number;
    }[];
    expect(close!.paymentsKopecks[0]).toBe(154_500);
    expect(close!.paymentsKopecks.slice(1).every((sum) => sum === 0)).toBe(true);
    expect(close!.taxesKopecks).toEqual([0, 0, 0, 154_500, 0, 0]);
    expect(close!.taxSystemBits).toBe(0x02);
  });

  it('takes the date from the extended FF45 answer when the device sends it', async () => {
    const { driver, fake } = setUp();
    fake.extendedAnswers = true;
    const result = await driver.issueReceipt(REQUEST);
    expect(result).toMatchObject({ ok: true, value: { issuedAt: '2026-12-07T05:40' } });
  });

  it('cancels a receipt left open by a crash before printing anything', async () => {
    const { driver, fake } = setUp();
    fake.mode = 0x08;
    fake.fnDocument = 0x04;
    expect(await driver.issueReceipt(REQUEST)).toMatchObject({ ok: true });
    const sequence = fake.codes().filter((code) => code !== Command.fullStatus);
    expect(sequence.slice(0, 4).map((code) => code.toString(16))).toEqual([
      'ff01',
      '88',
      'ff01',
      'ff01',
    ]);
  });

  it('an error after 8Dh cancels the receipt (88h) and returns the error', async () => {
    const { driver, fake } = setUp();
    fake.injectError(Command.fnSendTlv, 0x14);
    const result = await driver.issueReceipt(REQUEST);
    expect(result).toMatchObject({ ok: false, error: { kind: 'fn-blocked', code: 0x14 } });
    const sequence = fake.codes().filter((code) => code !== Command.fullStatus);
    expect(sequence).toContain(Command.cancelReceipt);
    expect(sequence).not.toContain(Command.closeReceiptV2);
    expect(fake.mode).toBe(Mode.shiftOpen);
  });

  it('FF45 answer lost: the ФН says the receipt was issued, so it is not cancelled', async () => {
    const { driver, fake, scripted } = setUp();
    const original = fake.handle;
    scripted.handler = (code, payload) => {
      if (code === Command.closeReceiptV2) scripted.faults.loseAnswers = 1;
      return original(code, payload);
    };
    const result = await driver.issueReceipt(REQUEST);
    expect(result).toMatchObject({
      ok: true,
      value: { fdNumber: 1235, fiscalSign: 3_000_001_235 },
    });
    expect(fake.codes().filter((code) => code === Command.closeReceiptV2)).toHaveLength(1);
    expect(fake.codes()).not.toContain(Command.cancelReceipt);
  });

  it('refuses a receipt whose cash differs from the items, before opening it', async () => {
    const { driver, fake } = setUp();
    const result = await driver.issueReceipt({ ...REQUEST, cashKopecks: kopecks(1) });
    expect(result).toMatchObject({ ok: false, error: { kind: 'device', code: 0 } });
    expect(fake.log).toHaveLength(0);
  });

  it('reports shift-expired in mode 3 without opening a receipt', async () => {
    const { driver, fake } = setUp();
    fake.mode = Mode.shiftExpired;
    expect(await driver.issueReceipt(REQUEST)).toEqual({
      ok: false,
      error: { kind: 'shift-expired' },
    });
    expect(fake.codes()).not.toContain(Command.openReceipt);
  });

  it('continues printing with B0h when paper came back (submode 3)', async () => {
    const { driver, fake } = setUp();
    fake.submode = Submode.waitingContinue;
    expect(await driver.issueReceipt(REQUEST)).toMatchObject({ ok: true });
    expect(fake.codes()[1]).toBe(Command.continuePrinting);
  });

  it('paper out: no receipt is opened', async () => {
    const { driver, fake } = setUp();
    fake.submode = Submode.passivePaperOut;
    fake.flags &= ~StatusFlag.receiptPaperOptical;
    expect(await driver.issueReceipt(REQUEST)).toEqual({ ok: false, error: { kind: 'paper-out' } });
    expect(fake.codes()).not.toContain(Command.openReceipt);
  });
});
