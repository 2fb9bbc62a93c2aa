import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kopecks, rubles } from '../../common/money.ts';
import { sampleFiscalTerms } from '../../tests/support/fiscal-support.ts';
import { sampleRecipient, sampleSession, tempDir } from '../../tests/support/ledger-support.ts';
import { openLedger } from '../ledger/ledger.ts';
import { join } from 'node:path';
import {
  acceptedOf,
  manualTimers,
  newEmulator,
  startTestKiosk,
  type TestKiosk,
  waitUntil,
} from '../../tests/support/test-kiosk.ts';
import type { CcnetEmulator } from '../../emulators/ccnet/emulator.ts';

let temp: ReturnType<typeof tempDir>;
let emulator: CcnetEmulator;
let kiosk: TestKiosk | null = null;
beforeEach(() => {
  temp = tempDir('kiosk-deposit-');
  emulator = newEmulator();
});
afterEach(async () => {
  await kiosk?.close();
  kiosk = null;
  temp.remove();
});

async function started(options: Parameters<typeof startTestKiosk>[0] | null = null) {
  kiosk = startTestKiosk(options ?? { dir: temp.dir, emulator });
  const report = await kiosk.service.recover();
  expect(report.acceptor.ok).toBe(true);
  return { kiosk, report };
}

describe('deposit service over the CCNET emulator', () => {
  it('credits inserted notes, pays, prints, and the cassette matches the ledger', async () => {
    const { kiosk } = await started();
    const start = await kiosk.service.startSession({ recipient: sampleRecipient });
    expect(start.ok).toBe(true);
    emulator.insertNote(rubles(100));
    emulator.insertNote(rubles(500));
    await waitUntil(() => acceptedOf(kiosk.service) === rubles(600), '600 руб. credited');
    const paid = await kiosk.service.payNow();
    expect(paid.ok).toBe(true);
    if (!paid.ok) return;
    expect(paid.value).toMatchObject({
      acceptedKopecks: rubles(600),
      commissionKopecks: rubles(30),
      creditedKopecks: rubles(570),
      receipt: 'printed',
      recovered: false,
    });
    expect(kiosk.prints).toEqual([{ transferId: paid.value.transferId, recovered: false }]);
    expect(kiosk.ledger.transferById(paid.value.transferId)?.receiptState).toBe('printed');
    expect(emulator.cassette().totalKopecks).toBe(rubles(600));
    expect(kiosk.ledger.checkInvariant()).toMatchObject({ creditsKopecks: rubles(600), ok: true });
    expect(kiosk.service.view()?.state).toBe('completed');
  });

  it('Pay pressed while a note is in the acceptor waits for it and includes it', async () => {
    const { kiosk } = await started();
    await kiosk.service.startSession({ recipient: sampleRecipient });
    emulator.insertNote(rubles(1_000));
    await waitUntil(() => kiosk.service.view()?.noteInProgress === true, 'note in escrow');
    const paid = await kiosk.service.payNow();
    expect(paid.ok && paid.value.acceptedKopecks).toBe(rubles(1_000));
    expect(emulator.cassette().totalKopecks).toBe(rubles(1_000));
  });

  it('gives back a note that would exceed the cap and never credits it', async () => {
    const { kiosk } = await started({
      dir: temp.dir,
      emulator,
      config: { depositKopecksMax: rubles(1_500) },
    });
    await kiosk.service.startSession({ recipient: sampleRecipient });
    emulator.insertNote(rubles(1_000));
    await waitUntil(() => acceptedOf(kiosk.service) === rubles(1_000), 'first note');
    const givenBack: number[] = [];
    emulator.onDidChange((change) => {
      if (change.kind === 'note' && change.event.kind !== 'inserted') {
        givenBack.push(change.event.noteKopecks);
      }
    });
    emulator.insertNote(rubles(1_000));
    await waitUntil(() => givenBack.length > 0, 'the second note to come back');
    expect(kiosk.service.view()?.remainingKopecks).toBe(rubles(500));
    const paid = await kiosk.service.payNow();
    expect(paid.ok && paid.value.acceptedKopecks).toBe(rubles(1_000));
    expect(emulator.cassette().totalKopecks).toBe(rubles(1_000));
  });

  it('cancel works only while nothing is deposited', async () => {
    const { kiosk } = await started();
    await kiosk.service.startSession({ recipient: sampleRecipient });
    expect(await kiosk.service.cancel()).toEqual({ ok: true, value: undefined });
    await kiosk.service.startSession({ recipient: sampleRecipient });
    emulator.insertNote(rubles(50));
    await waitUntil(() => acceptedOf(kiosk.service) === rubles(50), 'credited');
    expect(await kiosk.service.cancel()).toEqual({ ok: false, error: { kind: 'has-money' } });
    const idle = await kiosk.service.onIdleTimeout();
    expect(idle.ok && idle.value.kind).toBe('completed');
    expect(kiosk.ledger.openSessionIds()).toEqual([]);
  });

  it('records an unprinted receipt as such', async () => {
    const { kiosk } = await started({ dir: temp.dir, emulator, printOutcome: 'unprinted' });
    await kiosk.service.startSession({ recipient: sampleRecipient });
    emulator.insertNote(rubles(100));
    await waitUntil(() => acceptedOf(kiosk.service) === rubles(100), 'credited');
    const paid = await kiosk.service.payNow();
    expect(paid.ok && paid.value.receipt).toBe('unprinted');
    if (paid.ok) {
      expect(kiosk.ledger.transferById(paid.value.transferId)?.receiptState).toBe('unprinted');
    }
  });
});

describe('idle timer owned by main', () => {
  /** A kiosk whose 60 s idle timer fires only when the test says so. */
  const startedWithIdleTimer = async () => {
    const manual = manualTimers();
    const { kiosk } = await started({
      dir: temp.dir,
      emulator,
      idleTimeoutMs: 60_000,
      timers: manual.timers,
    });
    return { kiosk, manual };
  };

  it('completes the transfer with the money in when the payer walks away', async () => {
    const { kiosk, manual } = await startedWithIdleTimer();
    const completed: string[] = [];
    kiosk.service.onDidComplete((transfer) => completed.push(transfer.transferId));
    await kiosk.service.startSession({ recipient: sampleRecipient });
    expect(kiosk.service.touch().idleDeadlineMs).not.toBeNull();
    emulator.insertNote(rubles(500));
    await waitUntil(() => acceptedOf(kiosk.service) === rubles(500), 'credited');
    expect(manual.armed(60_000)).toBe(true);
    manual.fire(60_000);
    await waitUntil(() => completed.length === 1, 'the idle completion');
    const transfer = kiosk.ledger.transferById(completed[0]!);
    expect(transfer).toMatchObject({ acceptedKopecks: rubles(500), receiptState: 'printed' });
    expect(kiosk.service.view()?.state).toBe('completed');
  });

  it('leaves no idle timer running once the session is paid', async () => {
    const { kiosk, manual } = await startedWithIdleTimer();
    await kiosk.service.startSession({ recipient: sampleRecipient });
    emulator.insertNote(rubles(500));
    await waitUntil(() => acceptedOf(kiosk.service) === rubles(500), 'credited');
    expect(manual.armed(60_000)).toBe(true);
    const paid = await kiosk.service.payNow();
    expect(paid.ok).toBe(true);
    expect(kiosk.service.view()?.state).toBe('completed');
    expect(manual.armed(60_000)).toBe(false);
    expect(kiosk.service.touch().idleDeadlineMs).toBeNull();
  });

  it('cancels an empty session when the payer walks away', async () => {
    const { kiosk, manual } = await startedWithIdleTimer();
    await kiosk.service.startSession({ recipient: sampleRecipient });
    manual.fire(60_000);
    await waitUntil(() => kiosk.service.view()?.state === 'cancelled', 'the idle cancel');
    expect(kiosk.ledger.openSessionIds()).toEqual([]);
    expect(kiosk.ledger.listTransfers({ limit: 10, offset: 0 }).total).toBe(0);
  });
});

describe('recovery', () => {
  it('credits an intent with no device evidence (flagged) and finishes the session', async () => {
    const path = join(temp.dir, 'ledger.db');
    const before = openLedger(path);
    const session = sampleSession(1_000);
    before.openSession(session);
    before.writeIntent({
      sessionId: session.sessionId,
      billType: 4,
      noteKopecks: rubles(100),
      atMs: 2,
    });
    before.resolveOldestIntent({ kind: 'stacked', billType: 4, noteKopecks: rubles(100), atMs: 3 });
    before.writeIntent({
      sessionId: session.sessionId,
      billType: 5,
      noteKopecks: rubles(500),
      atMs: 4,
    });
    before.close();
    const { kiosk, report } = await started();
    expect(report).toMatchObject({
      openIntentsAtStart: 1,
      unresolvedCredited: 1,
      intentsLeftOpen: 0,
      cancelledSessionIds: [],
    });
    expect(report.recoveredTransferIds).toHaveLength(1);
    const transfer = kiosk.ledger.transferById(report.recoveredTransferIds[0]!);
    expect(transfer).toMatchObject({ acceptedKopecks: rubles(600), recovered: true });
    expect(kiosk.prints).toEqual([{ transferId: transfer?.transferId, recovered: true }]);
    expect(kiosk.ledger.totalsSinceLastCollection().unresolvedCount).toBe(1);
    expect(report.invariant.ok).toBe(true);
  });

  it('cancels an empty open session and reprints a receipt left pending', async () => {
    const path = join(temp.dir, 'ledger.db');
    const before = openLedger(path);
    const empty = sampleSession(1_000);
    before.openSession(empty);
    const paid = sampleSession(2_000);
    before.openSession(paid);
    before.writeIntent({
      sessionId: paid.sessionId,
      billType: 4,
      noteKopecks: rubles(100),
      atMs: 2,
    });
    before.resolveOldestIntent({ kind: 'stacked', billType: 4, noteKopecks: rubles(100), atMs: 3 });
    const committed = before.commitTransfer({
      transferId: '0192b3c4-0000-7000-8000-0000000000aa',
      sessionId: paid.sessionId,
      recovered: false,
      createdAtMs: 4,
    });
    expect(committed.ok).toBe(true);
    before.close();
    const { kiosk, report } = await started();
    expect(report.cancelledSessionIds).toEqual([empty.sessionId]);
    expect(report.reprintedTransferIds).toEqual(['0192b3c4-0000-7000-8000-0000000000aa']);
    expect(kiosk.ledger.transferById('0192b3c4-0000-7000-8000-0000000000aa')?.receiptState).toBe(
      'printed',
    );
    expect(kiosk.prints).toEqual([
      { transferId: '0192b3c4-0000-7000-8000-0000000000aa', recovered: true },
    ]);
  });

  it('a note stacked during a power cut is credited once after the device resets', async () => {
    const { kiosk } = await started();
    await kiosk.service.startSession({ recipient: sampleRecipient });
    emulator.powerCycle('stacking');
    emulator.insertNote(rubles(200));
    await waitUntil(() => acceptedOf(kiosk.service) === rubles(200), 'credit recovery (12 → 81)');
    expect(emulator.cassette().totalKopecks).toBe(rubles(200));
    const paid = await kiosk.service.payNow();
    expect(paid.ok && paid.value.acceptedKopecks).toBe(kopecks(20_000));
    expect(kiosk.ledger.checkInvariant().ok).toBe(true);
  });
});

describe('on a fiscal kiosk', () => {
  it('the payment’s fiscal receipt is owed from the same commit', async () => {
    const asked: string[] = [];
    const { kiosk } = await started({
      dir: temp.dir,
      emulator,
      fiscalTerms: (transferId, recipient) => {
        asked.push(`${transferId}:${recipient.kind}`);
        return sampleFiscalTerms;
      },
    });
    await kiosk.service.startSession({ recipient: sampleRecipient });
    emulator.insertNote(rubles(500));
    await waitUntil(() => acceptedOf(kiosk.service) === rubles(500), '500 руб. credited');
    const paid = await kiosk.service.payNow();
    expect(paid.ok).toBe(true);
    if (!paid.ok) return;
    expect(asked).toEqual([`${paid.value.transferId}:inmate`]);
    expect(kiosk.ledger.fiscal.intent(paid.value.transferId)).toMatchObject({
      state: 'pending',
      totalKopecks: rubles(500),
    });
  });
});
