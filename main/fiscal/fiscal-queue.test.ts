import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FiscalRegistrarDouble } from '../../tests/support/fiscal-registrar-double.ts';
import { sampleFiscalConfig, seedFiscalPayments } from '../../tests/support/fiscal-support.ts';
import { tempDir } from '../../tests/support/ledger-support.ts';
import { seedTransfers } from '../../tests/support/sync-support.ts';
import { type Ledger, openLedger } from '../ledger/ledger.ts';
import { type CreateFiscalDeps, createFiscal, type Fiscal } from './create-fiscal.ts';
import type { FiscalAlert } from './fiscal-log.ts';

const startMs = Date.UTC(2026, 5, 10, 9, 0);
let temp: ReturnType<typeof tempDir>;
let ledger: Ledger;
let nowMs: number;
let port: FiscalRegistrarDouble;
let alerts: FiscalAlert[];
const silent = { info() {}, warn() {}, error() {} };

function fiscalOver(overrides: Partial<CreateFiscalDeps> = {}): Fiscal {
  return createFiscal({
    ledger,
    port,
    config: () => sampleFiscalConfig,
    utcOffsetMinutes: () => 180,
    now: () => nowMs,
    log: silent,
    holdsCash: () => false,
    sessionOpen: () => false,
    onAlert: (alert) => alerts.push(alert),
    ...overrides,
  });
}

beforeEach(() => {
  temp = tempDir();
  ledger = openLedger(join(temp.dir, 'ledger.db'));
  nowMs = startMs;
  port = new FiscalRegistrarDouble(() => nowMs);
  alerts = [];
});
afterEach(() => {
  ledger.close();
  temp.remove();
});

/** Receipts in the ФН per total: one per payment means each total appears once here. */
function receiptTotals(): number[] {
  return port.receipts().map((receipt) => receipt.totalKopecks ?? -1);
}

describe('fiscal queue: one receipt per payment', () => {
  it('opens the shift, issues the receipt and records its document', async () => {
    const [transferId] = seedFiscalPayments(ledger, { count: 1, startMs });
    const fiscal = fiscalOver();
    const outcome = await fiscal.issueFor(transferId!);
    expect(outcome).toEqual({
      kind: 'issued',
      document: {
        kind: 'receipt',
        fdNumber: 102,
        fiscalSign: 1_000_000 + 102 * 7,
        fnNumber: port.fnNumber,
        shiftNumber: 1,
        receiptNumber: 1,
        issuedAt: '2026-06-10T09:00',
        totalKopecks: 100_000,
      },
    });
    const request = port.receipts()[0]!.request!;
    expect(request.items.map((item) => [item.subject, item.priceKopecks])).toEqual([
      ['payment', 97_000],
      ['agent-fee', 3_000],
    ]);
    expect(ledger.fiscal.shift()).toMatchObject({ shiftNumber: 1, openedAtMs: startMs });
  });

  it('a payment without a fiscal intent (before fiscalisation) has none', async () => {
    const [old] = seedTransfers(ledger, { count: 1, startMs });
    expect(await fiscalOver().issueFor(old!)).toEqual({ kind: 'none' });
    expect(port.receipts()).toEqual([]);
  });

  it('refused before the receipt opened: waits, then issues exactly one', async () => {
    const [transferId] = seedFiscalPayments(ledger, { count: 1, startMs });
    port.receiptFailures.push('before-open');
    const fiscal = fiscalOver();
    expect(await fiscal.issueFor(transferId!)).toMatchObject({ kind: 'waiting' });
    expect(ledger.fiscal.intent(transferId!)?.state).toBe('issuing');
    expect(await fiscal.issueFor(transferId!)).toMatchObject({ kind: 'issued' });
    expect(receiptTotals()).toEqual([100_000]);
  });

  it('answer to the close lost: after a restart the receipt is found, never issued twice', async () => {
    const [transferId] = seedFiscalPayments(ledger, { count: 1, startMs });
    port.receiptFailures.push('answer-lost');
    expect(await fiscalOver().issueFor(transferId!)).toMatchObject({ kind: 'waiting' });
    expect(port.receipts()).toHaveLength(1);
    const restarted = fiscalOver();
    await restarted.recover();
    expect(ledger.fiscal.intent(transferId!)?.document).toMatchObject({
      fdNumber: 102,
      receiptNumber: 1,
      shiftNumber: 1,
    });
    expect(receiptTotals()).toEqual([100_000]);
  });

  it('answer lost, then a Z and a new shift before recovery: found in the old shift', async () => {
    const [transferId] = seedFiscalPayments(ledger, { count: 1, startMs });
    port.receiptFailures.push('answer-lost');
    await fiscalOver().issueFor(transferId!);
    await port.closeShift();
    await port.openShift();
    await fiscalOver().recover();
    expect(ledger.fiscal.intent(transferId!)?.document).toMatchObject({
      fdNumber: 102,
      shiftNumber: 1,
      receiptNumber: null,
    });
    expect(port.receipts()).toHaveLength(1);
  });

  it('a crash after the attempt was recorded and before it was sent: issued once on recovery', async () => {
    const [transferId] = seedFiscalPayments(ledger, { count: 1, startMs });
    await port.openShift();
    ledger.fiscal.beginAttempt(transferId!, {
      fnNumber: port.fnNumber,
      fdBefore: port.lastFd,
      atMs: startMs,
    });
    await fiscalOver().recover();
    expect(ledger.fiscal.intent(transferId!)?.state).toBe('issued');
    expect(port.receipts()).toHaveLength(1);
  });

  it('a receipt left open by a crash is cancelled, then issued once', async () => {
    const [transferId] = seedFiscalPayments(ledger, { count: 1, startMs });
    port.receiptFailures.push('left-open');
    expect(await fiscalOver().issueFor(transferId!)).toMatchObject({ kind: 'waiting' });
    expect(port.documentOpen).toBe(true);
    await fiscalOver().recover();
    expect(port.documentOpen).toBe(false);
    expect(ledger.fiscal.intent(transferId!)?.state).toBe('issued');
    expect(port.receipts()).toHaveLength(1);
  });

  it('a ФН failure holds the receipt, alerts, blocks cash; issued when the ФН is back', async () => {
    const [first, second] = seedFiscalPayments(ledger, { count: 2, startMs });
    port.fnBlocked = true;
    const fiscal = fiscalOver();
    expect(await fiscal.issueFor(first!)).toMatchObject({ kind: 'held' });
    expect(alerts.map((alert) => alert.kind)).toEqual(['receipt-held', 'receipt-held']);
    expect(ledger.fiscal.intent(second!)?.state).toBe('held');
    expect(await fiscal.gate()).toMatchObject({ kind: 'refused', reason: 'receipts-held' });
    expect(fiscal.status()).toMatchObject({ state: 'blocked', heldCount: 2 });
    port.fnBlocked = false;
    const report = await fiscal.tick();
    expect(report.released).toBe(2);
    expect(ledger.fiscal.counts()).toMatchObject({ held: 0, issued: 2 });
    expect(port.receipts()).toHaveLength(2);
    expect((await fiscal.gate()).kind).toBe('ok');
  });

  it('the ФН replaced after an attempt: held for the operator, nothing issued blindly', async () => {
    const [transferId] = seedFiscalPayments(ledger, { count: 1, startMs });
    port.receiptFailures.push('before-open');
    await fiscalOver().issueFor(transferId!);
    port.fnNumber = '9999078900005678';
    await fiscalOver().recover();
    expect(ledger.fiscal.intent(transferId!)).toMatchObject({ state: 'held' });
    expect(alerts.at(-1)?.kind).toBe('fn-changed');
    expect(port.receipts()).toHaveLength(0);
  });

  it('a held payment is closed by a correction receipt', async () => {
    const [transferId] = seedFiscalPayments(ledger, { count: 1, startMs });
    port.fnBlocked = true;
    const fiscal = fiscalOver();
    await fiscal.issueFor(transferId!);
    port.fnBlocked = false;
    const corrected = await fiscal.correct(transferId!, {
      settlementDate: '2026-06-10',
      orderNumber: null,
    });
    expect(corrected).toMatchObject({ ok: true, value: { kind: 'correction' } });
    expect(ledger.fiscal.intent(transferId!)?.document?.kind).toBe('correction');
    expect(port.receipts().map((receipt) => receipt.kind)).toEqual(['correction']);
    await fiscal.tick();
    expect(port.receipts()).toHaveLength(1);
  });

  it('a shift that ran out mid-day is rotated before the receipt', async () => {
    await port.openShift();
    nowMs = startMs + 25 * 3_600_000;
    const [transferId] = seedFiscalPayments(ledger, { count: 1, startMs: nowMs });
    expect(await fiscalOver().issueFor(transferId!)).toMatchObject({
      kind: 'issued',
      document: { shiftNumber: 2 },
    });
  });

  it('forty concurrent triggers issue one receipt per payment, one command at a time', async () => {
    const ids = seedFiscalPayments(ledger, {
      count: 10,
      startMs,
      noteKopecksFor: (index) => 10_000 * (index + 1),
    });
    const fiscal = fiscalOver();
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, (_, index) => fiscal.issueFor(ids[index % ids.length]!)),
    );
    expect(outcomes.every((outcome) => outcome.kind === 'issued')).toBe(true);
    expect(receiptTotals().sort((a, b) => a - b)).toEqual(
      ids.map((_, index) => 10_000 * (index + 1)),
    );
    expect(port.overlaps).toBe(0);
    const fdNumbers = ids.map((id) => ledger.fiscal.intent(id)?.document?.fdNumber);
    expect(new Set(fdNumbers).size).toBe(10);
  });

  it('concurrent triggers while the answers get lost still end with one receipt each', async () => {
    const ids = seedFiscalPayments(ledger, { count: 5, startMs });
    port.receiptFailures.push('answer-lost', 'left-open', 'before-open', 'answer-lost');
    const fiscal = fiscalOver();
    for (let round = 0; round < 6; round += 1) {
      await Promise.all(ids.map((id) => fiscal.issueFor(id)));
    }
    expect(ledger.fiscal.counts()).toMatchObject({ issued: 5, pending: 0 });
    expect(port.receipts()).toHaveLength(5);
  });
});
