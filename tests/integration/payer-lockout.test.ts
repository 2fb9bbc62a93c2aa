/**
 * Wrong-secret throttling of payer accounts over real HTTP, from two client addresses at once
 * (127.0.0.1 and 127.0.0.2): parallel guesses cannot slip past the limit, the limit is per
 * (phone, client) with growing waits so a stranger cannot lock the owner out, and answers do not
 * tell a registered phone or an enrolled terminal from an unknown one.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedFetch, startTestCentral, type TestCentral } from '../support/central-harness.ts';
import { generateTerminalKeys } from '../../main/sync/signing.ts';
import { type AddressedAnswer, fetchFrom } from './client-address.ts';

/** Free wrong attempts per (phone, client) before the first wait. */
const FREE_ATTEMPTS = 5;
const A = '127.0.0.1';
const B = '127.0.0.2';
const C = '127.0.0.3';
const PASSWORD = 'Зимний лес 2026';

let clockMs = Date.parse('2026-11-25T10:00:00Z');
let server: TestCentral;
const logLines: string[] = [];

const from = (address: string, target: string, body: unknown, bearer?: string) =>
  fetchFrom(server.central.url, address, 'POST', target, {
    body,
    ...(bearer === undefined ? {} : { bearer }),
  });

let phoneSeq = 0;
function newPhone(): string {
  phoneSeq += 1;
  return `+7921${String(10_000_000 + phoneSeq).slice(1)}`;
}

async function lastCode(phone: string): Promise<string> {
  const response = await server.admin('GET', `/v1/dev/sms?phone=${encodeURIComponent(phone)}`);
  const { messages } = (await response.json()) as { messages: { text: string }[] };
  return /(\d{6})/.exec(messages.at(-1)?.text ?? '')?.[1] ?? 'none';
}

async function registered(): Promise<{ phone: string; session: string }> {
  const phone = newPhone();
  await from(A, '/v1/payer/sms-codes', { phone, purpose: 'register' });
  const code = await lastCode(phone);
  const answer = await from(A, '/v1/payer/register', {
    phone,
    code,
    password: PASSWORD,
    displayName: 'Нина',
  });
  expect(answer.status).toBe(201);
  return { phone, session: String(answer.body.sessionToken) };
}

const login = (address: string, phone: string, password: string) =>
  from(address, '/v1/payer/login', { phone, password });

const summary = (answers: AddressedAnswer[]) => answers.map((a) => `${a.status} ${a.code}`);

beforeAll(async () => {
  const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) });
  server = await startTestCentral({
    nowMs: () => clockMs,
    log: logger as never,
    payerWebAuthRateLimit: { burst: 10_000, refillPerMinute: 10_000 },
  });
});

afterAll(async () => {
  await server.stop();
});

describe('parallel guesses', () => {
  // The right secret comes after the burst has been answered: with several central processes
  // (or PostgreSQL's concurrent transactions) requests in flight together are taken in no
  // particular order, and one of the free attempts may legitimately be the right one.
  it('39 wrong logins at once from two addresses, then the right one: no session', async () => {
    const { phone } = await registered();
    const burst = await Promise.all(
      Array.from({ length: 39 }, (_, index) =>
        login(index % 2 === 0 ? A : B, phone, `wrong guess ${index}`),
      ),
    );
    const answers = [...burst, await login(B, phone, PASSWORD)];
    const checked = answers.filter((answer) => answer.status !== 429);
    expect(answers.filter((answer) => answer.status === 200)).toEqual([]);
    expect(checked.length, summary(answers).join('\n')).toBeLessThanOrEqual(2 * FREE_ATTEMPTS);
    for (const answer of answers.filter((one) => one.status === 429)) {
      expect(answer.code).toBe('account-locked');
      expect(answer.retryAfterSec).toBeGreaterThan(0);
    }
    // The burst throttled those two addresses, not the account: the owner elsewhere logs in.
    expect((await login(C, phone, PASSWORD)).status).toBe(200);
  });

  it('a burst of wrong current passwords, then the right one: never changed', async () => {
    const { phone, session } = await registered();
    const change = (currentPassword: string) =>
      from(B, '/v1/payer/password', { currentPassword, newPassword: 'Осенний сад 2027' }, session);
    const burst = await Promise.all(
      Array.from({ length: 15 }, (_, index) => change(`wrong guess ${index}`)),
    );
    const answers = [...burst, await change(PASSWORD)];
    expect(answers.filter((answer) => answer.status === 200)).toEqual([]);
    const checked = answers.filter((answer) => answer.status !== 429);
    expect(checked.length, summary(answers).join('\n')).toBeLessThanOrEqual(FREE_ATTEMPTS);
    expect((await login(C, phone, PASSWORD)).status).toBe(200);
  });
});

describe('no oracle, no lockout by strangers', () => {
  it('registration with a wrong code answers the same for a registered and an unknown phone', async () => {
    const { phone: known } = await registered();
    const unknown = newPhone();
    const attempt = (phone: string) =>
      from(B, '/v1/payer/register', {
        phone,
        code: '000000',
        password: 'Летний сад 2026',
        displayName: 'Х',
      });
    const forKnown = await attempt(known);
    const forUnknown = await attempt(unknown);
    expect(forKnown.status).toBe(401);
    expect({ ...forKnown, body: null }).toEqual({ ...forUnknown, body: null });
    expect(forKnown.body).toEqual(forUnknown.body);
    // Only whoever holds the phone, with a fresh right code, learns that it is registered.
    clockMs += 61_000;
    await from(A, '/v1/payer/sms-codes', { phone: known, purpose: 'register' });
    const owner = await from(A, '/v1/payer/register', {
      phone: known,
      code: await lastCode(known),
      password: 'Летний сад 2026',
      displayName: 'Х',
    });
    expect(owner).toMatchObject({ status: 409, code: 'phone-registered' });
  });

  it('wrong passwords answer the same sequence for a registered and an unknown phone', async () => {
    const { phone: known } = await registered();
    const unknown = newPhone();
    const sequence = async (phone: string) => {
      const answers: AddressedAnswer[] = [];
      for (let attempt = 0; attempt < FREE_ATTEMPTS + 2; attempt += 1) {
        answers.push(await login(B, phone, 'guess 12345'));
      }
      return summary(answers);
    };
    const forKnown = await sequence(known);
    expect(forKnown.at(-1)).toBe('429 account-locked');
    expect(await sequence(unknown)).toEqual(forKnown);
  });

  it('a stranger guessing from one address does not lock the owner out at another', async () => {
    const { phone } = await registered();
    for (let attempt = 0; attempt < 3 * FREE_ATTEMPTS; attempt += 1) {
      await login(B, phone, `stranger ${attempt}`);
    }
    expect((await login(B, phone, PASSWORD)).status).toBe(429);
    expect((await login(A, phone, PASSWORD)).status).toBe(200);
  });

  it('the wait grows with every failure past the free ones, and a success resets it', async () => {
    const { phone } = await registered();
    for (let attempt = 0; attempt < FREE_ATTEMPTS; attempt += 1) {
      expect((await login(B, phone, 'guess 12345')).status).toBe(401);
    }
    const first = await login(B, phone, PASSWORD);
    expect(first).toMatchObject({ status: 429, code: 'account-locked' });
    clockMs += first.retryAfterSec! * 1000;
    expect((await login(B, phone, 'guess 12345')).status).toBe(401);
    const second = await login(B, phone, PASSWORD);
    expect(second.status).toBe(429);
    expect(second.retryAfterSec!).toBeGreaterThanOrEqual(2 * first.retryAfterSec!);
    clockMs += second.retryAfterSec! * 1000;
    expect((await login(B, phone, PASSWORD)).status).toBe(200);
    expect((await login(B, phone, 'guess 12345')).status).toBe(401);
  });
});

describe('terminal ids', () => {
  it('an unknown terminal and a wrong key get the same answer; the log tells them apart', async () => {
    const kiosk = await server.enrolTerminal('kiosk-lockout-1');
    const ghost = { ...kiosk, terminalId: 'never-enrolled-1' };
    const forged = { ...kiosk, keys: generateTerminalKeys() };
    const refusal = async (response: Response) => ({
      status: response.status,
      body: (await response.json()) as unknown,
    });
    const options = { nowMs: clockMs };
    const unknown = await refusal(
      await signedFetch(server.central.url, ghost, 'GET', '/v1/terminal/config', options),
    );
    const wrongKey = await refusal(
      await signedFetch(server.central.url, forged, 'GET', '/v1/terminal/config', options),
    );
    expect(unknown).toMatchObject({ status: 401, body: { error: { code: 'signature-invalid' } } });
    expect(wrongKey).toEqual(unknown);
    const log = logLines.join('');
    expect(log).toMatch(/unknown-terminal[^\n]*never-enrolled-1/);
    expect(log).toMatch(/signature-invalid[^\n]*kiosk-lockout-1/);
  });
});
