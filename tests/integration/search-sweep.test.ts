/**
 * The birth-year rule is a secret, not a rate: a payer must know the full name and the year.
 * A sweep of one known name over 1950–2009 — from one account, from 3 and 10 accounts (each
 * from its own address), from several accounts behind one address, and from one kiosk — gets
 * no more real answers than common/search-guard.ts allows for the caller (and for everyone
 * together), and nothing in the answers tells "he exists in another year" from "no such man":
 * a wrong year answers exactly like an unknown name, and every refusal is the same bytes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SEARCH_GUARD } from '../../common/search-guard.ts';
import {
  type EnrolledTerminal,
  signedFetch,
  startTestCentral,
  type TestCentral,
} from '../support/central-harness.ts';
import { webFetch } from './payer-web-helpers.ts';

const YEARS = Array.from({ length: 60 }, (_, index) => 1950 + index);
const TRUE_YEAR = 1985;
const LETTERS = [...'бвгдежзклмнпрстфхцчшщ'];
const NAME = { facilityId: '77-sizo-1', surname: 'Иванов', name: 'Иван', patronymic: 'Иванович' };

let server: TestCentral;
beforeEach(async () => {
  server = await startTestCentral({
    trustProxy: true,
    // The token bucket only slows; what is measured here is the sweep guard.
    searchRateLimit: { burst: 1_000, refillPerMinute: 1_000 },
    payerWebAuthRateLimit: { burst: 500, refillPerMinute: 500 },
  });
});
afterEach(async () => {
  await server.stop();
});

type Answer = { year: number; status: number; text: string };

async function lastCode(phone: string): Promise<string> {
  const response = await server.admin('GET', `/v1/dev/sms?phone=${encodeURIComponent(phone)}`);
  const { messages } = (await response.json()) as { messages: { text: string }[] };
  return /(\d{6})/.exec(messages.at(-1)?.text ?? '')?.[1] ?? 'none';
}

/** A logged-in payer app at its own client address (X-Forwarded-For, trustProxy on). */
async function webAccount(index: number, ip: string): Promise<(body: unknown) => Promise<Answer>> {
  const phone = `+7910555${String(1000 + index).padStart(4, '0')}`;
  const headers = { 'x-forwarded-for': ip };
  const url = server.central.url;
  await webFetch(url, 'POST', '/v1/payer/sms-codes', {
    body: { phone, purpose: 'register' },
    headers,
  });
  const registered = await webFetch(url, 'POST', '/v1/payer/register', {
    body: { phone, code: await lastCode(phone), password: 'Летний сад 2026', displayName: 'Тест' },
    headers,
  });
  expect(registered.status).toBe(201);
  const { sessionToken } = (await registered.json()) as { sessionToken: string };
  return async (body) => {
    const response = await webFetch(url, 'POST', '/v1/inmates/search', {
      body,
      session: sessionToken,
      headers,
    });
    return { year: (body as { birthYear: number }).birthYear, ...(await read(response)) };
  };
}

async function read(response: Response): Promise<{ status: number; text: string }> {
  return { status: response.status, text: await response.text() };
}

function kioskSearch(terminal: EnrolledTerminal): (body: unknown) => Promise<Answer> {
  return async (body) => {
    const response = await signedFetch(server.central.url, terminal, 'POST', '/v1/inmates/search', {
      body,
    });
    return { year: (body as { birthYear: number }).birthYear, ...(await read(response)) };
  };
}

/** Each searcher sweeps its share of the years, the searchers taking turns. */
async function sweep(searchers: Array<(body: unknown) => Promise<Answer>>): Promise<Answer[]> {
  const answers: Answer[] = [];
  const share = Math.ceil(YEARS.length / searchers.length);
  for (let step = 0; step < share; step += 1) {
    for (const [index, search] of searchers.entries()) {
      const year = YEARS[index * share + step];
      if (year !== undefined) answers.push(await search({ ...NAME, birthYear: year }));
    }
  }
  return answers;
}

/** What a sweep learned: real answers are few, wrong years look unknown, refusals look alike. */
function expectNoYearSignal(answers: Answer[], allowed: number, unknownName: string): void {
  const answered = answers.filter((answer) => answer.status === 200);
  const years = new Set(answered.map((answer) => answer.year));
  expect(years.size, JSON.stringify([...years])).toBeLessThanOrEqual(allowed);
  for (const answer of answered) {
    if (answer.year !== TRUE_YEAR) expect(answer.text).toBe(unknownName);
  }
  const refused = answers.filter((answer) => answer.status !== 200);
  expect(refused.length).toBeGreaterThan(0);
  // The true year is refused with the very same bytes as any other year.
  expect(new Set(refused.map((answer) => `${answer.status} ${answer.text}`)).size).toBe(1);
}

describe('a birth-year sweep is refused, not just slowed', () => {
  it('one account: at most the per-account allowance of years', async () => {
    const search = await webAccount(1, '10.0.0.1');
    const unknown = (await search({ ...NAME, surname: 'Несуществующий', birthYear: 1990 })).text;
    expect(unknown).toBe('{"matches":[]}');
    const answers = await sweep([search]);
    expectNoYearSignal(answers, SEARCH_GUARD.yearsPerName.account, unknown);
  });

  it('3 and 10 accounts from their own addresses: at most the global allowance', async () => {
    const three = await Promise.all([1, 2, 3].map((i) => webAccount(i, `10.0.1.${i}`)));
    const unknown = (await three[0]!({ ...NAME, surname: 'Неизвестных', birthYear: 1990 })).text;
    const first = await sweep(three);
    expectNoYearSignal(first, SEARCH_GUARD.yearsPerName.global, unknown);
    // Ten more accounts learn no year the first three were not answered for.
    const ten = await Promise.all(
      Array.from({ length: 10 }, (_, i) => webAccount(10 + i, `10.0.2.${i}`)),
    );
    const both = [...first, ...(await sweep(ten))];
    expectNoYearSignal(both, SEARCH_GUARD.yearsPerName.global, unknown);
    // Another name is not blocked by that sweep.
    const other = await ten[0]!({ ...NAME, surname: 'Семёнов', name: 'Пётр', birthYear: 1979 });
    expect(other.status).toBe(200);
  });

  it('10 accounts behind one address: at most the per-address allowance', async () => {
    const ten = await Promise.all(
      Array.from({ length: 10 }, (_, i) => webAccount(30 + i, '10.0.3.1')),
    );
    const answers = await sweep(ten);
    expectNoYearSignal(answers, SEARCH_GUARD.yearsPerName.address, '{"matches":[]}');
  });

  it('one kiosk: at most the per-terminal allowance', async () => {
    const terminal = await server.enrolTerminal('sweep-kiosk');
    const answers = await sweep([kioskSearch(terminal)]);
    expectNoYearSignal(answers, SEARCH_GUARD.yearsPerName.terminal, '{"matches":[]}');
  });

  it('many different names from one account are refused past the allowance', async () => {
    const search = await webAccount(50, '10.0.4.1');
    const answers: Answer[] = [];
    for (let i = 0; i < SEARCH_GUARD.namesPerWindow.account + 5; i += 1) {
      const name = `Ан${LETTERS[i % LETTERS.length]}${LETTERS[Math.floor(i / LETTERS.length)]}`;
      answers.push(await search({ ...NAME, name, birthYear: 1985 }));
    }
    const answered = answers.filter((answer) => answer.status === 200).length;
    expect(answered).toBeLessThanOrEqual(SEARCH_GUARD.namesPerWindow.account);
  });
});
