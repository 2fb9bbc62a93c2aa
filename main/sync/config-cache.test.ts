import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CONFIG_FORMAT, type SignedConfig } from '../../common/central-wire.ts';
import { err, ok } from '../../common/result.ts';
import { silentLogger } from '../log.ts';
import { createConfigCache, type StoredConfig } from './config-cache.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

function signed(version: number, patch: Record<string, unknown> = {}): SignedConfig {
  const payload = JSON.stringify({
    format: CONFIG_FORMAT,
    issuedAtMs: 1_000,
    terminalId: 'K-1',
    facilityIds: [],
    paymentKopecksMin: 1_000,
    paymentKopecksMax: 1_500_000,
    commissionRateBasisPoints: 250,
    commissionKopecksMin: 3_000,
    acceptedNotesKopecks: [5_000],
    languages: ['ru'],
    supportPhone: '8 800 100-00-00',
    creditingDaysText: 'в течение 3 дней',
    agent: {
      name: 'Агент',
      inn: '7707083893',
      address: 'Москва',
      phone: '1',
      operatorName: 'Оператор',
      operatorInn: '7707083893',
      operatorPhone: '2',
    },
    rosterPublicKeyPem: publicKeyPem,
    letterPageKopecks: 100,
    replyBlankKopecks: 100,
    trackingUrlPrefix: 'https://c.example/t/',
    version,
    ...patch,
  });
  return { payload, signature: sign(null, Buffer.from(payload), privateKey).toString('base64') };
}

function cacheWith(answers: unknown[]) {
  let stored: StoredConfig | null = null;
  const storage = {
    read: () => stored,
    write: (value: StoredConfig) => {
      stored = value;
    },
  };
  const make = () =>
    createConfigCache({
      storage,
      terminalId: 'K-1',
      centralPublicKeyPem: publicKeyPem,
      fetchSigned: async () => {
        const next = answers.shift();
        return next === undefined ? err({ kind: 'network' as const, message: 'down' }) : ok(next);
      },
      now: () => 5_000,
      log: silentLogger(),
    });
  return { make, storage, tamper: (value: StoredConfig) => storage.write(value) };
}

describe('central terminal configuration on the kiosk', () => {
  it('verifies, stores, and a restart offline re-verifies the stored copy', async () => {
    const rig = cacheWith([signed(3)]);
    const cache = rig.make();
    expect((await cache.refresh()).ok).toBe(true);
    expect(cache.current()?.commissionRateBasisPoints).toBe(250);
    expect(cache.status()).toMatchObject({ version: 3, fetchedAtMs: 5_000 });
    const restarted = rig.make();
    expect(restarted.load().ok).toBe(true);
    expect(restarted.current()?.version).toBe(3);
    // Offline: a failed fetch keeps the copy in force.
    expect((await restarted.refresh()).ok).toBe(false);
    expect(restarted.current()?.version).toBe(3);
  });

  it('refuses a forged answer, another terminal, an older version; the stored copy if edited', async () => {
    const forged = { ...signed(5), payload: signed(5, { commissionRateBasisPoints: 0 }).payload };
    const rig = cacheWith([signed(4), forged, signed(6, { terminalId: 'K-2' }), signed(2)]);
    const cache = rig.make();
    await cache.refresh();
    expect(await cache.refresh()).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
    expect(await cache.refresh()).toMatchObject({ ok: false, error: { kind: 'other-terminal' } });
    expect(await cache.refresh()).toMatchObject({ ok: false, error: { kind: 'older' } });
    expect(cache.current()?.version).toBe(4);
    const good = rig.storage.read() as StoredConfig;
    const edited = good.signed.payload.replace(
      '"commissionRateBasisPoints":250',
      '"commissionRateBasisPoints":0',
    );
    rig.tamper({ ...good, signed: { ...good.signed, payload: edited } });
    const restarted = rig.make();
    expect(restarted.load()).toMatchObject({ ok: false, error: { kind: 'bad-signature' } });
    expect(restarted.current()).toBeNull();
  });

  it('fetches when central names another version, not when it names the one held', async () => {
    const rig = cacheWith([signed(1), signed(2)]);
    const cache = rig.make();
    await cache.refresh();
    const seen: number[] = [];
    cache.onDidChange((config) => seen.push(config.version));
    await cache.ensureVersion(1);
    expect(seen).toEqual([]);
    await cache.ensureVersion(2);
    expect(seen).toEqual([2]);
  });
});
