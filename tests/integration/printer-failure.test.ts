import { readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPins } from '../../main/dev/demo-setup.ts';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';

/**
 * Printer out of paper before cash, through the real kiosk process: by default no
 * cash is taken and the payer is told why; when the operator allows it, the payer is warned,
 * agrees, pays, and the transfer stands with its receipt marked unprinted, shown on screen and
 * sent by SMS.
 */
describe('paper out before cash', () => {
  let kiosk: KioskProcess;
  let client: TestClient;
  let panel: TestClient;
  const recipient = {
    inmateRef: 'idemo000000000001',
    maskedName: 'Иванов И. И.',
    birthYear: 1985,
    facilityId: '77-sizo-1',
    facilityName: 'СИЗО-1',
  };

  beforeAll(async () => {
    // The ESC/POS printer's gate holds where another party fiscalises (KIOSK_FISCAL=none);
    // with a registrar its cash gate takes over (tests/integration/fiscal-faults.test.ts).
    kiosk = await startKioskProcess({ KIOSK_FISCAL: 'none' });
    client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
    panel = await connectClient(wsUrlOf(kiosk.url, '/panel-ws'), kiosk.origin);
    await waitFor(async () => (await client.call('deposit:get')).ok);
    await panel.call('printer:setState', { paper: 'out' });
  });

  afterAll(async () => {
    client?.close();
    panel?.close();
    await kiosk?.stop();
  });

  it('refuses cash and says why while the operator requires a receipt', async () => {
    await waitFor(async () => (await status(client)).unavailableReason === 'printer-unavailable');
    const terms = await client.call('payment:terms');
    expect(terms).toMatchObject({
      ok: true,
      value: { printer: { decision: 'block', reason: 'paper-out' } },
    });
    const start = await client.call('deposit:start', { recipient });
    expect(start).toMatchObject({ ok: false, error: { kind: 'printer-unavailable' } });
    expect((await client.call('deposit:get')).value).toBeNull();
  });

  it('warns, takes cash after the payer agrees, and keeps the receipt unprinted + SMS', async () => {
    const login = await client.call('service:login', { pin: demoPins.operator });
    expect(login.ok).toBe(true);
    const token = (login.value as { token: string }).token;
    const current = (await client.call('settings:get', { token })).value as {
      settings: { printer: Record<string, unknown> };
    };
    const settings = {
      ...current.settings,
      printer: { ...current.settings.printer, allowCashWithoutPaper: true },
    };
    expect((await client.call('settings:set', { token, settings })).ok).toBe(true);
    await client.call('service:logout', { token });

    const terms = await client.call('payment:terms');
    expect(terms).toMatchObject({
      ok: true,
      value: { printer: { decision: 'warn', reason: 'paper-out' } },
    });
    const refused = await client.call('deposit:start', { recipient });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'printer-unavailable' } });
    const started = await client.call('deposit:start', { recipient, acceptWithoutReceipt: true });
    expect(started.ok).toBe(true);

    await panel.call('emulator:insertNote', { noteKopecks: 50_000 });
    await waitFor(async () => {
      const view = (await client.call('deposit:get')).value as {
        acceptedKopecks: number;
        noteInProgress: boolean;
      };
      return view.acceptedKopecks === 50_000 && !view.noteInProgress;
    });
    const paid = await client.call('deposit:pay');
    expect(paid.ok).toBe(true);
    const payment = paid.value as {
      transferId: string;
      receipt: string;
      receiptText: string;
      qrPayload: string;
      creditedKopecks: number;
    };
    expect(payment.receipt).toBe('unprinted');
    expect(payment.receiptText).toContain('500,00');
    expect(payment.qrPayload).toContain(payment.transferId);
    expect(receiptState(kiosk.dataDir, payment.transferId)).toBe('unprinted');

    const sms = await client.call('receipt:sms', {
      transferId: payment.transferId,
      phone: '+79001234567',
    });
    // Sent only once central took it: it is in central's SMS gateway (the embedded one).
    expect(sms).toEqual({ ok: true, value: { queued: true, sent: true, state: 'sent' } });
    const gateway = path.join(kiosk.dataDir, 'central', 'sms-outbox.jsonl');
    const lines = readFileSync(gateway, 'utf8')
      .split('\n')
      .filter((line) => line.includes('+79001234567'));
    expect(lines).toHaveLength(1);
    // The receipt's promise in the SMS: the tracking link the QR would have carried.
    expect(lines[0]).toContain(`/t/${payment.transferId}?c=`);
    expect(lines[0]).toContain((payment.creditedKopecks / 100).toFixed(2).replace('.', ','));
  });
});

async function status(client: TestClient) {
  return (await client.call('kiosk:getStatus')).value as { unavailableReason: string | null };
}

function receiptState(dataDir: string, transferId: string): string {
  const db = new DatabaseSync(path.join(dataDir, 'ledger.sqlite'), { readOnly: true });
  try {
    return String(
      db.prepare('SELECT receipt_state FROM transfer WHERE id = ?').get(transferId)?.receipt_state,
    );
  } finally {
    db.close();
  }
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
