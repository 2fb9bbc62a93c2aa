import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cashLetter } from '../../common/letter.ts';
import { rubles } from '../../common/money.ts';
import type { AcceptorEvent, BillAcceptorPort } from '../../common/ports.ts';
import { ok } from '../../common/result.ts';
import { type Ledger, openLedger } from '../ledger/ledger.ts';
import { readOutbox } from '../ledger/outbox.ts';
import {
  sampleLetterSession,
  sampleRecipient,
  sampleSession,
  tempDir,
} from '../../tests/support/ledger-support.ts';
import { transferCreateFromPayload } from '../sync/outbox-payload.ts';
import { createDepositService } from './deposit-service.ts';
import { silentLog, testConfig } from '../../tests/support/test-kiosk.ts';

/**
 * A port whose open() hands over events the way the CCNET driver does: condition events are
 * delivered without open() waiting for the listener.
 */
function portDelivering(events: readonly AcceptorEvent[]): BillAcceptorPort {
  let listener: (event: AcceptorEvent) => Promise<void> = async () => {};
  const done = async () => ok(undefined);
  return {
    async open() {
      // Handed over on a later turn of the event loop, as a chained delivery can be.
      for (const event of events) setImmediate(() => void listener(event));
      return ok({ partNumber: 'FAKE', serialNumber: '1', billTable: [] });
    },
    enable: done,
    disable: done,
    stack: done,
    returnNote: done,
    hold: done,
    condition: () => ({ kind: 'disabled' }),
    setListener(next) {
      listener = next;
    },
    async close() {},
  };
}

let temp: ReturnType<typeof tempDir>;
let ledger: Ledger;
beforeEach(() => {
  temp = tempDir('kiosk-recovery-');
  ledger = openLedger(join(temp.dir, 'ledger.db'));
});
afterEach(() => {
  ledger.close();
  temp.remove();
});

function serviceWith(acceptor: BillAcceptorPort) {
  return createDepositService({
    ledger,
    acceptor,
    config: testConfig,
    receipts: { printTransferReceipt: async () => 'printed' },
    now: () => 10_000,
    log: silentLog,
  });
}

describe('recovery evidence', () => {
  it('power-up with the bill in the validator closes the open intent as returned', async () => {
    const session = sampleSession(1_000);
    ledger.openSession(session);
    ledger.writeIntent({
      sessionId: session.sessionId,
      billType: 5,
      noteKopecks: rubles(500),
      atMs: 2,
    });
    const condition = { kind: 'power-up', variant: 'bill-in-validator' } as const;
    const report = await serviceWith(portDelivering([{ kind: 'condition', condition }])).recover();
    expect(report).toMatchObject({ deviceReturned: 1, unresolvedCredited: 0 });
    expect(report.cancelledSessionIds).toEqual([session.sessionId]);
    expect(ledger.checkInvariant()).toMatchObject({ creditsKopecks: 0, ok: true });
  });

  it('a stacked report before RESET credits the open intent once; a repeat is unmatched', async () => {
    const session = sampleSession(1_000);
    ledger.openSession(session);
    ledger.writeIntent({
      sessionId: session.sessionId,
      billType: 5,
      noteKopecks: rubles(500),
      atMs: 2,
    });
    const stacked: AcceptorEvent = { kind: 'stacked', billType: 5 };
    const report = await serviceWith(portDelivering([stacked, stacked])).recover();
    expect(report).toMatchObject({ deviceStacked: 1, unmatchedStacked: 1, unresolvedCredited: 0 });
    expect(report.recoveredTransferIds).toHaveLength(1);
    expect(ledger.transferById(report.recoveredTransferIds[0]!)).toMatchObject({
      acceptedKopecks: rubles(500),
      recovered: true,
    });
  });
});

describe('recovery of a letter paid in cash', () => {
  it('a crash after the note was stacked still pays the letter, and it leaves in the outbox', async () => {
    const letter = cashLetter(
      '01950000-0000-7000-8000-000000000001',
      sampleRecipient,
      'Мама, у нас всё хорошо',
      1,
    );
    const session = sampleLetterSession(1_000, letter.terms);
    ledger.openSession(session, letter.text);
    ledger.writeIntent({
      sessionId: session.sessionId,
      billType: 5,
      noteKopecks: rubles(500),
      atMs: 2,
    });
    const report = await serviceWith(portDelivering([{ kind: 'stacked', billType: 5 }])).recover();
    const transferId = report.recoveredTransferIds[0]!;
    expect(ledger.transferById(transferId)).toMatchObject({
      acceptedKopecks: rubles(500),
      recovered: true,
      letter: letter.terms,
    });
    const row = readOutbox(ledger.db, transferId);
    const sent =
      row === null
        ? null
        : transferCreateFromPayload(transferId, row.payloadJson, (id) => ledger.letterText(id));
    expect(sent?.ok && sent.value.letter).toEqual(letter);
  });
});
