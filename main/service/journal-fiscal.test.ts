import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kopecks } from '../../common/money.ts';
import { seedFiscalPayments } from '../../tests/support/fiscal-support.ts';
import { tempDir } from '../../tests/support/ledger-support.ts';
import { seedTransfers } from '../../tests/support/sync-support.ts';
import { type Ledger, openLedger } from '../ledger/ledger.ts';
import { searchJournal } from './journal-service.ts';

const startMs = Date.UTC(2026, 5, 10, 9, 0);
let temp: ReturnType<typeof tempDir>;
let ledger: Ledger;
beforeEach(() => {
  temp = tempDir();
  ledger = openLedger(join(temp.dir, 'ledger.db'));
});
afterEach(() => {
  ledger.close();
  temp.remove();
});

const query = {
  fromMs: null,
  toMs: null,
  acceptedKopecks: null,
  idPrefix: '',
  offset: 0,
  limit: 50,
};

describe('the service journal shows each payment’s fiscal receipt', () => {
  it('none for a payment made before fiscalisation; the document once issued', () => {
    const [old] = seedTransfers(ledger, { count: 1, startMs });
    const [fiscal, held] = seedFiscalPayments(ledger, { count: 2, startMs: startMs + 10 });
    ledger.fiscal.recordIssued(
      fiscal!,
      {
        kind: 'receipt',
        fdNumber: 42,
        fiscalSign: 777,
        fnNumber: '9999078900001234',
        shiftNumber: 3,
        receiptNumber: 9,
        issuedAt: '2026-06-10T12:00',
        totalKopecks: kopecks(100_000),
      },
      startMs,
    );
    ledger.fiscal.hold(held!, 'ФН refused: fn-blocked 20', startMs);
    const rows = new Map(
      searchJournal({ ledger }, query).transfers.map((row) => [row.transferId, row.fiscal]),
    );
    expect(rows.get(old!)).toMatchObject({ state: 'none', fdNumber: null, sentToCentral: false });
    expect(rows.get(fiscal!)).toMatchObject({
      state: 'issued',
      kind: 'receipt',
      fdNumber: 42,
      fiscalSign: 777,
      receiptNumber: 9,
    });
    expect(rows.get(held!)).toMatchObject({
      state: 'held',
      heldReason: 'ФН refused: fn-blocked 20',
    });
  });
});
