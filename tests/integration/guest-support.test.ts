/**
 * Support without an account over real HTTP: a kiosk (signed, through the kiosk's own handler
 * and payer client) and a web page (unsigned) leave a contact, a transfer code and a question;
 * each caller and each contact is rate limited; the operator's answer through the admin
 * endpoint reaches the contact: a phone through central's SMS gateway, an e-mail through the
 * e-mail adapter's file.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountCalls } from '../../main/accounts/account-calls.ts';
import { refuse } from '../../main/accounts/account-errors.ts';
import { createGuestSupportHandler } from '../../main/accounts/guest-support-handler.ts';
import { createPayerClient } from '../../main/sync/payer-client.ts';
import {
  type EnrolledTerminal,
  startTestCentral,
  type TestCentral,
} from '../support/central-harness.ts';
import { webFetch } from './payer-web-helpers.ts';

let server: TestCentral;
let kiosk: EnrolledTerminal;
type Ask = { contact: string; transferRef: string | null; text: string };
let handler: (
  args: Ask,
) => ReturnType<ReturnType<typeof createGuestSupportHandler>['account:guestSupport']>;

beforeAll(async () => {
  server = await startTestCentral({
    guestSupportLimits: {
      perCaller: { burst: 4, refillPerMinute: 0.001 },
      perContact: { burst: 2, refillPerMinute: 0.001 },
    },
  });
  kiosk = await server.enrolTerminal('GUEST-0001');
  const client = createPayerClient({
    baseUrl: server.central.url,
    terminalId: kiosk.terminalId,
    privateKeyPem: kiosk.keys.privateKeyPem,
    timeoutMs: 10_000,
    nowMs: Date.now,
  });
  const calls = {
    client: () => client,
    offline: () => refuse('not-enrolled', 'offline'),
  } as unknown as AccountCalls;
  const handle = createGuestSupportHandler(calls)['account:guestSupport'];
  // The dispatcher's call context is not read by this handler.
  handler = (args) => handle(args, {} as Parameters<typeof handle>[1]);
});

afterAll(async () => {
  await server.stop();
});

type Request = { requestId: string; contact: string; transferRef: string | null; text: string };

async function queue(): Promise<Request[]> {
  const response = await server.admin('GET', '/v1/admin/guest-support-requests?unanswered=true');
  expect(response.status).toBe(200);
  return ((await response.json()) as { requests: Request[] }).requests;
}

async function reply(requestId: string, text: string): Promise<Response> {
  return server.admin('POST', `/v1/admin/guest-support-requests/${requestId}/reply`, {
    reply: text,
  });
}

describe('support without an account', () => {
  it('takes a request at the kiosk without login and the answer reaches the phone', async () => {
    const sent = await handler({
      contact: '8 (900) 555-77-01',
      transferRef: '7F3A 9C21',
      text: 'Потерял телефон, перевод не дошёл',
    });
    expect(sent.ok).toBe(true);
    const stored = (await queue()).find((item) => item.contact === '+79005557701');
    expect(stored).toMatchObject({
      transferRef: '7F3A9C21',
      text: 'Потерял телефон, перевод не дошёл',
    });

    const answered = await reply(stored!.requestId, 'Перевод зачислен 05.03');
    expect(await answered.json()).toEqual({ answered: true, via: 'sms' });
    const sms = await server.admin(
      'GET',
      `/v1/dev/sms?phone=${encodeURIComponent('+79005557701')}`,
    );
    const { messages } = (await sms.json()) as { messages: { text: string }[] };
    expect(messages.map((message) => message.text)).toEqual(['Поддержка: Перевод зачислен 05.03']);
    expect((await queue()).some((item) => item.requestId === stored!.requestId)).toBe(false);
  });

  it('answers an e-mail contact through the e-mail adapter', async () => {
    const response = await webFetch(server.central.url, 'POST', '/v1/support/guest-requests', {
      body: { contact: 'Payer@Example.org', transferRef: null, text: 'Где мой перевод?' },
    });
    expect(response.status).toBe(201);
    const { requestId } = (await response.json()) as { requestId: string };
    const answered = await reply(requestId, 'Ваш перевод зачислен.');
    expect(await answered.json()).toEqual({ answered: true, via: 'email' });
    const file = path.join(server.dataDir, 'email-outbox.jsonl');
    expect(existsSync(file)).toBe(true);
    const mails = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(mails).toEqual([
      expect.objectContaining({ to: 'payer@example.org', text: 'Ваш перевод зачислен.' }),
    ]);
  });

  it('refuses a contact that is neither a mobile number nor an e-mail, before central', async () => {
    const refused = await handler({ contact: '12345', transferRef: null, text: 'Помогите' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'bad-contact' } });
    const badRef = await handler({ contact: '+79005557702', transferRef: '№ 1!', text: 'x' });
    expect(badRef).toMatchObject({ ok: false, error: { kind: 'bad-transfer-ref' } });
  });

  it('limits one contact, whoever asks, and one caller, whatever the contact', async () => {
    const web = (contact: string) =>
      webFetch(server.central.url, 'POST', '/v1/support/guest-requests', {
        body: { contact, transferRef: null, text: 'Вопрос' },
      });
    // The contact: two, then refused even from the kiosk.
    expect((await web('+79005557710')).status).toBe(201);
    expect((await web('+79005557710')).status).toBe(201);
    const third = await handler({ contact: '+79005557710', transferRef: null, text: 'Вопрос' });
    expect(third).toMatchObject({ ok: false, error: { kind: 'rate-limited' } });
    // The caller (this test's address: 1 earlier + 2 above): one more, then refused.
    expect((await web('+79005557711')).status).toBe(201);
    const refused = await web('+79005557712');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).not.toBeNull();
    // The kiosk is another caller: still served.
    const kioskAsk = await handler({ contact: '+79005557713', transferRef: null, text: 'Вопрос' });
    expect(kioskAsk.ok).toBe(true);
  });
});
