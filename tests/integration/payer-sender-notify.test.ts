/**
 * The sender's name on transfers and the SMS notifications a payer chose (docs/PAYER-APP.md),
 * over real HTTP against central (SQLite, and PostgreSQL on the central-postgres project);
 * every answer checked against central/openapi.yaml.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractChecker } from '../../central/contract-check.ts';
import { commissionKopecks, kopecks, rubles } from '../../common/money.ts';
import { type EnrolledTerminal, type TestCentral, uuidV7 } from '../support/central-harness.ts';
import {
  codeIn,
  json,
  kioskCashTransfer,
  lastSms,
  registeredPayer,
  startAppRig,
  stopAppRig,
} from './payer-app-support.ts';
import type { AppRig } from './payer-app-support.ts';
import { kioskFetch, webFetch } from './payer-web-helpers.ts';

const checkContract = createContractChecker();
const INMATE = 'idemo000000000001';
let rig: AppRig;
let server: TestCentral;
let terminal: EnrolledTerminal;

/** How often central looks again for outcomes whose SMS did not go out (here: often). */
const NOTIFY_RETRY_EVERY_MS = 150;

beforeAll(async () => {
  rig = await startAppRig({ payerNotifyRetryEveryMs: NOTIFY_RETRY_EVERY_MS });
  server = rig.server;
  terminal = await server.enrolTerminal('SENDER-01');
});

afterAll(async () => {
  await stopAppRig(rig);
});

type Payer = Awaited<ReturnType<typeof registeredPayer>>;

async function checked(response: Response, method: 'GET' | 'POST', path: string) {
  const body = await json(response);
  expect(checkContract(method, path, response.status, body), `${method} ${path}`).toBeNull();
  return { status: response.status, body };
}

const web = async (method: 'GET' | 'POST', path: string, payer: Payer, body?: unknown) =>
  checked(
    await webFetch(server.central.url, method, path, {
      session: payer.session,
      ...(body === undefined ? {} : { body }),
    }),
    method,
    path,
  );

const admin = async (path: string, template: string, body?: unknown) =>
  checked(await server.admin('POST', path, body), 'POST', template);

/** The payer logged in at the kiosk: the session that lets it link a cash transfer. */
async function kioskSession(payer: Payer): Promise<string> {
  const login = await kioskFetch(server.central.url, terminal, 'POST', '/v1/payer/login', {
    body: { phone: payer.phone, password: 'Тихий вечер у реки 42' },
  });
  expect(login.status).toBe(200);
  return String((await json(login)).sessionToken);
}

/** A cash transfer from the kiosk, with or without a logged-in payer. */
const cashTransfer = (payerAccountId: string | null) =>
  kioskCashTransfer(server, terminal, {
    amountKopecks: rubles(500),
    inmateRef: INMATE,
    payerAccountId,
  });

async function smsTo(phone: string): Promise<string[]> {
  const response = await server.admin('GET', `/v1/dev/sms?phone=${encodeURIComponent(phone)}`);
  const { messages } = (await response.json()) as { messages: { text: string }[] };
  return messages.map((message) => message.text);
}

describe("the sender's name", () => {
  it('is set once, normalised, then locked; a name outside Russian letters is refused', async () => {
    const payer = await registeredPayer(server);
    const before = await web('GET', '/v1/payer/profile', payer);
    expect(before.body.senderName).toBeNull();
    const latin = await web('POST', '/v1/payer/sender-name', payer, {
      surname: 'Petrov',
      name: 'Petr',
    });
    expect(latin.status).toBe(400);
    const set = await web('POST', '/v1/payer/sender-name', payer, {
      surname: 'петрова-водкина',
      name: 'анна',
      patronymic: 'сергеевна',
    });
    expect(set.status).toBe(200);
    expect(set.body.senderName).toBe('Петрова-Водкина Анна Сергеевна');
    const again = await web('POST', '/v1/payer/sender-name', payer, {
      surname: 'Иванова',
      name: 'Анна',
    });
    expect(again.status).toBe(409);
    expect((again.body.error as { code: string }).code).toBe('sender-name-locked');
    expect((await web('GET', '/v1/payer/profile', payer)).body.senderName).toBe(
      'Петрова-Водкина Анна Сергеевна',
    );
  });

  it("travels with a logged-in payer's cash transfer to the facility's crediting answer; an anonymous one has none", async () => {
    const payer = await registeredPayer(server);
    await web('POST', '/v1/payer/sender-name', payer, { surname: 'Орлов', name: 'Илья' });
    await kioskSession(payer);
    const named = await cashTransfer(payer.accountId);
    const anonymous = await cashTransfer(null);
    const template = '/v1/admin/transfers/{transferId}/credit';
    const credited = await admin(`/v1/admin/transfers/${named}/credit`, template);
    expect(credited.status).toBe(200);
    expect(credited.body.senderName).toBe('Орлов Илья');
    const plain = await admin(`/v1/admin/transfers/${anonymous}/credit`, template);
    expect(plain.status).toBe(200);
    expect(plain.body).not.toHaveProperty('senderName');
  });

  it("is in the facility's list of transfers to credit, beside anonymous ones", async () => {
    const payer = await registeredPayer(server);
    await web('POST', '/v1/payer/sender-name', payer, { surname: 'Белов', name: 'Антон' });
    await kioskSession(payer);
    const named = await cashTransfer(payer.accountId);
    const anonymous = await cashTransfer(null);
    const target = '/v1/admin/transfers?facilityId=77-sizo-1&status=accepted';
    const response = await server.admin('GET', target);
    const listed = await checked(response, 'GET', '/v1/admin/transfers');
    expect(listed.status).toBe(200);
    const transfers = listed.body.transfers as { transferId: string; senderName?: string }[];
    expect(transfers.find((transfer) => transfer.transferId === named)?.senderName).toBe(
      'Белов Антон',
    );
    expect(transfers.find((transfer) => transfer.transferId === anonymous)).not.toHaveProperty(
      'senderName',
    );
    const accepted = transfers.map((transfer) => transfer.transferId);
    const oldestFirst = (await server.admin('GET', target).then((r) => r.json())) as {
      transfers: { acceptedAtMs: number }[];
    };
    const times = oldestFirst.transfers.map((transfer) => transfer.acceptedAtMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(accepted).toContain(anonymous);
    const wrong = await server.admin('GET', '/v1/admin/transfers?facilityId=77-sizo-1&status=lost');
    expect(wrong.status).toBe(400);
  });

  it('is dropped with a payer link no kiosk session backs', async () => {
    const payer = await registeredPayer(server);
    await web('POST', '/v1/payer/sender-name', payer, { surname: 'Лисин', name: 'Пётр' });
    // Never logged in at this kiosk: the terminal cannot claim this payer sent the cash.
    const transferId = await cashTransfer(payer.accountId);
    const template = '/v1/admin/transfers/{transferId}/return';
    const returned = await admin(`/v1/admin/transfers/${transferId}/return`, template, {
      reason: 'recipient-released',
    });
    expect(returned.status).toBe(200);
    expect(returned.body).not.toHaveProperty('senderName');
  });

  it("is on a payment from the wallet in the app, and in the payer's own history", async () => {
    const payer = await registeredPayer(server);
    await web('POST', '/v1/payer/sender-name', payer, {
      surname: 'Ким',
      name: 'Ольга',
      patronymic: 'Юрьевна',
    });
    const topUpId = uuidV7();
    const topUp = await kioskFetch(
      server.central.url,
      terminal,
      'POST',
      '/v1/terminal/wallet-top-ups',
      {
        body: {
          topUpId,
          accountId: payer.accountId,
          amountKopecks: rubles(2_000),
          kioskCreatedAtMs: Date.now(),
        },
        key: topUpId,
      },
    );
    expect(topUp.status).toBe(201);
    const amount = rubles(1_000);
    const pay = {
      transferId: uuidV7(),
      inmateRef: INMATE,
      amountKopecks: amount,
      commissionKopecks: commissionKopecks(kopecks(amount), 250, rubles(30)),
    };
    expect((await web('POST', '/v1/payer/payment-codes', payer, pay)).status).toBe(202);
    const code = codeIn(await lastSms(server, payer.phone));
    const paid = await webFetch(server.central.url, 'POST', '/v1/payer/wallet/payments', {
      session: payer.session,
      key: pay.transferId,
      body: { ...pay, kioskCreatedAtMs: Date.now(), confirmationCode: code },
    });
    expect(paid.status).toBe(201);
    const history = await web('GET', '/v1/payer/history', payer);
    const [transfer] = history.body.transfers as { transferId: string; senderName?: string }[];
    expect(transfer?.transferId).toBe(pay.transferId);
    expect(transfer?.senderName).toBe('Ким Ольга Юрьевна');
  });
});

describe('notifications the payer chose', () => {
  it('are off until chosen but letter replies (on until turned off); stored per kind', async () => {
    const payer = await registeredPayer(server);
    const initial = await web('GET', '/v1/payer/notifications', payer);
    expect(initial.body.preferences).toEqual([
      { kind: 'transfer-credited', sms: false },
      { kind: 'transfer-returned', sms: false },
      { kind: 'support-answer', sms: false },
      { kind: 'letter-reply', sms: true },
    ]);
    const set = await web('POST', '/v1/payer/notifications', payer, {
      preferences: [
        { kind: 'letter-reply', sms: false },
        { kind: 'support-answer', sms: true },
      ],
    });
    expect(set.body.preferences).toContainEqual({ kind: 'letter-reply', sms: false });
    expect(set.body.preferences).toContainEqual({ kind: 'support-answer', sms: true });
    expect(set.body.preferences).toContainEqual({ kind: 'transfer-credited', sms: false });
    const again = await web('GET', '/v1/payer/notifications', payer);
    expect(again.body.preferences).toContainEqual({ kind: 'letter-reply', sms: false });
    const unknown = await web('POST', '/v1/payer/notifications', payer, {
      preferences: [{ kind: 'marketing', sms: true }],
    });
    expect(unknown.status).toBe(400);
  });

  it('an opted-in payer gets exactly one SMS per credit, return and support answer; an opted-out one none', async () => {
    const chose = await registeredPayer(server);
    const silent = await registeredPayer(server);
    await web('POST', '/v1/payer/notifications', chose, {
      preferences: [
        { kind: 'transfer-credited', sms: true },
        { kind: 'transfer-returned', sms: true },
        { kind: 'support-answer', sms: true },
      ],
    });
    // The silent payer turned credits on and off again: off is off.
    await web('POST', '/v1/payer/notifications', silent, {
      preferences: [{ kind: 'transfer-credited', sms: true }],
    });
    await web('POST', '/v1/payer/notifications', silent, {
      preferences: [{ kind: 'transfer-credited', sms: false }],
    });
    const smsBefore = {
      chose: (await smsTo(chose.phone)).length,
      silent: (await smsTo(silent.phone)).length,
    };
    for (const payer of [chose, silent]) {
      await kioskSession(payer);
      const credited = await cashTransfer(payer.accountId);
      const returned = await cashTransfer(payer.accountId);
      // Each step asked twice, the second a harmless repeat: still one SMS each.
      for (let round = 0; round < 2; round += 1) {
        await admin(
          `/v1/admin/transfers/${credited}/credit`,
          '/v1/admin/transfers/{transferId}/credit',
        );
        await admin(
          `/v1/admin/transfers/${returned}/return`,
          '/v1/admin/transfers/{transferId}/return',
          {
            reason: 'recipient-released',
          },
        );
      }
      const asked = await web('POST', '/v1/payer/support-messages', payer, {
        text: 'Где мой перевод?',
      });
      const messageId = String(asked.body.messageId);
      for (let round = 0; round < 2; round += 1) {
        const answered = await server.admin(
          'POST',
          `/v1/admin/support-messages/${messageId}/reply`,
          {
            reply: 'Зачислен сегодня.',
          },
        );
        expect(answered.status).toBe(200);
      }
    }
    const toChose = (await smsTo(chose.phone)).slice(smsBefore.chose);
    expect(toChose.filter((text) => text.includes(' зачислен.'))).toHaveLength(1);
    expect(toChose.filter((text) => text.includes('возвращён отправителю'))).toHaveLength(1);
    expect(toChose.filter((text) => text.startsWith('Поддержка ответила'))).toHaveLength(1);
    expect(toChose).toHaveLength(3);
    expect(toChose[0]).toMatch(
      /^Перевод 500,00 руб\. для .+ (зачислен|возвращён отправителю)\. № …[0-9a-f]{8}$/,
    );
    expect(await smsTo(silent.phone)).toHaveLength(smsBefore.silent);
  });

  it('turning a kind on tells of later events only, not of old ones', async () => {
    const payer = await registeredPayer(server);
    await kioskSession(payer);
    const old = await cashTransfer(payer.accountId);
    await admin(`/v1/admin/transfers/${old}/credit`, '/v1/admin/transfers/{transferId}/credit');
    const before = (await smsTo(payer.phone)).length;
    await web('POST', '/v1/payer/notifications', payer, {
      preferences: [{ kind: 'transfer-credited', sms: true }],
    });
    await admin(`/v1/admin/transfers/${old}/credit`, '/v1/admin/transfers/{transferId}/credit');
    expect(await smsTo(payer.phone)).toHaveLength(before);
    const next = await cashTransfer(payer.accountId);
    await admin(`/v1/admin/transfers/${next}/credit`, '/v1/admin/transfers/{transferId}/credit');
    expect(await smsTo(payer.phone)).toHaveLength(before + 1);
  });

  it('an SMS the gateway did not take is not counted as told: a later pass sends it, once', async () => {
    const payers = [await registeredPayer(server), await registeredPayer(server)];
    for (const payer of payers) {
      await web('POST', '/v1/payer/notifications', payer, {
        preferences: [{ kind: 'transfer-credited', sms: true }],
      });
      await kioskSession(payer);
    }
    const transfers = [
      await cashTransfer(payers[0]!.accountId),
      await cashTransfer(payers[1]!.accountId),
    ];
    const before = await Promise.all(
      payers.map(async (payer) => (await smsTo(payer.phone)).length),
    );
    // The development gateway appends to this file: a directory in its place makes every send
    // fail, as a provider that is down does.
    const outbox = join(server.dataDir, 'sms-outbox.jsonl');
    rmSync(outbox, { force: true });
    mkdirSync(outbox);
    try {
      for (const transferId of transfers) {
        // The credit stands; only its SMS failed.
        await admin(
          `/v1/admin/transfers/${transferId}/credit`,
          '/v1/admin/transfers/{transferId}/credit',
        );
      }
      // Passes meanwhile fail too and leave both untold.
      await new Promise((resolve) => setTimeout(resolve, NOTIFY_RETRY_EVERY_MS * 3));
      for (const [index, payer] of payers.entries()) {
        expect(await smsTo(payer.phone)).toHaveLength(before[index]!);
      }
    } finally {
      rmSync(outbox, { recursive: true, force: true });
    }
    const deadlineMs = Date.now() + 10_000;
    const told = async () =>
      Promise.all(
        payers.map(async (payer, index) => (await smsTo(payer.phone)).slice(before[index]!)),
      );
    while ((await told()).some((texts) => texts.length === 0) && Date.now() < deadlineMs) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // A few more passes: nothing is told twice.
    await new Promise((resolve) => setTimeout(resolve, NOTIFY_RETRY_EVERY_MS * 3));
    for (const [index, texts] of (await told()).entries()) {
      expect(texts).toEqual([
        expect.stringMatching(new RegExp(`зачислен\\. № …${transfers[index]!.slice(-8)}$`)),
      ]);
    }
  });
});
