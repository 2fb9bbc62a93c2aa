import { generateKeyPairSync, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { err, ok, type Result } from '../../common/result.ts';
import { tempDir } from '../../tests/support/ledger-support.ts';
import { rosterPayloadOf } from '../../tests/support/roster-support.ts';
import { silentLogger } from '../log.ts';
import type { CentralFailure } from './central-failure.ts';
import { createPayeeSearch, type PayeeMatch } from './payee-search.ts';
import { createRosterCache, type SignedRoster, verifyRoster } from './roster-cache.ts';
import { queryVariants } from '../../common/name-match.ts';
import { SEARCH_GUARD } from '../../common/search-guard.ts';

const keys = generateKeyPairSync('ed25519');
const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const stranger = generateKeyPairSync('ed25519');

const people = [
  ['iaaaaaaaaaaaaaaa1', 'Иванов', 'Иван', 'Иванович', 1985],
  ['iaaaaaaaaaaaaaaa2', 'Петров-Водкин', 'Алексей', 'Андреевич', 1985],
  ['iaaaaaaaaaaaaaaa3', 'Каримов', 'Бахтиёр', '', 1995],
] as const;

function signedRoster(generatedAtMs: number, options: { terminalId?: string } = {}): SignedRoster {
  const payload = rosterPayloadOf(people, {
    terminalId: options.terminalId ?? 'kiosk-1',
    generatedAtMs,
  });
  const signature = sign(null, Buffer.from(payload), keys.privateKey).toString('base64');
  return { payload, signature };
}

let temp: ReturnType<typeof tempDir>;
let nowMs: number;
beforeEach(() => {
  temp = tempDir('kiosk-roster-');
  nowMs = 10_000_000;
});
afterEach(() => temp.remove());

function makeCache(fetchRoster: () => Promise<Result<unknown, CentralFailure>>) {
  return createRosterCache({
    dataDir: temp.dir,
    terminalId: 'kiosk-1',
    centralPublicKeyPem: publicKeyPem,
    fetchRoster,
    now: () => nowMs,
    log: silentLogger(),
  });
}

describe('verifyRoster', () => {
  it('accepts central’s signature and refuses a changed byte, another key, another kiosk', () => {
    const signed = signedRoster(1);
    expect(verifyRoster(signed, publicKeyPem, 'kiosk-1').ok).toBe(true);
    const tampered = { ...signed, payload: signed.payload.replace('СИЗО-1', 'СИЗО-2') };
    expect(verifyRoster(tampered, publicKeyPem, 'kiosk-1')).toEqual(err({ kind: 'bad-signature' }));
    const otherKeyPem = stranger.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyRoster(signed, otherKeyPem, 'kiosk-1').ok).toBe(false);
    expect(verifyRoster(signed, publicKeyPem, 'kiosk-2')).toMatchObject({
      ok: false,
      error: { kind: 'other-terminal' },
    });
  });
});

describe('roster cache', () => {
  it('refreshes, stores on disk, and a restarted kiosk searches it with no network', async () => {
    const first = makeCache(async () => ok(signedRoster(nowMs - 60_000)));
    expect((await first.refresh()).ok).toBe(true);
    const offline = makeCache(async () => err({ kind: 'network' }));
    expect(offline.loadFromDisk().ok).toBe(true);
    expect(offline.status()).toMatchObject({ ageMs: 60_000, inmateCount: 3 });
    const found = offline.search({
      facilityId: '77-sizo-1',
      variants: queryVariants({ surname: 'bdfyjd', name: 'ИВАН' }), // wrong layout, caps
      birthYear: 1985,
    });
    expect(found).toEqual(
      ok([
        {
          inmateRef: 'iaaaaaaaaaaaaaaa1',
          maskedName: 'Иванов И. И.',
          birthYear: 1985,
          facilityId: '77-sizo-1',
          facilityName: 'СИЗО-1',
          accountStatus: 'active',
          exact: true,
        },
      ]),
    );
  });

  it('keeps the good copy when central sends a forged roster; refuses a forged file', async () => {
    const cache = makeCache(async () => ok(signedRoster(nowMs)));
    await cache.refresh();
    const forged = { ...signedRoster(nowMs + 1), signature: signedRoster(0).signature };
    const attacked = makeCache(async () => ok(forged));
    attacked.loadFromDisk();
    expect(await attacked.refresh()).toEqual(err({ kind: 'bad-signature' }));
    expect(attacked.status().generatedAtMs).toBe(nowMs);
    writeFileSync(join(temp.dir, 'roster.json'), JSON.stringify(forged));
    expect(makeCache(async () => err({ kind: 'network' })).loadFromDisk().ok).toBe(false);
  });

  it('names facilities it cannot answer for; refuses a copy past its age limit', async () => {
    const cache = makeCache(async () => ok(signedRoster(nowMs)));
    const query = { variants: queryVariants({ surname: 'Иванов', name: 'Иван' }), birthYear: 1985 };
    expect(cache.search({ facilityId: '77-sizo-1', ...query })).toEqual(err({ kind: 'no-roster' }));
    await cache.refresh();
    expect(cache.search({ facilityId: '50-ik-2', ...query })).toEqual(
      err({ kind: 'facility-not-cached' }),
    );
    nowMs += 8 * 24 * 60 * 60_000;
    expect(cache.search({ facilityId: '77-sizo-1', ...query })).toMatchObject({
      ok: false,
      error: { kind: 'roster-stale' },
    });
  });
});

describe('payee search', () => {
  const central = (answer: () => Promise<Result<{ matches: PayeeMatch[] }, CentralFailure>>) => {
    const calls: string[] = [];
    return {
      calls,
      search: async (query: { surname: string }) => {
        calls.push(query.surname);
        return answer();
      },
    };
  };
  const query = {
    facilityId: '77-sizo-1',
    surname: 'Петров Водкин',
    name: 'алексей',
    birthYear: 1985,
  };

  it('answers from central when it can, from the signed cache when it cannot', async () => {
    const cache = makeCache(async () => ok(signedRoster(nowMs - 5_000)));
    await cache.refresh();
    let up = true;
    const fake = central(async () => (up ? ok({ matches: [] }) : err({ kind: 'network' })));
    const search = createPayeeSearch({
      central: fake.search,
      roster: cache,
      now: () => nowMs,
      log: silentLogger(),
    });
    expect(await search(query)).toEqual(
      ok({ matches: [], lookAlike: 'none', source: 'central', rosterAgeMs: null }),
    );
    up = false;
    const offline = await search(query);
    expect(offline).toMatchObject({
      ok: true,
      value: { source: 'roster-cache', rosterAgeMs: 5_000 },
    });
    if (offline.ok)
      expect(offline.value.matches.map((m) => m.maskedName)).toEqual(['Петров-Водкин А. А.']);
    // Central just failed: the next payer is answered from the cache without another wait.
    await search(query);
    expect(fake.calls).toHaveLength(2);
    expect(await search({ ...query, facilityId: '50-ik-2' })).toEqual(
      err({ kind: 'search-unavailable', reason: 'facility-not-cached' }),
    );
  });

  it('gives up on a central that never answers and uses the cache', async () => {
    const cache = makeCache(async () => ok(signedRoster(nowMs)));
    await cache.refresh();
    const search = createPayeeSearch({
      central: () => new Promise(() => undefined),
      roster: cache,
      now: () => nowMs,
      log: silentLogger(),
      timeoutMs: 20,
    });
    expect(await search(query)).toMatchObject({ ok: true, value: { source: 'roster-cache' } });
  });

  it('passes central’s verdict on a bad query or unknown facility through', async () => {
    const cache = makeCache(async () => ok(signedRoster(nowMs)));
    const search = createPayeeSearch({
      central: async (q) =>
        err({ kind: 'http', status: q.facilityId === 'x' ? 404 : 400, code: 'c' }),
      roster: cache,
      now: () => nowMs,
      log: silentLogger(),
    });
    expect(await search({ ...query, facilityId: 'x' })).toEqual(err({ kind: 'unknown-facility' }));
    expect((await search(query)).ok).toBe(false);
    expect(await search({ ...query, name: 'а' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-query' },
    });
  });
});

describe('roster matching', () => {
  it('is exact after normalisation: ё/е, case, hyphens, spaces match; a typo does not', async () => {
    const cache = makeCache(async () => ok(signedRoster(nowMs)));
    await cache.refresh();
    const find = (surname: string, name: string, patronymic?: string) => {
      const found = cache.search({
        facilityId: '77-sizo-1',
        variants: queryVariants({ surname, name, patronymic }),
        birthYear: surname.startsWith('К') ? 1995 : 1985,
      });
      return found.ok ? found.value.map((match) => [match.inmateRef, match.exact]) : found;
    };
    expect(find('ПЕТРОВ водкин', 'Алексей', 'анд')).toEqual([['iaaaaaaaaaaaaaaa2', true]]);
    expect(find('Петров-Водкин', 'Алексей', 'Ан-др')).toEqual([['iaaaaaaaaaaaaaaa2', true]]);
    expect(find('Каримов', 'Бахтиер', 'Ахмедович')).toEqual([['iaaaaaaaaaaaaaaa3', false]]);
    // Central forgives typos; the offline copy cannot (it holds no names to compare with).
    expect(find('Иваонв', 'Иван')).toEqual([]);
    expect(find('Иванов', 'Иван', 'Петрович')).toEqual([]);
  });

  it('answers a birth-year sweep no more than central would', async () => {
    const cache = makeCache(async () => ok(signedRoster(nowMs)));
    await cache.refresh();
    const search = createPayeeSearch({
      central: async () => err({ kind: 'network' }),
      roster: cache,
      now: () => nowMs,
      log: silentLogger(),
    });
    const answers = [];
    for (let year = 1950; year < 2010; year += 1) {
      answers.push(
        await search({ facilityId: '77-sizo-1', surname: 'Иванов', name: 'Иван', birthYear: year }),
      );
    }
    expect(answers.filter((answer) => answer.ok)).toHaveLength(SEARCH_GUARD.yearsPerName.terminal);
    const refused = answers.filter((answer) => !answer.ok);
    expect(new Set(refused.map((answer) => JSON.stringify(answer))).size).toBe(1);
  });

  it('finds a name typed in Latin by sound, as central does', async () => {
    const cache = makeCache(async () => ok(signedRoster(nowMs)));
    await cache.refresh();
    const found = cache.search({
      facilityId: '77-sizo-1',
      variants: queryVariants({ surname: 'Ivanov', name: 'Ivan' }),
      birthYear: 1985,
    });
    expect(found.ok && found.value.map((match) => match.inmateRef)).toContain('iaaaaaaaaaaaaaaa1');
  });
});
