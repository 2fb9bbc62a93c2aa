import { readFileSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';
import { firstActiveInmate } from '../support/central-rows.ts';

/**
 * The payer's journey through the real kiosk process (embedded central, emulated acceptor and
 * printer): find an inmate, insert notes through the emulator panel, pay, get a receipt. Here
 * another party fiscalises (KIOSK_FISCAL=none, confirmed by the demo setup as an operator
 * would): the ESC/POS slip is the payer's receipt and names that party. The fiscal registrar's
 * own receipt is tests/e2e/fiscal-journey.test.ts's.
 */
describe('payment through the headless host', () => {
  let kiosk: KioskProcess;
  let client: TestClient;
  let panel: TestClient;

  beforeAll(async () => {
    kiosk = await startKioskProcess({ KIOSK_FISCAL: 'none' });
    client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
    panel = await connectClient(wsUrlOf(kiosk.url, '/panel-ws'), kiosk.origin);
    await waitFor(
      async () => ((await client.call('kiosk:getStatus')).value as Status).acceptingPayments,
    );
  });

  afterAll(async () => {
    client?.close();
    panel?.close();
    await kiosk?.stop();
  });

  it('finds an inmate, takes notes, pays and prints a receipt equal to the cassette', async () => {
    const regions = await client.call('catalog:regions');
    expect(regions.ok).toBe(true);
    const recent = (regions.value as { recentFacilities: { id: string }[] }).recentFacilities;
    expect(recent.length).toBeGreaterThan(0);
    const inmate = firstActiveInmate(
      path.join(kiosk.dataDir, 'central', 'central.sqlite'),
      recent.map((facility) => facility.id),
    );

    const search = await client.call('payee:search', {
      facilityId: inmate.facilityId,
      surname: inmate.surname.toUpperCase().replaceAll('Ё', 'Е'),
      name: inmate.name,
      patronymic: '',
      birthYear: inmate.birthYear,
    });
    expect(search.ok).toBe(true);
    const matches = (search.value as { matches: { inmateRef: string }[] }).matches;
    const recipient = matches.find((match) => match.inmateRef === inmate.ref);
    expect(recipient).toBeDefined();

    const terms = await client.call('payment:terms');
    expect(terms).toMatchObject({ ok: true, value: { printer: { decision: 'ok' } } });

    // Nobody is logged in: no wallet may be topped up, whichever account it names.
    for (const accountId of ['garbage', 'p0123456789abcdef0123']) {
      const wallet = { kind: 'wallet', accountId, maskedPhone: '+7 *** ***-00-00' };
      const started = await client.call('deposit:start', { recipient: wallet });
      expect(started).toMatchObject({ ok: false, error: { kind: 'not-logged-in' } });
    }
    // Nor dressed as an inmate, as older builds stored a wallet: that is no inmate's reference.
    const { kind: _kind, ...withoutKind } = recipient as Record<string, unknown>;
    const dressed = { ...withoutKind, inmateRef: 'wallet:p0123456789abcdef0123' };
    expect(await client.call('deposit:start', { recipient: dressed })).toMatchObject({
      ok: false,
      error: { kind: 'bad-request' },
    });
    // Nor may a letter be paid in cash: that goes through the logged-in payer's own wallet.
    const letter = { recipient, text: 'Здравствуй', replyBlanks: 1 };
    const cashLetter = await client.call('deposit:start', { recipient, letter });
    expect(cashLetter).toMatchObject({ ok: false, error: { kind: 'not-logged-in' } });
    expect((await client.call('deposit:get')).value).toBeNull();
    expect((await client.call('wallet:topUpRecipient')).ok).toBe(false);

    const started = await client.call('deposit:start', { recipient });
    expect(started.ok).toBe(true);
    for (const noteKopecks of [100_000, 50_000]) {
      expect((await panel.call('emulator:insertNote', { noteKopecks })).ok).toBe(true);
      await waitFor(async () => {
        const view = (await client.call('deposit:get')).value as { notes: unknown[] } | null;
        return (
          (view?.notes.length ?? 0) > 0 &&
          !((await client.call('deposit:get')).value as View).noteInProgress
        );
      });
    }
    await waitFor(
      async () => ((await client.call('deposit:get')).value as View).acceptedKopecks === 150_000,
    );

    const paid = await client.call('deposit:pay');
    expect(paid.ok).toBe(true);
    const payment = paid.value as { transferId: string; acceptedKopecks: number; receipt: string };
    expect(payment.acceptedKopecks).toBe(150_000);
    expect(payment.receipt).toBe('printed');

    const snapshot = (await panel.call('emulator:snapshot')).value as Snapshot;
    expect(snapshot.acceptor.cassette.totalKopecks).toBe(150_000);
    const receipt = snapshot.printer.receipts[0];
    expect(receipt?.qrPayloads.join(' ')).toContain(payment.transferId);
    expect(receipt?.text).toContain('1 500,00');
    // Nobody was logged in: the receipt names no sender.
    expect(receipt?.text).not.toContain('Отправитель');
    // CP866 has no «»: the printer's code page draws them as straight quotes.
    expect(receipt?.text).toContain('Кассовый чек выдаёт: ООО "Демо Фискальный Агент"');
    expect((paid.value as { fiscal?: unknown }).fiscal).toEqual({
      state: 'other-party',
      document: null,
      fiscalizedBy: 'ООО «Демо Фискальный Агент»',
    });

    // The outbox delivers it to central, which keeps the kiosk's sequence to order by.
    await waitFor(async () => centralTransfer(kiosk.dataDir, payment.transferId) !== null);
    expect(centralTransfer(kiosk.dataDir, payment.transferId)).toEqual({
      deposited_kopecks: 150_000,
      kiosk_sequence: 1,
    });
  });

  it("prints a logged-in payer's name as the sender, the name central holds and puts on the transfer", async () => {
    const phone = '+79165550142';
    const password = 'Зелёный чай у окна 77';
    expect((await client.call('account:requestCode', { phone, purpose: 'register' })).ok).toBe(
      true,
    );
    const code = lastSmsCode(kiosk.dataDir, phone);
    const registered = await client.call('account:register', {
      phone,
      code,
      password,
      passwordAgain: password,
      displayName: 'Вера',
    });
    expect(registered).toMatchObject({ ok: true, value: { senderName: null } });
    // The name is set once in the payer's own app (the web channel of the same central).
    const centralUrl = /Operator console: (http:\/\/\S+)\/console\//.exec(kiosk.output())?.[1];
    const web = async (target: string, body: unknown, session?: string) => {
      const response = await fetch(`${centralUrl}${target}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(session === undefined ? {} : { authorization: `Bearer ${session}` }),
        },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const login = await web('/v1/payer/login', { phone, password });
    const named = await web(
      '/v1/payer/sender-name',
      { surname: 'Соколова', name: 'Вера', patronymic: 'Андреевна' },
      String(login.body.sessionToken),
    );
    expect(named).toMatchObject({ status: 200, body: { senderName: 'Соколова Вера Андреевна' } });
    // The kiosk learns it at login.
    expect((await client.call('account:logout')).ok).toBe(true);
    expect(await client.call('account:login', { phone, password })).toMatchObject({
      ok: true,
      value: { senderName: 'Соколова Вера Андреевна' },
    });

    const recipient = await findRecipient(client, kiosk);
    expect((await client.call('deposit:start', { recipient })).ok).toBe(true);
    expect((await panel.call('emulator:insertNote', { noteKopecks: 100_000 })).ok).toBe(true);
    await waitFor(
      async () => ((await client.call('deposit:get')).value as View).acceptedKopecks === 100_000,
    );
    const paid = await client.call('deposit:pay');
    expect(paid.ok).toBe(true);
    const transferId = (paid.value as { transferId: string }).transferId;
    const snapshot = (await panel.call('emulator:snapshot')).value as Snapshot;
    const receipt = snapshot.printer.receipts.find((printed) =>
      printed.qrPayloads.join(' ').includes(transferId),
    );
    expect(receipt?.text).toMatch(/Отправитель:\s+Соколова Вера Андреевна/);

    await waitFor(async () => centralSender(kiosk.dataDir, transferId) !== undefined);
    expect(centralSender(kiosk.dataDir, transferId)).toBe('Соколова Вера Андреевна');
  });
});

/** A payable recipient of this kiosk's facilities, as the search screen finds them. */
async function findRecipient(client: TestClient, kiosk: KioskProcess): Promise<unknown> {
  const regions = await client.call('catalog:regions');
  const recent = (regions.value as { recentFacilities: { id: string }[] }).recentFacilities;
  const inmate = firstActiveInmate(
    path.join(kiosk.dataDir, 'central', 'central.sqlite'),
    recent.map((facility) => facility.id),
  );
  const search = await client.call('payee:search', {
    facilityId: inmate.facilityId,
    surname: inmate.surname,
    name: inmate.name,
    patronymic: '',
    birthYear: inmate.birthYear,
  });
  const matches = (search.value as { matches: { inmateRef: string }[] }).matches;
  return matches.find((match) => match.inmateRef === inmate.ref);
}

/** The newest 6-digit code the embedded central's development gateway wrote for `phone`. */
function lastSmsCode(dataDir: string, phone: string): string {
  const lines = readFileSync(path.join(dataDir, 'central', 'sms-outbox.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { phone: string; text: string })
    .filter((message) => message.phone === phone);
  return /(\d{6})/.exec(lines.at(-1)?.text ?? '')?.[1] ?? 'none';
}

function centralSender(dataDir: string, transferId: string): string | null | undefined {
  const db = new DatabaseSync(path.join(dataDir, 'central', 'central.sqlite'), { readOnly: true });
  try {
    const row = db.prepare('SELECT sender_name FROM transfers WHERE id = ?').get(transferId) as
      | { sender_name: string | null }
      | undefined;
    return row?.sender_name;
  } finally {
    db.close();
  }
}

type Status = { acceptingPayments: boolean };
type View = { acceptedKopecks: number; noteInProgress: boolean };
type Snapshot = {
  acceptor: { cassette: { totalKopecks: number } };
  printer: { receipts: { text: string; qrPayloads: string[] }[] };
};

function centralTransfer(dataDir: string, transferId: string) {
  const db = new DatabaseSync(path.join(dataDir, 'central', 'central.sqlite'), { readOnly: true });
  try {
    const row = db
      .prepare('SELECT deposited_kopecks, kiosk_sequence FROM transfers WHERE id = ?')
      .get(transferId);
    return row === undefined ? null : { ...row };
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
