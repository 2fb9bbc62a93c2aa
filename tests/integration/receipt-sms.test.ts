/**
 * SMS receipt copies from the kiosk's ledger to central's SMS gateway over real HTTP and real
 * SQLite files: each copy reaches the gateway (sms-outbox.jsonl) exactly once, also when the
 * kiosk goes away between asking and delivery, or after central sent it but before the kiosk
 * heard the answer (the ledger and sender are closed and reopened in between, as a restart).
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger, type Ledger } from '../../main/ledger/ledger.ts';
import { uuidv7 } from '../../main/ledger/uuidv7.ts';
import { silentLogger } from '../../main/log.ts';
import { createCentralSmsReceipts } from '../../main/receipts/sms-receipts.ts';
import type { CentralClient } from '../../main/sync/central-client.ts';
import { createReceiptSmsSender } from '../../main/sync/receipt-sms-sender.ts';
import type { CompletedPayment } from '../../common/contract.ts';
import {
  type EnrolledTerminal,
  startTestCentral,
  type TestCentral,
  uuidV7,
} from '../support/central-harness.ts';
import { tempDir } from '../support/ledger-support.ts';
import { webFetch } from './payer-web-helpers.ts';

let server: TestCentral;
let kiosk: EnrolledTerminal;
let dir: { dir: string; remove: () => void };

beforeAll(async () => {
  server = await startTestCentral();
  kiosk = await server.enrolTerminal('SMS-0001');
  dir = tempDir('kiosk-sms-');
});

afterAll(async () => {
  await server.stop();
  dir.remove();
});

/** The gateway's lines for one phone: what actually left central. */
function gatewayLines(phone: string): Array<{ phone: string; text: string }> {
  const file = path.join(server.dataDir, 'sms-outbox.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as { phone: string; text: string })
    .filter((message) => message.phone === phone);
}

async function transferAtCentral(): Promise<string> {
  const transferId = uuidV7();
  const created = await kiosk.client.createTransfer({
    transferId,
    inmateRef: 'idemo000000000001',
    depositedKopecks: 51_000,
    amountKopecks: 50_000,
    commissionKopecks: 1_000,
    kioskCreatedAtMs: Date.UTC(2026, 2, 5, 9, 0),
  });
  expect(created.ok).toBe(true);
  return transferId;
}

/** One kiosk run: the ledger file and a sender over it, as createKiosk wires them. */
function kioskRun(client: CentralClient | null): { ledger: Ledger; close: () => Promise<void> } & {
  sender: ReturnType<typeof createReceiptSmsSender>;
} {
  const ledger = openLedger(path.join(dir.dir, 'ledger.sqlite'));
  const sender = createReceiptSmsSender({
    queue: ledger.receiptSms,
    client: () => client,
    now: Date.now,
    log: silentLogger(),
    intervalMs: 50,
  });
  return {
    ledger,
    sender,
    async close() {
      await sender.stop();
      ledger.close();
    },
  };
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function payment(transferId: string): CompletedPayment {
  return { transferId } as CompletedPayment;
}

describe('SMS receipts through central', () => {
  it('answers sent once central took it; the text has the tracking link, amount, date, masked name', async () => {
    const transferId = await transferAtCentral();
    const run = kioskRun(kiosk.client);
    try {
      const sms = createCentralSmsReceipts({
        queue: run.ledger.receiptSms,
        sender: run.sender,
        now: Date.now,
        log: silentLogger(),
      });
      const answer = await sms.sendReceipt(payment(transferId), '+79005550001');
      expect(answer).toEqual({ ok: true, value: 'sent' });
    } finally {
      await run.close();
    }
    const lines = gatewayLines('+79005550001');
    expect(lines).toHaveLength(1);
    // The link the receipt's QR would have carried, with its check code, and the code as printed.
    const link = /Статус: (\S+\?c=([2-9A-HJ-NP-Z]{8}))$/u.exec(lines[0]!.text);
    expect(link, lines[0]!.text).not.toBeNull();
    const [, url, code] = link!;
    expect(url).toContain(`/t/${transferId}`);
    expect(lines[0]!.text).toContain(`Перевод ${code!.slice(0, 4)}-${code!.slice(4)} от`);
    const page = await fetch(url!);
    expect(page.status).toBe(200);
    await page.arrayBuffer();
    expect(lines[0]!.text).toContain('500,00');
    expect(lines[0]!.text).toContain('05.03.2026');
    // The masked recipient: a surname and initials, never a full first name.
    expect(lines[0]!.text).toMatch(/Получатель: \S+ [А-ЯЁ]\. [А-ЯЁ]\./u);
  });

  it('answers queued while central is out of reach, and delivers once after a restart', async () => {
    const transferId = await transferAtCentral();
    const offline = kioskRun(null);
    const sms = createCentralSmsReceipts({
      queue: offline.ledger.receiptSms,
      sender: offline.sender,
      now: Date.now,
      log: silentLogger(),
    });
    expect(await sms.sendReceipt(payment(transferId), '+79005550002')).toEqual({
      ok: true,
      value: 'queued',
    });
    await offline.close();
    expect(gatewayLines('+79005550002')).toHaveLength(0);

    const online = kioskRun(kiosk.client);
    try {
      online.sender.start();
      const [row] = online.ledger.receiptSms.due(Date.now(), 10);
      expect(row?.transferId).toBe(transferId);
      await waitFor(() => online.ledger.receiptSms.row(row!.smsId)?.state === 'sent');
      // The phone is not kept once central has the copy.
      expect(online.ledger.receiptSms.row(row!.smsId)?.phone).toBe('0002');
    } finally {
      await online.close();
    }
    expect(gatewayLines('+79005550002')).toHaveLength(1);
  });

  it('sends nothing twice when the kiosk died after central sent but before it heard', async () => {
    const transferId = await transferAtCentral();
    const smsId = uuidv7(Date.now());
    const first = kioskRun(kiosk.client);
    first.ledger.receiptSms.enqueue({ smsId, transferId, phone: '+79005550003', atMs: Date.now() });
    // Central gets the copy; the kiosk "dies" before recording the answer.
    const delivered = await kiosk.client.sendReceiptSms({
      smsId,
      transferId,
      phone: '+79005550003',
    });
    expect(delivered.ok).toBe(true);
    await first.close();
    expect(gatewayLines('+79005550003')).toHaveLength(1);

    const second = kioskRun(kiosk.client);
    try {
      second.sender.start();
      await waitFor(() => second.ledger.receiptSms.row(smsId)?.state === 'sent');
    } finally {
      await second.close();
    }
    expect(gatewayLines('+79005550003')).toHaveLength(1);
  });

  it('waits for a transfer central does not know yet, then sends it', async () => {
    const transferId = uuidV7();
    const run = kioskRun(kiosk.client);
    try {
      const smsId = uuidv7(Date.now());
      run.ledger.receiptSms.enqueue({ smsId, transferId, phone: '+79005550004', atMs: Date.now() });
      expect(await run.sender.deliverNow(smsId, 1_500)).toBe('queued');
      expect(run.ledger.receiptSms.row(smsId)).toMatchObject({
        state: 'queued',
        lastError: 'transfer-unknown',
      });
      await kiosk.client.createTransfer({
        transferId,
        inmateRef: 'idemo000000000001',
        depositedKopecks: 10_000,
        amountKopecks: 10_000,
        commissionKopecks: 0,
        kioskCreatedAtMs: Date.now(),
      });
      run.sender.start();
      await waitFor(() => run.ledger.receiptSms.row(smsId)?.state === 'sent');
    } finally {
      await run.close();
    }
    expect(gatewayLines('+79005550004')).toHaveLength(1);
  });

  it('sends the copy of a cash top-up of the payer wallet', async () => {
    const phone = '+79005550007';
    await webFetch(server.central.url, 'POST', '/v1/payer/sms-codes', {
      body: { phone, purpose: 'register' },
    });
    const codes = await server.admin('GET', `/v1/dev/sms?phone=${encodeURIComponent(phone)}`);
    const { messages } = (await codes.json()) as { messages: { text: string }[] };
    const code = /(\d{6})/.exec(messages.at(-1)?.text ?? '')?.[1] ?? 'none';
    await webFetch(server.central.url, 'POST', '/v1/payer/register', {
      body: { phone, code, password: 'Летний сад 2026', displayName: 'Проверка' },
    });
    const row = (await server.central.db.get<{ id: string }>(
      'SELECT id FROM payer_accounts WHERE phone = ?',
      phone,
    ))!;
    const topUpId = uuidV7();
    const credited = await kiosk.client.creditWalletTopUp({
      topUpId,
      accountId: row.id,
      amountKopecks: 30_000,
      kioskCreatedAtMs: Date.now(),
    });
    expect(credited.ok).toBe(true);
    const sent = await kiosk.client.sendReceiptSms({ smsId: uuidV7(), transferId: topUpId, phone });
    expect(sent.ok).toBe(true);
    const copies = gatewayLines(phone).filter((line) => line.text.includes('кошелька'));
    expect(copies).toHaveLength(1);
    expect(copies[0]!.text).toContain('300,00');
  });

  it('refuses a fourth copy of one receipt at central, and a transfer of another terminal', async () => {
    const transferId = await transferAtCentral();
    for (let copy = 0; copy < 3; copy += 1) {
      const sent = await kiosk.client.sendReceiptSms({
        smsId: uuidV7(),
        transferId,
        phone: '+79005550005',
      });
      expect(sent.ok).toBe(true);
    }
    const fourth = await kiosk.client.sendReceiptSms({
      smsId: uuidV7(),
      transferId,
      phone: '+79005550005',
    });
    expect(fourth).toMatchObject({ ok: false, error: { status: 422, code: 'sms-per-transfer' } });

    const other = await server.enrolTerminal('SMS-0002');
    const foreign = await other.client.sendReceiptSms({
      smsId: uuidV7(),
      transferId: await transferAtCentral(),
      phone: '+79005550006',
    });
    expect(foreign).toMatchObject({ ok: false, error: { status: 409, code: 'transfer-unknown' } });
    expect(gatewayLines('+79005550006')).toHaveLength(0);
  });
});
