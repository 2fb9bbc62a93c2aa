/**
 * Fiscal documents from the kiosk's ledger to central over real HTTP and real SQLite files:
 * the route's idempotency (same document again: a replay; another one: 409), the transfer view
 * carrying the document, the fiscal sender's handling of a transfer central has not seen yet,
 * the heartbeat's fiscal status and the terminal configuration's fiscal block.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FiscalDocumentWire, FiscalStatusWire } from '../../common/central-wire.ts';
import { kopecks } from '../../common/money.ts';
import { type Ledger, openLedger } from '../../main/ledger/ledger.ts';
import { silentLogger } from '../../main/log.ts';
import { createFiscalSender, fiscalSendOutcomeOf } from '../../main/sync/fiscal-sender.ts';
import {
  type EnrolledTerminal,
  startTestCentral,
  type TestCentral,
  uuidV7,
} from '../support/central-harness.ts';
import { firstActiveInmate } from '../support/central-rows.ts';
import { seedFiscalPayments } from '../support/fiscal-support.ts';
import { tempDir } from '../support/ledger-support.ts';

let server: TestCentral;
let kiosk: EnrolledTerminal;
let other: EnrolledTerminal;
let inmateRef: string;
let dir: { dir: string; remove: () => void };

beforeAll(async () => {
  server = await startTestCentral();
  kiosk = await server.enrolTerminal('FISCAL-0001');
  other = await server.enrolTerminal('FISCAL-0002');
  inmateRef = firstActiveInmate(path.join(server.dataDir, 'central.sqlite')).ref;
  dir = tempDir('kiosk-fiscal-');
});

afterAll(async () => {
  await server.stop();
  dir.remove();
});

const document = (fdNumber: number, totalKopecks = 51_000): FiscalDocumentWire => ({
  kind: 'receipt',
  fdNumber,
  fiscalSign: 3_141_592_653,
  fnNumber: '9999078900001234',
  shiftNumber: 12,
  receiptNumber: 4,
  issuedAt: '2026-06-10T12:01',
  totalKopecks,
});

async function transferAtCentral(transferId = uuidV7()): Promise<string> {
  const created = await kiosk.client.createTransfer({
    transferId,
    inmateRef,
    depositedKopecks: 51_000,
    amountKopecks: 50_000,
    commissionKopecks: 1_000,
    kioskCreatedAtMs: Date.UTC(2026, 5, 10, 9, 0),
  });
  expect(created.ok).toBe(true);
  return transferId;
}

describe('POST /v1/terminal/transfers/{transferId}/fiscal', () => {
  it('stores the document with the transfer; the same one again is a replay', async () => {
    const transferId = await transferAtCentral();
    const first = await kiosk.client.sendFiscalDocument(transferId, document(41));
    expect(first).toMatchObject({ ok: true, value: { transferId, replayed: false } });
    const again = await kiosk.client.sendFiscalDocument(transferId, document(41));
    expect(again).toMatchObject({ ok: true, value: { replayed: true } });
    const view = await kiosk.client.getTransferStatus(transferId);
    expect(view.ok && view.value.fiscal).toEqual(document(41));
  });

  it('another document for the same transfer is 409; a wrong total is 422', async () => {
    const transferId = await transferAtCentral();
    await kiosk.client.sendFiscalDocument(transferId, document(50));
    const conflict = await kiosk.client.sendFiscalDocument(transferId, document(51));
    expect(conflict).toMatchObject({ ok: false, error: { status: 409, code: 'fiscal-conflict' } });
    expect(fiscalSendOutcomeOf(conflict.ok ? never() : conflict.error).kind).toBe('parked');
    const wrongTotal = await kiosk.client.sendFiscalDocument(
      await transferAtCentral(),
      document(52, 50_000),
    );
    expect(wrongTotal).toMatchObject({ ok: false, error: { status: 422 } });
  });

  it('a transfer central has not seen, or another terminal’s, is 404 (retried later)', async () => {
    const unknown = await kiosk.client.sendFiscalDocument(uuidV7(), document(60));
    expect(unknown).toMatchObject({ ok: false, error: { status: 404 } });
    expect(fiscalSendOutcomeOf(unknown.ok ? never() : unknown.error).kind).toBe('retry');
    const foreign = await other.client.sendFiscalDocument(await transferAtCentral(), document(61));
    expect(foreign).toMatchObject({ ok: false, error: { status: 404 } });
  });

  it('the admin views of a transfer carry its document', async () => {
    const transferId = await transferAtCentral();
    await kiosk.client.sendFiscalDocument(transferId, document(70));
    const credited = await server.admin('POST', `/v1/admin/transfers/${transferId}/credit`);
    expect(((await credited.json()) as { fiscal?: unknown }).fiscal).toEqual(document(70));
  });
});

describe('fiscal sender', () => {
  it('waits for the transfer to reach central, then delivers the document once', async () => {
    const ledger: Ledger = openLedger(path.join(dir.dir, 'ledger.sqlite'));
    try {
      const [transferId] = seedFiscalPayments(ledger, { count: 1, startMs: Date.now() });
      const issued = ledger.fiscal.recordIssued(
        transferId!,
        { ...document(80), totalKopecks: kopecks(100_000) },
        Date.now(),
      );
      expect(issued.ok).toBe(true);
      let nowMs = Date.now();
      const sender = createFiscalSender({
        fiscal: ledger.fiscal,
        client: () => kiosk.client,
        now: () => nowMs,
        log: silentLogger(),
      });
      expect(await sender.sendNow()).toBe(1);
      expect(ledger.fiscal.intent(transferId!)?.delivery).toMatchObject({
        sentAtMs: null,
        error: 'transfer-not-found',
      });
      const created = await kiosk.client.createTransfer({
        transferId: transferId!,
        inmateRef,
        depositedKopecks: 100_000,
        amountKopecks: 97_000,
        commissionKopecks: 3_000,
        kioskCreatedAtMs: Date.now(),
      });
      expect(created.ok).toBe(true);
      nowMs += 15 * 60_000;
      expect(await sender.sendNow()).toBe(1);
      expect(ledger.fiscal.intent(transferId!)?.delivery.sentAtMs).toBe(nowMs);
      expect(ledger.fiscal.counts().unsent).toBe(0);
      const view = await kiosk.client.getTransferStatus(transferId!);
      expect(view.ok && view.value.fiscal?.fdNumber).toBe(80);
    } finally {
      ledger.close();
    }
  });
});

describe('heartbeat and configuration', () => {
  it('central keeps the heartbeat’s fiscal status', async () => {
    const fiscal: FiscalStatusWire = {
      mode: 'registrar',
      state: 'warning',
      reason: null,
      warnings: ['ofd-unsent'],
      shiftNumber: 12,
      shiftOpenedAtMs: Date.UTC(2026, 5, 10, 0, 30),
      fnNumber: '9999078900001234',
      fnValidUntil: '2027-06-10',
      ofdQueueCount: 3,
      ofdOldestAt: '2026-06-09T10:00',
      pendingCount: 0,
      heldCount: 0,
      unsentCount: 1,
    };
    const sent = await kiosk.client.sendHeartbeat({
      sentAtMs: Date.now(),
      softwareVersion: 'test',
      devices: {
        billAcceptor: { adapter: 'x', health: 'ok', code: 'ok', detail: '', sinceMs: 0 },
        printer: { adapter: 'x', health: 'ok', code: 'ok', detail: '', sinceMs: 0 },
      },
      outboxCount: 0,
      cassetteNoteCount: 0,
      fiscal,
    });
    expect(sent.ok).toBe(true);
    const stored = await server.admin('GET', `/v1/admin/terminals/${kiosk.terminalId}/heartbeat`);
    expect(((await stored.json()) as { heartbeat: { fiscal: unknown } }).heartbeat.fiscal).toEqual(
      fiscal,
    );
  });

  it('the demo configuration fiscalises with a registrar; the admin may change it', async () => {
    const config = await server.admin('GET', `/v1/admin/terminals/${kiosk.terminalId}/config`);
    const body = (await config.json()) as { fiscal: { mode: string; automatNumber: string } };
    expect(body.fiscal).toMatchObject({ mode: 'registrar', automatNumber: 'FISCAL-0001' });
    const changed = await server.admin('POST', `/v1/admin/terminals/${kiosk.terminalId}/config`, {
      fiscal: { ...body.fiscal, mode: 'other-party', fiscalizedBy: 'АО «Банк»' },
    });
    expect(changed.status).toBe(200);
    const refused = await server.admin('POST', `/v1/admin/terminals/${kiosk.terminalId}/config`, {
      fiscal: { ...body.fiscal, mode: 'other-party' },
    });
    expect(refused.status).toBe(422);
  });
});

function never(): never {
  throw new Error('expected a failure');
}
